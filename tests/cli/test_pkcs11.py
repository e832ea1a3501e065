#!/usr/bin/env python3
"""eseal seal create, stamp and log checkpoint with keys in a SoftHSM2 token named by pkcs11:
URIs, PINs and passwords from files and environment variables, and the failures each with
its message. Skipped when SoftHSM2 is not installed."""
import json
import os
import pty
import select
import shutil
import subprocess
import tempfile
import unittest

ESEAL = os.environ["ESEAL_CLI"]
MODULE = os.environ.get("ESEAL_SOFTHSM2_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
HAVE_SOFTHSM = os.path.exists(MODULE) and shutil.which("softhsm2-util") is not None
PIN = "4321"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=120)


@unittest.skipUnless(HAVE_SOFTHSM, "SoftHSM2 (libsofthsm2.so and softhsm2-util) is not installed")
class TokenKeys(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.dir = cls.tmp.name
        os.mkdir(os.path.join(d, "tokens"))
        conf = os.path.join(d, "softhsm2.conf")
        with open(conf, "w") as f:
            f.write(f"directories.tokendir = {d}/tokens\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
        cls.env = dict(os.environ, SOFTHSM2_CONF=conf)
        with open(os.path.join(d, "leaf.cnf"), "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\n"
                    "keyUsage=critical,digitalSignature,nonRepudiation\n")
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "root.key", "-out", "root.crt", "-subj", "/CN=Token CLI Root",
                "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
        for name in ("maker", "signer"):
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", f"{name}.key", cwd=d)
            openssl("req", "-new", "-key", f"{name}.key", "-subj", f"/O=Token Org/CN={name}",
                    "-out", f"{name}.csr", cwd=d)
            openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "root.crt", "-CAkey", "root.key",
                    "-CAcreateserial", "-days", "30", "-extfile", "leaf.cnf",
                    "-out", f"{name}.crt", cwd=d)
        cls.util("--init-token", "--free", "--label", "Seals", "--so-pin", "000000",
                 "--pin", PIN)
        for i, name in enumerate(("maker", "signer")):
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", f"{name}.key", "-out", f"{name}.p8",
                    cwd=d)
            cls.util("--import", os.path.join(d, f"{name}.p8"), "--token", "Seals", "--label",
                     name, "--id", f"0{i + 1}", "--pin", PIN)
        cls.pin_file = cls.path("pin.txt")
        with open(cls.pin_file, "w") as f:
            f.write(PIN + "\n")
        cls.data = cls.path("contract.txt")
        with open(cls.data, "wb") as f:
            f.write(b"contract stamped with a token key\n")
        r = cls.run_eseal("seal", "create", "--maker-key", "pkcs11:token=Seals;object=maker",
                          "--pkcs11-module", MODULE, "--pin-file", cls.pin_file,
                          "--maker-cert", cls.path("maker.crt"),
                          "--signer-cert", cls.path("signer.crt"), "--esid", "3301060000009",
                          "--name", "合同专用章", "-o", cls.path("seal.esl"))
        assert r.returncode == 0, r.stderr.decode()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def util(cls, *args):
        subprocess.run(["softhsm2-util", *args], env=cls.env, check=True, capture_output=True,
                       timeout=120)

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    @classmethod
    def run_eseal(cls, *args, env=None):
        # stdin is not a terminal: eseal must never wait at a prompt here.
        return subprocess.run([ESEAL, *args], capture_output=True, timeout=120,
                              stdin=subprocess.DEVNULL, env=env or cls.env)

    def signer_uri(self, extra=""):
        return f"pkcs11:token=Seals;object=signer{extra}?module-path={MODULE}"

    def stamp(self, key, *secret, out="contract.sig", env=None):
        return self.run_eseal("stamp", "--seal", self.path("seal.esl"), "--key", key, "--cert",
                              self.path("signer.crt"), "--data", self.data, "-o", self.path(out),
                              *secret, env=env)

    def test_stamp_with_token_key_verifies(self):
        env = dict(self.env, TOKEN_PIN=PIN)
        r = self.stamp(self.signer_uri(), "--pin-env", "TOKEN_PIN", env=env)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.run_eseal("verify", "--trust", self.path("root.crt"), "--data", self.data,
                           self.path("contract.sig"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn("TOTAL_PASSED", r.stdout.decode())
        # The token's signature covers this data only.
        other = self.path("other.txt")
        with open(other, "wb") as f:
            f.write(b"another contract\n")
        r = self.run_eseal("verify", "--trust", self.path("root.crt"), "--data", other,
                           self.path("contract.sig"))
        self.assertEqual(r.returncode, 1, r.stdout.decode())

    def test_wrong_pin_locked_out_and_missing_pin_fail_with_their_hint(self):
        wrong = self.path("wrong-pin.txt")
        with open(wrong, "w") as f:
            f.write("0000\n")
        r = self.stamp(self.signer_uri(), "--pin-file", wrong, out="wrong.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("PIN", r.stderr.decode())
        self.assertFalse(os.path.exists(self.path("wrong.sig")))
        # No PIN and no terminal to ask on.
        r = self.stamp(self.signer_uri(), out="nopin.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("--pin-file", r.stderr.decode())
        r = self.stamp(self.signer_uri(), "--pin-env", "NO_SUCH_PIN_VARIABLE", out="nopin.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("NO_SUCH_PIN_VARIABLE", r.stderr.decode())

    def test_missing_module_and_uri_errors(self):
        r = self.stamp("pkcs11:token=Seals;object=signer", "--pin-file", self.pin_file,
                       out="x.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("--pkcs11-module", r.stderr.decode())
        r = self.stamp("pkcs11:token=Seals;object=signer", "--pin-file", self.pin_file,
                       "--pkcs11-module", self.path("absent.so"), out="x.sig")
        self.assertEqual(r.returncode, 3)
        r = self.stamp(self.signer_uri().replace("object=signer", "object=nobody"),
                       "--pin-file", self.pin_file, out="x.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("no private key", r.stderr.decode())
        # Without object=, maker and signer both match.
        r = self.stamp(f"pkcs11:token=Seals?module-path={MODULE}", "--pin-file", self.pin_file,
                       out="x.sig")
        self.assertEqual(r.returncode, 3)
        self.assertIn("more than one", r.stderr.decode())
        r = self.stamp(self.signer_uri() + "&x-vendor=1", "--pin-file", self.pin_file,
                       out="x.sig")
        self.assertEqual(r.returncode, 0, r.stderr.decode())  # unknown query parts are ignored
        r = self.stamp("pkcs11:token=Seals;objekt=signer", "--pin-file", self.pin_file,
                       out="x.sig")
        self.assertEqual(r.returncode, 3)

    def test_token_key_with_another_certificate_is_refused(self):
        r = self.run_eseal("stamp", "--seal", self.path("seal.esl"), "--key",
                           f"pkcs11:token=Seals;object=maker?module-path={MODULE}",
                           "--pin-file", self.pin_file, "--cert", self.path("signer.crt"),
                           "--data", self.data, "-o", self.path("forged.sig"))
        self.assertNotEqual(r.returncode, 0)
        self.assertFalse(os.path.exists(self.path("forged.sig")))

    def test_password_file_and_environment_for_encrypted_key_files(self):
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "signer.key", "-out",
                "signer-enc.key", "-passout", "pass:s3cret", cwd=self.dir)
        key = self.path("signer-enc.key")
        pw = self.path("pw.txt")
        with open(pw, "w") as f:
            f.write("s3cret\n")
        r = self.stamp(key, "--password-file", pw, out="pw1.sig")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.stamp(key, "--password-env", "KEY_PW", out="pw2.sig",
                       env=dict(self.env, KEY_PW="s3cret"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.stamp(key, "--password-env", "KEY_PW", out="pw3.sig",
                       env=dict(self.env, KEY_PW="wrong"))
        self.assertEqual(r.returncode, 3)
        r = self.stamp(key, out="pw4.sig")  # no password, no terminal
        self.assertEqual(r.returncode, 3)
        self.assertIn("--password-file", r.stderr.decode())

    def test_log_checkpoint_signed_with_token_key_verifies(self):
        db = self.path("store.db")
        r = self.run_eseal("log", "record-physical", "--store", db, "--tenant", "acme",
                           "--esid", "3301060000009", "--operator", "alice")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        cp = self.path("cp.txt")
        r = self.run_eseal("log", "checkpoint", "--store", db, "--tenant", "acme", "--key",
                           self.signer_uri(), "--pin-file", self.pin_file, "--cert",
                           self.path("signer.crt"), "--log-roots", self.path("root.crt"),
                           "-o", cp)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.run_eseal("log", "verify", "--store", db, "--tenant", "acme", "--log-roots",
                           self.path("root.crt"), "--checkpoint", cp)
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertTrue(json.loads(r.stdout)["ok"])
        # A root that did not certify the token key does not vouch for its checkpoint.
        r = self.run_eseal("log", "verify", "--store", db, "--tenant", "acme", "--log-roots",
                           self.path("maker.crt"), "--checkpoint", cp)
        self.assertNotEqual(r.returncode, 0, r.stdout.decode())

    def on_terminal(self, args, answer):
        """Runs eseal with a terminal as stdin and controlling terminal, answering its prompt;
        (exit status, everything the terminal showed)."""
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(ESEAL, [ESEAL, *args], self.env)
        shown, answered = b"", False
        while True:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if not answered and b": " in shown:
                os.write(fd, answer + b"\n")
                answered = True
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), shown

    def test_prompts_on_a_terminal_without_echo(self):
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "signer.key", "-out",
                "signer-tty.key", "-passout", "pass:tty-s3cret", cwd=self.dir)
        rc, shown = self.on_terminal(
            ["stamp", "--seal", self.path("seal.esl"), "--key", self.path("signer-tty.key"),
             "--cert", self.path("signer.crt"), "--data", self.data, "-o", self.path("tty.sig")],
            b"tty-s3cret")
        self.assertEqual(rc, 0, shown)
        self.assertIn(b"Password for the key file", shown)
        self.assertNotIn(b"tty-s3cret", shown)  # typed, never echoed
        rc, shown = self.on_terminal(
            ["stamp", "--seal", self.path("seal.esl"), "--key", self.signer_uri(), "--cert",
             self.path("signer.crt"), "--data", self.data, "-o", self.path("tty2.sig")],
            PIN.encode())
        self.assertEqual(rc, 0, shown)
        self.assertIn(b"PIN for token Seals", shown)
        self.assertNotIn(PIN.encode(), shown)

    def test_help_marks_password_on_the_command_line_unsafe(self):
        r = self.run_eseal("stamp", "--help")
        text = r.stdout.decode() + r.stderr.decode()
        self.assertIn("--password-file", text)
        self.assertIn("UNSAFE", text)
        self.assertIn("pkcs11:", text)


if __name__ == "__main__":
    unittest.main()
