"""Filing data through SealBuilder.filing(): carried, reported as seal.filing, refused when malformed."""

import datetime

import pytest

import eseal

FILING = ("杭州市公安局西湖区分局", "浙杭公备 2026-0117", "2026-01-05", "91350100M000100Y43")


def builder(ctx, signer):
    now = ctx.time
    b = eseal.SealBuilder()
    b.esid("3301060000001").name("合同专用章").type(1).signer(signer[1])
    b.dates(now, now - datetime.timedelta(days=1), now + datetime.timedelta(days=30))
    return b.draw_picture()


def test_filing_data_is_carried_and_reported(ctx, maker, signer):
    with builder(ctx, signer) as b:
        seal = b.filing(*FILING).build(ctx, *maker)
    assert len(seal.extensions) == 1 and not seal.extensions[0].critical
    report = eseal.verify(ctx, seal)
    assert report.passed
    check = report.check("seal.filing")
    assert check.status == "INFO"
    assert "filing data present, format valid" in check.message
    assert "13-digit public-security seal code" in check.message


@pytest.mark.parametrize("field,value,error", [
    (2, "2026-02-30", eseal.InvalidArgumentError),        # no such day
    (2, "2026/01/05", eseal.InvalidArgumentError),
    (3, "91350100M000100Y42", eseal.InvalidArgumentError),  # wrong check character
    (3, "91350100M000100Y56", eseal.InvalidArgumentError),  # wrong organisation-code check digit
    (3, "91350100M000100I43", eseal.InvalidArgumentError),  # I is outside the alphabet
    (0, "", eseal.InvalidArgumentError),
    (1, "1" * 65, eseal.LimitError),
])
def test_malformed_filing_data_is_refused(ctx, maker, signer, field, value, error):
    args = list(FILING)
    args[field] = value
    with builder(ctx, signer) as b:
        with pytest.raises(error):
            b.filing(*args)
        seal = b.build(ctx, *maker)
    assert seal.extensions == []
