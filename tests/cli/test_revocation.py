#!/usr/bin/env python3
"""Revocation and timestamps through the eseal command: eseal verify with --crl,
--ocsp-response, --soft-fail, --require-revocation, --revocation and
--validation-data; eseal stamp refused (exit 5) for a revoked signer or one without
a status, and timestamped at a local TSA (tests/support/http_server.py running
`openssl ts -reply`); eseal cert status. The PKI, CRLs and OCSP responses are made
by the openssl command at test time; every --json report is checked against
doc/schema/eseal-report.schema.json."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eseal_schema  # noqa: E402

from eseal_run import ESEAL, ok, run  # noqa: E402
SUPPORT = os.environ.get("ESEAL_TEST_SUPPORT_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "support")

EXIT_PASSED, EXIT_FAILED, EXIT_INDETERMINATE, EXIT_ERROR = 0, 1, 2, 3
EXIT_REFUSED, EXIT_USAGE = 5, 64




def openssl(cwd, *args, stdin=None):
    r = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, timeout=60, input=stdin)
    if r.returncode != 0:
        raise AssertionError("openssl %s: %s" % (" ".join(args), r.stderr.decode()))
    return r.stdout


def index_time(t):
    return time.strftime("%y%m%d%H%M%SZ", time.gmtime(t))


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def checks(report):
    return {c["id"]: c["status"] for c in report["checks"]}


EXT = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


class Revocation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.dir = cls.tmp.name
        with open(os.path.join(d, "ext.cnf"), "w") as f:
            f.write(EXT)

        def issue(stem, section, issuer=None):
            openssl(d, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", stem + ".key")
            extra = ["-CA", issuer + ".pem", "-CAkey", issuer + ".key"] if issuer else []
            openssl(d, "req", "-x509", "-new", "-config", "ext.cnf", "-extensions", section,
                    "-key", stem + ".key", "-subj", "/O=Revocation Test Org/CN=" + stem,
                    "-days", "3650", "-sha256", "-out", stem + ".pem", *extra)

        issue("root", "ca")
        issue("maker", "leaf", "root")
        issue("signer", "leaf", "root")
        issue("tsa-root", "ca")
        issue("tsa", "tsa", "tsa-root")
        with open(os.path.join(d, "doc.txt"), "wb") as f:
            f.write(b"the contract")
        ok("seal", "create", "--maker-key", "maker.key", "--maker-cert", "maker.pem",
           "--signer-cert", "signer.pem", "--esid", "3301060000001", "--name", "合同专用章",
           "-o", "seal.esl", cwd=d)
        ok("stamp", "--seal", "seal.esl", "--key", "signer.key", "--cert", "signer.pem",
           "--data", "doc.txt", "-o", "doc.sig", cwd=d)
        # The stamp's claimed time is before the revocation below (keyCompromise: it
        # still fails without a proof of existence).
        time.sleep(2)
        cls.revoked_at = int(time.time()) - 1

        serial = {}
        for who in ("maker", "signer"):
            out = openssl(d, "x509", "-noout", "-serial", "-in", who + ".pem").decode()
            serial[who] = out.strip().split("=", 1)[1]
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = %s/index.txt\n"
                    "crlnumber = %s/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n"
                    "crl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n"
                    % (d, d))
        with open(os.path.join(d, "crlnumber"), "w") as f:
            f.write("01\n")
        expiry = index_time(time.time() + 3650 * 86400)

        def database(revoked):
            with open(os.path.join(d, "index.txt"), "w") as f:
                for who in ("maker", "signer"):
                    if who == "signer" and revoked:
                        f.write("R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=%s\n"
                                % (expiry, index_time(cls.revoked_at), serial[who], who))
                    else:
                        f.write("V\t%s\t\t%s\tunknown\t/CN=%s\n" % (expiry, serial[who], who))

        for name, revoked in (("good", False), ("revoked", True)):
            database(revoked)
            openssl(d, "ca", "-batch", "-gencrl", "-config", "ca.cnf", "-keyfile", "root.key",
                    "-cert", "root.pem", "-out", name + ".crl")
            for who in ("maker", "signer"):
                openssl(d, "ocsp", "-no_nonce", "-issuer", "root.pem", "-cert", who + ".pem",
                        "-reqout", "req.der")
                openssl(d, "ocsp", "-index", "index.txt", "-CA", "root.pem", "-rsigner",
                        "root.pem", "-rkey", "root.key", "-reqin", "req.der", "-respout",
                        "%s-%s.ocsp" % (name, who), "-ndays", "1")

        # The TSA root's CRL, revoking nothing: with it the TSA certificate has a status.
        with open(os.path.join(d, "tsa-index.txt"), "w"):
            pass
        with open(os.path.join(d, "tsa-ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = %s/tsa-index.txt\n"
                    "crlnumber = %s/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n"
                    % (d, d))
        openssl(d, "ca", "-batch", "-gencrl", "-config", "tsa-ca.cnf", "-keyfile", "tsa-root.key",
                "-cert", "tsa-root.pem", "-out", "tsa-root.crl")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def verify(self, *args, expect):
        r = run("verify", "--json", "--trust", "root.pem", "--data", "doc.txt", *args, "doc.sig",
                cwd=self.dir)
        self.assertEqual(r.returncode, expect, r.stdout.decode() + r.stderr.decode())
        report = json.loads(r.stdout)
        eseal_schema.validate(report)
        return report

    def test_good_crl_is_ok(self):
        report = self.verify("--crl", "good.crl", expect=EXIT_PASSED)
        self.assertEqual(checks(report)["signer.revocation"], "OK")
        self.assertEqual(checks(report)["seal.maker_revocation"], "OK")

    def test_revoked_crl_fails(self):
        report = self.verify("--crl", "revoked.crl", expect=EXIT_FAILED)
        self.assertEqual(report["indication"], "TOTAL_FAILED")
        self.assertEqual(report["sub_indication"], "REVOKED")
        self.assertEqual(checks(report)["signer.revocation"], "NOT_OK")

    def test_ocsp_responses(self):
        good = self.verify("--ocsp-response", "good-signer.ocsp", "--ocsp-response",
                           "good-maker.ocsp", expect=EXIT_PASSED)
        self.assertEqual(checks(good)["signer.revocation"], "OK")
        bad = self.verify("--ocsp-response", "revoked-signer.ocsp", "--ocsp-response",
                          "revoked-maker.ocsp", expect=EXIT_FAILED)
        self.assertEqual(bad["sub_indication"], "REVOKED")
        # A response about the maker only says nothing about the signer: no status.
        none = self.verify("--ocsp-response", "good-maker.ocsp", expect=EXIT_INDETERMINATE)
        self.assertEqual(none["sub_indication"], "TRY_LATER")
        self.assertEqual(checks(none)["signer.revocation"], "NOT_OK")

    def test_missing_status(self):
        # Nothing configured: a warning, never silence.
        plain = self.verify(expect=EXIT_PASSED)
        self.assertEqual(checks(plain)["signer.revocation"], "WARNING")
        required = self.verify("--require-revocation", expect=EXIT_INDETERMINATE)
        self.assertEqual(required["sub_indication"], "TRY_LATER")
        hard = self.verify("--revocation", "offline", expect=EXIT_INDETERMINATE)
        self.assertEqual(checks(hard)["signer.revocation"], "NOT_OK")
        soft = self.verify("--soft-fail", expect=EXIT_PASSED)
        self.assertEqual(checks(soft)["signer.revocation"], "WARNING")
        off = self.verify("--revocation", "off", expect=EXIT_PASSED)
        self.assertEqual(checks(off)["signer.revocation"], "SKIPPED")
        # Off turns the check off even with a CRL that revokes: the report says SKIPPED.
        off_revoked = self.verify("--revocation", "off", "--crl", "revoked.crl",
                                  expect=EXIT_PASSED)
        self.assertEqual(checks(off_revoked)["signer.revocation"], "SKIPPED")

    def test_validation_data_reruns_offline(self):
        at = iso(time.time() + 600)
        first = self.verify("--crl", "revoked.crl", "--at", at, expect=EXIT_FAILED)
        path = os.path.join(self.dir, "report.json")
        with open(path, "w") as f:
            json.dump(first, f)
        again = self.verify("--validation-data", "report.json", expect=EXIT_FAILED)
        self.assertEqual(again["times"]["validation"], at)
        self.assertEqual(again["sub_indication"], "REVOKED")
        later = iso(time.time() + 3600)
        moved = self.verify("--validation-data", "report.json", "--at", later, expect=EXIT_FAILED)
        self.assertEqual(moved["times"]["validation"], later)
        # Not a report: refused.
        with open(os.path.join(self.dir, "junk.json"), "w") as f:
            f.write('{"times": 1}')
        r = run("verify", "--trust", "root.pem", "--data", "doc.txt", "--validation-data",
                "junk.json", "doc.sig", cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_ERROR, r.stderr)

    def stamp(self, out, *args):
        return run("stamp", "--seal", "seal.esl", "--key", "signer.key", "--cert", "signer.pem",
                   "--data", "doc.txt", "-o", out, *args, cwd=self.dir)

    def test_stamp_is_fail_closed(self):
        revoked = self.stamp("revoked.sig", "--trust", "root.pem", "--crl", "revoked.crl")
        self.assertEqual(revoked.returncode, EXIT_REFUSED, revoked.stderr)
        self.assertIn(b"keyCompromise", revoked.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "revoked.sig")))
        unknown = self.stamp("unknown.sig", "--trust", "root.pem", "--revocation", "offline")
        self.assertEqual(unknown.returncode, EXIT_REFUSED, unknown.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "unknown.sig")))
        good = self.stamp("good.sig", "--trust", "root.pem", "--crl", "good.crl")
        self.assertEqual(good.returncode, 0, good.stderr)

    def serve(self, route):
        """http_server.py with this one route, stopped after the test; its URL."""
        server = subprocess.Popen([sys.executable, os.path.join(SUPPORT, "http_server.py"),
                                   "--port", "0", "--lifetime", "120", "--route",
                                   json.dumps(route)], stdout=subprocess.PIPE)
        self.addCleanup(server.stdout.close)
        self.addCleanup(server.wait)
        self.addCleanup(server.terminate)
        port = int(server.stdout.readline())
        return "http://127.0.0.1:%d%s" % (port, route["path"])

    def test_online_ocsp(self):
        # The responder answers from the last database written: the signer revoked.
        route = {"path": "/ocsp", "content_type": "application/ocsp-response",
                 "command": ["openssl", "ocsp", "-index", os.path.join(self.dir, "index.txt"),
                             "-CA", "root.pem", "-rsigner", "root.pem", "-rkey", "root.key",
                             "-reqin", "/dev/stdin", "-respout", "/dev/stdout", "-ndays", "1"]}
        route["command"] = [os.path.join(self.dir, a) if a.startswith("root.") else a
                            for a in route["command"]]
        url = self.serve(route)
        online = ["--revocation", "online", "--ocsp-url", url]
        report = self.verify(*online, "--allow-private-targets", expect=EXIT_FAILED)
        self.assertEqual(report["sub_indication"], "REVOKED")
        self.assertEqual(checks(report)["seal.maker_revocation"], "OK")
        # The fetched response is kept in the report: re-run offline from it.
        with open(os.path.join(self.dir, "online.json"), "w") as f:
            json.dump(report, f)
        again = self.verify("--validation-data", "online.json", expect=EXIT_FAILED)
        self.assertEqual(again["sub_indication"], "REVOKED")
        # A loopback responder without --allow-private-targets: refused, an error.
        r = run("verify", "--trust", "root.pem", "--data", "doc.txt", *online, "doc.sig",
                cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_ERROR, r.stderr)
        self.assertIn(b"--ocsp-url", r.stderr)

        self.cert_status(*online, "--allow-private-targets", expect=EXIT_FAILED)
        r = run("cert", "status", "maker.pem", "--trust", "root.pem", *online,
                "--allow-private-targets", "--json", cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_PASSED, r.stderr)
        self.assertEqual(json.loads(r.stdout)["source"], "ocsp")
        # Stamping online refuses the revoked signer.
        refused = self.stamp("online.sig", "--trust", "root.pem", *online,
                             "--allow-private-targets")
        self.assertEqual(refused.returncode, EXIT_REFUSED, refused.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "online.sig")))

    def test_stamp_with_a_tsa(self):
        with open(os.path.join(self.dir, "tsa.cnf"), "w") as f:
            f.write("[tsa]\ndefault_tsa = t\n[t]\nserial = %s/tsa-serial\ncrypto_device = builtin\n"
                    "signer_cert = %s/tsa.pem\nsigner_key = %s/tsa.key\ncerts = %s/tsa-root.pem\n"
                    "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sm3\n"
                    "ess_cert_id_alg = sha256\n" % ((self.dir,) * 4))
        route = {"path": "/tsa", "content_type": "application/timestamp-reply",
                 "command": ["openssl", "ts", "-reply", "-queryfile", "/dev/stdin", "-config",
                             os.path.join(self.dir, "tsa.cnf"), "-out", "/dev/stdout"]}
        url = self.serve(route)

        # Loopback is refused unless allowed; nothing is written.
        refused = self.stamp("refused.sig", "--tsa", url)
        self.assertEqual(refused.returncode, EXIT_ERROR, refused.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "refused.sig")))

        r = self.stamp("tsa.sig", "--tsa", url, "--allow-private-targets")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("verify", "--json", "--trust", "root.pem", "--trust", "tsa-root.pem", "--crl",
                "good.crl", "--crl", "tsa-root.crl", "--data", "doc.txt", "tsa.sig", cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_PASSED, r.stdout + r.stderr)
        report = json.loads(r.stdout)
        eseal_schema.validate(report)
        self.assertEqual(checks(report)["timestamp"], "OK")
        self.assertIn("timestamp", report["times"])
        # Without the TSA's anchor the token proves nothing.
        r = run("verify", "--json", "--trust", "root.pem", "--crl", "good.crl", "--data",
                "doc.txt", "tsa.sig", cwd=self.dir)
        report = json.loads(r.stdout)
        eseal_schema.validate(report)
        self.assertEqual(checks(report)["timestamp"], "WARNING")

    def cert_status(self, *args, expect):
        r = run("cert", "status", "signer.pem", "--trust", "root.pem", *args, cwd=self.dir)
        self.assertEqual(r.returncode, expect, r.stdout.decode() + r.stderr.decode())
        return r.stdout.decode()

    def test_cert_status(self):
        good = self.cert_status("--crl", "good.crl", expect=EXIT_PASSED)
        self.assertIn("status:      good", good)
        self.assertIn("source:      crl", good)
        revoked = self.cert_status("--crl", "revoked.crl", expect=EXIT_FAILED)
        self.assertIn("revoked (keyCompromise)", revoked)
        self.assertIn("CN=signer", revoked)
        unknown = self.cert_status(expect=EXIT_INDETERMINATE)
        self.assertIn("status:      unknown", unknown)

        doc = json.loads(self.cert_status("--crl", "revoked.crl", "--json", expect=EXIT_FAILED))
        self.assertEqual(doc["status"], "revoked")
        self.assertEqual(doc["reason"], "keyCompromise")
        self.assertEqual(doc["revocation_time"], iso(self.revoked_at))
        self.assertEqual(doc["source"], "crl")
        doc = json.loads(self.cert_status("--ocsp-response", "good-signer.ocsp", "--json",
                                          expect=EXIT_PASSED))
        self.assertEqual(doc["status"], "good")
        self.assertIsNone(doc["revocation_time"])
        self.assertEqual(doc["source"], "ocsp")
        # Not chaining to the anchor: never looked up, whatever the CRL says.
        doc = json.loads(run("cert", "status", "signer.pem", "--trust", "tsa-root.pem", "--crl",
                             "revoked.crl", "--json", cwd=self.dir).stdout)
        self.assertEqual(doc["status"], "unknown")

    def test_usage_errors(self):
        # --fetch-timeout is read with a configured check (see the next test).
        for args in (["--revocation", "sometimes"], ["--revocation", "offline", "--fetch-timeout",
                                                     "soon"],
                     ["--revocation", "online", "--fetch-timeout", "-5"],
                     ["--crl", "good.crl", "--fetch-timeout", "0"]):
            r = run("verify", "--trust", "root.pem", "--data", "doc.txt", *args, "doc.sig",
                    cwd=self.dir)
            self.assertEqual(r.returncode, EXIT_USAGE, (args, r.stderr))
            r = run("cert", "status", "signer.pem", "--trust", "root.pem", *args, cwd=self.dir)
            self.assertEqual(r.returncode, EXIT_USAGE, (args, r.stderr))
            r = self.stamp("usage.sig", "--trust", "root.pem", *args)
            self.assertEqual(r.returncode, EXIT_USAGE, (args, r.stderr))
            self.assertFalse(os.path.exists(os.path.join(self.dir, "usage.sig")))
        r = run("cert", "bogus", cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_USAGE)

    def test_a_bad_fetch_timeout_alone_is_a_usage_error(self):
        r = run("verify", "--trust", "root.pem", "--data", "doc.txt", "--fetch-timeout", "soon",
                "doc.sig", cwd=self.dir)
        self.assertEqual(r.returncode, EXIT_USAGE, r.stderr)

if __name__ == "__main__":
    unittest.main()
