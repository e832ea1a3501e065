#!/usr/bin/env python3
"""eseal seal register|freeze|unfreeze-order|unfreeze|report-lost|cancel|state and stamping
with --store, end to end on an SQLite store: a registered seal stamps, a frozen one is
refused until a supervisor's signed order lifts the freeze, a loss report refuses every
later stamp and makes verification of a stamp claimed after it fail, and each step is in
the usage log, whose verification passes."""
import json
import os
import tempfile
import unittest

from eseal_run import ESEAL, ok, run  # noqa: E402

EXIT_FAILED = 1
EXIT_REFUSED = 5




class Registry(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.addCleanup(self.tmp.cleanup)
        ok("pki", "init", "pki", cwd=self.dir)
        with open(os.path.join(self.dir, "contract.txt"), "wb") as f:
            f.write(b"the contract")
        self.store = os.path.join(self.dir, "eseal.db")
        ok("seal", "create", "--maker-key", "pki/maker.key", "--maker-cert", "pki/maker.crt",
           "--signer-cert", "pki/signer.crt", "--esid", "3301060000001", "--name", "合同专用章",
           "--store", self.store, "-o", "seal.esl", cwd=self.dir)

    def stamp(self, out):
        return run("stamp", "--seal", "seal.esl", "--key", "pki/signer.key", "--cert",
                   "pki/signer.crt", "--data", "contract.txt", "--store", self.store,
                   "--operator", "alice", "--device", "pc-7", "--location", "30.27,120.15,10,杭州",
                   "-o", out, cwd=self.dir)

    def state(self):
        r = ok("seal", "state", "--store", self.store, "--esid", "3301060000001", cwd=self.dir)
        lines = [l.split() for l in r.stdout.decode().splitlines()]
        return [l[1] for l in lines if len(l) == 2 and l[0] == "state"][0]

    def test_freeze_needs_a_supervisor_order_and_loss_is_final(self):
        self.assertEqual(self.stamp("first.sig").returncode, 0)
        self.assertEqual(self.state(), "active")

        ok("seal", "freeze", "--store", self.store, "--esid", "3301060000001", "--who", "risk",
           "--why", "stamps at 3 a.m.", cwd=self.dir)
        self.assertEqual(self.state(), "frozen")
        refused = self.stamp("frozen.sig")
        self.assertEqual(refused.returncode, EXIT_REFUSED, refused.stderr)
        self.assertIn(b"frozen", refused.stderr.lower())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "frozen.sig")))

        # An order signed by a key without the supervisor role is refused.
        ok("seal", "unfreeze-order", "--store", self.store, "--esid", "3301060000001",
           "--key", "pki/signer.key", "--cert", "pki/signer.crt", "--why", "cleared",
           "-o", "forged.order", cwd=self.dir)
        forged = run("seal", "unfreeze", "--store", self.store, "--supervisors",
                     "pki/maker-ca.crt", "--order", "forged.order", cwd=self.dir)
        self.assertNotEqual(forged.returncode, 0)
        self.assertEqual(self.state(), "frozen")

        # The maker CA stands in for a supervisor CA here: the order is signed by the maker,
        # whose certificate chains to it.
        ok("seal", "unfreeze-order", "--store", self.store, "--esid", "3301060000001",
           "--key", "pki/maker.key", "--cert", "pki/maker.crt", "--why", "cleared by the office",
           "-o", "good.order", cwd=self.dir)
        ok("seal", "unfreeze", "--store", self.store, "--supervisors", "pki/maker-ca.crt",
           "--order", "good.order", "--who", "office", cwd=self.dir)
        self.assertEqual(self.state(), "active")
        # The same order cannot lift a later freeze.
        ok("seal", "freeze", "--store", self.store, "--esid", "3301060000001", cwd=self.dir)
        replay = run("seal", "unfreeze", "--store", self.store, "--supervisors",
                     "pki/maker-ca.crt", "--order", "good.order", cwd=self.dir)
        self.assertNotEqual(replay.returncode, 0)
        self.assertEqual(self.state(), "frozen")

        ok("seal", "report-lost", "--store", self.store, "--esid", "3301060000001",
           "--who", "legal", "--why", "stolen", cwd=self.dir)
        self.assertEqual(self.state(), "lost")
        lost = self.stamp("lost.sig")
        self.assertEqual(lost.returncode, EXIT_REFUSED, lost.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "lost.sig")))
        # Final: neither a freeze nor an order brings it back.
        self.assertNotEqual(run("seal", "freeze", "--store", self.store, "--esid",
                                "3301060000001", cwd=self.dir).returncode, 0)
        self.assertEqual(self.state(), "lost")

        log = ok("log", "verify", "--store", self.store, cwd=self.dir)
        self.assertEqual(log.returncode, 0)
        shown = ok("log", "show", "--store", self.store, cwd=self.dir).stdout.decode()
        actions = [json.loads(line)["action"] for line in shown.splitlines() if line.strip()]
        for action in ("register", "stamp-intent", "stamp-done", "freeze", "stamp-refused",
                       "unfreeze", "lost"):
            self.assertTrue(any(action in a for a in actions), (action, actions))

    def test_verifying_with_the_store_fails_a_stamp_claimed_after_the_loss(self):
        self.assertEqual(self.stamp("before.sig").returncode, 0)
        ok("seal", "report-lost", "--store", self.store, "--esid", "3301060000001", cwd=self.dir)
        # Made without the store (as a thief would), dated after the loss report.
        ok("stamp", "--seal", "seal.esl", "--key", "pki/signer.key", "--cert", "pki/signer.crt",
           "--data", "contract.txt", "-o", "after.sig", cwd=self.dir)
        common = ("verify", "--trust-list", "pki/trust-list.txt", "--trust-list-operator",
                  "pki/operator.crt", "--data", "contract.txt", "--store", self.store, "--json")
        after = run(*common, "after.sig", cwd=self.dir)
        self.assertEqual(after.returncode, EXIT_FAILED, after.stdout)
        report = json.loads(after.stdout)
        self.assertEqual(report["sub_indication"], "REVOKED")
        state = [c for c in report["checks"] if c["id"] == "seal.state"]
        self.assertEqual(state[0]["status"], "NOT_OK")
        # Without the store the same stamp passes: the registry is what knows of the loss.
        plain = run(*common[:-3], "after.sig", cwd=self.dir)
        self.assertEqual(plain.returncode, 0, plain.stdout)

    def test_tenants_are_kept_apart(self):
        r = run("seal", "state", "--store", self.store, "--tenant", "other-org", "--esid",
                "3301060000001", cwd=self.dir)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(self.stamp("ok.sig").returncode, 0)


if __name__ == "__main__":
    unittest.main()
