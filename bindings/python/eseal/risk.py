"""Risk control (doc/risk-control.md): a policy judged at every stamping with a
store and at every physical-use report, alerts delivered to a Python callable,
and reports from smart seals.

    policy = eseal.Policy.from_file("office.json")
    eseal.set_policy(ctx, policy, on_alert=lambda alert: print(alert.rule, alert.detail))
    eseal.stamp_with_store(ctx, seal, key, cert, b"...", tenant="acme")  # may alert
    out = eseal.log_physical_use(ctx, "3301060000001", "seal-0042", tenant="acme",
                                 location=(30.27, 120.15, 10.0), force=40.0, signature=sig)

The callable runs after the transaction that recorded the alert committed, on
the thread that stamped, when the call that stamped returns; it may call the
library again. An exception it raises propagates from that call (the stamp or
report stays recorded; alerts not yet delivered come with the next call).
"""

from dataclasses import dataclass

from . import native
from ._handle import Handle, to_utc
from .errors import check, check_rc

LEVELS = {1: "record", 2: "alert", 3: "freeze"}


class Policy(Handle):
    """A risk policy, read from its JSON file format."""

    _free = native.eseal_policy_free

    @classmethod
    def load(cls, data):
        """A policy from the bytes of a policy file."""
        return cls(check(native.esb_policy_load(bytes(data))))

    @classmethod
    def from_file(cls, path):
        with open(path, "rb") as f:
            return cls.load(f.read())

    @property
    def rule_count(self):
        return native.eseal_policy_rule_count(self._native)

    def load_calendar(self, data):
        """Replaces the holiday calendar with the one in ``data`` (JSON bytes)."""
        check_rc(native.eseal_policy_load_calendar(self._native, bytes(data)))

    def set_late_window(self, seconds):
        check_rc(native.eseal_policy_set_late_window(self._native, int(seconds)))


@dataclass(frozen=True)
class Alert:
    """One alert: the rule, its level ("record" never reaches a callable,
    "alert" or "freeze"), the seal, the usage-log sequences of the use, of the
    alert record and of the freeze (0 when none), the time judged, and why."""

    rule: str
    level: str
    tenant: str
    es_id: str
    use_sequence: int
    alert_sequence: int
    freeze_sequence: int
    time: int
    detail: str


@dataclass(frozen=True)
class PhysicalOutcome:
    """What eseal_log_physical_use() made of a report: the record's sequence,
    the signature's status (1 verified, 0 absent, -1 does not verify), whether
    it came late, the alerts written, and whether the seal was frozen."""

    sequence: int
    signature: int
    late: bool
    alerts: int
    froze: bool


def set_policy(ctx, policy, on_alert=None):
    """Judges every stamping through ``ctx``'s store by ``policy`` (None:
    none), calling ``on_alert(Alert)`` for each alert at level alert or freeze.
    The context keeps the policy alive while it is set."""
    check_rc(native.eseal_ctx_set_policy(ctx._native, policy._native if policy else None))
    ctx._policy = policy
    ctx._on_alert = on_alert
    check_rc(native.esb_ctx_queue_alerts(ctx._native, 1 if on_alert else 0))


def deliver_alerts(ctx):
    """Hands the alerts queued on this thread to ``ctx``'s callable."""
    fn = getattr(ctx, "_on_alert", None)
    if fn is None:
        native.esb_alert_clear()
        return
    while native.esb_alert_next():
        fn(Alert(native.esb_alert_rule(), LEVELS.get(native.esb_alert_level(), "?"),
                 native.esb_alert_tenant(), native.esb_alert_es_id(),
                 native.esb_alert_use_sequence(), native.esb_alert_alert_sequence(),
                 native.esb_alert_freeze_sequence(), native.esb_alert_time(),
                 native.esb_alert_detail()))


def register_device(ctx, device, cert, tenant=None):
    """Registers a smart seal's certificate: reports signed with its key may freeze."""
    check_rc(native.eseal_device_register(ctx._native, tenant, device, cert._native))


def log_physical_use(ctx, es_id, device, *, tenant=None, operator=None, time=None,
                     location=None, force=None, signature=None):
    """Logs a physical use reported by ``device`` at its ``time`` (default:
    the context's clock), judged by the context's policy; ``location`` =
    (latitude, longitude[, accuracy_m[, place]]), ``force`` in newtons,
    ``signature`` the device's over the report (None: unsigned)."""
    lat = lon = acc = 0.0
    place = None
    if location is not None:
        lat, lon = float(location[0]), float(location[1])
        acc = float(location[2]) if len(location) > 2 else 0.0
        place = location[3] if len(location) > 3 else None
    when = to_utc(time) if time is not None else native.eseal_ctx_now(ctx._native)
    try:
        seq = check_rc(native.esb_log_physical_use(
            ctx._native, tenant, es_id, device, operator, when, int(location is not None), lat,
            lon, acc, place, int(force is not None), float(force or 0.0),
            bytes(signature) if signature is not None else None))
    finally:
        deliver_alerts(ctx)
    return PhysicalOutcome(seq, native.esb_physical_last(0), bool(native.esb_physical_last(1)),
                           native.esb_physical_last(2), bool(native.esb_physical_last(3)))
