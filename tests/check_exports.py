#!/usr/bin/env python3
"""The shared library exports exactly the functions that the public headers
declare with ESEAL_EXTERN: no internal eseal__* function, no other symbol,
and no public declaration left out.

usage: check_exports.py LIBRARY INCLUDE_DIR
       check_exports.py --self-test
"""
import os
import re
import subprocess
import sys

# ESEAL_EXTERN(return type) name(   -- possibly over several lines.
DECLARATION = re.compile(r"\bESEAL_EXTERN\s*\(([^()]*)\)\s*([A-Za-z_]\w*)\s*\(")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# A preprocessor line with its backslash continuations (the macro's own definition).
DIRECTIVE = re.compile(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", re.M)


def declared(text):
    """The function names declared with ESEAL_EXTERN in one header's text."""
    text = DIRECTIVE.sub("", COMMENT.sub(" ", text))
    return {m.group(2) for m in DECLARATION.finditer(text)}


def public_functions(include_dir):
    names = set()
    for folder, _, files in os.walk(include_dir):
        for f in files:
            if f.endswith(".h"):
                with open(os.path.join(folder, f), encoding="utf-8") as h:
                    names |= declared(h.read())
    return names


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3 or parts[1] == "A":  # "A": the linker script's version node
            continue
        names.add(parts[2].split("@")[0])
    return names


def problems(public, exports):
    """What is wrong, as lines; empty when the exports are exactly the public functions."""
    if not public:
        return ["no ESEAL_EXTERN declaration found in the headers"]
    lines = [f"exported but not declared public: {n}" for n in sorted(exports - public)]
    lines += [f"declared public but not exported: {n}" for n in sorted(public - exports)]
    return lines


def self_test():
    header = """
#define ESEAL_EXTERN(type) __attribute__((visibility("default"))) type
#define ESEAL_OTHER(x) \\
  ESEAL_EXTERN(int) eseal_in_a_macro(void)
/** ESEAL_EXTERN(int) eseal_in_a_comment(void); */
// ESEAL_EXTERN(int) eseal_in_a_line_comment(void);
ESEAL_EXTERN(int) eseal_plain(int a);
ESEAL_EXTERN(const char *)
eseal_over_two_lines(void);
ESEAL_EXTERN(int)eseal_tight(void);
int eseal__internal(void);
"""
    want = {"eseal_plain", "eseal_over_two_lines", "eseal_tight"}
    got = declared(header)
    assert got == want, got
    assert problems(want, set(want)) == []
    assert problems(want, want | {"eseal__internal"}) == [
        "exported but not declared public: eseal__internal"]
    assert problems(want, want - {"eseal_tight"}) == [
        "declared public but not exported: eseal_tight"]
    assert problems(set(), set()) != []
    print("self-test passed")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    lib, include_dir = argv[1], argv[2]
    public, exports = public_functions(include_dir), exported(lib)
    print(f"{len(exports)} exported symbols, {len(public)} public functions in {include_dir}")
    bad = problems(public, exports)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
