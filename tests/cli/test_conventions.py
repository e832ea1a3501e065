#!/usr/bin/env python3
"""The command-line conventions of doc/cli.md: getopt_long options, - for stdin and stdout,
several files and --files-from, exit statuses, --quiet and --verbose, colours, dates
without a time, pki init refusing to overwrite, error messages, man pages, completion."""
import json
import os
import pathlib
import pty
import select
import shutil
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
SOURCE = pathlib.Path(__file__).resolve().parents[2]
COMMANDS = ("demo", "pki", "seal", "stamp", "verify", "inspect", "cert", "policy", "alerts")


def run(*args, stdin=None, env=None):
    return subprocess.run([ESEAL, *map(str, args)], input=stdin, capture_output=True, timeout=120,
                          env=env)


def run_on_terminal(*args, env):
    """Runs eseal with stdout on a pseudo-terminal; (exit status, what it printed)."""
    leader, follower = pty.openpty()
    p = subprocess.Popen([ESEAL, *map(str, args)], stdout=follower, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return p.wait(timeout=60), out


class Conventions(unittest.TestCase):
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
        cls.sig = cls.dir / "contract.sig"
        r = run("stamp", "--seal", cls.seal, "--key", cls.pki / "signer.key", "--cert",
                cls.pki / "signer.crt", "--data", cls.data, "-o", cls.sig)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def trust(self):
        return ["--trust-list", self.pki / "trust-list.txt", "--trust-list-operator",
                self.pki / "operator.crt"]

    # Options

    def test_opt_equals_value_is_the_same_as_opt_space_value(self):
        spaced = run("verify", "--json", *self.trust(), "--data", self.data, "--at",
                     "2027-01-01T00:00:00Z", self.sig)
        joined = run("verify", "--json", f"--trust-list={self.pki / 'trust-list.txt'}",
                     f"--trust-list-operator={self.pki / 'operator.crt'}",
                     f"--data={self.data}", "--at=2027-01-01T00:00:00Z", self.sig)
        self.assertEqual(spaced.returncode, 0, spaced.stderr)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        a, b = json.loads(spaced.stdout), json.loads(joined.stdout)
        self.assertEqual(a["times"]["validation"], "2027-01-01T00:00:00Z")
        self.assertEqual(a["times"]["validation"], b["times"]["validation"])
        self.assertEqual([c["status"] for c in a["checks"]], [c["status"] for c in b["checks"]])
        # Options may come after the file too, and -o takes its value glued on.
        out = self.dir / "glued.sig"
        r = run("stamp", "--seal=" + str(self.seal), "--key", self.pki / "signer.key",
                "--cert", self.pki / "signer.crt", "--data", self.data, f"-o{out}")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(out.exists())

    def test_bad_options_are_usage_errors_that_say_what_to_do(self):
        for args, says in ((("verify", "--bogus", self.sig), "unknown option --bogus"),
                           (("verify", "--json=yes", self.sig), "--json=yes takes no value"),
                           (("verify", self.sig, "--data"), "--data needs a value"),
                           (("inspect", self.sig, self.seal), "unexpected argument"),
                           (("verify", "-q", "-v", self.sig), "not both")):
            r = run(*args)
            self.assertEqual(r.returncode, 64, args)
            self.assertIn(says, r.stderr.decode(), args)
            self.assertEqual(r.stdout, b"", args)
        # "--" ends the options: a file named like an option.
        odd = self.dir / "--json"
        shutil.copy(self.sig, odd)
        r = run("inspect", "--", odd.name, stdin=None, env=None)
        self.assertIn(r.returncode, (0, 3))  # relative to the test's working folder
        r = subprocess.run([ESEAL, "inspect", "--", "--json"], cwd=self.dir, capture_output=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"kind         signature", r.stdout)

    # - for stdin and stdout

    def test_dash_reads_the_signature_or_the_data_from_stdin(self):
        sig, data = self.sig.read_bytes(), self.data.read_bytes()
        r = run("verify", *self.trust(), "--data", self.data, "-", stdin=sig)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run("verify", *self.trust(), "--data", "-", self.sig, stdin=data)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run("verify", *self.trust(), "--data", "-", self.sig, stdin=data + b"!")
        self.assertEqual(r.returncode, 1, "other data from stdin: HASH_FAILURE")
        r = run("inspect", "--json", "-", stdin=sig)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["kind"], "signature")
        r = run("verify", "--data", "-", "-", stdin=sig)
        self.assertEqual(r.returncode, 64)
        self.assertIn("stdin (-) can be read only once", r.stderr.decode())

    def test_dash_writes_the_seal_and_the_signature_to_stdout(self):
        r = run("seal", "create", "--maker-key", self.pki / "maker.key", "--maker-cert",
                self.pki / "maker.crt", "--signer-cert", self.pki / "signer.crt", "--esid",
                "3301060000009", "--name", "财务专用章", "-o", "-")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout[:1], b"\x30", "DER on stdout, the message on stderr")
        self.assertIn(b"written to stdout", r.stderr)
        seal = r.stdout
        r = run("stamp", "--seal", "-", "--key", self.pki / "signer.key", "--cert",
                self.pki / "signer.crt", "--data", self.data, "-o", "-", stdin=seal)
        self.assertEqual(r.returncode, 0, r.stderr)
        signature = r.stdout
        r = run("verify", "--json", *self.trust(), "--data", self.data, "-", stdin=signature)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(json.loads(r.stdout)["subject"]["esid"], "3301060000009")
        r = run("seal", "picture", "--shape", "rectangle", "--name", "张三", "-o", "-")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.lstrip().startswith(b"<"), r.stdout[:40])

    # Several files, --files-from, the worst exit status

    def test_several_files_give_the_worst_result(self):
        other = self.dir / "other.txt"
        other.write_bytes(b"other")
        ok = run("verify", *self.trust(), "--data", self.data, self.sig, self.sig)
        self.assertEqual(ok.returncode, 0)
        self.assertEqual(ok.stdout.decode().count("Result: TOTAL_PASSED"), 2)
        self.assertIn(f"File: {self.sig}", ok.stdout.decode())
        # The seal given data is INDETERMINATE: 2 beats 0.
        r = run("verify", *self.trust(), "--data", self.data, self.sig, self.seal)
        self.assertEqual(r.returncode, 2)
        junk = self.dir / "junk.bin"
        junk.write_bytes(b"\x30\x03\x02\x01")
        # A TOTAL_FAILED one: 1 beats 2 and 0, whatever the order.
        for order in ((self.sig, self.seal, junk), (junk, self.seal, self.sig)):
            r = run("verify", *self.trust(), "--data", self.data, *order)
            self.assertEqual(r.returncode, 1, order)
        # A file that cannot be read: 3 beats everything, and the others are still verified.
        r = run("verify", "--json", *self.trust(), "--data", self.data, self.sig,
                self.dir / "missing.sig", junk)
        self.assertEqual(r.returncode, 3)
        lines = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual([d and d["indication"] for d in lines],
                         ["TOTAL_PASSED", None, "TOTAL_FAILED"])

    def test_files_from_a_list_or_stdin(self):
        listing = self.dir / "list.txt"
        listing.write_text(f"{self.sig}\r\n\n{self.sig}\n")
        r = run("verify", "--json", *self.trust(), "--data", self.data, "--files-from", listing)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.decode().splitlines()), 2)
        r = run("verify", "--json", *self.trust(), "--data", self.data, "--files-from", "-",
                self.seal, stdin=f"{self.sig}\n".encode())
        self.assertEqual(r.returncode, 2, "the seal given data is INDETERMINATE")
        kinds = [json.loads(line)["kind"] for line in r.stdout.decode().splitlines()]
        self.assertEqual(kinds, ["seal", "signature"], "arguments first, then the list")
        empty = self.dir / "empty.txt"
        empty.write_text("\n")
        r = run("verify", "--files-from", empty)
        self.assertEqual(r.returncode, 64)
        self.assertIn("no file to work on", r.stderr.decode())

    # Exit statuses

    def test_exit_statuses_are_distinct_and_documented(self):
        junk = self.dir / "not-a-seal.bin"
        junk.write_bytes(b"hello")
        self.assertEqual(run("inspect", junk).returncode, 4)
        self.assertEqual(run("verify", junk).returncode, 1, "verify reports FORMAT_FAILURE")
        r = run("stamp", "--seal", self.seal, "--key", self.pki / "maker.key", "--cert",
                self.pki / "maker.crt", "--data", self.data, "-o", self.dir / "no.sig")
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertEqual(run("pki", "init", self.pki).returncode, 6)
        self.assertEqual(run("inspect", self.dir / "missing").returncode, 3)
        self.assertEqual(run("verify").returncode, 64)
        for cmd in COMMANDS:
            text = run(cmd, "--help").stdout.decode()
            self.assertIn("Exit status:", text, cmd)
            self.assertIn("64 usage", text, cmd)
        table = (SOURCE / "doc" / "cli.md").read_text()
        for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 6 |", "| 64 |"):
            self.assertIn(code, table)

    # --quiet and --verbose

    def test_quiet_prints_nothing_and_verbose_says_what_is_read(self):
        r = run("verify", "-q", *self.trust(), "--data", self.data, self.sig)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, b"", b""))
        r = run("verify", "--quiet", self.sig)
        self.assertEqual((r.returncode, r.stdout), (2, b""))
        r = run("inspect", "--quiet", self.data)
        self.assertEqual((r.returncode, r.stdout), (4, b""))
        r = run("verify", "--verbose", *self.trust(), "--data", self.data, self.sig)
        self.assertEqual(r.returncode, 0)
        self.assertIn(f"eseal verify: reading {self.sig}", r.stderr.decode())
        # What loading the trust skipped is said too (a .pem file without a certificate).
        anchors = self.dir / "anchors"
        anchors.mkdir(exist_ok=True)
        shutil.copy(self.pki / "root.crt", anchors)
        (anchors / "README.pem").write_text("not a certificate\n")
        r = run("verify", "-v", "--trust", anchors, "--data", self.data, self.sig)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("eseal verify: trust: ", r.stderr.decode())
        self.assertIn("README.pem: skipped, it holds no certificate", r.stderr.decode())
        self.assertNotIn(b"trust:", run("verify", "--trust", anchors, "--data", self.data,
                                        self.sig).stderr)
        self.assertIn(b"Result: TOTAL_PASSED", r.stdout)
        with tempfile.TemporaryDirectory() as fresh:
            r = run("pki", "init", "-q", fresh)
            self.assertEqual((r.returncode, r.stdout), (0, b""))

    # Colours

    def test_colours_only_on_a_terminal_and_never_with_no_color(self):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm"
        args = ("verify", *self.trust(), "--data", self.data, self.sig)
        r = run(*args, env=env)
        self.assertNotIn(b"\x1b[", r.stdout, "a pipe gets no colours")
        status, out = run_on_terminal(*args, env=env)
        self.assertEqual(status, 0)
        self.assertIn(b"\x1b[1m\x1b[32mTOTAL_PASSED\x1b[0m", out)
        self.assertIn(b"\x1b[32mOK\x1b[0m", out)
        status, out = run_on_terminal(*args, env={**env, "NO_COLOR": "1"})
        self.assertEqual(status, 0)
        self.assertIn(b"TOTAL_PASSED", out)
        self.assertNotIn(b"\x1b[", out)

    # Dates

    def test_a_date_alone_means_midnight_utc(self):
        day = run("verify", "--json", *self.trust(), "--at", "2027-03-04", self.seal)
        full = run("verify", "--json", *self.trust(), "--at", "2027-03-04T00:00:00Z", self.seal)
        self.assertEqual(json.loads(day.stdout)["times"]["validation"], "2027-03-04T00:00:00Z")
        self.assertEqual(day.returncode, full.returncode)
        out = self.dir / "dated.esl"
        r = run("seal", "create", "--maker-key", self.pki / "maker.key", "--maker-cert",
                self.pki / "maker.crt", "--signer-cert", self.pki / "signer.crt", "--esid", "1",
                "--name", "章", "--valid-from", "2026-12-01", "--valid-to", "2027-12-01", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        prop = json.loads(run("inspect", "--json", out).stdout)["property"]
        self.assertEqual(prop["valid_start"]["iso"], "2026-12-01T00:00:00Z")
        self.assertEqual(prop["valid_end"]["iso"], "2027-12-01T00:00:00Z")
        for bad in ("2027-13-01", "2027-02-30x", "27-03-04", "2027-3-4"):
            r = run("verify", "--at", bad, self.seal)
            self.assertEqual(r.returncode, 64, bad)

    # pki init

    def test_pki_init_refuses_to_overwrite_without_force(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(run("pki", "init", d).returncode, 0)
            key = pathlib.Path(d, "maker.key").read_bytes()
            r = run("pki", "init", d)
            self.assertEqual(r.returncode, 6)
            self.assertIn("give --force", r.stderr.decode())
            self.assertEqual(r.stderr.decode().count(d), 1, "the folder is named once")
            self.assertEqual(pathlib.Path(d, "maker.key").read_bytes(), key)
            # One file of an earlier PKI is enough to refuse.
            for name in os.listdir(d):
                if name != "signer.key":
                    os.remove(os.path.join(d, name))
            self.assertEqual(run("pki", "init", d).returncode, 6)
            r = run("pki", "init", "--force", d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotEqual(pathlib.Path(d, "maker.key").read_bytes(), key)

    # Error messages

    def test_errors_name_the_path_once_and_say_what_to_do(self):
        missing = self.dir / "no-such-file.sig"
        for args in (("verify", missing), ("inspect", missing),
                     ("stamp", "--seal", missing, "--key", self.pki / "signer.key", "--data",
                      self.data, "-o", self.dir / "x.sig")):
            r = run(*args)
            self.assertEqual(r.returncode, 3, args)
            err = r.stderr.decode()
            self.assertEqual(err.count(str(missing)), 1, err)
            self.assertIn("check the file name", err)
        r = run("stamp", "--seal", self.seal, "--key", self.pki / "signer.key", "--cert",
                self.pki / "signer.crt", "--data", self.data, "-o", self.dir / "nofolder" / "x")
        self.assertEqual(r.returncode, 3)
        self.assertIn("check that its folder exists", r.stderr.decode())

    # Man pages and completion

    def test_every_command_has_a_man_page(self):
        pages = {p.name for p in (SOURCE / "doc" / "man").glob("*.scd")}
        self.assertIn("eseal.1.scd", pages)
        for cmd in COMMANDS:
            self.assertIn(f"eseal-{cmd}.1.scd", pages)
        built = os.environ.get("ESEAL_MAN_DIR")
        if built:
            for cmd in COMMANDS:
                page = pathlib.Path(built, f"eseal-{cmd}.1").read_text()
                self.assertIn(".TH", page)

    @unittest.skipUnless(shutil.which("bash"), "bash is not installed")
    def test_bash_completion_completes_commands_and_options(self):
        script = SOURCE / "completion" / "eseal.bash"
        probe = (f'source "{script}"; eseal() {{ "{ESEAL}" "$@"; }}; '
                 'COMP_WORDS=(eseal ver); COMP_CWORD=1; _eseal; echo "${COMPREPLY[*]}"; '
                 'COMP_WORDS=(eseal verify --trust-l); COMP_CWORD=2; _eseal; '
                 'echo "${COMPREPLY[*]}"')
        r = subprocess.run(["bash", "-c", probe], capture_output=True, timeout=60,
                           env={**os.environ, "ESEAL_COMPLETION_CLI": ESEAL})
        self.assertEqual(r.returncode, 0, r.stderr)
        first, second = r.stdout.decode().splitlines()
        self.assertEqual(first.split(), ["verify"])
        self.assertEqual(sorted(second.split()), ["--trust-list", "--trust-list-operator"])

    @unittest.skipUnless(shutil.which("bash"), "bash is not installed")
    def test_bash_completion_knows_cert_status_and_revocation_modes(self):
        script = SOURCE / "completion" / "eseal.bash"
        probe = (f'source "{script}"; eseal() {{ "{ESEAL}" "$@"; }}; '
                 'COMP_WORDS=(eseal cert st); COMP_CWORD=2; _eseal; echo "${COMPREPLY[*]}"; '
                 'COMP_WORDS=(eseal verify --revocation o); COMP_CWORD=3; _eseal; '
                 'echo "${COMPREPLY[*]}"; '
                 'COMP_WORDS=(eseal stamp --ts); COMP_CWORD=2; _eseal; echo "${COMPREPLY[*]}"')
        r = subprocess.run(["bash", "-c", probe], capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        cert, modes, tsa = r.stdout.decode().splitlines()
        self.assertEqual(cert.split(), ["status"])
        self.assertEqual(sorted(modes.split()), ["off", "offline", "online"])
        self.assertEqual(sorted(tsa.split()), ["--tsa", "--tsa-policy"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
