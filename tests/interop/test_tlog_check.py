"""The independent checker (tlog_check.py, written from doc/usage-log.md) on
evidence made by the library (tests/tools/write_tlog_samples.cc): it accepts
the genuine bundle and consistency proof and refuses the forged ones."""
import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "tlog_check.py")
WRITER = os.environ.get("ESEAL_WRITE_TLOG_SAMPLES")


@unittest.skipUnless("sm3" in hashlib.algorithms_available,
                     "this Python's hashlib has no SM3 (OpenSSL built without it)")
@unittest.skipUnless(WRITER, "ESEAL_WRITE_TLOG_SAMPLES is not set (run through meson test)")
class IndependentChecker(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        subprocess.run([WRITER, cls.dir], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_checker(self, *args):
        return subprocess.run([sys.executable, CHECKER] + list(args), cwd=self.dir,
                              capture_output=True, text=True)

    def bundle(self, name, anchor="root.pem"):
        return self.run_checker("bundle", "--anchor", anchor, name)

    def consistency(self, old, new):
        return self.run_checker("consistency", "--anchor", "root.pem", "--cert", "log.pem",
                                old, new, "consistency.json")

    def test_genuine_bundle_verifies(self):
        r = self.bundle("bundle.cbor")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("3 records in the tree of 13", r.stdout)

    def test_forged_bundles_are_refused(self):
        for name, why in (("forged-record.cbor", "record 1 (index 7)"),
                          ("forged-path.cbor", "record 0 (index 2)")):
            r = self.bundle(name)
            self.assertEqual(1, r.returncode, name)
            self.assertIn(why, r.stderr)

    def test_untrusted_anchor_is_refused(self):
        r = self.bundle("bundle.cbor", anchor="other-root.pem")
        self.assertEqual(1, r.returncode)
        self.assertIn("chains to the anchor", r.stderr)

    def test_byte_flips_in_the_bundle_are_refused(self):
        with open(os.path.join(self.dir, "bundle.cbor"), "rb") as f:
            data = f.read()
        # The other certificates (key 4, at the end) are carried, not checked
        # (doc/usage-log.md); everything before them counts.
        sys.path.insert(0, HERE)
        import tlog_check
        end = data.find(tlog_check.cbor_decode(data)[4][0])
        self.assertGreater(end, 0)
        # A spread of positions: heads, the checkpoint, records, paths, log certificate.
        for pos in range(0, end, max(1, end // 24)):
            flipped = bytearray(data)
            flipped[pos] ^= 0x01
            path = os.path.join(self.dir, "flipped.cbor")
            with open(path, "wb") as f:
                f.write(flipped)
            self.assertNotEqual(0, self.bundle("flipped.cbor").returncode, "byte %d" % pos)

    @unittest.skipUnless(os.environ.get("ESEAL_CLI"), "built without the eseal command")
    def test_the_library_command_agrees(self):
        for name, status in (("bundle.cbor", 0), ("forged-record.cbor", 1),
                             ("forged-path.cbor", 1)):
            r = subprocess.run([os.environ["ESEAL_CLI"], "log", "verify-bundle", "--log-roots",
                                "root.pem", name], cwd=self.dir, capture_output=True, text=True)
            self.assertEqual(status, r.returncode, r.stdout + r.stderr)
            self.assertEqual(status, self.bundle(name).returncode, name)
        # Both accept the log certificate itself as the anchor (pinning), and refuse
        # an anchor that never certified it.
        for anchor, status in (("log.pem", 0), ("other-root.pem", 1)):
            r = subprocess.run([os.environ["ESEAL_CLI"], "log", "verify-bundle", "--log-roots",
                                anchor, "bundle.cbor"], cwd=self.dir, capture_output=True,
                               text=True)
            self.assertEqual(status, r.returncode, anchor + ": " + r.stdout + r.stderr)
            self.assertEqual(status, self.bundle("bundle.cbor", anchor=anchor).returncode, anchor)

    def test_consistency_between_checkpoints(self):
        r = self.consistency("checkpoint-8.txt", "checkpoint-13.txt")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("extends the tree of 8", r.stdout)

    def test_rewritten_or_forged_checkpoints_are_refused(self):
        r = self.consistency("forged-checkpoint-8.txt", "checkpoint-13.txt")
        self.assertEqual(1, r.returncode)
        self.assertIn("does not join", r.stderr)
        r = self.consistency("checkpoint-8.txt", "forged-checkpoint-13.txt")
        self.assertEqual(1, r.returncode)
        self.assertIn("does not verify", r.stderr)
        r = self.consistency("checkpoint-13.txt", "checkpoint-8.txt")
        self.assertEqual(1, r.returncode)


if __name__ == "__main__":
    unittest.main()
