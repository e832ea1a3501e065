"""eseal.Policy, eseal.set_policy and eseal.log_physical_use: risk control from
Python, with the alert callable called on the non-main thread that stamped."""

import threading
import time

import pytest

import eseal

TENANT = "acme"
# Tomorrow 23:00 and 10:00 in Beijing (UTC+8), while the test seal is valid.
_TOMORROW = (int(time.time()) + 8 * 3600) // 86400 + 1
NIGHT = _TOMORROW * 86400 + 15 * 3600
DAY = _TOMORROW * 86400 + 2 * 3600
POLICY = b"""{"version": 1, "rules": [
  {"name": "office", "kind": "hours", "level": "freeze",
   "hours": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"],
             "thu": ["09:00-18:00"], "fri": ["09:00-18:00"], "sat": ["09:00-18:00"],
             "sun": ["09:00-18:00"]}}]}"""


@pytest.fixture
def store(ctx, seal):
    store = eseal.Store.memory()
    ctx.set_store(store)
    eseal.Registry(ctx, TENANT).register(seal, who="clerk")
    yield store
    eseal.set_policy(ctx, None)
    ctx.set_store(None)
    store.close()


def test_policy_loads_and_bad_policies_raise():
    p = eseal.Policy.load(POLICY)
    assert p.rule_count == 1
    p.load_calendar(b'{"version": 1, "holidays": ["2026-10-01"]}')
    with pytest.raises(eseal.FormatError):
        p.load_calendar(b'{"version": 1, "holidays": ["2026-02-30"]}')
    with pytest.raises(eseal.FormatError):
        eseal.Policy.load(b'{"version": 1, "rules": [{"name": "x"}]}')


def test_alert_callable_runs_on_the_stamping_thread(ctx, store, seal, signer):
    seen = []

    def on_alert(alert):
        # Called back into the library: the freeze is already committed.
        state = eseal.Registry(ctx, TENANT).state(alert.es_id).state
        seen.append((alert.rule, alert.level, threading.get_ident(), state,
                     alert.freeze_sequence > 0))

    eseal.set_policy(ctx, eseal.Policy.load(POLICY), on_alert=on_alert)
    ctx.time = NIGHT
    outcome = {}

    def stamp():
        outcome["thread"] = threading.get_ident()
        try:
            eseal.stamp_with_store(ctx, seal, *signer, b"contract", tenant=TENANT)
        except eseal.FrozenError as e:
            outcome["refused"] = e

    worker = threading.Thread(target=stamp)
    worker.start()
    worker.join()
    assert "refused" in outcome
    assert seen == [("office", "freeze", outcome["thread"], "frozen", True)]
    assert outcome["thread"] != threading.get_ident()


def test_physical_use_unsigned_or_badly_signed_only_alerts(ctx, store, seal, pki):
    alerts = []
    eseal.set_policy(ctx, eseal.Policy.load(POLICY), on_alert=alerts.append)
    device_cert = eseal.Cert.from_file(pki / "operator.crt")
    eseal.register_device(ctx, "seal-0042", device_cert, tenant=TENANT)
    ctx.time = NIGHT + 10
    out = eseal.log_physical_use(ctx, seal.esid, "seal-0042", tenant=TENANT, time=NIGHT,
                                 location=(30.27, 120.15, 10.0), force=40.0)
    assert out.signature == 0 and not out.froze and out.alerts == 1
    assert [a.level for a in alerts] == ["alert"]
    assert eseal.Registry(ctx, TENANT).state(seal.esid).state == "active"
    out = eseal.log_physical_use(ctx, seal.esid, "seal-0042", tenant=TENANT, time=DAY,
                                 signature=b"\x30\x00")
    assert out.signature == -1 and out.alerts == 1  # daytime, but a late report
    assert alerts[-1].rule == "late-report"
