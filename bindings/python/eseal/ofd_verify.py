"""Verifying OFD documents (eseal_ofd_verify in include/eseal/ofd.h)."""

import json
import os
from typing import Any, Dict, List, NamedTuple, Optional, Union

from . import native
from ._handle import Handle, Path
from .context import Context
from .enums import CheckStatus, Indication, SubIndication, sub_indication
from .errors import check
from .report import Check, Time, _options



class OfdSignature(NamedTuple):
    """One signature of an OFD: its ID, Type, Signature.xml path, result,
    checks (Check tuples) and its whole report as a dict."""
    id: str
    type: str
    path: str
    indication: Indication
    sub_indication: Optional[SubIndication]
    checks: List[Check]
    report: Dict[str, Any]


def _checks(report: Dict[str, Any]) -> List[Check]:
    return [Check(c["id"], CheckStatus(c["status"]), Indication(c.get("indication", "TOTAL_PASSED")),
                  sub_indication(c.get("sub_indication")), c["message"]) for c in report["checks"]]


class OfdReport(Handle):
    """The verdict on a whole OFD document: its indication, the document
    checks (ofd.signatures, ofd.modification, ofd.coverage) and one report
    per signature (doc/ofd.md)."""

    _free = staticmethod(native.eseal_ofd_report_free)

    @property
    def indication(self) -> Indication:
        return Indication(native.eseal_indication_name(native.eseal_ofd_report_indication(self._native)))

    @property
    def sub_indication(self) -> Optional[SubIndication]:
        return sub_indication(native.eseal_sub_indication_name(
            native.eseal_ofd_report_sub_indication(self._native)))

    @property
    def passed(self) -> bool:
        return native.eseal_ofd_report_indication(self._native) == native.ESEAL_TOTAL_PASSED

    @property
    def checks(self) -> List[Check]:
        """The document checks."""
        return _checks(self.as_dict()["document"])

    def check(self, check_id: str) -> Optional[Check]:
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def signatures(self) -> List[OfdSignature]:
        return [OfdSignature(s["id"], s["type"], s["path"], Indication(s["report"]["indication"]),
                             sub_indication(s["report"]["sub_indication"]), _checks(s["report"]),
                             s["report"])
                for s in self.as_dict()["signatures"]]

    def signature(self, signature_id: str) -> Optional[OfdSignature]:
        """The signature with ``signature_id``, or None."""
        return next((s for s in self.signatures if s.id == signature_id), None)

    def to_json(self) -> str:
        return check(native.esb_ofd_report_to_json(self._native)).decode("utf-8")

    def as_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def __str__(self):
        return check(native.esb_ofd_report_to_text(self._native)).decode("utf-8")

    def __repr__(self):
        return f"<eseal.OfdReport {self.indication}>" if not self.closed \
            else "<eseal.OfdReport closed>"


def verify_ofd(ctx: Context, ofd: Union[bytes, Path], *, signature_id: Optional[str] = None,
               flags: int = 0, validation_time: Optional[Time] = None, maker_time: int = 0,
               time_policy: Optional[str] = None, crypto_policy: Optional[str] = None,
               clock_skew: Any = None, poe_time: Optional[Time] = None,
               poe_source: Optional[str] = None) -> OfdReport:
    """Verifies every signature of an OFD document, given as bytes or a path,
    the files their References protect included. Returns an OfdReport.
    ``signature_id`` keeps only that signature's report; the other options
    are those of eseal.verify(). A package that cannot be read as an OFD
    (not a zip, a hostile container, malformed OFD.xml) raises FormatError or
    LimitError; an unknown ``signature_id`` raises NotFoundError."""
    options = _options(flags, validation_time, maker_time, None, time_policy, crypto_policy,
                       clock_skew, poe_time, poe_source)
    # esb_verify_ofd*() take every option but `expect`, which does not apply to a package.
    options = options[:3] + options[4:]
    if isinstance(ofd, (bytes, bytearray, memoryview)):
        ptr = native.esb_verify_ofd_bytes(ctx._native, ofd, signature_id, *options)
    else:
        ptr = native.esb_verify_ofd(ctx._native, os.fspath(ofd), signature_id, *options)
    return OfdReport(check(ptr))
