"""Verification and its report."""

import collections
import json

from . import native
from ._handle import Handle, from_utc, to_utc
from .credentials import Cert
from .documents import Seal, Signature
from .errors import check
from .making import as_data

Check = collections.namedtuple("Check", "id status indication sub_indication message")
Check.__doc__ = "One check of a report: its id, status, the indication it leads to, and why."

STRICT = native.ESEAL_VERIFY_STRICT
REQUIRE_REVOCATION = native.ESEAL_VERIFY_REQUIRE_REVOCATION
MAKER_AT_CREATION = native.ESEAL_MAKER_AT_CREATION
MAKER_AT_SIGNING = native.ESEAL_MAKER_AT_SIGNING

_TIMES = {
    "validation": native.ESEAL_TIME_VALIDATION,
    "claimed_signing": native.ESEAL_TIME_CLAIMED_SIGNING,
    "timestamp": native.ESEAL_TIME_TIMESTAMP,
    "best_signature": native.ESEAL_TIME_BEST_SIGNATURE,
}


class Report(Handle):
    """The outcome of a verification: a main indication ("TOTAL_PASSED",
    "TOTAL_FAILED", "INDETERMINATE"), the checks in order, the times and the
    certificates used as evidence."""

    _free = staticmethod(native.eseal_report_free)

    @property
    def indication(self):
        return native.eseal_indication_name(native.eseal_report_indication(self._native))

    @property
    def sub_indication(self):
        """"HASH_FAILURE", … or None."""
        name = native.eseal_sub_indication_name(native.eseal_report_sub_indication(self._native))
        return name or None

    @property
    def passed(self):
        return native.eseal_report_indication(self._native) == native.ESEAL_TOTAL_PASSED

    @property
    def checks(self):
        r = self._native
        return [Check(native.eseal_report_check_id(r, i),
                      native.eseal_check_status_name(native.eseal_report_check_status(r, i)),
                      native.eseal_indication_name(native.eseal_report_check_indication(r, i)),
                      native.eseal_sub_indication_name(
                          native.eseal_report_check_sub_indication(r, i)) or None,
                      native.eseal_report_check_message(r, i))
                for i in range(native.eseal_report_check_count(r))]

    def check(self, check_id):
        """The check with ``check_id``, or None."""
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def times(self):
        """The known times by name: validation, claimed_signing, timestamp, best_signature."""
        return {name: from_utc(native.esb_report_time(self._native, which))
                for name, which in _TIMES.items()
                if native.esb_report_has_time(self._native, which)}

    @property
    def certs(self):
        """(role, Cert) pairs: "maker", "maker-chain", "signer", "signer-chain"."""
        r = self._native
        return [(native.eseal_report_cert_role(r, i), Cert(check(native.esb_report_cert(r, i))))
                for i in range(native.eseal_report_cert_count(r))]

    def to_json(self):
        return check(native.esb_report_to_json(self._native)).decode("utf-8")

    def as_dict(self):
        return json.loads(self.to_json())

    def __str__(self):
        return check(native.esb_report_to_text(self._native)).decode("utf-8")

    def __repr__(self):
        return f"<eseal.Report {self.indication}>" if not self.closed else "<eseal.Report closed>"


def _time(validation_time):
    return 0 if validation_time is None else to_utc(validation_time)


def verify(ctx, target, data=None, *, flags=0, validation_time=None, maker_time=0):
    """Verifies a Signature (against ``data``: bytes or Data), a Seal, or the
    bytes of either. Returns a Report; input that does not parse gives a
    FORMAT_FAILURE report rather than an exception."""
    when = _time(validation_time)
    if isinstance(target, Seal):
        return Report(check(native.esb_verify_seal(ctx._native, target._native, flags, when,
                                                   maker_time)))
    signed, owned = as_data(data) if data is not None else (None, False)
    try:
        handle = signed._native if signed is not None else None
        if isinstance(target, Signature):
            ptr = native.esb_verify(ctx._native, target._native, handle, flags, when, maker_time)
        else:
            ptr = native.esb_verify_bytes(ctx._native, target, handle, flags, when, maker_time)
        return Report(check(ptr))
    finally:
        if owned:
            signed.close()
