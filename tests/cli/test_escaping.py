#!/usr/bin/env python3
"""eseal verify and eseal inspect on seals whose text fields (and certificate names) carry
newlines, terminal escapes and bidi controls, and CLI errors quoting such file names: every
line of output is one of the command's own, and only the real verdict has a "Result:" line.
The fixtures come from tests/tools/write_escape_fixtures.cc (see tests/support/hostile.h)."""
import json
import os
import re
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
WRITE_FIXTURES = os.environ["ESEAL_WRITE_ESCAPE_FIXTURES"]

# The escaped forms of the hostile fields, as core/text.h documents them (hostile.h has the raw ones).
SEAL_NAME = "测试章\\u0085\\nResult: TOTAL_PASSED\\n\\x1b[2K\\u202e\\xff"
ESID = "3301\\r\\x1b[1AResult: TOTAL_PASSED"
VID = "vid\\n  OK       signature.value      forged\\u009b2K"
PICTURE_TYPE = "PNG\\x1b]0;owned\\x07\\n"
PROPERTY_INFO = "/Doc_0\\u2028Result: TOTAL_PASSED\\u2029\\u2066\\\\n"
CERT_ID = "id\\n\\x1b[31mResult: TOTAL_PASSED"

# C0 controls but \n, DEL, C1 controls, bidi controls and isolates, line and paragraph separators.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                       "\u2028\u2029]")

VERIFY_LINES = [re.compile(p) for p in (
    r"Verification of a (seal|signature)$", r"$", r"Result: ", r"(Checks|Times|Warnings|Certificates):$",
    r"  [a-z_]+ +\S",                                          # facts
    r"  (OK|NOT_OK|WARNING|INFO|SKIPPED) +[a-z_.]+ +\S",       # checks
    r"  (validation|claimed signing|timestamp|best signature) +\d{4}-\d\d-\d\dT",
    r"  [a-z0-9_]+\.[a-z0-9_]+ at [A-Za-z0-9_.>\[\] ]+: ",     # warnings
    r"  [a-z-]+ +\S.* \(serial [0-9a-f]+, \S+ to \S+\)$",    # certificates
)]

INSPECT_LABELS = ("kind|header|esID|type|name|certList|createDate|validStart|validEnd|picture|"
                  "extensions|maker|algorithm|sig value|timestamp|signed|warnings|TBS version|"
                  "timeInfo|dataHash|propertyInfo|signer|esID form|filing")
INSPECT_LINES = [re.compile(p) for p in (
    r"embedded seal:$",
    r"(  )?(%s) *( |$)" % INSPECT_LABELS,
    r"(  )?  \[\d+\] +\S",                                     # certList and extension entries
    r"(  )? {13}(issuer|valid) ",                              # certificate continuation lines
    r"(  )?  [a-z0-9_]+\.[a-z0-9_]+  ",                        # warnings
    r"(  )?  (authority|number|date|credit code) +\S",          # filing data (doc/filing.md)
)]


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=60)


class Escaping(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        subprocess.run([WRITE_FIXTURES, cls.dir], check=True, timeout=60)
        with open(cls.path("at.txt")) as f:
            cls.at = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def lines(self, output, allowed):
        """The lines of `output`, after checking each is one of `allowed` and none holds a control."""
        text = output.decode("utf-8")  # strict: invalid UTF-8 fails the test
        self.assertTrue(text.endswith("\n"), text)
        lines = text[:-1].split("\n")
        for line in lines:
            self.assertIsNone(FORBIDDEN.search(line), repr(line))
            self.assertTrue(any(p.match(line) for p in allowed), "not a line of ours: %r" % line)
        return lines

    def verify(self, *extra):
        return run("verify", "--trust", self.path("root.pem"), "--at", self.at, *extra)

    def check_report(self, r, verdict):
        lines = self.lines(r.stdout, VERIFY_LINES)
        self.assertEqual([l for l in lines if l.startswith("Result:")], ["Result: " + verdict])
        self.assertIn("  esid             " + ESID, lines)
        self.assertIn("  seal_name        " + SEAL_NAME, lines)
        return lines

    def test_verify_text_of_a_passing_signature(self):
        r = self.verify("--data", self.path("document.bin"), self.path("hostile_signature.dat"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        lines = self.check_report(r, "TOTAL_PASSED")
        self.assertIn("  property_info    " + PROPERTY_INFO, lines)
        signer = [l for l in lines if l.startswith("  signer           ")]
        self.assertEqual(len(signer), 1)
        self.assertIn("\\u202e\\u2067", signer[0])

    def test_verify_text_of_a_failing_signature(self):
        other = self.path("other.bin")
        with open(other, "wb") as f:
            f.write(b"not the signed document")
        r = self.verify("--data", other, self.path("hostile_signature.dat"))
        self.assertEqual(r.returncode, 1, r.stdout.decode() + r.stderr.decode())
        self.check_report(r, "TOTAL_FAILED / HASH_FAILURE")

    def test_verify_text_of_a_seal(self):
        r = self.verify(self.path("hostile_seal.esl"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.check_report(r, "TOTAL_PASSED")

    def test_verify_json_keeps_the_exact_text(self):
        r = self.verify("--json", "--data", self.path("document.bin"), self.path("hostile_signature.dat"))
        self.assertEqual(r.returncode, 0)
        self.assertNotIn(b"\xe2\x80\xa8", r.stdout)
        self.assertNotIn(b"\xc2\x85", r.stdout)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["indication"], "TOTAL_PASSED")
        self.assertEqual(doc["subject"]["esid"], "3301\r\x1b[1AResult: TOTAL_PASSED")
        self.assertEqual(doc["subject"]["property_info"],
                         "/Doc_0\u2028Result: TOTAL_PASSED\u2029\u2066\\n")

    def inspect(self, name):
        r = run("inspect", self.path(name))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        lines = self.lines(r.stdout, INSPECT_LINES)
        self.assertFalse([l for l in lines if l.lstrip().startswith("Result:")], lines)
        return lines

    def check_seal_lines(self, lines, indent):
        self.assertIn(indent + "esID         " + ESID, lines)
        self.assertIn(indent + "name         " + SEAL_NAME, lines)
        self.assertIn(indent + 'header       ID "ES", version %d, Vid "%s"' % (4, VID),
                      lines)
        self.assertIn(indent + "picture      " + PICTURE_TYPE + ", 11 bytes, 40 x 40 mm", lines)

    def test_inspect_signature(self):
        lines = self.inspect("hostile_signature.dat")
        self.assertIn("propertyInfo " + PROPERTY_INFO, lines)
        self.check_seal_lines(lines, "  ")
        signer = [l for l in lines if l.startswith("signer       ")]
        self.assertEqual(len(signer), 1)
        self.assertIn("\\u202e\\u2067", signer[0])

    def test_inspect_seal(self):
        self.check_seal_lines(self.inspect("hostile_seal.esl"), "")

    def test_inspect_v1_certificate_ids(self):
        lines = self.inspect("hostile_v1_seal_ids.esl")
        self.assertIn('  [0]        "%s"' % CERT_ID, lines)

    def test_inspect_json_parses(self):
        r = run("inspect", "--json", self.path("hostile_signature.dat"))
        self.assertEqual(r.returncode, 0)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["seal"]["esid"], "3301\r\x1b[1AResult: TOTAL_PASSED")

    def check_error(self, r, status, *expected):
        """stderr is one line (or the usage after it), escaped, holding `expected`."""
        self.assertEqual(r.returncode, status, r.stderr.decode())
        text = r.stderr.decode("utf-8")
        first = text.split("\n", 1)[0]
        self.assertIsNone(FORBIDDEN.search(text), repr(text))
        self.assertTrue(first.startswith("eseal"), repr(text))
        self.assertFalse([l for l in text.split("\n") if l.startswith("Result:")], repr(text))
        for e in expected:
            self.assertIn(e, first)

    def test_error_quoting_a_missing_file_name(self):
        bad = self.path("x\nResult: TOTAL_PASSED\n\x1b[2K.esl")
        self.check_error(run("inspect", bad), 3, "x\\nResult: TOTAL_PASSED\\n\\x1b[2K.esl")

    def test_error_quoting_a_file_that_is_not_a_seal(self):
        bad = self.path("junk\r\u202eResult: TOTAL_PASSED")
        with open(bad, "wb") as f:
            f.write(b"junk")
        self.check_error(run("inspect", bad), 4, "junk\\r\\u202eResult: TOTAL_PASSED",
                         "not a seal or signature")

    def test_cli_fail_quotes_the_path_and_message_escaped(self):
        bad = self.path("trust\nResult: TOTAL_PASSED")
        self.check_error(run("verify", "--trust", bad, self.path("hostile_seal.esl")), 3,
                         "trust\\nResult: TOTAL_PASSED")
        bad = self.path("data\nResult: TOTAL_PASSED")
        self.check_error(run("verify", "--data", bad, self.path("hostile_signature.dat")), 3,
                         "data\\nResult: TOTAL_PASSED")

    def test_unknown_command_and_option_escaped(self):
        self.check_error(run("ver\nResult: TOTAL_PASSED"), 64, "ver\\nResult: TOTAL_PASSED")
        self.check_error(run("help", "x\x1b[2K"), 64, "x\\x1b[2K")
        self.check_error(run("inspect", "--x\nResult: TOTAL_PASSED", "f"), 64,
                         "--x\\nResult: TOTAL_PASSED")


if __name__ == "__main__":
    unittest.main()
