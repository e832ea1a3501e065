"""The usage log of a store (doc/usage-log.md): physical uses reported by
smart seals, signed checkpoints, inclusion and consistency proofs, evidence
bundles, whole-log verification and erasure of an operator's personal data.

    log = eseal.UsageLog(store, "acme")
    log.record_physical(ctx, "3101000000001", operator="alice", force_newtons=40.5)
    note = log.checkpoint(ctx, key, cert)       # keep a copy OUTSIDE the store
    log.verify(ctx, external_checkpoint=note)   # raises TamperedError on damage

Records, proofs and reports are JSON (parsed into dicts and lists here).
"""

import json
from typing import Any, Dict, List, Optional, Sequence

from . import native
from .context import Context
from .credentials import Cert, Key
from .errors import check, check_rc, last_error
from .store import DEFAULT_TENANT, Store


class UsageLog:
    """The log of one tenant of a store. Holds a reference to the store."""

    def __init__(self, store: Store, tenant: str = DEFAULT_TENANT) -> None:
        self.store = store
        self.tenant = tenant

    def record_physical(self, ctx: Context, es_id: str, operator: Optional[str] = None,
                        device: Optional[str] = None, location: Optional[Sequence[Any]] = None,
                        force_newtons: Optional[float] = None, time: int = 0) -> int:
        """Logs a physical use of seal ``es_id``; returns its sequence number.
        ``location`` is (latitude, longitude[, accuracy_m[, place]]) in WGS-84;
        ``time`` 0 takes the context's clock."""
        lat = lon = acc = 0.0
        place = None
        if location is not None:
            lat, lon = location[0], location[1]
            acc = location[2] if len(location) > 2 else 0.0
            place = location[3] if len(location) > 3 else None
        return check_rc(native.esb_usage_log_record_physical(
            self.store._native, ctx._native, self.tenant, es_id, operator, device,
            int(location is not None), float(lat), float(lon), float(acc), place,
            int(force_newtons is not None), float(force_newtons or 0.0), int(time)))

    def __len__(self) -> int:
        return check_rc(native.esb_usage_log_size(self.store._native, self.tenant))

    def show(self, first: int = 0, count: int = 0) -> List[Dict[str, Any]]:
        """Records [first, first + count) (count 0: to the end) as dicts."""
        if len(self) <= first:
            return []
        out = check(native.esb_usage_log_show(self.store._native, self.tenant, first, count))
        return [json.loads(line) for line in out.decode().splitlines()]

    def checkpoint(self, ctx: Context, key: Key, cert: Cert, every: int = 0) -> Optional[bytes]:
        """Signs a checkpoint with ``key`` (``cert`` trusted by ``ctx`` as a log
        signer) and returns the note's bytes; None when ``every`` > 0 and fewer
        records than that came since the latest checkpoint."""
        out = native.esb_usage_log_checkpoint(self.store._native, ctx._native, self.tenant,
                                              key._native, cert._native, every)
        if out is None and native.esb_error_code() != 0:
            raise last_error()
        return out

    def prove(self, seq: int, tree_size: int = 0) -> Dict[str, Any]:
        """The inclusion proof of record ``seq`` (tree_size 0: the whole log)."""
        return json.loads(check(native.esb_usage_log_prove(self.store._native, self.tenant, seq,
                                                           tree_size)))

    def prove_consistency(self, old_size: int, new_size: int = 0) -> Dict[str, Any]:
        """The consistency proof from ``old_size`` to ``new_size`` records."""
        return json.loads(check(native.esb_usage_log_prove_consistency(
            self.store._native, self.tenant, old_size, new_size)))

    def export(self, hash_bytes: bytes) -> bytes:
        """The evidence bundle (bytes) for a signature or document hash."""
        return check(native.esb_usage_log_export(self.store._native, self.tenant,
                                                 bytes(hash_bytes)))

    def verify(self, ctx: Context, external_checkpoint: Optional[bytes] = None) -> Dict[str, Any]:
        """Checks the whole log (and against a checkpoint kept outside the store);
        returns the report as a dict, raises TamperedError with the first problem."""
        out = check(native.esb_usage_log_verify(self.store._native, ctx._native, self.tenant,
                                                 external_checkpoint))
        return json.loads(out)

    def erase_operator(self, operator: str) -> int:
        """Deletes the operator's clear personal data; returns how many values went."""
        return check_rc(native.esb_usage_log_erase_operator(self.store._native, self.tenant,
                                                            operator))
