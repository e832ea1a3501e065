#!/usr/bin/env python3
"""eseal log end to end on an SQLite store: physical uses, show as JSON Lines, checkpoints
signed with a log key certified by a CA the openssl command line makes, inclusion and
consistency proofs checked here with hashlib's SM3 by RFC 9162's algorithm, tampering and a
rollback of the database file detected by `log verify`, erasure of an operator."""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
OPENSSL = shutil.which("openssl")


def run(*args):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120)


def sm3(data):
    return hashlib.new("sm3", data).digest()


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2, written from the RFC."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sm3(b"\x01" + p + r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = sm3(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, path):
    """RFC 9162 §2.1.4.2, written from the RFC."""
    if first == second:
        return not path and first_root == second_root
    if first & (first - 1) == 0:
        path = [first_root] + path
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = sm3(b"\x01" + c + fr)
            sr = sm3(b"\x01" + c + sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = sm3(b"\x01" + sr + c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


@unittest.skipUnless(OPENSSL, "the openssl command line makes the log PKI")
class Log(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.root, cls.key, cls.cert = (os.path.join(d, n) for n in ("root.crt", "log.key", "log.crt"))
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        ext = os.path.join(d, "ext.cnf")
        with open(ext, "w") as f:
            f.write("keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n")
        for cmd in (
            ["req", "-x509", *ec, "-keyout", os.path.join(d, "root.key"), "-out", cls.root,
             "-days", "30", "-subj", "/CN=Log Root", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req", "-new", *ec, "-keyout", cls.key, "-out", os.path.join(d, "log.csr"), "-subj",
             "/CN=Usage log signer"],
            ["x509", "-req", "-in", os.path.join(d, "log.csr"), "-CA", cls.root, "-CAkey",
             os.path.join(d, "root.key"), "-CAcreateserial", "-days", "20", "-out", cls.cert,
             "-extfile", ext],
        ):
            subprocess.run([OPENSSL, *cmd], capture_output=True, check=True, timeout=60)

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.dir.name, "store.db")

    def tearDown(self):
        self.dir.cleanup()

    def ok(self, *args):
        r = run(*args)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout.decode()

    def physical(self, operator="alice", tenant="acme"):
        out = self.ok("log", "record-physical", "--store", self.db, "--tenant", tenant, "--esid",
                      "3101000000001", "--operator", operator, "--device", "smart-seal-7",
                      "--location", "31.2304,121.4737,5,上海, 办公室", "--force", "42.5")
        return int(out)

    def checkpoint(self, name, tenant="acme"):
        path = os.path.join(self.dir.name, name)
        self.ok("log", "checkpoint", "--store", self.db, "--tenant", tenant, "--key", self.key,
                "--cert", self.cert, "--log-roots", self.root, "-o", path)
        return path

    def verify(self, checkpoint=None, tenant="acme"):
        args = ["log", "verify", "--store", self.db, "--tenant", tenant, "--log-roots", self.root]
        if checkpoint:
            args += ["--checkpoint", checkpoint]
        return run(*args)

    def test_show_lists_records_as_json_lines(self):
        self.assertEqual([self.physical(), self.physical("bob")], [0, 1])
        lines = self.ok("log", "show", "--store", self.db, "--tenant", "acme").splitlines()
        records = [json.loads(line) for line in lines]
        self.assertEqual([r["seq"] for r in records], [0, 1])
        self.assertEqual(records[0]["action"], "physical")
        self.assertEqual(records[0]["operator"]["clear"], "alice")
        self.assertEqual(records[0]["location"]["clear"], "312304000 1214737000 500 上海, 办公室")
        self.assertEqual(records[1]["force_newtons"], 42.5)
        self.assertEqual(len(records[0]["operator"]["pseudonym"]), 64)

    def test_checkpoint_proofs_and_verify(self):
        for _ in range(5):
            self.physical()
        cp = self.checkpoint("cp.txt")
        with open(cp) as f:
            lines = f.read().split("\n")
        self.assertTrue(lines[0].startswith("eseal-usage/acme/"))
        self.assertEqual(lines[1], "6")  # five uses and the key's announcement
        r = self.verify(cp)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        report = json.loads(r.stdout)
        self.assertTrue(report["ok"])
        self.assertEqual(report["external_checkpoint_size"], 6)
        for seq in range(6):
            p = json.loads(self.ok("log", "prove", "--store", self.db, "--tenant", "acme",
                                   "--seq", str(seq)))
            path = [bytes.fromhex(h) for h in p["path"]]
            leaf, root = bytes.fromhex(p["leaf_hash"]), bytes.fromhex(p["root"])
            self.assertTrue(verify_inclusion(seq, 6, leaf, path, root), p)
            self.assertFalse(verify_inclusion(seq, 6, sm3(leaf), path, root))
        for old in range(1, 7):
            c = json.loads(self.ok("log", "prove", "--store", self.db, "--tenant", "acme",
                                   "--from", str(old)))
            args = (old, 6, bytes.fromhex(c["old_root"]), bytes.fromhex(c["new_root"]),
                    [bytes.fromhex(h) for h in c["path"]])
            self.assertTrue(verify_consistency(*args), c)
            self.assertFalse(verify_consistency(old, 6, sm3(args[2]), *args[3:]) and old < 6)

    def test_changed_record_is_reported_as_tampered(self):
        for _ in range(3):
            self.physical()
        self.checkpoint("cp.txt")
        with sqlite3.connect(self.db) as db:
            rec = db.execute("SELECT record FROM log_records WHERE tenant='acme' AND seq=1").fetchone()[0]
            changed = rec.replace(b"3101000000001", b"3101000000002")
            self.assertNotEqual(rec, changed)
            db.execute("UPDATE log_records SET record=? WHERE tenant='acme' AND seq=1", (changed,))
        r = self.verify()
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertIn("TAMPERED", r.stderr.decode())
        self.assertFalse(json.loads(r.stdout)["ok"])

    def test_rollback_is_detected_against_a_checkpoint_kept_outside(self):
        for _ in range(3):
            self.physical()
        self.checkpoint("cp1.txt")
        earlier = os.path.join(self.dir.name, "earlier.db")
        shutil.copy(self.db, earlier)
        for _ in range(3):
            self.physical()
        cp2 = self.checkpoint("cp2.txt")
        self.assertEqual(self.verify(cp2).returncode, 0)
        shutil.copy(earlier, self.db)
        self.assertEqual(self.verify().returncode, 0, "the old copy is consistent in itself")
        r = self.verify(cp2)
        self.assertEqual(r.returncode, 1)
        self.assertIn("rolled back", r.stderr.decode())

    def test_erase_keeps_proofs(self):
        self.physical("alice")
        self.physical("bob")
        cp = self.checkpoint("cp.txt")
        before = self.ok("log", "prove", "--store", self.db, "--tenant", "acme", "--seq", "0")
        self.ok("log", "erase", "--store", self.db, "--tenant", "acme", "--operator", "alice")
        shown = self.ok("log", "show", "--store", self.db, "--tenant", "acme")
        self.assertNotIn("alice", shown)
        self.assertIn('"clear":"bob"', shown)
        self.assertEqual(self.ok("log", "prove", "--store", self.db, "--tenant", "acme", "--seq",
                                 "0"), before)
        self.assertEqual(self.verify(cp).returncode, 0)
        r = run("log", "erase", "--store", self.db, "--tenant", "acme", "--operator", "alice")
        self.assertEqual(r.returncode, 3)

    def test_usage_errors(self):
        self.assertEqual(run("log", "show").returncode, 64)
        self.assertEqual(run("log", "frobnicate", "--store", self.db).returncode, 64)
        self.assertEqual(run("log", "prove", "--store", self.db, "--seq", "x").returncode, 64)
        self.assertEqual(run("log", "record-physical", "--store", self.db, "--esid", "E",
                             "--location", "north").returncode, 64)
        self.assertEqual(run("log").returncode, 64)


if __name__ == "__main__":
    unittest.main()
