#!/usr/bin/env python3
"""tests/tools/summarize.py on synthetic meson build folders: GoogleTest and
pytest case reports, one-case tests, stale reports, programs that fail after
their cases passed, and vector-driven cases that skip while the vectors exist."""
import contextlib
import io
import json
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
import summarize  # noqa: E402

GTEST_XML = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" failures="1" disabled="1" errors="0" name="AllTests">
  <testsuite name="{suite}" tests="4" failures="1" disabled="1" skipped="1" errors="0">
    <testcase name="Passes" status="run" result="completed" classname="{suite}" />
    <testcase name="Skips" status="run" result="skipped" classname="{suite}">
      <skipped message="../tests/support/vectors.cc:12&#x0A;shared vectors not found (set ESEAL_VECTORS_DIR)"><![CDATA[../tests/support/vectors.cc:12
shared vectors not found (set ESEAL_VECTORS_DIR)]]></skipped>
    </testcase>
    <testcase name="Fails" status="run" result="completed" classname="{suite}">
      <failure message="test.cc:7&#x0A;Expected equality" type=""><![CDATA[test.cc:7
Expected equality]]></failure>
    </testcase>
    <testcase name="DISABLED_Later" status="notrun" result="suppressed" classname="{suite}" />
  </testsuite>
</testsuites>
"""

PYTEST_XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="0" skipped="2" tests="3">
<testcase classname="test_workflow" name="test_stamp" time="0.1" />
<testcase classname="test_workflow" name="test_vendor_files" time="0.0">
<properties><property name="eseal_vectors" value="1" /></properties>
<skipped type="pytest.skip" message="/v is absent">test_workflow.py:9: /v is absent</skipped>
</testcase>
<testcase classname="test_workflow" name="test_needs_a_jdk" time="0.0">
<skipped type="pytest.skip" message="no JDK here">test_workflow.py:20: no JDK here</skipped>
</testcase>
</testsuite></testsuites>
"""

ALL_PASS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="Leaky" tests="2">
<testcase name="A" status="run" result="completed" classname="Leaky" />
<testcase name="B" status="run" result="completed" classname="Leaky" />
</testsuite></testsuites>
"""

SKIPPING_XML = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="Vectors" tests="2">
<testcase name="Parses" status="run" result="completed" classname="Vectors" />
<testcase name="Reads" status="run" result="skipped" classname="Vectors">
<skipped message="vectors.cc:12&#x0A;shared vectors not found" /></testcase>
</testsuite></testsuites>
"""


class Build:
    """A fake meson build folder: defined tests, a testlog.json, case reports."""

    def __init__(self, root, name="build-x"):
        self.dir = os.path.join(root, name)
        os.makedirs(os.path.join(self.dir, "meson-info"))
        os.makedirs(os.path.join(self.dir, "meson-logs"))
        self.defined, self.log = [], []
        self.start = time.time()

    def add(self, name, result, suites=("unit",), protocol="exitcode", cmd=None, report=None,
            stdout="", returncode=0, report_age=0.0):
        self.defined.append({"name": name, "suite": [f"libeseal:{s}" for s in suites],
                             "protocol": protocol, "workdir": None,
                             "cmd": cmd or ["/bin/" + name]})
        self.log.append({"name": f"libeseal:{'+'.join(suites)} / {name}", "result": result,
                         "starttime": self.start, "duration": 1.0, "returncode": returncode,
                         "stdout": stdout, "command": cmd or ["/bin/" + name]})
        if report is not None:
            path = os.path.join(self.dir, name + ".xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(report)
            if report_age:
                old = self.start - report_age
                os.utime(path, (old, old))

    def write(self):
        with open(os.path.join(self.dir, "meson-info", "intro-tests.json"), "w") as f:
            json.dump(self.defined, f)
        with open(os.path.join(self.dir, "meson-logs", "testlog.json"), "w") as f:
            for entry in self.log:
                f.write(json.dumps(entry) + "\n")
        return self.dir


class Summarize(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.vectors = os.path.join(self.root, "vectors")

    def tearDown(self):
        self.tmp.cleanup()

    def run_summary(self, *builds, vectors_present=False):
        if vectors_present:
            os.makedirs(self.vectors, exist_ok=True)
        cases = []
        for b in builds:
            cases += summarize.build_cases(b)
        summarize.enforce_vectors(cases, self.vectors)
        out = io.StringIO()
        status = summarize.report(cases, out)
        return status, out.getvalue().splitlines(), cases

    def test_counts_cases_of_gtest_and_pytest_and_one_case_tests(self):
        b = Build(self.root)
        b.add("seal", "FAIL", protocol="gtest", report=GTEST_XML.format(suite="Seal"),
              returncode=1)
        b.add("python", "OK", suites=("bindings",), report=PYTEST_XML,
              cmd=["/usr/bin/python3", "-m", "pytest", "--junitxml=/abs/build-x/python.xml"])
        b.add("fuzz-replay-seal", "OK", suites=("fuzz",))
        b.add("java", "SKIP", suites=("bindings",), stdout="starting\nno JDK found\n",
              returncode=77)
        status, lines, _ = self.run_summary(b.write())
        # passed: Seal.Passes, test_stamp, fuzz-replay-seal; failed: Seal.Fails;
        # skipped: Seal.Skips, DISABLED_Later, two pytest skips, the exit-77 test.
        self.assertEqual(lines[-1], "3 passed, 1 failed, 5 skipped")
        self.assertEqual(status, 1)
        text = "\n".join(lines)
        self.assertIn("skipped (1): shared vectors not found (set ESEAL_VECTORS_DIR)", text)
        self.assertIn("skipped (1): no JDK found", text)
        self.assertIn("FAILED build-x seal: Seal.Fails: test.cc:7", text)

    def test_a_step_outside_meson_counts_as_one_case(self):
        b = Build(self.root)
        b.add("fuzz-replay-seal", "OK", suites=("fuzz",))
        build = b.write()
        for code, closing, status in (("0", "2 passed, 0 failed, 0 skipped", 0),
                                      ("1", "1 passed, 1 failed, 0 skipped", 1)):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                got = summarize.main(["--step", f"mutation={code}", build])
            lines = out.getvalue().splitlines()
            self.assertEqual((lines[-1], got), (closing, status))
            if code != "0":
                self.assertIn("mutation", out.getvalue())

    def test_skips_alone_do_not_fail_when_the_vectors_are_absent(self):
        b = Build(self.root)
        b.add("vectors", "OK", suites=("interop", "vectors"), protocol="gtest", report=SKIPPING_XML)
        status, lines, _ = self.run_summary(b.write())
        self.assertEqual(lines, ["skipped (1): shared vectors not found",
                                 "    build-x vectors: Vectors.Reads",
                                 "1 passed, 0 failed, 1 skipped"])
        self.assertEqual(status, 0)

    def test_vector_cases_that_skip_while_the_vectors_are_present_fail(self):
        b = Build(self.root)
        interop = ALL_PASS_XML.replace(
            '<testcase name="B" status="run" result="completed" classname="Leaky" />',
            '<testcase name="B" status="run" result="skipped" classname="Leaky">'
            '<skipped message="x.cc:3&#x0A;file missing" /></testcase>')
        b.add("vectors", "OK", suites=("interop", "vectors"), protocol="gtest", report=interop)
        b.add("python", "OK", suites=("bindings",), report=PYTEST_XML,
              cmd=["python3", "--junitxml=/abs/python.xml"])
        b.add("seal", "OK", protocol="gtest", report=GTEST_XML.format(suite="Seal"))
        status, lines, cases = self.run_summary(b.write(), vectors_present=True)
        failed = sorted(c.name for c in cases if c.status == summarize.FAIL)
        # The interop skip (any reason), the pytest case using the vectors fixture,
        # the unit case whose skip names the vectors, and the real failure.
        self.assertEqual(failed, ["Leaky.B", "Seal.Fails", "Seal.Skips",
                                  "test_workflow.test_vendor_files"])
        self.assertEqual(lines[-1], "3 passed, 4 failed, 2 skipped")
        self.assertEqual(status, 1)
        self.assertTrue(any("skipped although" in l and "Leaky.B" in l for l in lines), lines)

    def test_a_program_failing_after_its_cases_passed_is_a_failure(self):
        b = Build(self.root)
        b.add("alloc", "FAIL", protocol="gtest", report=ALL_PASS_XML, returncode=1)
        status, lines, _ = self.run_summary(b.write())
        self.assertEqual(lines[-1], "2 passed, 1 failed, 0 skipped")
        self.assertIn("alloc (whole program)", lines[-2])
        self.assertEqual(status, 1)

    def test_a_stale_missing_or_truncated_report_is_not_trusted(self):
        b = Build(self.root)
        b.add("stamp", "FAIL", protocol="gtest", report=ALL_PASS_XML, report_age=3600,
              returncode=-6)
        b.add("verify", "OK", protocol="gtest", report=ALL_PASS_XML, report_age=3600)
        b.add("python", "OK", suites=("bindings",),
              cmd=["python3", "-m", "pytest", "--junitxml=/abs/build-x/python.xml"])
        b.add("seal", "OK", protocol="gtest", report=ALL_PASS_XML[:60])
        status, lines, _ = self.run_summary(b.write())
        self.assertEqual(lines[-1], "0 passed, 4 failed, 0 skipped")
        self.assertIn("unreadable case report", "\n".join(lines))
        self.assertIn("wrote no case report", "\n".join(lines))
        self.assertEqual(status, 1)

    def test_a_build_whose_tests_did_not_run_fails(self):
        b = Build(self.root)
        b.add("exports", "OK", suites=("abi",))
        folder = b.write()
        os.remove(os.path.join(folder, "meson-logs", "testlog.json"))
        status, lines, _ = self.run_summary(folder)
        self.assertEqual(lines[-1], "0 passed, 1 failed, 0 skipped")
        self.assertIn("the tests did not run", lines[0])
        self.assertEqual(status, 1)

    def test_several_builds_add_up_and_nothing_passed_fails(self):
        a, b = Build(self.root, "build-a"), Build(self.root, "build-b")
        a.add("exports", "OK", suites=("abi",))
        b.add("exports", "OK", suites=("abi",))
        status, lines, _ = self.run_summary(a.write(), b.write())
        self.assertEqual(lines, ["2 passed, 0 failed, 0 skipped"])
        self.assertEqual(status, 0)
        c = Build(self.root, "build-c")
        c.add("examples", "SKIP", suites=("cli",), returncode=77)
        status, lines, _ = self.run_summary(c.write())
        self.assertEqual(lines[-1], "0 passed, 0 failed, 1 skipped")
        self.assertEqual(status, 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
