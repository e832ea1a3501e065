#!/usr/bin/env python3
"""eseal verify --jobs N: the files are verified by N threads over one
context, yet the output is byte for byte that of --jobs 1 (reports in input
order, one JSON line per file with --json, null for a file that could not be
read) and the exit status is the worst result's."""
import json
import os
import pathlib
import subprocess
import tempfile
import threading
import time
import unittest

ESEAL = os.environ["ESEAL_CLI"]


def run(*args, stdin=None):
    return subprocess.run([ESEAL, *map(str, args)], input=stdin, capture_output=True, timeout=300)


class VerifyJobs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        cls.pki = cls.dir / "pki"
        assert run("pki", "init", cls.pki).returncode == 0
        cls.data = cls.dir / "contract.txt"
        cls.data.write_bytes("合同 contract\n".encode())
        cls.seal = cls.dir / "seal.esl"
        r = run("seal", "create", "--maker-key", cls.pki / "maker.key", "--maker-cert",
                cls.pki / "maker.crt", "--signer-cert", cls.pki / "signer.crt", "--esid",
                "3301060000001", "--name", "合同专用章", "-o", cls.seal)
        assert r.returncode == 0, r.stderr
        cls.good = []
        for i in range(3):
            sig = cls.dir / f"contract-{i}.sig"
            r = run("stamp", "--seal", cls.seal, "--key", cls.pki / "signer.key", "--cert",
                    cls.pki / "signer.crt", "--data", cls.data, "-o", sig)
            assert r.returncode == 0, r.stderr
            cls.good.append(sig)
        # A forged stamp: one bit of the signer's signature value flipped.
        cls.forged = cls.dir / "forged.sig"
        raw = bytearray(cls.good[0].read_bytes())
        raw[-1] ^= 1
        cls.forged.write_bytes(bytes(raw))
        cls.junk = cls.dir / "junk.bin"
        cls.junk.write_bytes(b"\x30\x03\x02\x01")
        cls.missing = cls.dir / "missing.sig"
        # One validation time for every run, so that their outputs can be compared.
        cls.at = f"@{int(time.time()) + 3600}"

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def verify(self, files, *extra):
        return run("verify", "--trust-list", self.pki / "trust-list.txt",
                   "--trust-list-operator", self.pki / "operator.crt", "--data", self.data,
                   "--at", self.at, *extra, *files)

    def mixed(self):
        files = []
        for i in range(6):
            files += [self.good[i % 3], self.forged, self.junk, self.seal, self.good[(i + 1) % 3]]
        return files

    def test_jobs_print_what_one_job_prints(self):
        files = self.mixed()
        for mode in ((), ("--json",)):
            serial = self.verify(files, *mode)
            self.assertEqual(serial.returncode, 1, serial.stderr)
            for jobs in ("2", "4", "64"):
                r = self.verify(files, "--jobs", jobs, *mode)
                self.assertEqual(r.returncode, serial.returncode, (jobs, mode))
                self.assertEqual(r.stdout, serial.stdout, (jobs, mode))
        lines = [json.loads(line) for line in serial.stdout.decode().splitlines()]
        self.assertEqual(len(lines), len(files))
        self.assertEqual([d["indication"] for d in lines[:5]],
                         ["TOTAL_PASSED", "TOTAL_FAILED", "TOTAL_FAILED", "INDETERMINATE",
                          "TOTAL_PASSED"])

    def test_exit_status_is_the_worst_and_an_unreadable_file_has_its_null_line(self):
        files = [self.good[0], self.missing, self.forged, self.good[1]]
        for jobs in ("1", "3"):
            r = self.verify(files, "--json", "--jobs", jobs)
            self.assertEqual(r.returncode, 3, jobs)
            self.assertIn(b"missing.sig", r.stderr)
            lines = [json.loads(line) for line in r.stdout.decode().splitlines()]
            self.assertEqual([d and d["indication"] for d in lines],
                             ["TOTAL_PASSED", None, "TOTAL_FAILED", "TOTAL_PASSED"])
        r = self.verify(self.good * 4, "--jobs", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().count("Result: TOTAL_PASSED"), 12)
        r = self.verify([self.good[0], self.seal], "--jobs", "2")
        self.assertEqual(r.returncode, 2, "the seal given data is INDETERMINATE")

    def test_files_from_and_stdin_with_jobs(self):
        listing = self.dir / "list.txt"
        listing.write_text("".join(f"{f}\n" for f in self.mixed()))
        serial = self.verify([], "--json", "--files-from", listing)
        threaded = self.verify([], "--json", "--jobs", "3", "--files-from", listing)
        self.assertEqual(threaded.stdout, serial.stdout)
        self.assertEqual(threaded.returncode, serial.returncode)
        # stdin among files verified by threads keeps its place.
        r = run("verify", "--json", "--trust-list", self.pki / "trust-list.txt",
                "--trust-list-operator", self.pki / "operator.crt", "--data", self.data,
                "--jobs", "2", self.forged, "-", self.good[0],
                stdin=self.good[1].read_bytes())
        self.assertEqual([json.loads(line)["indication"] for line in r.stdout.decode().splitlines()],
                         ["TOTAL_FAILED", "TOTAL_PASSED", "TOTAL_PASSED"])

    def test_bad_job_counts_are_usage_errors(self):
        for jobs in ("0", "65", "-1", "two", ""):
            r = self.verify([self.good[0]], "--jobs", jobs)
            self.assertEqual(r.returncode, 64, jobs)
            self.assertIn("--jobs", r.stderr.decode())
            self.assertEqual(r.stdout, b"")


    def test_named_pipes_are_read_once_and_bounded(self):
        # One read per file: a small named pipe verifies; one past the input
        # limit is refused without opening the pipe again (which would block).
        good = self.good[0].read_bytes()
        for payload, status in ((good, 0), (b"\0" * (16 * 1024 * 1024 + 10), 3)):
            fifo = self.dir / "pipe.sig"
            fifo.unlink(missing_ok=True)
            os.mkfifo(fifo)
            writer = threading.Thread(target=write_all, args=(fifo, payload))
            writer.start()
            r = self.verify([fifo], "-q")
            writer.join(timeout=60)
            self.assertEqual(r.returncode, status, r.stderr)
            if status:
                self.assertIn("larger than the input limit", r.stderr.decode())


def write_all(path, payload):
    try:
        with open(path, "wb") as f:
            f.write(payload)
    except BrokenPipeError:
        pass  # the reader stopped at the limit


if __name__ == "__main__":
    unittest.main()
