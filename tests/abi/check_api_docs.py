#!/usr/bin/env python3
"""The API reference has no blank entry: Doxygen, run over the public headers
with the project's configuration (doc/Doxyfile.in), warns about nothing —
every function, struct, member, enumerator and macro it lists is documented.

usage: check_api_docs.py DOXYFILE_IN INCLUDE_DIR MAINPAGE
Exit 77 (skipped) when doxygen is not installed.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main(argv):
    doxyfile_in, include_dir, mainpage = argv[1:4]
    doxygen = shutil.which("doxygen")
    if doxygen is None:
        print("skipped: doxygen is not installed (scripts/install-deps.sh installs it)")
        return SKIP
    with open(doxyfile_in, encoding="utf-8") as f:
        config = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        for key, value in {"VERSION": "check", "INCLUDE_DIR": include_dir, "MAINPAGE": mainpage,
                           "OUTPUT_DIR": tmp}.items():
            config = config.replace(f"@{key}@", value)
        path = os.path.join(tmp, "Doxyfile")
        with open(path, "w", encoding="utf-8") as f:
            f.write(config)
        run = subprocess.run([doxygen, path], capture_output=True, text=True)
        with open(os.path.join(tmp, "doxygen-warnings.log"), encoding="utf-8") as f:
            warnings = [line for line in f.read().splitlines() if line.strip()]
        pages = os.listdir(os.path.join(tmp, "api")) if run.returncode == 0 else []
    if run.returncode != 0:
        print(f"doxygen failed ({run.returncode}): {run.stderr.strip()}")
        return 1
    if "index.html" not in pages:
        print("doxygen wrote no index.html")
        return 1
    for line in warnings:
        print(line.replace(include_dir + os.sep, ""))
    print(f"{len(pages)} pages, {len(warnings)} warnings")
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
