"""eseal.Registry and eseal.stamp_with_store: the seal registry from Python."""

import pytest

import eseal

TENANT = "acme"


@pytest.fixture
def reg(ctx, pki, seal):
    store = eseal.Store.memory()
    ctx.set_store(store)
    # The PKI's trust-list operator stands in for a registry supervisor.
    ctx.add_trust(eseal.Cert.from_file(pki / "operator.crt"), roles=["registry-supervisor"])
    r = eseal.Registry(ctx, TENANT)
    r.register(seal, who="clerk Li", why="filed")
    yield r
    ctx.set_store(None)
    store.close()


def test_register_and_state(reg, seal):
    s = reg.state(seal.esid)
    assert s.state == "active"
    assert s.registered_by == "clerk Li" and s.reason == "filed"
    assert len(s.seal_hash) == 32 and s.predecessor is None
    with pytest.raises(eseal.ExistsError):
        reg.register(seal)


def test_stamping_records_and_refusals(ctx, reg, seal, signer):
    sig = eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant=TENANT,
                                 operator="clerk Li", device="pad-12",
                                 location=(30.27, 120.15, 10.0, "Hangzhou"))
    assert sig.bytes
    reg.freeze(seal.esid, who="risk engine", why="odd hours")
    assert reg.state(seal.esid).state == "frozen"
    with pytest.raises(eseal.FrozenError):
        eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant=TENANT)
    with pytest.raises(eseal.NotFoundError):  # not registered in another tenant
        eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant="other")
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant=TENANT, location=(91, 0))


def test_signed_unfreeze_and_its_refusals(ctx, reg, seal, pki, signer):
    reg.freeze(seal.esid)
    # The application's own signer key is no supervisor.
    forged = reg.unfreeze_order(seal.esid, *signer)
    with pytest.raises(eseal.CertificateError):
        reg.unfreeze(forged)
    order = reg.unfreeze_order(seal.esid, eseal.Key.from_file(pki / "operator.key"),
                               eseal.Cert.from_file(pki / "operator.crt"), reason="checked")
    reg.unfreeze(order, who="supervisor")
    assert reg.state(seal.esid).state == "active"
    reg.freeze(seal.esid)
    with pytest.raises(eseal.InvalidArgumentError):  # the order lifted the earlier freeze
        reg.unfreeze(order)
    assert reg.state(seal.esid).state == "frozen"


def test_loss_report_calls_back_and_is_final(ctx, reg, seal, signer):
    calls = []
    reg.report_lost(seal.esid, who="owner", why="stolen",
                    notify=lambda es_id, h, at: calls.append((es_id, h, at)))
    s = reg.state(seal.esid)
    assert s.state == "lost" and s.notify_result == 0
    assert calls == [(seal.esid, s.seal_hash, s.final_at)]
    with pytest.raises(eseal.LostError):
        eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant=TENANT)
    with pytest.raises(eseal.LostError):
        reg.cancel(seal.esid)


def test_failing_notification_is_recorded(reg, seal):
    def refuse(*_):
        raise RuntimeError("the CA is unreachable")
    with pytest.raises(RuntimeError):
        reg.report_lost(seal.esid, notify=refuse)
    s = reg.state(seal.esid)
    assert s.state == "lost" and s.notify_result == eseal.native.ESEAL_ERROR


def test_cancel_is_final(reg, seal):
    reg.cancel(seal.esid, why="closed")
    assert reg.state(seal.esid).state == "cancelled"
    with pytest.raises(eseal.LostError):
        reg.freeze(seal.esid)
