#!/usr/bin/env python3
"""Every public header compiles on its own, and ESEAL_EXTERN is right for a DLL.

Each header under INCLUDE_DIR is included alone in an otherwise empty file
and compiled as C11 and as C++11 with -Wall -Wextra -pedantic -Werror, so
that none depends on another being included first or uses an extension.

With mingw-w64 installed (Debian gcc-mingw-w64-x86-64-posix) the headers
are also compiled for Windows, and two objects show that ESEAL_EXTERN marks
functions __declspec(dllexport) inside the library (ESEAL_BUILDING defined)
and __declspec(dllimport) for its users (their calls go through __imp_).
Nothing more is tested for Windows: no DLL is linked or run.

usage: check_headers.py INCLUDE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

WARNINGS = ["-Wall", "-Wextra", "-pedantic", "-Werror"]
MINGW = "x86_64-w64-mingw32-gcc"


def headers(include_dir):
    found = []
    for folder, _, files in os.walk(include_dir):
        for f in files:
            if f.endswith(".h"):
                found.append(os.path.relpath(os.path.join(folder, f), include_dir))
    return sorted(found)


def compile_alone(compiler, language, std, include_dir, header, tmp):
    """An empty error string when `header` compiles alone, else the compiler's output."""
    src = os.path.join(tmp, "alone." + ("c" if language == "c" else "cc"))
    with open(src, "w", encoding="utf-8") as f:
        f.write(f"#include <{header}>\n")
    run = subprocess.run([compiler, "-x", language, f"-std={std}", *WARNINGS, "-fsyntax-only",
                          "-I", include_dir, src], capture_output=True, text=True)
    return "" if run.returncode == 0 else run.stderr.strip() or "failed"


def windows_linkage(include_dir, tmp):
    """Problems with ESEAL_EXTERN under mingw-w64, as lines."""
    lines = []
    inside = os.path.join(tmp, "inside.c")
    with open(inside, "w", encoding="utf-8") as f:
        f.write("#define ESEAL_BUILDING 1\n#include <eseal.h>\n"
                "const char *eseal_version(void) { return \"0\"; }\n")
    outside = os.path.join(tmp, "outside.c")
    with open(outside, "w", encoding="utf-8") as f:
        f.write("#include <eseal.h>\nconst char *user(void);\n"
                "const char *user(void) { return eseal_version(); }\n")
    for src in (inside, outside):
        obj = src[:-2] + ".o"
        run = subprocess.run([MINGW, "-std=c11", *WARNINGS, "-c", "-I", include_dir, "-o", obj,
                              src], capture_output=True, text=True)
        if run.returncode != 0:
            return [f"mingw-w64 could not compile {os.path.basename(src)}: {run.stderr.strip()}"]
    # dllexport leaves a linker directive in the object's .drectve section, as text.
    with open(inside[:-2] + ".o", "rb") as f:
        if not re.search(rb'-export:"?eseal_version"?', f.read()):
            lines.append("inside the library (ESEAL_BUILDING), ESEAL_EXTERN does not dllexport: "
                         "no -export:eseal_version directive")
    symbols = subprocess.run(["x86_64-w64-mingw32-nm", outside[:-2] + ".o"], capture_output=True,
                             text=True).stdout
    if "__imp_eseal_version" not in symbols:
        lines.append("for users, ESEAL_EXTERN does not dllimport: no __imp_eseal_version reference")
    return lines


def main(argv):
    include_dir = argv[1]
    found = headers(include_dir)
    if not found:
        print(f"no header under {include_dir}")
        return 1
    compilers = [("cc", "c", "c11"), ("c++", "c++", "c++11")]
    have_mingw = shutil.which(MINGW) is not None
    if have_mingw:
        compilers.append((MINGW, "c", "c11"))
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for compiler, language, std in compilers:
            for header in found:
                error = compile_alone(compiler, language, std, include_dir, header, tmp)
                if error:
                    bad.append(f"{header} does not compile alone with {compiler} -std={std}:\n"
                               f"{error}")
        if have_mingw:
            bad += windows_linkage(include_dir, tmp)
    print(f"{len(found)} headers, each compiled alone with {', '.join(c for c, _, _ in compilers)}")
    if not have_mingw:
        print(f"note: {MINGW} is not installed; the Windows linkage check did not run")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
