"""eseal.verify_evidence: an evidence bundle checked offline. The bundle is the
fuzz seed fuzz/corpus/bundle/verifies.cbor, whose checkpoint the fuzz log
signer signed (its certificate is in fuzz/tlog_fuzz_key.h; doc/fuzzing.md)."""

import os
import re

import pytest

import eseal

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
FUZZ_CLOCK = 1798761600  # the seeds' checkpoint time (FUZZ_TLOG_CLOCK)


def fuzz_file(*parts):
    with open(os.path.join(ROOT, "fuzz", *parts), "rb") as f:
        return f.read()


@pytest.fixture
def bundle():
    return fuzz_file("corpus", "bundle", "verifies.cbor")


@pytest.fixture
def log_signer():
    header = fuzz_file("tlog_fuzz_key.h").decode()
    lines = re.findall(r'^\s*"([^"]*)\\n"$', header, re.M)
    return eseal.Cert.load(("\n".join(lines) + "\n").encode())


def context(cert, roles):
    ctx = eseal.Context(time=FUZZ_CLOCK)
    ctx.add_trust(cert, roles=roles)
    return ctx


def test_a_genuine_bundle_verifies(bundle, log_signer):
    with context(log_signer, ["log-signer"]) as ctx, eseal.verify_evidence(ctx, bundle) as ev:
        assert ev.ok, ev.reason
        assert ev.error == 0 and ev.reason == ""
        assert ev.origin == "example.org/eseal/tenant-a"
        assert ev.tree_size == 13 and ev.hash_name == "SM3" and ev.time == FUZZ_CLOCK
        assert [seq for seq, _ in ev.records] == [2, 7, 12]
        assert all(isinstance(rec, bytes) and rec for _, rec in ev.records)
        assert ev.log_signer.der == log_signer.der
        assert len(ev.certs) == 1 and "Test Signer" in ev.certs[0].subject


def test_refusals_are_results(bundle, log_signer):
    with context(log_signer, ["log-signer"]) as ctx:
        altered = bytearray(bundle)
        altered[bundle.index(b"tenant-a")] ^= 1  # the checkpoint's origin: its signature fails
        ev = eseal.verify_evidence(ctx, bytes(altered))
        assert not ev.ok and ev.error == eseal.native.ESEAL_ETAMPERED
        assert ev.reason.startswith("checkpoint")
        assert ev.log_signer is None
        ev = eseal.verify_evidence(ctx, bundle + b"\x00")
        assert not ev.ok and ev.error == eseal.native.ESEAL_EFORMAT
        assert ev.reason.startswith("bundle")
    # Trusted, but not for the log-signer role.
    with context(log_signer, None) as ctx:
        ev = eseal.verify_evidence(ctx, bundle)
        assert not ev.ok and ev.error == eseal.native.ESEAL_ECERT
        assert ev.reason.startswith("checkpoint")


def test_arguments(bundle):
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.verify_evidence(None, bundle)
