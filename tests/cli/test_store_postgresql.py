#!/usr/bin/env python3
"""eseal with --store postgresql://…, under tests/support/pg_server.py: a seal
created in the PostgreSQL registry stamps, a frozen one is refused, the usage
log lists both; an unreachable server is an error that never prints the
password. Without a server (ESEAL_TEST_PG unset) it exits 77 (skipped), or
fails when ESEAL_REQUIRE_POSTGRESQL=1."""
import os
import sys
import tempfile
import unittest

from eseal_run import ESEAL, ok, run  # noqa: E402
PG = os.environ.get("ESEAL_TEST_PG", "")

EXIT_ERROR = 3
EXIT_REFUSED = 5




class PostgresStore(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.addCleanup(self.tmp.cleanup)
        self.store = PG
        # A tenant of its own per test: the database is shared by the cases.
        self.tenant = "t-" + self.id().rsplit(".", 1)[-1][-40:].replace("_", "-")
        ok("pki", "init", "pki", cwd=self.dir)
        with open(os.path.join(self.dir, "contract.txt"), "wb") as f:
            f.write(b"the contract")

    def stamp(self, out):
        return run("stamp", "--seal", "seal.esl", "--key", "pki/signer.key", "--cert",
                   "pki/signer.crt", "--data", "contract.txt", "--store", self.store,
                   "--tenant", self.tenant, "--operator", "alice", "--device", "pc-7", "-o", out,
                   cwd=self.dir)

    def state(self):
        r = ok("seal", "state", "--store", self.store, "--tenant", self.tenant, "--esid",
               "3301060000001", cwd=self.dir)
        lines = [l.split() for l in r.stdout.decode().splitlines()]
        return [l[1] for l in lines if len(l) == 2 and l[0] == "state"][0]

    def test_registry_and_log_in_postgresql(self):
        ok("seal", "create", "--maker-key", "pki/maker.key", "--maker-cert", "pki/maker.crt",
           "--signer-cert", "pki/signer.crt", "--esid", "3301060000001", "--name", "合同专用章",
           "--store", self.store, "--tenant", self.tenant, "-o", "seal.esl", cwd=self.dir)
        self.assertEqual(self.state(), "active")
        self.assertEqual(self.stamp("first.sig").returncode, 0)
        ok("seal", "freeze", "--store", self.store, "--tenant", self.tenant, "--esid",
           "3301060000001", "--who", "risk", "--why", "test", cwd=self.dir)
        self.assertEqual(self.state(), "frozen")
        r = self.stamp("second.sig")
        self.assertEqual(r.returncode, EXIT_REFUSED, r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "second.sig")))
        log = ok("log", "show", "--store", self.store, "--tenant", self.tenant,
                 cwd=self.dir).stdout.decode()
        self.assertIn("stamp", log)
        self.assertIn("freeze", log)
        # Another tenant of the same database sees none of it.
        r = run("seal", "state", "--store", self.store, "--tenant", "other-org", "--esid",
                "3301060000001", cwd=self.dir)
        self.assertNotEqual(r.returncode, 0)

    def test_unreachable_server_never_prints_the_password(self):
        for uri in ("postgresql://eseal:Sekr1tPassw0rd@127.0.0.1:1/none?connect_timeout=5",
                    "postgres://eseal:Sekr1tPassw0rd@127.0.0.1:1/none?bogus_option=1"):
            r = run("seal", "state", "--store", uri, "--esid", "3301060000001", cwd=self.dir)
            self.assertEqual(r.returncode, EXIT_ERROR, r.stderr.decode())
            err = r.stderr.decode()
            self.assertIn("--store (PostgreSQL)", err)
            self.assertNotIn("Sekr1tPassw0rd", err)


if __name__ == "__main__" or not PG:
    if not PG:
        if os.environ.get("ESEAL_REQUIRE_POSTGRESQL") == "1":
            sys.exit("ESEAL_TEST_PG is unset and ESEAL_REQUIRE_POSTGRESQL=1: run under "
                     "tests/support/pg_server.py")
        print("no PostgreSQL server (ESEAL_TEST_PG unset): skipping", file=sys.stderr)
        sys.exit(77)
    unittest.main()
