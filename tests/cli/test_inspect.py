#!/usr/bin/env python3
"""eseal inspect: exit statuses, text and JSON output, on fixtures and shared vectors."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
WRITE_FIXTURES = os.environ["ESEAL_WRITE_FIXTURES"]
VECTORS = os.environ.get("ESEAL_VECTORS_DIR", "")


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=60)


class Inspect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        subprocess.run([WRITE_FIXTURES, cls.dir], check=True, timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def test_every_fixture_parses_as_json(self):
        files = sorted(os.listdir(self.dir))
        self.assertGreater(len(files), 20)
        for name in files:
            r = run("inspect", "--json", self.path(name))
            self.assertEqual(r.returncode, 0, f"{name}: {r.stderr.decode()}")
            doc = json.loads(r.stdout)
            self.assertEqual(doc["kind"], "signature" if name.endswith(".dat") else "seal")
            self.assertIn(doc["format"], ("V1", "V4", "V5"))
            if name.startswith("quirk_"):
                ids = [w["id"] for w in doc["warnings"]]
                self.assertTrue(ids, name)

    def test_signature_json_fields(self):
        r = run("inspect", "--json", self.path("v4_signature_extensions_timestamp.dat"))
        doc = json.loads(r.stdout)
        self.assertEqual(doc["format"], "V4")
        self.assertEqual(doc["tbs_version"], 4)
        self.assertEqual(doc["seal"]["kind"], "seal")
        self.assertEqual(doc["seal"]["property"]["cert_list_kind"], "digests")
        self.assertEqual(doc["time_info"]["iso"], "2024-06-01T08:00:00Z")
        self.assertEqual(doc["algorithm"], {"oid": "1.2.156.10197.1.501", "name": "SM2-SM3"})
        self.assertEqual([e["critical"] for e in doc["extensions"]], [False, True])
        self.assertIsNotNone(doc["timestamp"])
        self.assertIn("CN=libeseal test signer", doc["signer_cert"]["subject"])
        self.assertEqual(doc["warnings"], [])

    def test_text_output(self):
        r = run("inspect", self.path("v1_seal_extensions.esl"))
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        for expected in ("seal, V1", "测试合同专用章", "certificates: 2", "1.2.156.10197.6.7.2.2.1",
                         "warnings     none"):
            self.assertIn(expected, out)
        r = run("inspect", self.path("quirk_seal_signature_raw_rs.esl"))
        self.assertIn("signature.raw_rs", r.stdout.decode())

    def test_strict_refuses_quirks(self):
        r = run("inspect", "--strict", self.path("quirk_seal_signature_raw_rs.esl"))
        self.assertEqual(r.returncode, 4)
        self.assertIn("strict", r.stderr.decode())
        self.assertEqual(run("inspect", "--strict", self.path("v4_seal.esl")).returncode, 0)

    def test_exit_statuses(self):
        junk = self.path("junk.bin")
        with open(junk, "wb") as f:
            f.write(b"not a seal at all")
        r = run("inspect", junk)
        self.assertEqual(r.returncode, 4)
        self.assertIn("not a seal or signature", r.stderr.decode())
        with open(self.path("v4_signature.dat"), "rb") as f:
            data = f.read()
        with open(self.path("cut.dat"), "wb") as f:
            f.write(data[: len(data) // 2])
        self.assertEqual(run("inspect", self.path("cut.dat")).returncode, 4)
        os.remove(junk)
        os.remove(self.path("cut.dat"))
        self.assertEqual(run("inspect", self.path("missing.esl")).returncode, 3)
        huge = self.path("huge.esl")
        with open(huge, "wb") as f:
            f.truncate(16 * 1024 * 1024 + 1)
        r = run("inspect", huge)
        os.remove(huge)
        self.assertEqual(r.returncode, 3)
        self.assertIn("larger than the input limit", r.stderr.decode())
        self.assertEqual(run("inspect").returncode, 64)
        self.assertEqual(run("inspect", "--bogus", "x").returncode, 64)
        self.assertEqual(run("nosuchcommand").returncode, 64)

    def test_help(self):
        for args in (("--help",), ("inspect", "--help"), ("help", "inspect")):
            r = run(*args)
            self.assertEqual(r.returncode, 0, args)
            self.assertIn("usage: eseal", r.stdout.decode())
        self.assertIn(b"eseal 0.", run("--version").stdout)


@unittest.skipUnless(VECTORS and os.path.isfile(os.path.join(VECTORS, "README.txt")),
                     "shared vectors not found (set ESEAL_VECTORS_DIR)")
class InspectVectors(unittest.TestCase):
    EXPECTED = {
        "ofdrw_UserV1.esl": ("seal", "V1", "OFDR&WTest", "40C8CDD24DEF43388B86E62CCE1D6832", []),
        "ofdrw_UserV4.esl": ("seal", "V4", "OFDR&WTest", "51f044b76510434e9bc67a1185c2fba5", []),
        "ofdrw_UserV5.esl": ("seal", "V5", "OFDR&WTestV5", None, []),
        "ofdrw_UserV5_ts.esl": ("seal", "V5", "OFDR&WTestV5", None, []),
        "koal_Seal.esl": ("seal", "V4", "koal", "4BE82F99E883422BA674E442CE584579",
                          ["der.explicit_default", "signature.raw_rs"]),
        "hebeigede_SESealData.der": ("seal", "V4", "Vid HebeiGede", "esID130600",
                                     ["certlist.duplicate", "der.explicit_default"]),
        "ofdrw_SignedValueV4.dat": ("signature", "V4", "OFDR&WTest", None, []),
        "ofdrw_SignedValueV5.dat": ("signature", "V5", "OFDR&WTestV5", None, []),
        "synthetic/synthetic_V1_SignedValue.dat": ("signature", "V1", "OFDR&WTest", None,
                                                   ["v1.time_no_zone"]),
        "extracted/dms360_v1/Doc_0/Signs/Sign_0/Seal.esl": ("seal", "V1", "dms360.cn", "esID",
                                                            ["v1.cert_id"]),
        "extracted/dms360_v1/Doc_0/Signs/Sign_0/SignedValue.dat": ("signature", "V1", "dms360.cn",
                                                                  "esID", ["v1.cert_id"]),
    }

    def test_vectors(self):
        for name, (kind, fmt, vid, esid, warnings) in self.EXPECTED.items():
            r = run("inspect", "--json", os.path.join(VECTORS, name))
            self.assertEqual(r.returncode, 0, name)
            doc = json.loads(r.stdout)
            self.assertEqual(doc["kind"], kind, name)
            self.assertEqual(doc["format"], fmt, name)
            seal = doc["seal"] if kind == "signature" else doc
            self.assertEqual(seal["header"]["vid"], vid, name)
            if esid:
                self.assertEqual(seal["esid"], esid, name)
            self.assertEqual(sorted({w["id"] for w in doc["warnings"]}), warnings, name)

    def test_not_ses(self):
        for name in ("ofdrw_Signature.xml", "ofdrw_sign_cert.pem", "derived/ofdrw_USER_cert.der"):
            self.assertEqual(run("inspect", os.path.join(VECTORS, name)).returncode, 4, name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
