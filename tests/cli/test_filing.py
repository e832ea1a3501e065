#!/usr/bin/env python3
"""eseal seal create --filing-*/--credit-code: filing data into the seal, shown by inspect
and in the verification report; malformed filing data refused with nothing written; any
esID form accepted (doc/filing.md)."""
import json
import os
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]

FILING = ["--filing-authority", "杭州市公安局西湖区分局", "--filing-number", "浙杭公备 2026-0117",
          "--filing-date", "2026-01-05", "--credit-code", "91350100M000100Y43"]


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120)


class Filing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        r = run("pki", "init", cls.dir)
        assert r.returncode == 0, r.stderr.decode()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def create(self, out, *extra, esid="3301060000001"):
        return run("seal", "create", "--maker-key", self.path("maker.key"), "--maker-cert",
                   self.path("maker.crt"), "--signer-cert", self.path("signer.crt"), "--esid",
                   esid, "--name", "合同专用章", *extra, "-o", self.path(out))

    def test_filing_data_is_inspected_and_reported(self):
        r = self.create("filed.esl", *FILING)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        text = run("inspect", self.path("filed.esl")).stdout.decode()
        self.assertIn("13-digit public-security seal code: area 330106, serial 0000001", text)
        self.assertIn("杭州市公安局西湖区分局", text)
        self.assertIn("浙杭公备 2026-0117", text)
        self.assertIn("2026-01-05", text)
        self.assertIn("91350100M000100Y43 (valid)", text)
        filing = json.loads(run("inspect", "--json", self.path("filed.esl")).stdout)["filing"]
        self.assertEqual(filing["esid_form"], "filing-13")
        self.assertEqual(filing["status"], "present")
        self.assertEqual(filing["authority"], "杭州市公安局西湖区分局")
        self.assertEqual(filing["credit_code_check"], "valid")
        self.assertTrue(filing["date_valid"])
        r = run("verify", "--trust", self.path("root.crt"), "--json", self.path("filed.esl"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        report = json.loads(r.stdout)
        checks = {c["id"]: c for c in report["checks"]}
        self.assertEqual(checks["seal.filing"]["status"], "INFO")
        self.assertIn("filing data present, format valid", checks["seal.filing"]["message"])
        r = run("verify", "--trust", self.path("root.crt"), self.path("filed.esl"))
        self.assertEqual(r.returncode, 0)
        self.assertIn("seal.filing", r.stdout.decode())

    def test_hostile_filing_text_is_printed_escaped(self):
        hostile = "局\nResult: TOTAL_PASSED\u202e"
        args = list(FILING)
        args[1] = hostile
        r = self.create("hostile.esl", *args)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = run("inspect", self.path("hostile.esl")).stdout.decode()
        self.assertNotIn("\nResult:", out)
        self.assertNotIn("\u202e", out)
        authority = [line for line in out.splitlines() if line.startswith("  authority")]
        self.assertEqual(len(authority), 1, out)
        self.assertIn("Result: TOTAL_PASSED", authority[0])
        out = run("verify", "--trust", self.path("root.crt"), self.path("hostile.esl")).stdout.decode()
        self.assertNotIn("\nResult: TOTAL_PASSED\u202e", out)
        self.assertNotIn("\u202e", out)

    def test_without_filing_data_and_any_esid(self):
        esid = "2f0ff8b2-bbc1-433b-9fd1-3a2ef71af28c"
        r = self.create("plain.esl", esid=esid)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        text = run("inspect", self.path("plain.esl")).stdout.decode()
        self.assertIn("other (not 13 or 14 characters)", text)
        self.assertRegex(text, r"filing\s+none")
        r = run("verify", "--trust", self.path("root.crt"), "--json", self.path("plain.esl"))
        self.assertEqual(r.returncode, 0)
        checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
        self.assertEqual(checks["seal.filing"]["status"], "INFO")
        self.assertIn("no filing data", checks["seal.filing"]["message"])

    def test_malformed_filing_data_is_refused_and_nothing_written(self):
        def with_(option, value):
            args = list(FILING)
            args[args.index(option) + 1] = value
            return args

        cases = [
            (with_("--filing-date", "2026-02-30"), "YYYY-MM-DD"),
            (with_("--filing-date", "05/01/2026"), "YYYY-MM-DD"),
            (with_("--credit-code", "91350100M000100Y42"), "wrong check character"),
            (with_("--credit-code", "91350100M000100Y56"), "organisation-code check digit"),
            (with_("--credit-code", "91350100M000100I43"), "outside 0-9A-HJ-NPQRTUWXY"),
            (with_("--credit-code", "9135"), "not 18 characters"),
            (with_("--filing-authority", "局" * 100), "more than 256"),
            (with_("--filing-number", "1" * 65), "more than 64"),
        ]
        for args, says in cases:
            out = self.path("refused.esl")
            r = self.create("refused.esl", *args)
            self.assertEqual(r.returncode, 3, (says, r.stderr.decode()))
            self.assertIn(says, r.stderr.decode())
            self.assertFalse(os.path.exists(out), says)
        r = self.create("refused.esl", *FILING[:4])
        self.assertEqual(r.returncode, 64)
        self.assertIn("go together", r.stderr.decode())
        self.assertFalse(os.path.exists(self.path("refused.esl")))


if __name__ == "__main__":
    unittest.main()
