#!/usr/bin/env python3
"""Counts test cases, not meson tests, over one or more meson build folders.

A meson test that writes a JUnit XML case report (GoogleTest through meson's
gtest protocol, pytest with --junitxml, the JUnit 4 runner of
tests/tools/JUnitXmlReport.java) counts as its cases; any other meson test
(fuzz replay, examples, exit-code programs) counts as one case. A program that
fails while all its cases passed (a leak found at exit, a crash after the
report) adds one failed case, so that no failure hides behind passing cases.

With --vectors DIR naming a folder that exists, a skipped case that needs the
shared vectors is a failure: every case of a meson test in suite 'interop',
every case marked as using them (property eseal_vectors, set by
tests/tools/pytest_vectors.py), and every case whose skip message mentions
vectors.

Prints the skipped cases grouped by reason, the failed ones, then one line
"N passed, N failed, N skipped". Exits 1 on any failure or when nothing passed.
"""
import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict
from dataclasses import dataclass

PASS, FAIL, SKIP = "passed", "failed", "skipped"
# Meson results that count as a pass; SKIP is exit status 77.
MESON_OK = ("OK", "EXPECTEDFAIL")


@dataclass
class Case:
    build: str         # the build folder's name
    test: str          # the meson test's name
    suites: tuple      # the meson test's suites, without the project
    name: str          # the case, "Class.method"; the test's name for a one-case test
    status: str
    reason: str = ""
    uses_vectors: bool = False


def _meson_tests(build):
    """Meson's list of the tests defined in `build`, by name."""
    with open(os.path.join(build, "meson-info", "intro-tests.json"), encoding="utf-8") as f:
        tests = json.load(f)
    return {t["name"]: t for t in tests}


def _meson_results(build, defined):
    """The results of the last `meson test` in `build`, keyed by test name."""
    results = {}
    with open(os.path.join(build, "meson-logs", "testlog.json"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            # "project:suite+suite / name" when the project has several suites.
            name = r["name"].rsplit(" / ", 1)[-1]
            if name not in defined:
                raise ValueError(f"{build}: testlog.json names an unknown test {r['name']!r}")
            results[name] = r
    return results


def _report_path(build, test):
    """Where a test's JUnit case report is: meson's gtest protocol writes
    <workdir>/<name>.xml; the other reporting tests are given <build>/<name>.xml."""
    folder = test.get("workdir") or build
    if test.get("protocol") != "gtest":
        folder = build
    return os.path.join(folder, test["name"] + ".xml")


def _expects_report(test):
    """Whether the test writes a case report: GoogleTest under meson's gtest
    protocol always does; another test does when given <build>/<name>.xml."""
    if test.get("protocol") == "gtest":
        return True
    return any(arg.endswith("/" + test["name"] + ".xml") for arg in test.get("cmd", []))


def _skip_reason(element):
    """A skip message without GoogleTest's leading "file:line" line."""
    text = (element.get("message") or element.text or "").strip()
    lines = [l for l in text.splitlines() if l.strip()]
    if len(lines) > 1 and ":" in lines[0] and lines[0].rsplit(":", 1)[-1].isdigit():
        lines = lines[1:]
    return " ".join(l.strip() for l in lines) or "(no reason given)"


def _failure_reason(element):
    text = (element.get("message") or element.text or "").strip()
    return text.splitlines()[0] if text else "(no message)"


def _cases_from_junit(path, build, test_name, suites):
    root = ET.parse(path).getroot()
    cases = []
    for tc in root.iter("testcase"):
        classname = tc.get("classname", "")
        name = f"{classname}.{tc.get('name')}" if classname else tc.get("name", "?")
        props = {p.get("name"): p.get("value") for p in tc.iter("property")}
        case = Case(build, test_name, suites, name, PASS,
                    uses_vectors=props.get("eseal_vectors") == "1")
        failure = tc.find("failure")
        if failure is None:
            failure = tc.find("error")
        skipped = tc.find("skipped")
        if failure is not None:
            case.status, case.reason = FAIL, _failure_reason(failure)
        elif skipped is not None:
            case.status, case.reason = SKIP, _skip_reason(skipped)
        elif tc.get("status") == "notrun" or tc.get("result") == "suppressed":
            case.status, case.reason = SKIP, "disabled in the source (DISABLED_ prefix)"
        cases.append(case)
    return cases


def _last_line(text):
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    return lines[-1] if lines else ""


def build_cases(build):
    """Every case of the last `meson test` run in `build`."""
    label = os.path.basename(os.path.normpath(build))
    if not os.path.isfile(os.path.join(build, "meson-logs", "testlog.json")):
        return [Case(label, "meson test", (), "meson test", FAIL,
                     "no meson-logs/testlog.json: the tests did not run")]
    defined = _meson_tests(build)
    cases = []
    for name, result in _meson_results(build, defined).items():
        test = defined[name]
        suites = tuple(s.split(":", 1)[-1] for s in test.get("suite", []))
        res = result["result"]
        path = _report_path(build, test)
        fresh = os.path.isfile(path) and os.path.getmtime(path) >= result["starttime"] - 1
        if fresh:
            try:
                got = _cases_from_junit(path, label, name, suites)
            except ET.ParseError as e:
                got = [Case(label, name, suites, name, FAIL, f"unreadable case report {path}: {e}")]
            if res not in MESON_OK and res != "SKIP" and not any(c.status == FAIL for c in got):
                got.append(Case(label, name, suites, f"{name} (whole program)", FAIL,
                                f"meson result {res}, exit status {result.get('returncode')}, "
                                "though no case failed"))
            if not got and res in MESON_OK:
                got.append(Case(label, name, suites, name, FAIL, "the case report lists no case"))
            cases += got
        elif res in MESON_OK and _expects_report(test):
            cases.append(Case(label, name, suites, name, FAIL,
                              f"passed but wrote no case report at {path}"))
        elif res in MESON_OK:
            cases.append(Case(label, name, suites, name, PASS))
        elif res == "SKIP":
            cases.append(Case(label, name, suites, name, SKIP,
                              _last_line(result.get("stdout")) or "exit status 77"))
        else:
            cases.append(Case(label, name, suites, name, FAIL,
                              f"meson result {res}, exit status {result.get('returncode')}"))
    return cases


def needs_vectors(case):
    return ("interop" in case.suites or case.uses_vectors or "vectors" in case.reason.lower())


def enforce_vectors(cases, vectors_dir):
    """Turns skips of vector-driven cases into failures when the vectors are present."""
    if not vectors_dir or not os.path.isdir(vectors_dir):
        return
    for c in cases:
        if c.status == SKIP and needs_vectors(c):
            c.status = FAIL
            c.reason = f"skipped although {vectors_dir} is present: {c.reason}"


def report(cases, out):
    """Writes the skipped and failed cases, then the closing line; returns the exit status."""
    counts = {PASS: 0, FAIL: 0, SKIP: 0}
    for c in cases:
        counts[c.status] += 1
    by_reason = OrderedDict()
    for c in cases:
        if c.status == SKIP:
            by_reason.setdefault(c.reason, []).append(c)
    for reason, group in by_reason.items():
        out.write(f"skipped ({len(group)}): {reason}\n")
        for c in group:
            out.write(f"    {c.build} {c.test}: {c.name}\n")
    for c in cases:
        if c.status == FAIL:
            out.write(f"FAILED {c.build} {c.test}: {c.name}: {c.reason}\n")
    out.write(f"{counts[PASS]} passed, {counts[FAIL]} failed, {counts[SKIP]} skipped\n")
    return 1 if counts[FAIL] or not counts[PASS] else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", help="the shared vectors folder; its presence forbids vector skips")
    ap.add_argument("--step", action="append", default=[], metavar="NAME=STATUS",
                    help="a CI step outside meson (the mutation run) and its exit status; "
                         "counted as one case, failed unless the status is 0")
    ap.add_argument("builds", nargs="+", help="meson build folders where `meson test` ran")
    args = ap.parse_args(argv)
    cases = []
    for step in args.step:
        name, _, code = step.partition("=")
        failed = code.strip() != "0"
        cases.append(Case("ci", name, (), name, FAIL if failed else PASS,
                          f"exit status {code}" if failed else ""))
    for build in args.builds:
        cases += build_cases(build)
    enforce_vectors(cases, args.vectors)
    return report(cases, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
