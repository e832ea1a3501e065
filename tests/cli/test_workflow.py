#!/usr/bin/env python3
"""eseal pki, seal, stamp, verify and demo end to end, with an independent check by the
openssl command line over the bytes cut out of the files it writes."""
import json
import re
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

ESEAL = os.environ["ESEAL_CLI"]
OPENSSL = shutil.which("openssl")
SM2_ID = "distid:1234567812345678"


def run(*args, cwd=None):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120, cwd=cwd)


def asn1_offsets(path):
    """(offset, depth, header length, length, type) of every object openssl asn1parse lists."""
    out = subprocess.run([OPENSSL, "asn1parse", "-inform", "DER", "-in", path],
                         capture_output=True, check=True, timeout=60).stdout.decode()
    rows = []
    for line in out.splitlines():
        m = re.match(r"\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+\w+:\s*(\S+)", line)
        if m:
            rows.append((int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5]))
    return rows


class Workflow(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        r = run("pki", "init", cls.dir)
        assert r.returncode == 0, r.stderr.decode()
        cls.data = cls.path("contract.txt")
        with open(cls.data, "wb") as f:
            f.write("合同正文 / contract body\n".encode())
        r = run("seal", "create", "--maker-key", cls.path("maker.key"), "--maker-cert",
                cls.path("maker.crt"), "--signer-cert", cls.path("signer.crt"), "--esid",
                "3301060000001", "--name", "合同专用章", "-o", cls.path("seal.esl"))
        assert r.returncode == 0, r.stderr.decode()
        r = run("stamp", "--seal", cls.path("seal.esl"), "--key", cls.path("signer.key"), "--cert",
                cls.path("signer.crt"), "--data", cls.data, "--property", "contract.txt", "-o",
                cls.path("contract.sig"))
        assert r.returncode == 0, r.stderr.decode()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def verify(self, *args):
        return run("verify", "--trust", self.path("root.crt"), *args)

    def trusted(self, *args):
        """eseal verify with the role-separated, signed trust list of the test PKI."""
        return run("verify", "--trust-list", self.path("trust-list.txt"), "--trust-list-operator",
                   self.path("operator.crt"), *args)

    def test_pki_files(self):
        for name in ("root.crt", "maker-ca.crt", "signer-ca.crt", "maker.crt", "maker.key",
                     "signer.crt", "signer.key", "trust-list.txt", "operator.crt", "operator.key"):
            self.assertTrue(os.path.isfile(self.path(name)), name)
        for key in ("signer.key", "maker.key", "operator.key"):
            self.assertEqual(os.stat(self.path(key)).st_mode & 0o077, 0, key)

    def test_signed_trust_list_passes_and_names_its_roles(self):
        r = self.trusted("--json", "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
        self.assertEqual(checks["seal.maker_chain"]["status"], "OK")
        self.assertIn("roles seal-maker; from trust list libeseal test PKI #1",
                      checks["seal.maker_chain"]["message"])
        self.assertIn("roles signer-ca;", checks["signer.chain"]["message"])
        # The same list checked against another key is refused, and nothing is verified.
        r = run("verify", "--trust-list", self.path("trust-list.txt"), "--trust-list-operator",
                self.path("signer.crt"), "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 3)
        self.assertIn("does not verify", r.stderr.decode())
        # Unsigned use of a signed list: passes, and the chain checks say so.
        r = run("verify", "--json", "--trust-list", self.path("trust-list.txt"), "--data",
                self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0)
        checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
        self.assertEqual(checks["signer.chain"]["status"], "WARNING")
        r = run("verify", "--trust-list-operator", self.path("operator.crt"),
                self.path("contract.sig"))
        self.assertEqual(r.returncode, 64)

    def test_a_signer_cannot_make_its_own_seal(self):
        own = self.path("own-seal.esl")
        r = run("seal", "create", "--maker-key", self.path("signer.key"), "--maker-cert",
                self.path("signer.crt"), "--signer-cert", self.path("signer.crt"), "--esid",
                "3301069999999", "--name", "私刻公章", "-o", own)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        sig = self.path("own.sig")
        r = run("stamp", "--seal", own, "--key", self.path("signer.key"), "--cert",
                self.path("signer.crt"), "--data", self.data, "-o", sig)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # Role-separated trust: the signer CA vouches for no seal maker, and maker = signer.
        r = self.trusted("--json", "--data", self.data, sig)
        self.assertEqual(r.returncode, 1, r.stdout.decode())
        checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
        self.assertEqual(checks["seal.maker_chain"]["sub_indication"], "CHAIN_CONSTRAINTS_FAILURE")
        self.assertIn("not trusted for the seal-maker role", checks["seal.maker_chain"]["message"])
        self.assertEqual(checks["signer.role"]["status"], "NOT_OK")
        # Even with both CAs trusted for every default role: maker = signer is refused.
        r = self.verify("--json", "--data", self.data, sig)
        self.assertEqual(r.returncode, 1, r.stdout.decode())
        self.assertEqual(json.loads(r.stdout)["sub_indication"], "SIG_CONSTRAINTS_FAILURE")
        # Per-role trust paths work the same way as the list.
        r = run("verify", "--json", "--trust-maker", self.path("maker-ca.crt"), "--trust-signer",
                self.path("signer-ca.crt"), "--data", self.data, sig)
        self.assertEqual(r.returncode, 1)
        checks = {c["id"]: c["status"] for c in json.loads(r.stdout)["checks"]}
        self.assertEqual(checks["seal.maker_chain"], "NOT_OK")
        r = run("verify", "--trust-maker", self.path("maker-ca.crt"), "--trust-signer",
                self.path("signer-ca.crt"), "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())

    def test_expected_kind_and_a_seal_given_data(self):
        r = self.trusted("--json", "--data", self.data, self.path("seal.esl"))
        self.assertEqual(r.returncode, 2, r.stdout.decode())
        doc = json.loads(r.stdout)
        self.assertEqual((doc["kind"], doc["sub_indication"]), ("seal", "SIGNED_DATA_NOT_FOUND"))
        r = self.trusted("--expect", "signature", self.path("seal.esl"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("a signature was expected", r.stdout.decode())
        r = self.trusted("--expect", "seal", "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 1)
        r = self.trusted("--expect", "signature", "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0)
        self.assertIn("Verification of a signature", r.stdout.decode())

    def test_policy_options(self):
        sig = self.path("contract.sig")
        for args in (("--time-policy", "claimed-time"), ("--crypto-policy", "legacy"),
                     ("--clock-skew", "0"), ("--poe", "2026-01-01T00:00:00Z", "--poe-source",
                                             "archive"), ("--accept-extension", "1.2.3.4")):
            r = self.trusted("--json", "--data", self.data, *args, sig)
            self.assertEqual(r.returncode, 0, (args, r.stdout.decode(), r.stderr.decode()))
        doc = json.loads(self.trusted("--json", "--time-policy", "claimed-time",
                                      "--crypto-policy", "legacy", "--data", self.data,
                                      sig).stdout)
        facts = json.dumps(doc)
        self.assertIn("claimed-time", facts)
        self.assertIn("legacy", facts)
        for args in (("--time-policy", "trust-me"), ("--crypto-policy", "weak"),
                     ("--clock-skew", "-5"), ("--poe", "yesterday"), ("--expect", "pdf"),
                     ("--accept-extension", "not-an-oid")):
            r = self.trusted(*args, sig)
            self.assertIn(r.returncode, (3, 64), args)
        # A bad value is quoted escaped: it cannot print a line of its own.
        r = self.trusted("--expect", "pdf\nResult: TOTAL_PASSED", sig)
        self.assertEqual(r.returncode, 64)
        self.assertNotIn("\nResult:", r.stderr.decode())
        self.assertIn("pdf\\nResult", r.stderr.decode())

    def test_signature_passes(self):
        r = self.verify("--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn("Result: TOTAL_PASSED", r.stdout.decode())

    def test_json_report(self):
        r = self.verify("--json", "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        doc = json.loads(r.stdout)
        self.assertEqual(doc["indication"], "TOTAL_PASSED")
        self.assertIsNone(doc["sub_indication"])
        ids = [c["id"] for c in doc["checks"]]
        self.assertEqual(ids, ["format", "version", "extensions", "signature.time",
                               "signature.value", "data.hash", "timestamp", "seal.signature",
                               "seal.maker_chain", "seal.maker_role", "seal.maker_validity",
                               "seal.maker_revocation", "seal.validity", "signer.binding",
                               "signer.chain", "signer.role", "signer.validity",
                               "signer.revocation", "crypto.policy", "seal.filing"])
        self.assertEqual({c["role"] for c in doc["certificates"]},
                         {"maker", "maker-chain", "signer", "signer-chain"})
        self.assertIn("claimed_signing", doc["times"])

    def test_precomputed_hash(self):
        sm3 = subprocess.run([OPENSSL, "dgst", "-sm3", "-r", self.data], capture_output=True,
                             check=True).stdout.split()[0].decode()
        r = self.verify("--hash", sm3, self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())

    def test_tampered_data_fails(self):
        changed = self.path("changed.txt")
        with open(self.data, "rb") as f:
            body = bytearray(f.read())
        body[0] ^= 1
        with open(changed, "wb") as f:
            f.write(body)
        r = self.verify("--json", "--data", changed, self.path("contract.sig"))
        self.assertEqual(r.returncode, 1)
        doc = json.loads(r.stdout)
        self.assertEqual((doc["indication"], doc["sub_indication"]),
                         ("TOTAL_FAILED", "HASH_FAILURE"))

    def test_without_trust_or_data_is_indeterminate(self):
        r = run("verify", "--data", self.data, self.path("contract.sig"))
        self.assertEqual(r.returncode, 2, r.stdout.decode())
        r = self.verify(self.path("contract.sig"))
        self.assertEqual(r.returncode, 2, r.stdout.decode())

    def test_seal_alone_and_at_a_time(self):
        r = self.verify(self.path("seal.esl"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        r = self.verify("--json", "--at", "2099-01-01T00:00:00Z", self.path("seal.esl"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stdout)["sub_indication"], "EXPIRED")

    def test_garbage_is_a_format_failure_and_errors_are_3(self):
        junk = self.path("junk.bin")
        with open(junk, "wb") as f:
            f.write(b"\x30\x03\x02\x01")
        self.assertEqual(self.verify(junk).returncode, 1)
        self.assertEqual(self.verify(self.path("missing.sig")).returncode, 3)
        self.assertEqual(run("verify").returncode, 64)

    def test_refused_stamp_writes_nothing(self):
        out = self.path("refused.sig")
        r = run("stamp", "--seal", self.path("seal.esl"), "--key", self.path("maker.key"),
                "--cert", self.path("maker.crt"), "--data", self.data, "-o", out)
        self.assertEqual(r.returncode, 5, "refused by a pre-stamp check")
        self.assertIn("may not use this seal", r.stderr.decode())
        self.assertFalse(os.path.exists(out))
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp" in n], [])

    def test_picture_is_xml_and_deterministic(self):
        a, b = self.path("a.svg"), self.path("b.svg")
        for out in (a, b):
            r = run("seal", "picture", "--organisation", "杭州示例科技有限公司", "--name",
                    "合同专用章", "--code", "3301060000001", "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())
        root = ET.parse(a).getroot()
        self.assertTrue(root.tag.endswith("svg"))
        svg_ns = "{http://www.w3.org/2000/svg}"
        # Glyph outlines, never text: ring, star, 10 + 5 + 13 glyphs.
        self.assertEqual(list(root.iter(svg_ns + "text")), [])
        self.assertEqual(len(list(root.iter(svg_ns + "path"))), 2 + 10 + 5 + 13)
        for shape in ("rectangle", "oval", "square"):
            out = self.path(shape + ".svg")
            r = run("seal", "picture", "--shape", shape, "--name", "张三", "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            ET.parse(out)
        png = self.path("seal.png")
        r = run("seal", "picture", "--shape", "oval", "--organisation", "杭州示例商贸有限公司",
                "--taxpayer-id", "91330106MA2ABCDE1X", "--png", png, "--dpi", "150")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        r = run("seal", "picture", "--shape", "oval", "--organisation", "杭州示例商贸有限公司",
                "--png", png)
        self.assertEqual(r.returncode, 3, "an invoice seal without its taxpayer number is refused")
        self.assertIn("taxpayer", r.stderr.decode())
        drawn = self.path("from.svg")
        r = run("seal", "picture", "--from", self.path("seal.esl"), "-o", drawn)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # The organisation comes from the signer certificate's O= (pki init's default): the
        # same bytes as drawing the seal's elements directly.
        direct = self.path("direct.svg")
        r = run("seal", "picture", "--organisation", "示例科技有限公司", "--name", "合同专用章",
                "--code", "3301060000001", "-o", direct)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(drawn, "rb") as fa, open(direct, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())

    def test_seal_create_draws_a_png_picture(self):
        out = self.path("png-drawn.esl")
        common = ("seal", "create", "--maker-key", self.path("maker.key"), "--maker-cert",
                  self.path("maker.crt"), "--signer-cert", self.path("signer.crt"), "--esid",
                  "3301060000009", "--name", "合同专用章")
        r = run(*common, "--picture-format", "png", "--dpi", "150", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = run("inspect", out)
        self.assertIn("picture      PNG", r.stdout.decode())
        # The drawn PNG is the appearance OFD stamping needs: the stamped file verifies.
        ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
        doc = self.path("drawn-doc.ofd")
        with zipfile.ZipFile(doc, "w") as z:
            z.writestr("OFD.xml", f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
                                  "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
            z.writestr("Doc_0/Document.xml", f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" '
                       'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
            z.writestr("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page {ns}><ofd:Content/></ofd:Page>")
        stamped = self.path("drawn-stamped.ofd")
        r = run("ofd", "stamp", doc, stamped, "--seal", out, "--key", self.path("signer.key"),
                "--cert", self.path("signer.crt"), "--page", "1", "--x", "20", "--y", "30")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.trusted(stamped)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        r = run(*common, "--picture-format", "gif", "-o", out)
        self.assertEqual(r.returncode, 64, "only svg and png are drawn")
        r = run(*common, "--picture-format", "png", "--dpi", "5000", "-o", out)
        self.assertEqual(r.returncode, 3, "the dpi range is the library's")
        self.assertIn("72..1200 dpi", r.stderr.decode())

    def test_ofd_stamp_verifies_and_refuses_whole(self):
        png = self.path("ofd-picture.png")
        with open(png, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
        r = run("seal", "create", "--maker-key", self.path("maker.key"), "--maker-cert",
                self.path("maker.crt"), "--signer-cert", self.path("signer.crt"), "--esid",
                "3301060000003", "--name", "合同专用章", "--picture", png, "--picture-type", "png",
                "--picture-size", "40x40", "-o", self.path("png.esl"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
        doc = self.path("doc.ofd")
        with zipfile.ZipFile(doc, "w") as z:
            z.writestr("OFD.xml", f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
                                  "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
            z.writestr("Doc_0/Document.xml", f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" '
                       'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
            z.writestr("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page {ns}><ofd:Content/></ofd:Page>")
        stamp = ["ofd", "stamp", doc, self.path("stamped.ofd"), "--seal", self.path("png.esl"),
                 "--key", self.path("signer.key"), "--cert", self.path("signer.crt"),
                 "--page", "1", "--x", "20", "--y", "30"]
        r = run(*stamp)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.trusted(self.path("stamped.ofd"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        # A TSA on the loopback is refused unless allowed; allowed, nobody answers
        # there. Either way the stamp fails whole: no output file.
        for extra, refused_for_loopback in ((["--tsa", "http://127.0.0.1:9/"], True),
                                            (["--tsa", "http://127.0.0.1:9/",
                                              "--allow-private-targets"], False)):
            out = self.path("with-tsa.ofd")
            r = run(*stamp[:3], out, *stamp[4:], *extra)
            self.assertEqual(r.returncode, 3, r.stderr.decode())
            self.assertIn(b"timestamp authority", r.stderr)
            self.assertEqual(b"loopback" in r.stderr, refused_for_loopback, r.stderr.decode())
            self.assertFalse(os.path.exists(out))

    def test_v1_seal_with_a_picture_file(self):
        png = self.path("picture.png")
        with open(png, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
        common = ["--maker-key", self.path("maker.key"), "--maker-cert", self.path("maker.crt"),
                  "--signer-cert", self.path("signer.crt"), "--esid", "3301060000002", "--name",
                  "财务专用章", "--v1"]
        r = run("seal", "create", *common, "--picture", png, "-o", self.path("v1.esl"))
        self.assertEqual(r.returncode, 64, "a picture needs its type and size")
        r = run("seal", "create", *common, "--picture", png, "--picture-type", "png",
                "--picture-size", "40x40", "-o", self.path("v1.esl"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        doc = json.loads(run("inspect", "--json", self.path("v1.esl")).stdout)
        self.assertEqual(doc["format"], "V1")
        sig = self.path("v1.sig")
        r = run("stamp", "--seal", self.path("v1.esl"), "--key", self.path("signer.key"), "--cert",
                self.path("signer.crt"), "--data", self.data, "-o", sig)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.verify("--json", "--data", self.data, sig)
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        self.assertEqual(json.loads(r.stdout)["subject"]["format"], "V1")
        r = run("seal", "create", *common, "--digests", "-o", self.path("bad.esl"))
        self.assertEqual(r.returncode, 3)
        self.assertFalse(os.path.exists(self.path("bad.esl")))

    def test_help_for_every_command(self):
        for cmd in ("demo", "pki", "seal", "stamp", "verify", "inspect"):
            r = run(cmd, "--help")
            self.assertEqual(r.returncode, 0, cmd)
            self.assertIn(b"usage: eseal " + cmd.encode(), r.stdout)

    @unittest.skipUnless(OPENSSL, "the openssl command is not installed")
    def test_openssl_verifies_the_seal_and_the_signature(self):
        # Maker over SealInfo (V4), signer over TBS_Sign, each with the standard SM2 ID.
        self.openssl_check(self.path("seal.esl"), self.path("maker.crt"), 1)
        self.openssl_check(self.path("contract.sig"), self.path("signer.crt"), 1)

    def openssl_check(self, path, cert, signed_index):
        rows = asn1_offsets(path)
        top = [r for r in rows if r[1] == 1]
        signed, bits = top[signed_index - 1], [r for r in top if r[4] == "BIT"][0]
        cut, sig, pub = (self.path(n) for n in ("cut.der", "sig.der", "pub.pem"))
        subprocess.run([OPENSSL, "asn1parse", "-inform", "DER", "-in", path, "-noout",
                        "-strparse", str(signed[0]), "-out", cut], check=True, timeout=60)
        subprocess.run([OPENSSL, "asn1parse", "-inform", "DER", "-in", path, "-noout",
                        "-strparse", str(bits[0]), "-out", sig], check=True, timeout=60)
        with open(pub, "wb") as f:
            f.write(subprocess.run([OPENSSL, "x509", "-in", cert, "-noout", "-pubkey"],
                                   capture_output=True, check=True).stdout)
        with open(path, "rb") as f:
            whole = f.read()
        with open(cut, "rb") as f:
            self.assertEqual(f.read(), whole[signed[0]:signed[0] + signed[2] + signed[3]])
        ok = subprocess.run([OPENSSL, "dgst", "-sm3", "-verify", pub, "-sigopt", SM2_ID,
                             "-signature", sig, cut], capture_output=True, timeout=60)
        self.assertEqual(ok.returncode, 0, ok.stdout.decode() + ok.stderr.decode())
        self.assertIn(b"Verified OK", ok.stdout)
        # A different ID fails: the value is bound to the standard one.
        bad = subprocess.run([OPENSSL, "dgst", "-sm3", "-verify", pub, "-sigopt",
                              "distid:0000000000000000", "-signature", sig, cut],
                             capture_output=True, timeout=60)
        self.assertNotEqual(bad.returncode, 0)


class Demo(unittest.TestCase):
    def test_demo_runs_and_detects_the_change(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([ESEAL, "demo"], capture_output=True, timeout=120,
                               env={**os.environ, "TMPDIR": tmp})
            out = r.stdout.decode()
            self.assertEqual(r.returncode, 0, out + r.stderr.decode())
            self.assertIn("Result: TOTAL_PASSED", out)
            self.assertIn("Result: TOTAL_FAILED / HASH_FAILURE", out)
            self.assertEqual(os.listdir(tmp), [], "the demo leaves nothing behind")

    def test_demo_writes_the_seal_png_and_says_where(self):
        with tempfile.TemporaryDirectory() as tmp:
            keep = os.path.join(tmp, "kept")
            r = subprocess.run([ESEAL, "demo", "--keep", keep], capture_output=True, timeout=120)
            out = r.stdout.decode()
            self.assertEqual(r.returncode, 0, out + r.stderr.decode())
            png = os.path.join(keep, "seal.png")
            self.assertIn(png, out)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
