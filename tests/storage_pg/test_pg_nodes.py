#!/usr/bin/env python3
"""Many stamping nodes on one PostgreSQL database, as separate `eseal stamp` processes.

Run under tests/support/pg_server.py (ESEAL_TEST_PG, ESEAL_TEST_PG_BIN, ESEAL_TEST_PG_DATA)
with ESEAL_CLI naming the command. Each test works in a tenant of its own, on a seal made and
registered with the CLI; four client threads each run `eseal stamp` processes in a loop, so
four processes stamp through the one database at once. A stamp is acknowledged when its
process exits 0; every document is unique, so its SM3 hash identifies its records.

Checked afterwards, from the log itself (`eseal log show`, `eseal log verify`): sequences
0..n-1 without gap or repeat, the Merkle tree verifies, each acknowledged stamp has exactly
one accepted intent and one completion, no document has two intents; a FREEZE rate rule lets
exactly its limit through across the four; a freeze made by a fifth process refuses every
stamp that starts after the freeze returned; SIGKILL of stamping processes and an immediate
restart of the server lose no acknowledged stamp and make none twice.
"""
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from eseal_run import ESEAL, ok, run  # noqa: E402

PG = os.environ.get("ESEAL_TEST_PG", "")
PG_BIN = os.environ.get("ESEAL_TEST_PG_BIN", "")
PG_DATA = os.environ.get("ESEAL_TEST_PG_DATA", "")

EXIT_ERROR = 3
EXIT_REFUSED = 5
CLIENTS = 4
ESID = "3301060000001"


def sm3(data):
    return hashlib.new("sm3", data).hexdigest()


def restart_immediately():
    """pg_ctl restart -m immediate: a crash of the server, then recovery (as postgres when root)."""
    argv = [os.path.join(PG_BIN, "pg_ctl"), "restart", "-m", "immediate", "-D", PG_DATA, "-w",
            "-t", "60", "-l", os.path.join(os.path.dirname(PG_DATA), "server.log")]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--"] + argv
    r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("pg_ctl restart failed: %s%s" % (r.stdout, r.stderr))


class Outcome:
    """One stamp attempt: its document hash, the process's exit code and when it ran."""

    def __init__(self, digest, started, code, ended, stderr):
        self.digest, self.started, self.code, self.ended = digest, started, code, ended
        self.stderr = stderr


class Nodes(unittest.TestCase):
    tenant_counter = 0

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name
        Nodes.tenant_counter += 1
        self.tenant = "nodes-%d-%d" % (os.getpid(), Nodes.tenant_counter)
        ok("pki", "init", "pki", cwd=self.dir)
        ok("seal", "create", "--maker-key", "pki/maker.key", "--maker-cert", "pki/maker.crt",
           "--signer-cert", "pki/signer.crt", "--esid", ESID, "--name", "合同专用章",
           "--store", PG, "--tenant", self.tenant, "-o", "seal.esl", cwd=self.dir)
        self.lock = threading.Lock()
        self.outcomes = []
        self.live = {}  # client -> its running eseal process

    def write_policy(self, limit):
        policy = {"version": 1, "rules": [{"name": "burst", "kind": "rate", "level": "freeze",
                                           "per": "seal", "count": "accepted", "limit": limit,
                                           "window": 3600}]}
        with open(os.path.join(self.dir, "rate.json"), "w") as f:
            json.dump(policy, f)

    def stamp(self, client, n, policy=False):
        """One `eseal stamp` process on a document of its own; its outcome is kept."""
        data = ("client %d document %d of %s\n" % (client, n, self.tenant)).encode()
        name = "c%d-%d" % (client, n)
        with open(os.path.join(self.dir, name + ".txt"), "wb") as f:
            f.write(data)
        args = [ESEAL, "stamp", "--seal", "seal.esl", "--key", "pki/signer.key", "--cert",
                "pki/signer.crt", "--data", name + ".txt", "--store", PG, "--tenant",
                self.tenant, "-o", name + ".sig"]
        if policy:
            args += ["--policy", "rate.json"]
        started = time.monotonic()
        p = subprocess.Popen(args, cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with self.lock:
            self.live[client] = p
        _, err = p.communicate(timeout=300)
        with self.lock:
            self.live.pop(client, None)
            self.outcomes.append(Outcome(sm3(data), started, p.returncode, time.monotonic(),
                                         err.decode(errors="replace")))
        return p.returncode

    def clients(self, body, count=CLIENTS):
        threads = [threading.Thread(target=body, args=(c,)) for c in range(count)]
        for t in threads:
            t.start()
        return threads

    def records(self):
        r = ok("log", "show", "--store", PG, "--tenant", self.tenant)
        return [json.loads(line) for line in r.stdout.decode().splitlines()]

    def check_log(self):
        """Gap-free, verified, one intent per document, every acknowledged stamp complete."""
        recs = self.records()
        self.assertEqual([r["seq"] for r in recs], list(range(len(recs))))
        v = run("log", "verify", "--store", PG, "--tenant", self.tenant)
        self.assertEqual(v.returncode, 0, v.stderr.decode())
        self.assertTrue(json.loads(v.stdout.decode())["ok"])
        intents, done = {}, {}
        for r in recs:
            if r["action"] in ("stamp-intent", "stamp-refused"):
                self.assertNotIn(r["document_hash"], intents, "two intents for one document")
                intents[r["document_hash"]] = r
            elif r["action"] == "stamp-done":
                self.assertNotIn(r["document_hash"], done, "two completions for one document")
                self.assertEqual(recs[r["refers_to"] - 1]["document_hash"], r["document_hash"])
                done[r["document_hash"]] = r
        for o in self.outcomes:
            if o.code == 0:
                self.assertIn(o.digest, intents, "an acknowledged stamp is not in the log")
                self.assertEqual(intents[o.digest]["action"], "stamp-intent")
                self.assertIn(o.digest, done, "an acknowledged stamp has no completion")
        return recs

    def wait_for_acknowledged(self, count):
        deadline = time.monotonic() + 240
        while sum(1 for o in list(self.outcomes) if o.code == 0) < count:
            self.assertLess(time.monotonic(), deadline, "the clients make no progress")
            time.sleep(0.05)

    def state(self):
        r = ok("seal", "state", "--store", PG, "--tenant", self.tenant, "--esid", ESID)
        lines = [line.split() for line in r.stdout.decode().splitlines()]
        return [w[1] for w in lines if len(w) == 2 and w[0] == "state"][0]

    def test_four_processes_append_one_gap_free_log(self):
        per_client = 12

        def body(c):
            for n in range(per_client):
                self.stamp(c, n)

        for t in self.clients(body):
            t.join()
        failed = [o for o in self.outcomes if o.code != 0]
        self.assertEqual(failed, [], failed and failed[0].stderr)
        recs = self.check_log()
        self.assertEqual(len(recs), 1 + 2 * CLIENTS * per_client)

    def test_rate_limit_holds_across_four_processes(self):
        limit = 20
        self.write_policy(limit)

        def body(c):
            for n in range(10):
                self.stamp(c, n, policy=True)

        for t in self.clients(body):
            t.join()
        codes = [o.code for o in self.outcomes]
        self.assertEqual(codes.count(0), limit)
        self.assertEqual(codes.count(EXIT_REFUSED), len(codes) - limit, codes)
        self.assertEqual(self.state(), "frozen")
        recs = self.check_log()
        freezes = [r for r in recs if r["action"] == "freeze"]
        self.assertEqual(len(freezes), 1)
        alerts = [r for r in recs if r["action"] == "alert"]
        self.assertEqual(len(alerts), 1)
        self.assertIn("risk rule burst (freeze)", alerts[0]["reason"])
        self.assertEqual(sum(1 for r in recs if r["action"] == "stamp-intent"), limit)

    def test_freeze_from_a_fifth_process_stops_all_four(self):
        frozen_at = []

        def body(c):
            refused_after = 0
            for n in range(400):
                before = time.monotonic()
                code = self.stamp(c, n)
                if frozen_at and before > frozen_at[0] and code == EXIT_REFUSED:
                    refused_after += 1
                if refused_after >= 3:
                    return

        threads = self.clients(body)
        self.wait_for_acknowledged(2 * CLIENTS)
        ok("seal", "freeze", "--store", PG, "--tenant", self.tenant, "--esid", ESID,
           "--who", "fifth node", "--why", "test")
        frozen_at.append(time.monotonic())
        for t in threads:
            t.join(timeout=600)
        after = [o for o in self.outcomes if o.started > frozen_at[0]]
        self.assertGreaterEqual(len(after), 3 * CLIENTS)
        for o in after:
            self.assertEqual(o.code, EXIT_REFUSED, o.stderr)
            self.assertIn("frozen", o.stderr)
        recs = self.check_log()
        freeze = [r["seq"] for r in recs if r["action"] == "freeze"]
        self.assertEqual(len(freeze), 1)
        late = [r for r in recs[freeze[0]:] if r["action"] == "stamp-intent"]
        self.assertEqual(late, [], "an accepted intent after the freeze")

    def test_sigkill_of_stamping_processes_loses_no_acknowledged_stamp(self):
        kills = []
        done = threading.Event()

        def body(c):
            n = 0
            while not done.is_set():
                self.stamp(c, n)
                n += 1

        threads = self.clients(body)
        rng = random.Random()
        while len(kills) < 8:
            time.sleep(rng.uniform(0.02, 0.3))
            with self.lock:
                victims = list(self.live.values())
            if victims:
                p = rng.choice(victims)
                try:
                    p.send_signal(signal.SIGKILL)
                    kills.append(p.pid)
                except ProcessLookupError:
                    pass
        done.set()
        for t in threads:
            t.join(timeout=600)
        killed = [o for o in self.outcomes if o.code == -signal.SIGKILL]
        self.assertGreater(len(killed), 0)
        self.assertTrue(all(o.code in (0, -signal.SIGKILL) for o in self.outcomes),
                        [(o.code, o.stderr) for o in self.outcomes if o.code not in (0, -9)])
        self.check_log()
        self.assertEqual(self.stamp(CLIENTS, 0), 0, self.outcomes[-1].stderr)
        self.check_log()

    def test_immediate_server_restart_under_load(self):
        """One restart in CI; ESEAL_PG_RESTARTS=N (the storage-pg-restarts benchmark) loops."""
        done = threading.Event()

        def body(c):
            n = 0
            while not done.is_set():
                self.stamp(c, n)
                n += 1

        def acknowledged_since(t):
            with self.lock:
                return sum(1 for o in self.outcomes if o.code == 0 and o.started > t)

        threads = self.clients(body)
        since = 0.0
        for _ in range(int(os.environ.get("ESEAL_PG_RESTARTS", "1"))):
            # Every client gets stamps through between restarts.
            deadline = time.monotonic() + 240
            while acknowledged_since(since) < 2 * CLIENTS and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertGreaterEqual(acknowledged_since(since), 2 * CLIENTS)
            restart_immediately()
            since = time.monotonic()
        deadline = time.monotonic() + 240
        while acknowledged_since(since) < 2 * CLIENTS and time.monotonic() < deadline:
            time.sleep(0.1)
        done.set()
        for t in threads:
            t.join(timeout=600)
        for o in self.outcomes:
            # Success, or a clean failure with a message (exit 3, "could not
            # run"): never a crash, and never taken for a refusal of the seal.
            self.assertIn(o.code, (0, EXIT_ERROR), o.stderr)
            if o.code != 0:
                self.assertIn("postgresql store", o.stderr)
        self.assertGreaterEqual(acknowledged_since(since), 2 * CLIENTS)
        failed = sum(1 for o in self.outcomes if o.code != 0)
        print("\n%d stamps, %d acknowledged, %d failed cleanly around the restarts"
              % (len(self.outcomes), len(self.outcomes) - failed, failed), file=sys.stderr)
        self.check_log()

if __name__ == "__main__":
    if not (ESEAL and PG and PG_BIN and PG_DATA):
        print("test_pg_nodes.py: run under tests/support/pg_server.py run --own (a server of its "
              "own, to restart) with ESEAL_CLI set", file=sys.stderr)
        sys.exit(1 if os.environ.get("ESEAL_REQUIRE_POSTGRESQL") == "1" else 77)
    unittest.main()
