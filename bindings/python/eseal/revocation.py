"""The revocation status of one certificate (eseal_cert_status_lookup)."""

import datetime
from typing import NamedTuple, Optional, Union

from . import native
from ._handle import from_utc, to_utc
from .context import Context
from .credentials import Cert
from .enums import RevocationStatus
from .errors import check

_STATUS_NAMES = {native.ESEAL_CERT_STATUS_GOOD: RevocationStatus.GOOD,
                 native.ESEAL_CERT_STATUS_REVOKED: RevocationStatus.REVOKED,
                 native.ESEAL_CERT_STATUS_UNKNOWN: RevocationStatus.UNKNOWN}


class CertStatus(NamedTuple):
    """A certificate's revocation status: ``status`` "good",
    "revoked" or "unknown"; for "revoked", ``revocation_time`` (a datetime) and
    ``reason`` (a CRLReason name such as "keyCompromise", or None when the source
    gave none); the answer's window ``this_update`` / ``next_update`` (datetimes,
    or None); ``source`` ("crl", "delta-crl", "ocsp", "cache", or "" without an
    answer) and ``message`` (the responder or CRL issuer, or why there is none)."""
    status: RevocationStatus
    reason: Optional[str]
    revocation_time: Optional[datetime.datetime]
    this_update: Optional[datetime.datetime]
    next_update: Optional[datetime.datetime]
    source: str
    message: str


def _when(seconds: int) -> Optional[datetime.datetime]:
    return from_utc(seconds) if seconds else None


def cert_status(ctx: Context, cert: Cert, issuer: Optional[Cert] = None,
                at: Union[datetime.datetime, int, float, None] = None) -> CertStatus:
    """Looks up the status of ``cert`` (a Cert) at ``at`` (a datetime or
    seconds; None: the context clock) under the context's revocation policy
    and sources; online mode may fetch. ``issuer`` None is found among the
    context's anchors and intermediates. No answer is a CertStatus "unknown",
    not an exception."""
    ptr = check(native.esb_cert_status_lookup(ctx._native, cert._native,
                                              issuer._native if issuer is not None else None,
                                              0 if at is None else to_utc(at)))
    try:
        value = native.esb_cert_status_value(ptr)
        revoked = value == native.ESEAL_CERT_STATUS_REVOKED
        reason = native.esb_cert_status_reason(ptr)
        return CertStatus(
            _STATUS_NAMES.get(value, RevocationStatus.UNKNOWN),
            native.eseal_revocation_reason_name(reason) if revoked and reason >= 0 else None,
            _when(native.esb_cert_status_revocation_time(ptr)) if revoked else None,
            _when(native.esb_cert_status_this_update(ptr)),
            _when(native.esb_cert_status_next_update(ptr)),
            native.esb_cert_status_source(ptr),
            native.esb_cert_status_message(ptr))
    finally:
        native.esb_cert_status_free(ptr)
