"""Verification and its report."""

import datetime
import json
import struct
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple, Union

from . import native
from ._handle import Handle, from_utc, to_utc
from .context import Context
from .credentials import Cert
from .documents import Seal, Signature
from .enums import CheckStatus, Indication, SubIndication, sub_indication
from .errors import ArgumentTypeError, InvalidArgumentError, LimitError, check
from .making import Data, as_data

class Check(NamedTuple):
    """One check of a report: its id, status, the indication it leads to, and why."""
    id: str
    status: CheckStatus
    indication: Indication
    sub_indication: Optional[SubIndication]
    message: str


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
    def kind(self) -> str:
        """What was verified: "signature" or "seal"."""
        return native.eseal_kind_name(native.eseal_report_kind(self._native))

    @property
    def indication(self) -> Indication:
        return Indication(native.eseal_indication_name(native.eseal_report_indication(self._native)))

    @property
    def sub_indication(self) -> Optional[SubIndication]:
        """"HASH_FAILURE", … or None."""
        return sub_indication(
            native.eseal_sub_indication_name(native.eseal_report_sub_indication(self._native)))

    @property
    def passed(self) -> bool:
        return native.eseal_report_indication(self._native) == native.ESEAL_TOTAL_PASSED

    @property
    def checks(self) -> List[Check]:
        r = self._native
        return [Check(native.eseal_report_check_id(r, i),
                      CheckStatus(native.eseal_check_status_name(native.eseal_report_check_status(r, i))),
                      Indication(native.eseal_indication_name(native.eseal_report_check_indication(r, i))),
                      sub_indication(native.eseal_sub_indication_name(
                          native.eseal_report_check_sub_indication(r, i))),
                      native.eseal_report_check_message(r, i))
                for i in range(native.eseal_report_check_count(r))]

    def check(self, check_id: str) -> Optional[Check]:
        """The check with ``check_id``, or None."""
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def times(self) -> Dict[str, datetime.datetime]:
        """The known times by name: validation, claimed_signing, timestamp, best_signature."""
        return {name: from_utc(native.esb_report_time(self._native, which))
                for name, which in _TIMES.items()
                if native.esb_report_has_time(self._native, which)}

    @property
    def certs(self) -> List[Tuple[str, Cert]]:
        """(role, Cert) pairs: "maker", "maker-chain", "signer", "signer-chain"."""
        r = self._native
        return [(native.eseal_report_cert_role(r, i), Cert(check(native.esb_report_cert(r, i))))
                for i in range(native.eseal_report_cert_count(r))]

    @property
    def validation_data(self) -> List[Tuple[str, bytes, str]]:
        """The CRLs, OCSP responses and timestamp tokens the checks used, as
        (kind, der, about) triples: kind "crl" (one or more DER CRLs one after
        another), "ocsp" or "timestamp"; ``about`` says what for ("signer
        CN=…"). Context.load_validation_data() takes them back from the JSON."""
        r = self._native
        return [(native.eseal_report_validation_kind(r, i),
                 native.esb_report_validation_der(r, i),
                 native.eseal_report_validation_about(r, i))
                for i in range(native.eseal_report_validation_count(r))]

    @property
    def facts(self) -> Dict[str, Any]:
        """What the verification was about and under which rules, by name:
        "time_policy", "crypto_policy", "proof_of_existence", the signer, ..."""
        return self.as_dict()["subject"]

    def to_json(self) -> str:
        return check(native.esb_report_to_json(self._native)).decode("utf-8")

    def as_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def __str__(self):
        return check(native.esb_report_to_text(self._native)).decode("utf-8")

    def __repr__(self):
        return f"<eseal.Report {self.indication}>" if not self.closed else "<eseal.Report closed>"


def _time(validation_time):
    return 0 if validation_time is None else to_utc(validation_time)


def _names(name_of, *values):
    """{name: value} for enum values, with the names the library gives them."""
    return {name_of(v): v for v in values}


_EXPECT = _names(native.eseal_kind_name, native.ESEAL_KIND_SIGNATURE, native.ESEAL_KIND_SEAL)
_TIME_POLICIES = _names(native.eseal_time_policy_name, native.ESEAL_TIME_POLICY_POE,
                        native.ESEAL_TIME_POLICY_CLAIMED)
_CRYPTO_POLICIES = _names(native.eseal_crypto_policy_name, native.ESEAL_CRYPTO_POLICY_DEFAULT,
                          native.ESEAL_CRYPTO_POLICY_LEGACY)


def _choice(what, table, value):
    """The enum value of ``value`` (one of the table's names); None is 0, the default."""
    if value is None:
        return 0
    if value not in table:
        raise InvalidArgumentError(f"unknown {what} {value!r}: expected one of "
                                   f"{', '.join(sorted(table))}", native.ESEAL_EINVAL)
    return table[value]


def _skew(clock_skew):
    """Seconds (or a timedelta) a claimed time may lie ahead; None is the
    library's default, 0 allows none."""
    if clock_skew is None:
        return 0
    seconds = clock_skew.total_seconds() if isinstance(clock_skew, datetime.timedelta) \
        else clock_skew
    if seconds < 0:
        raise InvalidArgumentError("clock_skew must not be negative", native.ESEAL_EINVAL)
    return int(seconds) or native.ESEAL_CLOCK_SKEW_NONE


def _options(flags, validation_time, maker_time, expect, time_policy, crypto_policy, clock_skew,
             poe_time, poe_source):
    """The esb_verify*() option arguments, in eseal_verify_options' order."""
    return (flags, _time(validation_time), maker_time, _choice("expect", _EXPECT, expect),
            _choice("time_policy", _TIME_POLICIES, time_policy),
            _choice("crypto_policy", _CRYPTO_POLICIES, crypto_policy), _skew(clock_skew),
            _time(poe_time), poe_source)


def _tokens(poe_tokens):
    """The tokens one after another, and their lengths as 4-byte big-endian
    values (esb_verify()'s form)."""
    if isinstance(poe_tokens, (bytes, bytearray, memoryview, str)):
        raise ArgumentTypeError("poe_tokens is a list of tokens (bytes), not one token")
    tokens = [bytes(t) for t in poe_tokens]
    if len(tokens) > native.ESEAL_MAX_POE_TOKENS:
        raise LimitError(f"more than {native.ESEAL_MAX_POE_TOKENS} poe_tokens",
                         native.ESEAL_ELIMIT)
    return b"".join(tokens), struct.pack(f">{len(tokens)}I", *(len(t) for t in tokens))


Time = Union[datetime.datetime, int, float]


def verify(ctx: Context, target: Union[Signature, Seal, bytes], data: Union[bytes, Data, None] = None,
           *, flags: int = 0, validation_time: Optional[Time] = None, maker_time: int = 0,
           expect: Optional[str] = None, time_policy: Optional[str] = None,
           crypto_policy: Optional[str] = None,
           clock_skew: Union[int, float, datetime.timedelta, None] = None,
           poe_time: Optional[Time] = None, poe_source: Optional[str] = None,
           poe_tokens: Iterable[bytes] = ()) -> Report:
    """Verifies a Signature (against ``data``: bytes or Data), a Seal, or the
    bytes of either. Returns a Report; input that does not parse gives a
    FORMAT_FAILURE report rather than an exception.

    ``expect``: "signature" or "seal" (anything else in the input is a
    FORMAT_FAILURE); ``time_policy``: "poe" (the default: a claimed time
    needs a proof of existence before the certificates expired) or
    "claimed-time" (GM/T 0031 read literally); ``crypto_policy``: "default"
    or "legacy" (old algorithms with a WARNING); ``clock_skew``: seconds or
    a timedelta a claimed time may lie ahead (None: 5 minutes, 0: none);
    ``poe_time`` (a datetime or seconds) and ``poe_source``: a proof of
    existence the caller holds, and where it comes from; ``poe_tokens``:
    RFC 3161 timestamp tokens (DER bytes) kept over the signature for
    archives, the first over the signature, each next over the previous token
    (doc/timestamps.md), whose first genTime becomes a proof of existence
    when all verify. An unknown value raises InvalidArgumentError.
    """
    options = _options(flags, validation_time, maker_time, expect, time_policy, crypto_policy,
                       clock_skew, poe_time, poe_source)
    tokens = _tokens(poe_tokens)
    if isinstance(target, Seal):
        if data is None:
            if tokens[1]:
                raise InvalidArgumentError("poe_tokens cover a signature, not a seal",
                                           native.ESEAL_EINVAL)
            return Report(check(native.esb_verify_seal(ctx._native, target._native, *options)))
        # A seal covers no data: verified as bytes with the data, so that the
        # report says no signature over the data was found.
        target = target.bytes
    signed, owned = as_data(data) if data is not None else (None, False)
    try:
        handle = signed._native if signed is not None else None
        if isinstance(target, Signature):
            ptr = native.esb_verify(ctx._native, target._native, handle, *options, *tokens)
        else:
            ptr = native.esb_verify_bytes(ctx._native, target, handle, *options, *tokens)
        return Report(check(ptr))
    finally:
        if owned:
            signed.close()
