"""Revocation, validation data and timestamps through the bindings, with a
P-256 PKI, CRLs (`openssl ca -gencrl`) and a TSA (`openssl ts -reply`, also
served over HTTP on the loopback) made by the openssl command at test time."""

import datetime
import json
import shutil
import struct
import subprocess
import sys
import time

import pytest

import eseal
from eseal import native

DOCUMENT = b"a contract, stamped"
DAY = 86400

_CONFIG = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[tsa]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def _index_time(t):
    """"YYMMDDhhmmssZ", as openssl ca's database wants it."""
    return time.strftime("%y%m%d%H%M%SZ", time.gmtime(t))


class Pki:
    """A root, a maker, a signer and a TSA (P-256), the root's CA database
    for CRLs, and the TSA's `openssl ts` configuration."""

    def __init__(self, folder):
        self.dir = folder
        (folder / "openssl.cnf").write_text(_CONFIG)
        self.root = self._issue("root", "Revocation Root", "ca", None)
        self.maker = self._issue("maker", "Revocation Maker", "leaf", self.root)
        self.signer = self._issue("signer", "Revocation Signer", "leaf", self.root)
        self.tsa = self._issue("tsa", "Revocation TSA", "tsa", self.root)
        (folder / "ca.cnf").write_text(
            f"[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = {folder}/index.txt\n"
            f"crlnumber = {folder}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n"
            "crl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n")
        (folder / "crlnumber").write_text("01\n")
        (folder / "tsa.cnf").write_text(
            f"[tsa]\nserial = {folder}/tsa-serial\ncrypto_device = builtin\n"
            f"signer_cert = {self.tsa[1]}\nsigner_key = {self.tsa[0]}\ncerts = {self.root[1]}\n"
            "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n"
            "accuracy = secs:1\nordering = yes\ntsa_name = yes\n"
            "ess_cert_id_chain = no\ness_cert_id_alg = sha1\n")
        self.files = 0

    def openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60,
                       cwd=self.dir)

    def _issue(self, stem, name, section, issuer):
        key, cert = self.dir / f"{stem}.key", self.dir / f"{stem}.pem"
        self.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-out", str(key))
        args = ["req", "-x509", "-new", "-config", str(self.dir / "openssl.cnf"), "-extensions",
                section, "-key", str(key), "-subj", f"/O=libeseal tests/CN={name}", "-days",
                "3650", "-sha256", "-out", str(cert)]
        if issuer:
            args += ["-CA", str(issuer[1]), "-CAkey", str(issuer[0])]
        self.openssl(*args)
        return key, cert

    def serial(self, party):
        out = subprocess.run(["openssl", "x509", "-noout", "-serial", "-in", str(party[1])],
                             check=True, capture_output=True, text=True).stdout
        return out.strip().split("=", 1)[1]

    def next(self, suffix):
        self.files += 1
        return self.dir / f"f{self.files}{suffix}"

    def crl(self, revoked=()):
        """A CRL of the root naming ``revoked``: (party, when, reason) triples."""
        expiry = _index_time(time.time() + 3650 * DAY)
        lines = []
        for party in (self.maker, self.signer):
            line = f"V\t{expiry}\t\t{self.serial(party)}\tunknown\t/CN={party[1].name}"
            for who, when, reason in revoked:
                if who == party:
                    line = (f"R\t{expiry}\t{_index_time(when)},{reason}\t{self.serial(party)}"
                            f"\tunknown\t/CN={party[1].name}")
            lines.append(line)
        (self.dir / "index.txt").write_text("\n".join(lines) + "\n")
        out = self.next(".pem")
        self.openssl("ca", "-batch", "-gencrl", "-config", str(self.dir / "ca.cnf"), "-keyfile",
                     str(self.root[0]), "-cert", str(self.root[1]), "-out", str(out))
        return out

    def token(self, data):
        """An RFC 3161 TimeStampToken (DER) of the TSA over ``data``, made now."""
        dat, tsq, tst = self.next(".dat"), self.next(".tsq"), self.next(".tst")
        dat.write_bytes(data)
        self.openssl("ts", "-query", "-data", str(dat), "-sha256", "-cert", "-out", str(tsq))
        self.openssl("ts", "-reply", "-queryfile", str(tsq), "-config",
                     str(self.dir / "tsa.cnf"), "-section", "tsa", "-token_out",
                     "-out", str(tst))
        return tst.read_bytes()


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command makes the test PKI")
    return Pki(tmp_path_factory.mktemp("revocation"))


class Stamped:
    """A seal by the maker for the signer and DOCUMENT stamped with it at
    ``now``, a minute after the certificates began."""

    def __init__(self, pki):
        self.pki = pki
        self.now = int(time.time()) + 60
        self.maker_key = eseal.Key.from_file(pki.maker[0])
        self.maker_cert = eseal.Cert.from_file(pki.maker[1])
        self.signer_key = eseal.Key.from_file(pki.signer[0])
        self.signer_cert = eseal.Cert.from_file(pki.signer[1])
        with self.context(self.now) as ctx:
            self.seal = eseal.make_seal(ctx, self.maker_key, self.maker_cert,
                                        esid="3301060000001", name="测试合同专用章",
                                        signers=[self.signer_cert], created=self.now - 30,
                                        valid_from=self.now - 30, valid_to=self.now + 30 * DAY)
            self.signature = eseal.stamp(ctx, self.seal, self.signer_key, self.signer_cert,
                                         DOCUMENT)

    def context(self, clock):
        return eseal.Context(trust=self.pki.root[1], time=clock)

    def verify(self, ctx, **options):
        """The signature verified at now + 1200 s."""
        return eseal.verify(ctx, self.signature, DOCUMENT, validation_time=self.now + 1200,
                            **options)


@pytest.fixture(scope="module")
def stamped(pki):
    return Stamped(pki)


def test_revoked_signer_fails_with_the_crl(stamped, pki):
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(pki.crl([(pki.signer, stamped.now - 30, "superseded")]))
        with stamped.verify(ctx) as r:
            assert (r.indication, r.sub_indication) == ("TOTAL_FAILED", "REVOKED"), str(r)
            assert r.check("signer.revocation").status == "NOT_OK"
            assert "superseded" in r.check("signer.revocation").message


def test_the_crl_as_bytes_counts_the_same(stamped, pki):
    crl = pki.crl([(pki.signer, stamped.now - 30, "keyCompromise")]).read_bytes()
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(crl)
        with stamped.verify(ctx) as r:
            assert (r.indication, r.sub_indication) == ("TOTAL_FAILED", "REVOKED"), str(r)


def test_a_good_crl_passes_and_without_one_a_warning_says_so(stamped, pki):
    # The negative of the test above: the same signature is not failed by a
    # CRL that does not name it, and without any source the check is never silent.
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(pki.crl())
        with stamped.verify(ctx) as r:
            assert r.indication == "TOTAL_PASSED", str(r)
            assert r.check("signer.revocation").status == "OK"
    with stamped.context(stamped.now + 1200) as ctx, stamped.verify(ctx) as r:
        assert r.check("signer.revocation").status == "WARNING"


def test_a_crl_signed_by_someone_else_does_not_count(stamped, pki):
    # Forges a CRL naming the signer, issued in the root's name but signed by
    # the maker's key (through a self-signed certificate with the root's name).
    forged_root, out = pki.next(".pem"), pki.next(".pem")
    pki.openssl("req", "-x509", "-new", "-config", str(pki.dir / "openssl.cnf"), "-extensions",
                "ca", "-key", str(pki.maker[0]), "-subj", "/O=libeseal tests/CN=Revocation Root",
                "-days", "30", "-sha256", "-out", str(forged_root))
    pki.crl([(pki.signer, stamped.now - 30, "keyCompromise")])
    pki.openssl("ca", "-batch", "-gencrl", "-config", str(pki.dir / "ca.cnf"), "-keyfile",
                str(pki.maker[0]), "-cert", str(forged_root), "-out", str(out))
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(out)
        with stamped.verify(ctx) as r:
            assert r.sub_indication != "REVOKED", str(r)
            assert r.check("signer.revocation").status != "OK", str(r)


def test_add_crl_refuses_what_is_not_a_crl(stamped):
    with stamped.context(stamped.now) as ctx:
        with pytest.raises(eseal.FormatError):
            ctx.add_crl(b"not a CRL")
        with pytest.raises(eseal.FormatError):
            ctx.add_ocsp_response(b"not an OCSP response")
        with pytest.raises(TypeError):
            ctx.add_crl(12)


def test_stamping_a_revoked_signer_is_refused(stamped, pki):
    with stamped.context(stamped.now) as ctx:
        ctx.add_crl(pki.crl([(pki.signer, stamped.now - 30, "keyCompromise")]))
        with pytest.raises(eseal.RevokedError) as e:
            eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert, DOCUMENT)
        assert e.value.code == native.ESEAL_EREVOKED
        # The same context stamps for a CRL that does not name the signer.
    with stamped.context(stamped.now) as ctx:
        ctx.add_crl(pki.crl())
        with eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert,
                         DOCUMENT) as sig:
            assert sig.bytes


def test_stamping_with_an_unknown_status_is_refused(stamped):
    with stamped.context(stamped.now) as ctx:
        # Soft-fail concerns verification: stamping stays fail-closed.
        ctx.set_revocation("offline", hard_fail=False)
        with pytest.raises(eseal.StatusError) as e:
            eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert, DOCUMENT)
        assert e.value.code == native.ESEAL_ESTATUS


def test_set_revocation_policies(stamped):
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.set_revocation("offline", hard_fail={"maker": False}, order={"signer": "crl-first"})
        with stamped.verify(ctx) as r:
            assert (r.indication, r.sub_indication) == ("INDETERMINATE", "TRY_LATER"), str(r)
            assert r.check("seal.maker_revocation").status == "WARNING"
        ctx.set_revocation("off")
        with stamped.verify(ctx) as r:
            assert r.check("signer.revocation").status == "SKIPPED"
            assert r.indication == "TOTAL_PASSED"
        for bad in (dict(mode="sometimes"), dict(order="crl-last"),
                    dict(hard_fail={"signers": True}), dict(order={"tsa": "random"})):
            with pytest.raises(eseal.InvalidArgumentError):
                ctx.set_revocation(**bad)
        with pytest.raises(eseal.InvalidArgumentError):
            ctx.set_revocation(timeout_ms=-1)


def test_cert_status_reports_the_revocation(stamped, pki):
    when = stamped.now - 30
    with stamped.context(stamped.now) as ctx:
        ctx.add_crl(pki.crl([(pki.signer, when, "keyCompromise")]))
        root = eseal.Cert.from_file(pki.root[1])
        for issuer in (None, root):
            s = eseal.cert_status(ctx, stamped.signer_cert, issuer)
            assert s.status == "revoked", s
            assert s.reason == "keyCompromise"
            assert s.revocation_time == datetime.datetime.fromtimestamp(
                when, tz=datetime.timezone.utc)
            # The second lookup is answered from the cache the first filled.
            assert s.source == ("crl" if issuer is None else "cache")
            assert s.this_update is not None and s.next_update > s.this_update
        good = eseal.cert_status(ctx, stamped.maker_cert)
        assert (good.status, good.reason, good.revocation_time) == ("good", None, None)
        # A revocation stays one at any time asked: the caller compares its time.
        later = eseal.cert_status(ctx, stamped.signer_cert, at=stamped.now + 600)
        assert (later.status, later.revocation_time) == ("revoked", s.revocation_time)
    with stamped.context(stamped.now) as bare:
        s = eseal.cert_status(bare, stamped.signer_cert)
        assert s.status == "unknown" and s.message


def test_validation_data_reruns_the_verdict_offline(stamped, pki):
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(pki.crl([(pki.signer, stamped.now - 30, "superseded")]))
        with stamped.verify(ctx) as r:
            verdict = (r.indication, r.sub_indication)
            data = r.validation_data
            report_json = r.to_json()
            validated = r.times["validation"]
    assert verdict == ("TOTAL_FAILED", "REVOKED")
    assert data and data[0][0] == "crl" and data[0][1][:1] == b"\x30"
    assert all(isinstance(der, bytes) and about for _, der, about in data)

    # A context that knows only the anchor, a year later.
    with stamped.context(stamped.now + 365 * DAY) as later:
        at = later.load_validation_data(report_json)
        assert at == validated
        with eseal.verify(later, stamped.signature, DOCUMENT, validation_time=at) as again:
            assert (again.indication, again.sub_indication) == verdict, str(again)
    # Without the report's data the same context does not know of the revocation.
    with stamped.context(stamped.now + 365 * DAY) as later:
        with eseal.verify(later, stamped.signature, DOCUMENT, validation_time=validated) as r:
            assert r.sub_indication != "REVOKED"


def test_validation_data_refuses_a_forged_report(stamped, pki):
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(pki.crl([(pki.signer, stamped.now - 30, "superseded")]))
        with stamped.verify(ctx) as r:
            report = r.as_dict()
    with stamped.context(stamped.now) as later:
        for forged in ("not JSON", "{}", "[]"):
            with pytest.raises(eseal.FormatError):
                later.load_validation_data(forged)
        text = json.dumps(report)
        # A CRL item whose base64 no longer decodes to DER: nothing is added.
        crl = next(v for v in _items(report) if v.get("kind") == "crl")
        broken = text.replace(crl["der_base64"], "!" + crl["der_base64"][1:])
        with pytest.raises(eseal.FormatError):
            later.load_validation_data(broken.encode())
        with eseal.verify(later, stamped.signature, DOCUMENT,
                          validation_time=stamped.now + 1200) as r:
            assert r.sub_indication != "REVOKED"


def _items(node):
    """Every dict in a JSON tree."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _items(v)
    elif isinstance(node, list):
        for v in node:
            yield from _items(v)


def test_revocation_stats_count_a_cache_hit(stamped, pki):
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_crl(pki.crl())
        assert ctx.revocation_stats == eseal.RevocationStats(0, 0, 0, 0)
        stamped.verify(ctx).close()
        first = ctx.revocation_stats
        stamped.verify(ctx).close()
        second = ctx.revocation_stats
    assert first.cache_hits == 0 and first.cache_misses >= 1
    assert second.cache_hits > first.cache_hits
    assert second.cache_misses == first.cache_misses
    assert second.fetches == 0


def test_add_intermediate_completes_a_chain(stamped, pki):
    # The root as an intermediate is not an anchor: nothing passes with it alone.
    with eseal.Context(time=stamped.now + 1200) as ctx:
        ctx.add_intermediate(eseal.Cert.from_file(pki.root[1]))
        with stamped.verify(ctx) as r:
            assert not r.passed


def test_poe_tokens_lower_the_best_signature_time(stamped, pki):
    token = pki.token(stamped.signature.bytes)
    with stamped.context(stamped.now + 1200) as ctx:
        with stamped.verify(ctx) as plain:
            best = plain.times["best_signature"]
        with stamped.verify(ctx, poe_tokens=[token]) as r:
            assert r.check("poe.token").status == "OK", str(r)
            assert r.times["best_signature"] < best
            # genTime plus the TSA's accuracy (secs:1 in its configuration).
            assert r.times["best_signature"] <= (datetime.datetime.now(datetime.timezone.utc) +
                                                 datetime.timedelta(seconds=1))
            assert any(kind == "timestamp" for kind, _, _ in r.validation_data)


def test_a_poe_token_over_something_else_proves_nothing(stamped, pki):
    other = pki.token(b"another document entirely")
    with stamped.context(stamped.now + 1200) as ctx:
        with stamped.verify(ctx) as plain:
            best = plain.times["best_signature"]
        with stamped.verify(ctx, poe_tokens=[other]) as r:
            assert r.check("poe.token").status == "NOT_OK", str(r)
            assert r.times.get("best_signature", best) >= best
            assert not r.passed
        # A token whose bytes were changed after the TSA signed them.
        token = bytearray(pki.token(stamped.signature.bytes))
        token[-5] ^= 1
        with stamped.verify(ctx, poe_tokens=[bytes(token)]) as r:
            assert r.check("poe.token").status == "NOT_OK", str(r)
            assert not r.passed


def test_poe_token_lengths_must_cover_the_bytes(stamped, pki):
    token = pki.token(stamped.signature.bytes)
    with stamped.context(stamped.now + 1200) as ctx:
        args = (ctx._native, stamped.signature._native, None, 0, stamped.now + 1200, 0, 0, 0, 0,
                0, 0, None)
        # Lengths that leave bytes over, run past them, or are not 4-byte values.
        for tokens, lens in ((token + b"\x00", struct.pack(">I", len(token))),
                             (token, struct.pack(">I", len(token) + 1)),
                             (token, b"\x00\x01")):
            assert native.esb_verify(*args, tokens, lens) is None
            assert native.esb_error_code() == native.ESEAL_EINVAL
        with pytest.raises(eseal.LimitError):
            stamped.verify(ctx, poe_tokens=[token] * (native.ESEAL_MAX_POE_TOKENS + 1))
        with pytest.raises(TypeError):
            stamped.verify(ctx, poe_tokens=token)
        with pytest.raises(eseal.InvalidArgumentError):
            eseal.verify(ctx, stamped.seal, poe_tokens=[token])


# The TSA server runs in a process of its own: a library call holds the GIL
# while it fetches, so a server thread in this interpreter could not answer.
_TSA_SERVER = r"""
import http.server, pathlib, subprocess, sys
folder, config = pathlib.Path(sys.argv[1]), sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        count = len(list(folder.glob("q*.tsq")))
        tsq, tsr = folder / f"q{count}.tsq", folder / f"r{count}.tsr"
        tsq.write_bytes(query)
        if (folder / "forge").exists():
            # A reply to a query over other data: its imprint and nonce do not match.
            other = folder / f"o{count}.dat"
            other.write_bytes(b"something else")
            subprocess.run(["openssl", "ts", "-query", "-data", str(other), "-sha256", "-cert",
                            "-out", str(tsq)], check=True, capture_output=True)
        subprocess.run(["openssl", "ts", "-reply", "-queryfile", str(tsq), "-config", config,
                        "-section", "tsa", "-out", str(tsr)], check=True, capture_output=True)
        body = tsr.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


class LocalTsa:
    """An RFC 3161 TSA over HTTP on the loopback answering with `openssl ts
    -reply`, or, once forge() is called, with a reply to another query."""

    def __init__(self, pki, folder):
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-c", _TSA_SERVER, str(folder), str(pki.dir / "tsa.cnf")],
            stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}/"

    @property
    def queries(self):
        return len(list(self.folder.glob("q*.tsq")))

    def forge(self):
        (self.folder / "forge").touch()

    def close(self):
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()


@pytest.fixture
def local_tsa(pki, tmp_path):
    tsa = LocalTsa(pki, tmp_path)
    yield tsa
    tsa.close()


def test_stamping_with_a_tsa_embeds_a_verified_token(stamped, pki, local_tsa):
    with stamped.context(stamped.now) as ctx:
        with eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert, DOCUMENT,
                         tsa_url=local_tsa.url, tsa_policy="1.2.3.4.1",
                         tsa_allow_private_targets=True) as sig:
            assert sig.timestamp
            assert local_tsa.queries == 1
            with stamped.context(stamped.now + 1200) as vctx:
                # The root's CRL, which does not list the TSA, gives its status.
                vctx.add_crl(pki.crl())
                with eseal.verify(vctx, sig, DOCUMENT, validation_time=stamped.now + 1200) as r:
                    assert r.indication == "TOTAL_PASSED", str(r)
                    assert r.check("timestamp").status == "OK", str(r)
                    assert "timestamp" in r.times
                    # The proof of existence is genTime plus the TSA's accuracy (1 s).
                    assert (r.times["best_signature"] - r.times["timestamp"] ==
                            datetime.timedelta(seconds=1))


def test_stamping_with_a_tsa_is_refused_whole(stamped, local_tsa):
    with stamped.context(stamped.now) as ctx:
        # The loopback is a private target, refused unless allowed.
        with pytest.raises(eseal.EgressError):
            eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert, DOCUMENT,
                        tsa_url=local_tsa.url)
        assert local_tsa.queries == 0
        # A TSA answering for other data: nothing half-timestamped is handed out.
        local_tsa.forge()
        with pytest.raises(eseal.CryptoError, match="messageImprint"):
            eseal.stamp(ctx, stamped.seal, stamped.signer_key, stamped.signer_cert, DOCUMENT,
                        tsa_url=local_tsa.url, tsa_allow_private_targets=True)
        assert local_tsa.queries == 1


def test_an_ocsp_response_gives_the_revocation(stamped, pki):
    pki.crl([(pki.signer, stamped.now - 30, "keyCompromise")])  # the CA database
    req, resp = pki.next(".der"), pki.next(".der")
    pki.openssl("ocsp", "-no_nonce", "-issuer", str(pki.root[1]), "-cert", str(pki.signer[1]),
                "-reqout", str(req))
    pki.openssl("ocsp", "-index", str(pki.dir / "index.txt"), "-CA", str(pki.root[1]),
                "-rsigner", str(pki.root[1]), "-rkey", str(pki.root[0]), "-reqin", str(req),
                "-respout", str(resp), "-ndays", "1")
    for source in (resp, resp.read_bytes()):
        with stamped.context(stamped.now + 1200) as ctx:
            ctx.add_ocsp_response(source)
            s = eseal.cert_status(ctx, stamped.signer_cert)
            assert (s.status, s.reason, s.source) == ("revoked", "keyCompromise", "ocsp"), s
            with stamped.verify(ctx) as r:
                assert (r.indication, r.sub_indication) == ("TOTAL_FAILED", "REVOKED"), str(r)
                assert any(kind == "ocsp" for kind, _, _ in r.validation_data)
    # The same response signed by a key that is not the root's does not count.
    forged = pki.next(".der")
    pki.openssl("ocsp", "-index", str(pki.dir / "index.txt"), "-CA", str(pki.root[1]),
                "-rsigner", str(pki.maker[1]), "-rkey", str(pki.maker[0]), "-reqin", str(req),
                "-respout", str(forged), "-ndays", "1")
    with stamped.context(stamped.now + 1200) as ctx:
        ctx.add_ocsp_response(forged)
        assert eseal.cert_status(ctx, stamped.signer_cert).status == "unknown"
