"""The context's caches through the binding: the counters count, and turning
the caches off changes no report, a forged stamp's included."""

import eseal

DOCUMENT = b"<Contract>caches</Contract>"


def test_counters_count_and_caches_off_change_no_report(ctx, seal, signer):
    assert ctx.caches
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        good = sig.bytes
    forged = good[:-1] + bytes([good[-1] ^ 1])
    at = ctx.time
    first = [str(eseal.verify(ctx, data, DOCUMENT, validation_time=at)) for data in (good, forged)]
    before = ctx.cache_stats
    again = [str(eseal.verify(ctx, data, DOCUMENT, validation_time=at)) for data in (good, forged)]
    after = ctx.cache_stats
    assert again == first
    assert set(after) == {"certs", "chains", "seals", "digests"}
    assert isinstance(after["seals"], eseal.CacheStats)
    assert after["seals"].hits >= before["seals"].hits + 2
    assert after["certs"].hits >= before["certs"].hits + 4
    assert after["chains"].entries >= 1
    assert after["digests"].hits >= before["digests"].hits + 1
    ctx.caches = False
    assert not ctx.caches
    assert ctx.cache_stats["seals"].entries == 0
    assert ctx.cache_stats["digests"].entries == 0
    off = [str(eseal.verify(ctx, data, DOCUMENT, validation_time=at)) for data in (good, forged)]
    assert off == first
    assert ctx.cache_stats["seals"].entries == 0
    assert eseal.verify(ctx, good, DOCUMENT).passed
    assert eseal.verify(ctx, forged, DOCUMENT).indication == "TOTAL_FAILED"
    ctx.caches = True
    assert ctx.caches
