"""Objects may be closed or dropped in any order, and memory stays flat."""

import gc
import itertools
import os

import pytest

import eseal

DOCUMENT = b"document"


def test_seal_dropped_before_its_signature(ctx, maker, signer):
    from conftest import make
    seal = make(ctx, maker, signer)
    sig = eseal.stamp(ctx, seal, *signer, DOCUMENT)
    del seal
    gc.collect()
    inner = sig.seal
    del sig
    gc.collect()
    assert inner.esid == "3301060000001"


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_closing_in_every_order(ctx, seal, signer, order):
    sig = eseal.stamp(ctx, seal, *signer, DOCUMENT)
    inner = sig.seal
    report = eseal.verify(ctx, sig, DOCUMENT)
    cert = report.certs[0][1]
    objects = [sig, inner, report, cert]
    for i in order:
        objects[i].close()
        objects[i].close()  # twice is harmless
        # What is still open still works, whatever was closed before it.
        if not inner.closed:
            assert inner.esid == "3301060000001"
        if not cert.closed:
            assert cert.der == seal.maker_cert
        assert all(("closed" in repr(o)) == o.closed for o in objects)


def test_context_managers_close(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        pass
    assert sig.closed
    with pytest.raises(eseal.InvalidArgumentError):
        sig.bytes


def resident_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_ten_thousand_stamps_and_verifications_keep_memory_flat(ctx, seal, signer):
    def run(n):
        for _ in range(n):
            with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig, \
                    eseal.verify(ctx, sig, DOCUMENT) as report:
                assert report.passed
    run(5000)  # warm up: caches, allocator pools, the sanitizer's quarantine
    gc.collect()
    before = resident_kib()
    run(5000)
    gc.collect()
    grown = resident_kib() - before
    # A leak of 600 bytes per iteration would show as 3 MiB.
    assert grown < 3072, f"resident memory grew by {grown} KiB over the last 5000 iterations"
