"""Verification options: expected kind, time and crypto policies, clock skew, proof of existence."""

import datetime

import pytest

import eseal

DOCUMENT = b"<Signature>options</Signature>"
LATER = datetime.timedelta(days=1000)  # past the signer certificate (825 days)


@pytest.fixture
def stamp(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        yield sig


def test_defaults_are_reported(ctx, stamp):
    report = eseal.verify(ctx, stamp, DOCUMENT)
    assert report.passed
    assert report.facts["time_policy"] == "poe" and report.facts["crypto_policy"] == "default"
    assert report.facts["proof_of_existence"] is None


def test_expect_the_wrong_kind_is_a_format_failure(ctx, seal, stamp):
    for target in (stamp, stamp.bytes):
        report = eseal.verify(ctx, target, DOCUMENT, expect="seal")
        assert (report.indication, report.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
        assert eseal.verify(ctx, target, DOCUMENT, expect="signature").passed
    assert eseal.verify(ctx, seal, expect="signature").sub_indication == "FORMAT_FAILURE"
    assert eseal.verify(ctx, seal, expect="seal").passed


def test_a_seal_given_data_is_not_a_verified_signature(ctx, seal):
    assert eseal.verify(ctx, seal).passed
    for target in (seal, seal.bytes):
        report = eseal.verify(ctx, target, DOCUMENT)
        assert (report.indication, report.sub_indication) == ("INDETERMINATE",
                                                              "SIGNED_DATA_NOT_FOUND")
        assert report.kind == "seal"


def test_after_expiry_only_a_proof_of_existence_or_claimed_time_passes(ctx, stamp):
    when = ctx.time + LATER
    report = eseal.verify(ctx, stamp, DOCUMENT, validation_time=when)
    assert (report.indication, report.sub_indication) == ("INDETERMINATE", "OUT_OF_BOUNDS_NO_POE")
    assert any(c.sub_indication == "OUT_OF_BOUNDS_NO_POE" for c in report.checks)

    poe = ctx.time - datetime.timedelta(seconds=5)
    report = eseal.verify(ctx, stamp, DOCUMENT, validation_time=when, poe_time=poe,
                          poe_source="the archive")
    assert report.passed, str(report)
    assert "the archive" in report.facts["proof_of_existence"]
    assert report.times["best_signature"] == poe.replace(microsecond=0)

    claimed = eseal.verify(ctx, stamp, DOCUMENT, validation_time=when, time_policy="claimed-time")
    assert claimed.facts["time_policy"] == "claimed-time"
    assert claimed.indication == "TOTAL_PASSED"
    assert any(c.status == "WARNING" for c in claimed.checks)


def test_clock_skew(ctx, stamp):
    # Validated 60 s before the claimed signing time: inside the default skew,
    # outside none at all.
    before = stamp.time - datetime.timedelta(seconds=60)
    assert eseal.verify(ctx, stamp, DOCUMENT, validation_time=before).passed
    assert eseal.verify(ctx, stamp, DOCUMENT, validation_time=before,
                        clock_skew=datetime.timedelta(minutes=2)).passed
    refused = eseal.verify(ctx, stamp, DOCUMENT, validation_time=before, clock_skew=0)
    assert not refused.passed
    assert refused.check("signature.time").status == "NOT_OK"
    assert "clock skew of 0 s" in refused.check("signature.time").message


def test_legacy_crypto_policy_is_reported(ctx, stamp):
    report = eseal.verify(ctx, stamp, DOCUMENT, crypto_policy="legacy")
    assert report.passed and report.facts["crypto_policy"] == "legacy"


@pytest.mark.parametrize("options", [
    dict(expect="stamp"), dict(time_policy="claimed"), dict(crypto_policy="weak"),
    dict(clock_skew=-1), dict(poe_time=-5), dict(maker_time=7), dict(expect=1),
])
def test_invalid_option_values_raise(ctx, seal, stamp, options):
    for target in (stamp, stamp.bytes, seal):
        with pytest.raises(eseal.InvalidArgumentError):
            eseal.verify(ctx, target, DOCUMENT if target is not seal else None, **options)
