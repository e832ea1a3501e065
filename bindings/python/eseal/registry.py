"""The seal registry (doc/registry.md): register seals, freeze them, lift a
freeze with a supervisor's signed order, report a loss, cancel, and stamp
through the registry with the operator, device and location recorded.

    ctx.set_store(eseal.Store.open_sqlite("eseal.db"))
    reg = eseal.Registry(ctx, tenant="acme")
    reg.register(seal, who="clerk Li")
    sig = eseal.stamp_with_store(ctx, seal, key, cert, b"...", tenant="acme",
                                 operator="clerk Li", device="pad-12",
                                 location=(30.27, 120.15, 10.0, "Hangzhou"))
    reg.report_lost(seal.esid, why="stolen", notify=tell_the_ca)
"""

import datetime
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from . import native
from ._handle import Handle, to_utc
from .context import Context
from .credentials import Cert, Key
from .documents import Seal, Signature
from .enums import SealState
from .errors import Error, check, check_rc
from .risk import deliver_alerts
from .making import as_data

ACTIVE = native.ESEAL_SEAL_ACTIVE
FROZEN = native.ESEAL_SEAL_FROZEN
LOST = native.ESEAL_SEAL_LOST
CANCELLED = native.ESEAL_SEAL_CANCELLED


@dataclass(frozen=True)
class SealStatus:
    """A registered seal's state and history, read at one moment."""
    state: SealState           # "active", "frozen", "lost", "cancelled"
    es_id: str
    seal_hash: bytes           # SM3 of the seal's bytes
    registered_at: int
    registered_by: str
    changed_at: int
    changed_by: str
    reason: str
    sequence: int              # usage-log sequence of the last change
    freeze_sequence: int       # what an unfreeze order names, while frozen
    final_at: int              # when lost or cancelled, else 0
    notify_result: int         # loss callback: 0, its error code, or 1 for none
    predecessor: Optional[bytes]
    successor: Optional[bytes]


class _Status(Handle):
    _free = staticmethod(native.eseal_seal_status_free)

    def read(self):
        p = self._native
        return SealStatus(
            SealState(native.eseal_seal_state_name(native.eseal_seal_status_state(p))),
            native.eseal_seal_status_es_id(p), native.esb_seal_status_hash(p),
            native.eseal_seal_status_registered_at(p), native.eseal_seal_status_registered_by(p),
            native.eseal_seal_status_changed_at(p), native.eseal_seal_status_changed_by(p),
            native.eseal_seal_status_reason(p), native.eseal_seal_status_sequence(p),
            native.eseal_seal_status_freeze_sequence(p), native.eseal_seal_status_final_at(p),
            native.eseal_seal_status_notify_result(p),
            native.esb_seal_status_predecessor(p) or None,
            native.esb_seal_status_successor(p) or None)


class Registry:
    """The registry of one tenant (None: the default tenant) in the store set
    on ``ctx``. Refusals raise FrozenError, LostError (lost or cancelled),
    ExistsError, NotFoundError, CryptoError or CertificateError (unfreeze)."""

    def __init__(self, ctx: Context, tenant: Optional[str] = None) -> None:
        self._ctx = ctx
        self.tenant = tenant

    def register(self, seal: Seal, who: Optional[str] = None, why: Optional[str] = None) -> None:
        check_rc(native.eseal_registry_register(self._ctx._native, self.tenant, seal._native,
                                                who, why))

    def reissue(self, seal: Seal, who: Optional[str] = None, why: Optional[str] = None) -> None:
        """Registers ``seal`` as the successor of the seal under its esID."""
        check_rc(native.eseal_registry_reissue(self._ctx._native, self.tenant, seal._native,
                                               who, why))

    def freeze(self, es_id: str, who: Optional[str] = None, why: Optional[str] = None) -> None:
        check_rc(native.eseal_registry_freeze(self._ctx._native, self.tenant, es_id, who, why))

    def unfreeze(self, order: bytes, who: Optional[str] = None) -> None:
        """Lifts a freeze on a supervisor's signed order (bytes)."""
        check_rc(native.esb_registry_unfreeze(self._ctx._native, self.tenant, bytes(order), who))

    def cancel(self, es_id: str, who: Optional[str] = None, why: Optional[str] = None) -> None:
        check_rc(native.eseal_registry_cancel(self._ctx._native, self.tenant, es_id, who, why))

    def report_lost(self, es_id: str, who: Optional[str] = None, why: Optional[str] = None,
                    notify: Optional[Callable[[str, bytes, int], Any]] = None) -> None:
        """Records the loss at once, then calls ``notify(es_id, seal_hash,
        lost_at)`` (e.g. to ask the CA to revoke) and records its outcome: an
        exception it raises is recorded as a failure and raised again."""
        check_rc(native.esb_registry_report_lost(self._ctx._native, self.tenant, es_id, who, why))
        if notify is None:
            return
        status = self.state(es_id)
        try:
            notify(es_id, status.seal_hash, status.final_at)
        except Exception as e:  # recorded, then raised again
            code = e.code if isinstance(e, Error) else native.ESEAL_ERROR
            check_rc(native.eseal_registry_loss_notified(self._ctx._native, self.tenant, es_id,
                                                         code, str(e)[:1000]))
            raise
        check_rc(native.eseal_registry_loss_notified(self._ctx._native, self.tenant, es_id, 0,
                                                     None))

    def state(self, es_id: str) -> SealStatus:
        """The SealStatus of the seal registered now under ``es_id``."""
        with _Status(check(native.esb_registry_state(self._ctx._native, self.tenant,
                                                     es_id))) as s:
            return s.read()

    def unfreeze_order(self, es_id: str, key: Key, cert: Cert, reason: Optional[str] = None,
                       time: Union[datetime.datetime, int, float] = 0) -> bytes:
        """An unfreeze order for the current freeze of ``es_id``, signed with
        ``key`` as ``cert`` (a supervisor's): bytes for unfreeze()."""
        status = self.state(es_id)
        return check(native.esb_unfreeze_order_sign(
            self._ctx._native, self.tenant, es_id, status.seal_hash, status.freeze_sequence,
            to_utc(time) if time else 0, reason, key._native, cert._native))


def stamp_with_store(ctx, seal, key, cert, data, tenant=None, operator=None, device=None,
                     location=None, allow_unregistered=False, property_info=None, format=0, *,
                     tsa_url=None, tsa_policy=None, tsa_allow_private_targets=False):
    """stamp() through the registry of the store set on ``ctx``: refused with
    FrozenError, LostError or NotFoundError (unregistered, unless
    ``allow_unregistered``); the intent and completion are logged with the
    operator, device and ``location`` = (latitude, longitude[, accuracy_m[, place]]).
    The TSA options are stamp()'s."""
    lat = lon = acc = 0.0
    place = None
    if location is not None:
        lat, lon = float(location[0]), float(location[1])
        acc = float(location[2]) if len(location) > 2 else 0.0
        place = location[3] if len(location) > 3 else None
    data, owned = as_data(data)
    try:
        return Signature(check(native.esb_stamp_with_store(
            ctx._native, seal._native, key._native, cert._native, data._native, format,
            property_info, tenant, operator, device, int(location is not None), lat, lon, acc,
            place, int(bool(allow_unregistered)), tsa_url, tsa_policy,
            int(bool(tsa_allow_private_targets)))))
    finally:
        if owned:
            data.close()
        # After the stamp returned (committed or refused), on this thread.
        deliver_alerts(ctx)
