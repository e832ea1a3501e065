#!/usr/bin/env python3
"""eseal verify and eseal inspect on the OFD packages of ../shared/vectors: a package is
recognised (from a file or stdin), the document report is printed as text or JSON, its exit
status follows the document indication, --signature picks one signature, and a file that is
not an OFD is an error."""
import json
import os
import subprocess
import tempfile
import unittest
import zipfile

try:  # python3-jsonschema; without it the schema is not checked here
    import eseal_schema
except ImportError:
    eseal_schema = None

ESEAL = os.environ["ESEAL_CLI"]
VECTORS = os.environ.get("ESEAL_VECTORS_DIR", "")
HAVE_VECTORS = bool(VECTORS) and os.path.isfile(os.path.join(VECTORS, "README.txt"))


def run(*args, stdin=None):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120, input=stdin)


def vector(name):
    return os.path.join(VECTORS, name)


@unittest.skipUnless(HAVE_VECTORS, "shared vectors not found (set ESEAL_VECTORS_DIR)")
class OfdVerify(unittest.TestCase):
    def test_tampered_page_fails_with_exit_1(self):
        r = run("verify", vector("koal_test-1_tampered.ofd"))
        self.assertEqual(r.returncode, 1, r.stderr)
        out = r.stdout.decode()
        self.assertIn("Result: TOTAL_FAILED / HASH_FAILURE", out)
        self.assertIn("ofd.reference", out)
        self.assertIn("Doc_0/Pages/Page_0/Content.xml was changed", out)

    def test_json_and_stdin(self):
        r = run("verify", "--json", vector("ofdrw_h_two_seals.ofd"))
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["kind"], "ofd")
        if eseal_schema is not None:
            # Each report inside is a document of eseal-report/1 of its own; the
            # wrapper's keys are those doc/schema/eseal-ofd-report.schema.json requires.
            schema = eseal_schema.load_schemas()["urn:libeseal:eseal-ofd-report/1"]
            self.assertEqual(sorted(report), sorted(schema["required"]))
            self.assertEqual(report["schema"], "eseal-ofd-report/1")
            for inner in [report["document"]] + [s["report"] for s in report["signatures"]]:
                self.assertEqual(eseal_schema.errors(inner), [])
        self.assertEqual([s["id"] for s in report["signatures"]], ["s001", "s007"])
        doc = {c["id"]: c["status"] for c in report["document"]["checks"]}
        self.assertEqual(doc["ofd.modification"], "NOT_OK")
        with open(vector("koal_test.ofd"), "rb") as f:
            piped = run("verify", "--json", "-", stdin=f.read())
        self.assertEqual(json.loads(piped.stdout)["kind"], "ofd")
        # No anchors: the crypto-valid Koal document cannot pass, and is not failed either.
        self.assertEqual(piped.returncode, 2, piped.stderr)

    def test_one_signature(self):
        r = run("verify", "--json", "--signature", "s007", vector("ofdrw_h_two_seals.ofd"))
        self.assertEqual([s["id"] for s in json.loads(r.stdout)["signatures"]], ["s007"])
        missing = run("verify", "--signature", "nope", vector("ofdrw_h_two_seals.ofd"))
        self.assertEqual(missing.returncode, 3)
        self.assertIn(b'no signature with ID "nope"', missing.stderr)

    def test_inspect_lists_signatures_and_seals(self):
        r = run("inspect", vector("tongz_keyword.ofd"))
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode()
        self.assertIn("OFD document with 2 signatures", out)
        self.assertIn("Signature 2", out)
        self.assertIn("Signature 4", out)
        self.assertIn("37030000001721", out)  # the seal's esID
        self.assertIn("GB/T 35275 SignedData", out)


class NotAnOfd(unittest.TestCase):
    def test_a_zip_without_ofd_xml_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.ofd")
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("hello.txt", "hi")
            r = run("verify", path)
            self.assertEqual(r.returncode, 3)
            self.assertIn(b"no OFD.xml", r.stderr)
            self.assertEqual(run("inspect", path).returncode, 4)


if __name__ == "__main__":
    unittest.main()
