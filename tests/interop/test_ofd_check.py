#!/usr/bin/env python3
"""`eseal ofd stamp` output checked by ofd_check.py, a verifier written only from
ses-format.md §9-§10 (zipfile, hashlib SM3, the openssl command for SM2): every Reference,
the dataHash and both signatures, after one stamp and after two. The checker is first
shown to fail on changed packages and to agree with the vendor files' known verdicts."""
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ofd_check  # noqa: E402

ESEAL = os.environ.get("ESEAL_CLI")
VECTORS = os.environ.get("ESEAL_VECTORS_DIR", "")
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120)


def png(width=8, height=8):
    """A real (tiny, red) PNG, so that OFD readers could draw the appearance."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xd0\x02\x1b" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def page(text):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {NS}><ofd:Content><ofd:Layer ID="9">'
            f'<ofd:TextObject ID="3" Boundary="30 200 120 10" Font="5" Size="5">'
            f'<ofd:TextCode X="0" Y="5" DeltaX="g 20 5">{text}</ofd:TextCode></ofd:TextObject>'
            f'</ofd:Layer></ofd:Content></ofd:Page>')


def make_ofd(path, pages):
    entries = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {NS} Version="1.0" '
                   f'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID>'
                   f'</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>'
                   f'</ofd:OFD>',
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {NS}>'
                              f'<ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea>'
                              f'<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                              f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                              f'<ofd:Pages>' + "".join(
                                  f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                                  for i in range(len(pages))) + '</ofd:Pages></ofd:Document>',
        "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {NS} '
                               f'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="5" FontName="宋体"/>'
                               f'</ofd:Fonts></ofd:Res>',
    }
    for i, text in enumerate(pages):
        entries[f"Doc_0/Pages/Page_{i}/Content.xml"] = page(text)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries.items():
            z.writestr(name, text.encode())
        z.writestr("Doc_0/Res/logo.png", png())


def changed(src, dst, name, edit):
    """A copy of package src with entry `name` passed through edit(bytes)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edit(data) if info.filename == name else data)


def failures(path):
    return [(sid, name) for sid, name, ok, _ in ofd_check.check_package(path) if not ok]


@unittest.skipIf(ESEAL is None or shutil.which("openssl") is None, "needs ESEAL_CLI and openssl")
class StampedOfdPassesAnIndependentVerifier(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.dir = cls.tmp.name
        r = run("pki", "init", d)
        assert r.returncode == 0, r.stderr.decode()
        with open(cls.path("seal.png"), "wb") as f:
            f.write(png())
        r = run("seal", "create", "--maker-key", cls.path("maker.key"), "--maker-cert",
                cls.path("maker.crt"), "--signer-cert", cls.path("signer.crt"), "--esid",
                "3301060000001", "--name", "合同专用章", "--picture", cls.path("seal.png"),
                "--picture-type", "PNG", "--picture-size", "40x40", "-o", cls.path("seal.esl"))
        assert r.returncode == 0, r.stderr.decode()
        make_ofd(cls.path("doc.ofd"), ["合同正文第一页", "第二页：甲方盖章处", "第三页"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def stamp(self, src, dst, *placement):
        r = run("ofd", "stamp", self.path(src), self.path(dst), "--seal", self.path("seal.esl"),
                "--key", self.path("signer.key"), "--cert", self.path("signer.crt"), *placement)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return self.path(dst)

    def assert_all_pass(self, path, signatures):
        results = ofd_check.check_package(path)
        self.assertEqual([r for r in results if not r[2]], [])
        self.assertEqual(len({sid for sid, *_ in results}), signatures)
        # Both signatures of each stamp were checked, and at least the pages' references.
        names = [name for _, name, *_ in results]
        self.assertEqual(names.count("maker signature"), signatures)
        self.assertEqual(names.count("signer signature"), signatures)
        self.assertIn("reference Doc_0/Pages/Page_1/Content.xml", names)

    def test_stamped_by_position(self):
        self.assert_all_pass(self.stamp("doc.ofd", "at.ofd", "--page", "1", "--x", "20",
                                        "--y", "30"), 1)

    def test_stamped_by_keyword_and_across_pages(self):
        self.assert_all_pass(self.stamp("doc.ofd", "kw.ofd", "--keyword", "盖章处"), 1)
        self.assert_all_pass(self.stamp("doc.ofd", "cross.ofd", "--cross-page", "--pages",
                                        "1-3"), 1)

    def test_stamping_twice_keeps_both_signatures_valid(self):
        once = self.stamp("doc.ofd", "once.ofd", "--page", "1", "--x", "20", "--y", "30")
        twice = self.stamp("once.ofd", "twice.ofd", "--keyword", "盖章处")
        self.assert_all_pass(twice, 2)
        # The second signature's References include the first signature's files.
        names = [n for sid, n, *_ in ofd_check.check_package(twice) if sid == "s003"]
        self.assertIn("reference Doc_0/Signs/Sign_0/SignedValue.dat", names)
        self.assertNotIn("reference Doc_0/Signs/Signatures.xml", names)
        self.assertTrue(os.path.exists(once))

    def test_after_a_covering_signature_stamping_is_refused(self):
        covered = self.stamp("doc.ofd", "covered.ofd", "--page", "1", "--x", "20", "--y", "30",
                             "--cover-signatures")
        self.assert_all_pass(covered, 1)
        r = run("ofd", "stamp", covered, self.path("more.ofd"), "--seal", self.path("seal.esl"),
                "--key", self.path("signer.key"), "--cert", self.path("signer.crt"), "--page",
                "2", "--x", "20", "--y", "30")
        self.assertEqual(r.returncode, 3)
        self.assertIn("signature s001 covers Doc_0/Signs/Signatures.xml", r.stderr.decode())
        self.assertFalse(os.path.exists(self.path("more.ofd")))

    def test_the_checker_fails_changed_packages(self):
        good = self.stamp("doc.ofd", "good.ofd", "--page", "1", "--x", "20", "--y", "30")
        # A page byte: its Reference fails, the signatures still hold.
        changed(good, self.path("page.ofd"), "Doc_0/Pages/Page_2/Content.xml",
                lambda b: b.replace("第三页".encode(), "第四页".encode()))
        self.assertEqual(failures(self.path("page.ofd")),
                         [("s001", "reference Doc_0/Pages/Page_2/Content.xml")])
        # Signature.xml: the dataHash fails.
        changed(good, self.path("sigxml.ofd"), "Doc_0/Signs/Sign_0/Signature.xml",
                lambda b: b.replace(b'Boundary="20 30 ', b'Boundary="21 30 '))
        self.assertEqual(failures(self.path("sigxml.ofd")), [("s001", "dataHash")])
        # One bit of the signer's signature value (the last byte of SignedValue.dat).
        changed(good, self.path("value.ofd"), "Doc_0/Signs/Sign_0/SignedValue.dat",
                lambda b: b[:-1] + bytes([b[-1] ^ 1]))
        self.assertEqual(failures(self.path("value.ofd")), [("s001", "signer signature")])

    @unittest.skipUnless(os.path.isdir(VECTORS), "shared vectors absent")
    def test_the_checker_agrees_with_the_vendor_files(self):
        self.assertEqual(failures(os.path.join(VECTORS, "koal_test.ofd")), [])
        self.assertEqual(failures(os.path.join(VECTORS, "koal_test-1_tampered.ofd")),
                         [("1", "reference Doc_0/Pages/Page_0/Content.xml")])
        self.assertEqual(failures(os.path.join(VECTORS, "ofdrw_h_two_seals.ofd")),
                         [("s001", "reference Doc_0/Signs/Signatures.xml")])


if __name__ == "__main__":
    unittest.main()
