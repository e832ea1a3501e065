"""Verifying OFD documents (eseal_ofd_verify in include/eseal/ofd.h)."""

import collections
import json
import os

from . import native
from ._handle import Handle
from .errors import check
from .report import Check, _options

OfdSignature = collections.namedtuple("OfdSignature",
                                      "id type path indication sub_indication checks report")
OfdSignature.__doc__ = ("One signature of an OFD: its ID, Type, Signature.xml path, result, "
                        "checks (Check tuples) and its whole report as a dict.")


def _checks(report):
    return [Check(c["id"], c["status"], c.get("indication", "TOTAL_PASSED"),
                  c.get("sub_indication"), c["message"]) for c in report["checks"]]


class OfdReport(Handle):
    """The verdict on a whole OFD document: its indication, the document
    checks (ofd.signatures, ofd.modification, ofd.coverage) and one report
    per signature (doc/ofd.md)."""

    _free = staticmethod(native.eseal_ofd_report_free)

    @property
    def indication(self):
        return native.eseal_indication_name(native.eseal_ofd_report_indication(self._native))

    @property
    def sub_indication(self):
        name = native.eseal_sub_indication_name(
            native.eseal_ofd_report_sub_indication(self._native))
        return name or None

    @property
    def passed(self):
        return native.eseal_ofd_report_indication(self._native) == native.ESEAL_TOTAL_PASSED

    @property
    def checks(self):
        """The document checks."""
        return _checks(self.as_dict()["document"])

    def check(self, check_id):
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def signatures(self):
        return [OfdSignature(s["id"], s["type"], s["path"], s["report"]["indication"],
                             s["report"]["sub_indication"], _checks(s["report"]), s["report"])
                for s in self.as_dict()["signatures"]]

    def signature(self, signature_id):
        """The signature with ``signature_id``, or None."""
        return next((s for s in self.signatures if s.id == signature_id), None)

    def to_json(self):
        return check(native.esb_ofd_report_to_json(self._native)).decode("utf-8")

    def as_dict(self):
        return json.loads(self.to_json())

    def __str__(self):
        return check(native.esb_ofd_report_to_text(self._native)).decode("utf-8")

    def __repr__(self):
        return f"<eseal.OfdReport {self.indication}>" if not self.closed \
            else "<eseal.OfdReport closed>"


def verify_ofd(ctx, ofd, *, signature_id=None, flags=0, validation_time=None, maker_time=0,
               time_policy=None, crypto_policy=None, clock_skew=None, poe_time=None,
               poe_source=None):
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
