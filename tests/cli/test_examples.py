#!/usr/bin/env python3
"""The C examples make a seal, stamp a file and verify it, as the README tells."""
import os
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
MAKE_SEAL, STAMP, VERIFY = (os.environ[k] for k in
                            ("EXAMPLE_MAKE_SEAL", "EXAMPLE_STAMP", "EXAMPLE_VERIFY"))


def run(*args):
    return subprocess.run(list(args), capture_output=True, timeout=120)


class Examples(unittest.TestCase):
    def test_make_stamp_verify(self):
        with tempfile.TemporaryDirectory() as d:
            p = lambda name: os.path.join(d, name)
            self.assertEqual(run(ESEAL, "pki", "init", d).returncode, 0)
            with open(p("doc.txt"), "w") as f:
                f.write("a document\n")
            r = run(MAKE_SEAL, p("maker.key"), p("maker.crt"), p("signer.crt"), "3301060000001",
                    "合同专用章", p("seal.esl"))
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            r = run(STAMP, p("seal.esl"), p("signer.key"), p("signer.crt"), p("doc.txt"),
                    p("doc.sig"))
            self.assertEqual(r.returncode, 0, r.stderr.decode())
            r = run(VERIFY, p("root.crt"), p("doc.sig"), p("doc.txt"))
            self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
            self.assertIn(b"Result: TOTAL_PASSED", r.stdout)
            with open(p("doc.txt"), "a") as f:
                f.write("changed\n")
            r = run(VERIFY, p("root.crt"), p("doc.sig"), p("doc.txt"))
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"failed check: data.hash", r.stdout)
            r = run(STAMP, p("seal.esl"), p("maker.key"), p("maker.crt"), p("doc.txt"),
                    p("refused.sig"))
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"not bound", r.stderr)
            self.assertFalse(os.path.exists(p("refused.sig")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
