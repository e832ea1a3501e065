#!/usr/bin/env python3
"""eseal verify on the signatures inside the real vendor OFDs of ../shared/vectors: every
SES-level verdict of their README, the vendor quirks reported as warnings, and, with the
files' own maker and signer certificates trusted as end-entity anchors, TOTAL_PASSED under
the claimed-time policy or with proof of existence, INDETERMINATE without it."""
import base64
import json
import os
import subprocess
import tempfile
import unittest
import zipfile

ESEAL = os.environ["ESEAL_CLI"]
VECTORS = os.environ.get("ESEAL_VECTORS_DIR", "")
HAVE_VECTORS = bool(VECTORS) and os.path.isfile(os.path.join(VECTORS, "README.txt"))


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120)


def statuses(report):
    return {c["id"]: c["status"] for c in report["checks"]}


@unittest.skipUnless(HAVE_VECTORS, "shared vectors not found (set ESEAL_VECTORS_DIR)")
class VendorSignatures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def extract(self, ofd, sign_dir):
        """SignedValue.dat and Signature.xml of one Sign folder, as files."""
        out = {}
        with zipfile.ZipFile(os.path.join(VECTORS, ofd)) as z:
            for name in ("SignedValue.dat", "Signature.xml"):
                path = os.path.join(self.tmp.name, f"{ofd}-{sign_dir}-{name}")
                with open(path, "wb") as f:
                    f.write(z.read(f"Doc_0/Signs/{sign_dir}/{name}"))
                out[name] = path
        return out

    def verify(self, files, *args):
        r = run("verify", "--json", "--data", files["Signature.xml"], *args,
                files["SignedValue.dat"])
        self.assertIn(r.returncode, (0, 1, 2), r.stderr.decode())
        return json.loads(r.stdout)

    def anchors(self, files):
        """The maker and signer certificates of the signature, as PEM files."""
        r = run("inspect", "--json", files["SignedValue.dat"])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        doc = json.loads(r.stdout)
        paths = {}
        for role, der in (("maker", doc["seal"]["maker_cert"]["der_base64"]),
                          ("signer", doc["signer_cert"]["der_base64"])):
            path = files["SignedValue.dat"] + f".{role}.der"
            with open(path, "wb") as f:
                f.write(base64.b64decode(der))
            paths[role] = path
        return ["--trust-maker", paths["maker"], "--trust-signer", paths["signer"]]

    def expect_crypto_valid(self, report):
        s = statuses(report)
        for check in ("signature.value", "data.hash", "seal.signature", "signer.binding"):
            self.assertEqual(s[check], "OK", (check, report))

    def test_gomain_tax_invoice(self):
        files = self.extract("gomain_tax_1.ofd", "Sign_0")
        untrusted = self.verify(files)
        self.expect_crypto_valid(untrusted)
        self.assertEqual(untrusted["indication"], "INDETERMINATE")
        trust = self.anchors(files)
        # The certificates expired long ago: nothing proves the stamp existed before.
        poe = self.verify(files, *trust)
        self.expect_crypto_valid(poe)
        self.assertEqual(poe["indication"], "INDETERMINATE")
        self.assertEqual(poe["sub_indication"], "OUT_OF_BOUNDS_NO_POE")
        claimed = self.verify(files, *trust, "--time-policy", "claimed-time")
        self.assertEqual(claimed["indication"], "TOTAL_PASSED", claimed)
        self.assertIn("WARNING", statuses(claimed).values())
        signed_at = claimed["times"]["claimed_signing"]
        proven = self.verify(files, *trust, "--poe", signed_at, "--poe-source", "an archive")
        self.assertEqual(proven["indication"], "TOTAL_PASSED", proven)

    def test_gomain_invoice_example_is_intact_at_the_ses_level(self):
        # The modified Document.xml is an OFD reference failure, not an SES one.
        self.expect_crypto_valid(self.verify(self.extract("gomain_invoice_example.ofd", "Sign_0")))

    def test_tongz_raw_signature_critical_vendor_extension_and_server_auth_maker(self):
        files = self.extract("tongz_keyword.ofd", "Sign_1")
        report = self.verify(files, *self.anchors(files), "--time-policy", "claimed-time")
        self.expect_crypto_valid(report)
        s = statuses(report)
        self.assertEqual(s["format"], "WARNING")  # raw r||s
        self.assertEqual(s["extensions"], "WARNING")  # 1.3.6.1.5.5.7.1.4, critical
        self.assertEqual(s["seal.maker_role"], "WARNING")  # serverAuth only
        self.assertEqual(report["indication"], "TOTAL_PASSED", report)
        strict = self.verify(files, *self.anchors(files), "--time-policy", "claimed-time",
                             "--strict")
        self.assertEqual(strict["indication"], "TOTAL_FAILED")

    def test_koal_raw_seal_signature_and_time_stamping_maker(self):
        for ofd in ("koal_test.ofd", "koal_test-1_tampered.ofd"):
            files = self.extract(ofd, "Sign_0")
            report = self.verify(files, *self.anchors(files), "--time-policy", "claimed-time")
            self.expect_crypto_valid(report)
            self.assertEqual(statuses(report)["seal.maker_role"], "WARNING")
            self.assertEqual(report["indication"], "TOTAL_PASSED", report)

    def test_ofdrw_signed_after_the_seal_expired(self):
        files = self.extract("ofdrw_SESV4SignDoc.ofd", "Sign_0")
        report = self.verify(files, *self.anchors(files))
        s = statuses(report)
        self.assertEqual(s["signature.value"], "OK")
        self.assertEqual(s["seal.validity"], "NOT_OK")
        self.assertEqual(s["signer.validity"], "NOT_OK")
        self.assertEqual(report["indication"], "TOTAL_FAILED")
        self.assertEqual(report["sub_indication"], "EXPIRED")

    def test_ofdrw_two_seals(self):
        for sign_dir in ("Sign_0", "Sign_1"):
            files = self.extract("ofdrw_h_two_seals.ofd", sign_dir)
            report = self.verify(files, *self.anchors(files), "--time-policy", "claimed-time")
            self.expect_crypto_valid(report)
            self.assertEqual(report["indication"], "TOTAL_PASSED", report)

    def test_dms360_signed_a_precomputed_hash(self):
        files = self.extract("dms360_v1_n.ofd", "Sign_0")
        report = self.verify(files)
        s = statuses(report)
        self.assertEqual(report["indication"], "TOTAL_FAILED")
        self.assertEqual(s["signature.value"], "NOT_OK")
        message = next(c["message"] for c in report["checks"] if c["id"] == "signature.value")
        self.assertIn("precomputed hash", message)
        self.assertEqual(s["data.hash"], "NOT_OK")
        self.assertEqual(s["extensions"], "WARNING")  # 1.3.6.1.4.1.54706.1, critical


if __name__ == "__main__":
    unittest.main()
