"""Evidence bundles of the usage log checked offline (doc/usage-log.md,
"Evidence bundles"), with no store:

    ctx = eseal.Context()
    ctx.add_trust("log-root.pem", roles=["log-signer"])
    ev = eseal.verify_evidence(ctx, open("stamp.evidence", "rb").read())
    if not ev.ok:
        print("refused:", ev.reason)

Like eseal.verify(), a refused bundle is a result, not an exception; errors
are raised only when the check could not run.
"""

from typing import List, Optional, Tuple

from . import native
from ._handle import Handle
from .context import Context
from .credentials import Cert
from .errors import InvalidArgumentError, check


class Evidence(Handle):
    """The outcome of checking an evidence bundle."""

    _free = staticmethod(native.eseal_evidence_free)

    @property
    def ok(self) -> bool:
        """True when the checkpoint and every record's proof verified."""
        return bool(native.eseal_evidence_ok(self._native))

    @property
    def error(self) -> int:
        """0, or the ESEAL_E* code of the refusal (FormatError's, TamperedError's, …)."""
        return native.eseal_evidence_error(self._native)

    @property
    def reason(self) -> str:
        """'' when ok, else the part refused and why."""
        return native.eseal_evidence_reason(self._native)

    @property
    def origin(self) -> str:
        return native.eseal_evidence_origin(self._native)

    @property
    def tree_size(self) -> int:
        return native.eseal_evidence_tree_size(self._native)

    @property
    def time(self) -> int:
        """The checkpoint's time, seconds since the epoch (UTC)."""
        return native.eseal_evidence_time(self._native)

    @property
    def hash_name(self) -> str:
        return native.eseal_evidence_hash_name(self._native)

    @property
    def log_signer(self) -> Optional[Cert]:
        """The certificate whose key signed the checkpoint (a Cert), or None."""
        ptr = native.esb_evidence_log_signer(self._native)
        return Cert(ptr) if ptr else None

    @property
    def records(self) -> List[Tuple[int, bytes]]:
        """[(sequence number, record bytes as logged), …]."""
        e = self._native
        return [(native.eseal_evidence_record_seq(e, i), native.esb_evidence_record(e, i))
                for i in range(native.eseal_evidence_record_count(e))]

    @property
    def certs(self) -> List[Cert]:
        """The other certificates the bundle carries (Cert objects)."""
        e = self._native
        return [Cert(native.esb_evidence_cert(e, i))
                for i in range(native.eseal_evidence_cert_count(e))]


def verify_evidence(ctx: Context, data: bytes) -> Evidence:
    """Checks the evidence bundle ``data`` (bytes) against ``ctx``'s anchors
    trusted for the log-signer role; returns an Evidence."""
    if ctx is None:
        raise InvalidArgumentError("verify_evidence needs a Context", native.ESEAL_EINVAL)
    return Evidence(check(native.esb_evidence_verify(ctx._native, bytes(data))))
