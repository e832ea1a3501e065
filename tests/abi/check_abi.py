#!/usr/bin/env python3
"""The built library keeps the ABI recorded in abi/libeseal.abi (doc/abi.md).

abidiff compares the committed baseline with an abidw dump of the library
just built, over the types the public headers declare. Added functions pass;
a removed or changed function, variable or type fails. A versioned struct
(one whose first member is `unsigned int version`, such as the options
structs) may grow at its end: callers tell the library which version they
filled, so that is not a break. A struct the headers name but never define
(eseal_ctx, eseal_seal, …) is opaque: callers hold only pointers, so its
layout may change. Both kinds are read from the headers each run, so a new
one is covered without a list to keep.

usage: check_abi.py LIBRARY INCLUDE_DIR BASELINE
       check_abi.py --dump LIBRARY INCLUDE_DIR      (writes a baseline to stdout)
       check_abi.py --self-test                     (builds small libraries with cc)
Exit 77 (skipped) when abidw is missing or the library has no debug info.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
VERSIONED = re.compile(r"struct\s+(eseal_\w+)\s*\{\s*(?:/\*.*?\*/\s*)*unsigned\s+int\s+version\s*;",
                       re.S)


def versioned_structs(include_dir):
    names = set()
    for folder, _, files in os.walk(include_dir):
        for f in files:
            if f.endswith(".h"):
                with open(os.path.join(folder, f), encoding="utf-8") as h:
                    names.update(VERSIONED.findall(h.read()))
    return sorted(names)


OPAQUE = re.compile(r"typedef\s+struct\s+(eseal_\w+)\s+\1\s*;")


def opaque_structs(include_dir):
    """Structs the headers name but never define: their layout is the library's own."""
    named, defined = set(), set()
    for folder, _, files in os.walk(include_dir):
        for f in files:
            if f.endswith(".h"):
                with open(os.path.join(folder, f), encoding="utf-8") as h:
                    text = h.read()
                named.update(OPAQUE.findall(text))
                defined.update(re.findall(r"struct\s+(eseal_\w+)\s*\{", text))
    return sorted(named - defined)


def suppressions(names, opaque=()):
    """libabigail suppressions: each versioned struct may gain members at its
    end; an opaque struct may change in any way (callers only hold pointers)."""
    return ("".join(f"[suppress_type]\n  type_kind = struct\n  name = {n}\n"
                    f"  has_data_member_inserted_at = end\n\n" for n in names) +
            "".join(f"[suppress_type]\n  type_kind = struct\n  name = {n}\n\n" for n in opaque))


def dump(library, include_dir):
    """abidw's XML for the library, limited to the public headers' types."""
    out = subprocess.run(["abidw", "--headers-dir", include_dir, "--drop-private-types",
                          "--drop-undefined-syms", "--no-show-locs", "--no-corpus-path",
                          "--type-id-style", "hash", library],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr.strip())
        return None
    # The build folder's path is no part of the ABI; dropped so baselines compare as text.
    return re.sub(r" comp-dir-path='[^']*'", "", out.stdout)


def compare(library, include_dir, baseline):
    """0 when the library keeps the baseline's ABI, 1 when it does not, SKIP."""
    text = dump(library, include_dir)
    if text is None or "<elf-symbol" not in text:
        print("skipped: abidw could not read the library's debug info (a build without -g?)")
        return SKIP
    names = versioned_structs(include_dir)
    if not names:
        print("no versioned struct found in the headers: the scan is broken")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        current = os.path.join(tmp, "current.abi")
        supp = os.path.join(tmp, "versioned.abignore")
        with open(current, "w", encoding="utf-8") as f:
            f.write(text)
        with open(supp, "w", encoding="utf-8") as f:
            f.write(suppressions(names, opaque_structs(include_dir)))
        diff = subprocess.run(["abidiff", "--no-added-syms", "--suppressions", supp,
                               baseline, current], capture_output=True, text=True)
    print(f"{len(names)} versioned structs may grow at their end: {', '.join(names)}")
    if diff.returncode != 0:
        print(diff.stdout)
        print(diff.stderr)
        print(f"abidiff exit status {diff.returncode}: the ABI changed against {baseline}. "
              "A removal or change needs a new soversion (doc/abi.md); an intended "
              "addition only needs scripts/abi-update.sh.")
        return 1
    print(f"no ABI change against {baseline} (additions allowed)")
    return 0


# The self-test's library versions: one header and its source each.
OLD = ("typedef struct eseal_t_options { unsigned int version; int a; } eseal_t_options;\n"
       "typedef struct eseal_t_plain { int a; } eseal_t_plain;\n"
       "typedef enum eseal_t_kind { ESEAL_T_A = 1, ESEAL_T_B = 2 } eseal_t_kind;\n"
       "V int eseal_t_f(const eseal_t_options *o);\nV int eseal_t_g(eseal_t_plain *p);\n"
       "V int eseal_t_k(eseal_t_kind k);\n")
SELF_TEST_CASES = [
    # (what changed, new header, expected outcome)
    ("nothing", OLD, 0),
    ("a function added", OLD + "V int eseal_t_h(void);\n", 0),
    ("a versioned struct grown at its end", OLD.replace("int version; int a;",
                                                        "int version; int a; int b;"), 0),
    ("an enumerator added", OLD.replace("ESEAL_T_B = 2 }", "ESEAL_T_B = 2, ESEAL_T_C = 3 }"), 0),
    ("an enumerator's value changed", OLD.replace("ESEAL_T_B = 2", "ESEAL_T_B = 3"), 1),
    ("a function removed", OLD.replace("V int eseal_t_g(eseal_t_plain *p);\n", ""), 1),
    ("a parameter changed", OLD.replace("eseal_t_f(const eseal_t_options *o)",
                                        "eseal_t_f(const eseal_t_options *o, int x)"), 1),
    ("a plain struct grown", OLD.replace("{ int a; } eseal_t_plain", "{ int a; int b; } eseal_t_plain"), 1),
    ("a versioned struct grown in the middle", OLD.replace("int version; int a;",
                                                           "int version; int b; int a;"), 1),
]


def build(tmp, name, header):
    """A shared library whose exported functions are those `header` declares."""
    inc = os.path.join(tmp, name)
    os.makedirs(inc)
    header = "#define V __attribute__((visibility(\"default\")))\n" + header
    with open(os.path.join(inc, "t.h"), "w", encoding="utf-8") as f:
        f.write(header)
    bodies = re.findall(r"V int (\w+)\(([^)]*)\);", header)
    src = os.path.join(tmp, name + ".c")
    with open(src, "w", encoding="utf-8") as f:
        f.write('#include "t.h"\n')
        for fn, params in bodies:
            f.write(f"int {fn}({params}) {{ return 0; }}\n")
    lib = os.path.join(tmp, "lib" + name + ".so")
    subprocess.run([os.environ.get("CC", "cc"), "-g", "-shared", "-fPIC", "-fvisibility=hidden",
                    "-Wno-unused-parameter", "-I", inc, "-o", lib, src], check=True)
    return lib, inc


def self_test():
    """The comparison passes additions and fails each kind of break."""
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        old_lib, old_inc = build(tmp, "old", OLD)
        baseline = os.path.join(tmp, "old.abi")
        with open(baseline, "w", encoding="utf-8") as f:
            f.write(dump(old_lib, old_inc))
        for i, (what, header, want) in enumerate(SELF_TEST_CASES):
            lib, inc = build(tmp, f"new{i}", header)
            got = compare(lib, inc, baseline)
            verdict = "ok" if got == want else "WRONG"
            failures += got != want
            print(f"{verdict}: {what}: exit {got}, expected {want}")
    return 1 if failures else 0


def main(argv):
    if shutil.which("abidw") is None or shutil.which("abidiff") is None:
        print("skipped: abidw/abidiff not installed (Debian abigail-tools)")
        return SKIP
    if argv[1:] == ["--self-test"]:
        return self_test()
    if argv[1] == "--dump":
        text = dump(argv[2], argv[3])
        if text is None:
            return 1
        sys.stdout.write(text)
        return 0
    return compare(*argv[1:4])

if __name__ == "__main__":
    sys.exit(main(sys.argv))
