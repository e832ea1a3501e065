#!/usr/bin/env python3
"""eseal policy check, eseal stamp --policy, eseal alerts, eseal seal device|use and
eseal demo --risk, end to end on an SQLite store: a policy file is checked, a rate rule
at freeze level refuses the stamp past its limit and the alert is listed, a smart seal's
signed out-of-hours report freezes the seal while an unsigned one only alerts."""
import json
import os
import tempfile
import unittest

from eseal_run import ESEAL, ok, run  # noqa: E402
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                        "policy")

EXIT_FAILED = 1
EXIT_REFUSED = 5

HOURS = {"version": 1, "rules": [{"name": "office", "kind": "hours", "level": "freeze",
                                  "hours": {d: ["09:00-18:00"] for d in
                                            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}}]}
BURST = {"version": 1, "rules": [{"name": "burst", "kind": "rate", "level": "freeze",
                                  "per": "seal", "count": "accepted", "limit": 1,
                                  "window": 3600}]}




class PolicyCheck(unittest.TestCase):
    def test_example_policy_and_calendar_are_valid(self):
        r = ok("policy", "check", "--calendar", os.path.join(EXAMPLES, "calendar-2026.json"),
               os.path.join(EXAMPLES, "office.json"))
        self.assertIn("valid, 6 rules", r.stdout.decode())

    def test_malformed_policy_is_refused_with_its_reason(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.json")
            with open(bad, "w") as f:
                json.dump({"version": 1, "rules": [{"name": "x", "kind": "hours",
                                                    "level": "panic"}]}, f)
            r = run("policy", "check", bad)
            self.assertEqual(r.returncode, EXIT_FAILED)
            self.assertIn("level", r.stderr.decode())
            r = run("policy", "check", os.path.join(d, "missing.json"))
            self.assertEqual(r.returncode, 3)


class Risk(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.addCleanup(self.tmp.cleanup)
        ok("pki", "init", "pki", cwd=self.dir)
        with open(os.path.join(self.dir, "contract.txt"), "wb") as f:
            f.write(b"the contract")
        for name, policy in (("hours.json", HOURS), ("burst.json", BURST)):
            with open(os.path.join(self.dir, name), "w") as f:
                json.dump(policy, f)
        self.store = os.path.join(self.dir, "eseal.db")
        ok("seal", "create", "--maker-key", "pki/maker.key", "--maker-cert", "pki/maker.crt",
           "--signer-cert", "pki/signer.crt", "--esid", "3301060000001", "--name", "合同专用章",
           "--store", self.store, "-o", "seal.esl", cwd=self.dir)

    def stamp(self, out, policy):
        return run("stamp", "--seal", "seal.esl", "--key", "pki/signer.key", "--cert",
                   "pki/signer.crt", "--data", "contract.txt", "--store", self.store,
                   "--policy", policy, "-o", out, cwd=self.dir)

    def state(self):
        r = ok("seal", "state", "--store", self.store, "--esid", "3301060000001", cwd=self.dir)
        lines = [l.split() for l in r.stdout.decode().splitlines()]
        return [l[1] for l in lines if len(l) == 2 and l[0] == "state"][0]

    def alerts(self):
        r = ok("alerts", "--store", self.store, cwd=self.dir)
        return [json.loads(l) for l in r.stdout.decode().splitlines()]

    def test_rate_rule_refuses_past_the_limit_and_the_alert_is_listed(self):
        self.assertEqual(self.stamp("one.sig", "burst.json").returncode, 0)
        self.assertEqual(self.alerts(), [])
        r = self.stamp("two.sig", "burst.json")
        self.assertEqual(r.returncode, EXIT_REFUSED, r.stderr.decode())
        self.assertIn("alert: rule burst (freeze)", r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "two.sig")))
        self.assertEqual(self.state(), "frozen")
        alerts = self.alerts()
        self.assertEqual(len(alerts), 1)
        self.assertIn("risk rule burst (freeze)", alerts[0]["reason"])
        ok("log", "verify", "--store", self.store, cwd=self.dir)

    def use(self, *extra):
        # 23:00 in Beijing on a day the certificates are valid.
        return run("seal", "use", "--store", self.store, "--esid", "3301060000001",
                   "--device", "seal-0042", "--operator", "clerk 3", "--time",
                   "@%d" % (self.night()), "--location", "30.27,120.15,10", "--force", "40",
                   "--policy", "hours.json", *extra, cwd=self.dir)

    def night(self):
        import time
        day = (int(time.time()) + 8 * 3600) // 86400
        return day * 86400 + 15 * 3600  # 23:00 UTC+8 today

    def test_signed_physical_anomaly_freezes_but_an_unsigned_one_only_alerts(self):
        ok("seal", "device", "--store", self.store, "--device", "seal-0042", "--cert",
           "pki/signer.crt", cwd=self.dir)
        r = self.use()
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("device signature absent", r.stdout.decode())
        self.assertEqual(self.state(), "active")
        r = self.use("--key", "pki/maker.key")  # not the registered device's key
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("does NOT verify", r.stdout.decode())
        self.assertEqual(self.state(), "active")
        r = self.use("--key", "pki/signer.key", "--force", "41")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("verified", r.stdout.decode())
        self.assertIn("FROZEN", r.stdout.decode())
        self.assertEqual(self.state(), "frozen")
        self.assertEqual(len(self.alerts()), 3)
        ok("log", "verify", "--store", self.store, cwd=self.dir)


class Demo(unittest.TestCase):
    def test_demo_risk(self):
        r = ok("demo", "--risk")
        out = r.stdout.decode()
        self.assertIn("Demo complete", out)
        self.assertIn("the usage log verifies", out)


if __name__ == "__main__":
    unittest.main()
