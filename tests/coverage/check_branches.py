#!/usr/bin/env python3
"""The branch-coverage gate of the SM2 verifier (doc/testing.md).

Runs a test program built against gcc --coverage objects, then `gcov -b -c
--json-format` on those objects, and fails unless every branch gcov reports
in the named source files (headers whose code was compiled into the objects
included) was taken at least once.

A line may opt out with `LCOV_EXCL_BR_LINE: <reason>` in a comment on it
(lcov's marker; gcov itself has none): its branches are listed as excluded,
not counted. An exclusion without a reason, or on a line whose branches are
all taken anyway, fails the gate, so that exclusions stay few and true.

Usage: check_branches.py --objects DIR --source NAME [--source NAME ...] -- PROGRAM [ARGS...]
       check_branches.py --self-test   (the judgement on synthetic data)
Prints per file "taken/total branches", each untaken branch as
"file:line: branch N never taken" (N counts the line's branches from 0, calls
left out, as gcov's JSON lists them), and exits 1 on any problem.
"""
import argparse
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

MARKER = "LCOV_EXCL_BR_LINE"
MARKER_RE = re.compile(MARKER + r"\s*:\s*\S")


def run_gcov(objects):
    """Branch data per source path from every .gcda in `objects`: {path: {line: [counts]}}."""
    gcdas = sorted(glob.glob(os.path.join(objects, "*.gcda")))
    if not gcdas:
        raise SystemExit(f"error: no .gcda in {objects}: the program wrote no coverage data")
    merged = {}
    with tempfile.TemporaryDirectory() as tmp:
        for gcda in gcdas:
            subprocess.run(["gcov", "-b", "-c", "--json-format", "-o", objects, gcda],
                           cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        for report in sorted(glob.glob(os.path.join(tmp, "*.gcov.json.gz"))):
            with gzip.open(report, "rt", encoding="utf-8") as f:
                data = json.load(f)
            base = data.get("current_working_directory", "")
            for entry in data["files"]:
                path = os.path.normpath(os.path.join(base, entry["file"]))
                lines = merged.setdefault(path, {})
                for line in entry["lines"]:
                    counts = [b["count"] for b in line.get("branches", [])]
                    if not counts:
                        continue
                    old = lines.get(line["line_number"])
                    # A header's line compiled into several objects: its branches add up.
                    if old is None:
                        lines[line["line_number"]] = counts
                    elif len(old) == len(counts):
                        lines[line["line_number"]] = [a + b for a, b in zip(old, counts)]
                    else:
                        lines[line["line_number"]] = old + counts
    return merged


def judge(merged, sources, out):
    """Writes the findings; returns the number of problems."""
    problems = 0
    for name in sources:
        paths = [p for p in merged if os.path.basename(p) == name]
        if not paths:
            out.write(f"{name}: no branch data (not compiled with --coverage, or no branches)\n")
            problems += 1
            continue
        for path in paths:
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read().splitlines()
            except OSError as e:
                out.write(f"{path}: cannot read the source: {e}\n")
                problems += 1
                continue
            total = taken = excluded = 0
            for number in sorted(merged[path]):
                counts = merged[path][number]
                line = text[number - 1] if number <= len(text) else ""
                missed = [i for i, c in enumerate(counts) if c == 0]
                if MARKER in line:
                    excluded += len(counts)
                    if not MARKER_RE.search(line):
                        out.write(f"{path}:{number}: {MARKER} without a reason\n")
                        problems += 1
                    elif not missed:
                        out.write(f"{path}:{number}: {MARKER}, but every branch is taken: "
                                  "remove the exclusion\n")
                        problems += 1
                    continue
                total += len(counts)
                taken += len(counts) - len(missed)
                for i in missed:
                    out.write(f"{path}:{number}: branch {i} never taken: {line.strip()}\n")
                problems += len(missed)
            percent = 100.0 * taken / total if total else 100.0
            out.write(f"{name}: {taken}/{total} branches taken ({percent:.1f} %)"
                      f"{f', {excluded} excluded' if excluded else ''}\n")
    return problems


def self_test():
    """The judgement on synthetic gcov data: misses, exclusions and their misuse."""
    import io
    source = ["int f(int a) {",
              "  if (a) return 1;",
              "  if (a > 2) /* LCOV_EXCL_BR_LINE: never, for the test */",
              "  if (a > 3) /* LCOV_EXCL_BR_LINE */",
              "  if (a > 4) /* LCOV_EXCL_BR_LINE: stale */",
              "}"]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "f.c")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(source) + "\n")

        def check(name, data, sources, want_problems, want_text):
            out = io.StringIO()
            got = judge({path: data} if data is not None else {}, sources, out)
            if got != want_problems or want_text not in out.getvalue():
                failures.append(f"{name}: {got} problem(s), output {out.getvalue()!r}")

        check("all taken", {2: [3, 1]}, ["f.c"], 0, "f.c: 2/2 branches taken (100.0 %)")
        check("one missed", {2: [3, 0]}, ["f.c"], 1, ":2: branch 1 never taken")
        check("excluded miss", {2: [1, 1], 3: [0, 4]}, ["f.c"], 0, "2 excluded")
        check("exclusion without reason", {2: [1, 1], 4: [0, 1]}, ["f.c"], 1, "without a reason")
        check("stale exclusion", {2: [1, 1], 5: [1, 1]}, ["f.c"], 1, "remove the exclusion")
        check("file without data", None, ["f.c"], 1, "no branch data")
    for f in failures:
        print("FAIL", f)
    print("self-test:", "failed" if failures else "passed")
    return 1 if failures else 0


def main(argv=None):
    if (argv if argv is not None else sys.argv[1:]) == ["--self-test"]:
        return self_test()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", required=True, help="the folder of the --coverage objects")
    ap.add_argument("--source", action="append", required=True,
                    help="a file name whose every branch must be taken")
    ap.add_argument("program", nargs="+", help="the test program and its arguments")
    args = ap.parse_args(argv)
    args.objects = os.path.abspath(args.objects)  # gcov runs in a scratch folder
    # Counts from an earlier run would add up with this one's.
    for old in glob.glob(os.path.join(args.objects, "*.gcda")):
        os.remove(old)
    status = subprocess.run(args.program).returncode
    if status != 0:
        print(f"error: the test program failed (exit status {status})")
        return 1
    problems = judge(run_gcov(args.objects), args.source, sys.stdout)
    print(f"{problems} problem(s)" if problems else "every branch taken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
