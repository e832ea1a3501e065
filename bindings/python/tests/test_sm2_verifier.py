"""The context's SM2 verifier: the built-in one and OpenSSL's give the same reports."""

import pytest

import eseal

DOCUMENT = b"<Signature>sm2</Signature>"


def test_both_verifiers_agree_on_good_and_forged_stamps(ctx, seal, signer):
    assert ctx.sm2_verifier == "builtin"
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        good = sig.bytes
    forged = good[:-1] + bytes([good[-1] ^ 1])
    reports = {}
    # One validation time for every report: the clock may pass a second between them.
    at = ctx.time
    for name in ("builtin", "openssl"):
        ctx.sm2_verifier = name
        assert ctx.sm2_verifier == name
        reports[name] = [str(eseal.verify(ctx, data, DOCUMENT, validation_time=at))
                         for data in (good, forged)]
        assert eseal.verify(ctx, good, DOCUMENT).passed
        assert eseal.verify(ctx, forged, DOCUMENT).indication == "TOTAL_FAILED"
    assert reports["builtin"] == reports["openssl"]


def test_unknown_verifier_is_refused(ctx):
    with pytest.raises(eseal.InvalidArgumentError):
        ctx.sm2_verifier = "fast"
    assert ctx.sm2_verifier == "builtin"
