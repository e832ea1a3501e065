"""Parsed seals (SESeal) and signatures (SES_Signature)."""

import builtins
import collections
import datetime
import json
from typing import Any, Dict, List, Optional, Tuple

from . import native
from ._handle import Handle, from_utc
from .errors import check

ParseWarning = collections.namedtuple("ParseWarning", "id path message")
ParseWarning.__doc__ = "A tolerated quirk of the input: a stable id, where it was, and what."
Extension = collections.namedtuple("Extension", "oid critical value")


def _warnings(handle):
    count = native.eseal_warnings_count(handle)
    return [ParseWarning(native.eseal_warnings_id(handle, i), native.eseal_warnings_path(handle, i),
                    native.eseal_warnings_message(handle, i)) for i in range(count)]


def _extensions(handle):
    if handle is None:
        return []
    return [Extension(native.eseal_extensions_oid(handle, i),
                      bool(native.eseal_extensions_critical(handle, i)),
                      native.esb_extension_value(handle, i))
            for i in range(native.eseal_extensions_count(handle))]


class _Document(Handle):
    """What seals and signatures share."""

    def to_json(self) -> str:
        """Every field as a JSON text."""
        return check(type(self)._to_json(self._native)).decode("utf-8")

    def as_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def encode(self) -> bytes:
        """The object encoded again in canonical DER."""
        return check(type(self)._encode(self._native))

    @property
    def bytes(self) -> "builtins.bytes":
        """The bytes it was parsed from."""
        return type(self)._bytes(self._native)

    @property
    def format(self) -> int:
        """1, 4 or 5: GM/T 0031-2014, GB/T 38540-2020, or V5."""
        return type(self)._format(self._native)

    @property
    def warnings(self) -> List[ParseWarning]:
        return _warnings(type(self)._warnings(self._native))

    @property
    def extensions(self) -> List[Extension]:
        return _extensions(type(self)._extensions(self._native))


class Seal(_Document):
    """An electronic seal (SESeal)."""

    _free = staticmethod(native.eseal_seal_free)
    _to_json = staticmethod(native.esb_seal_to_json)
    _encode = staticmethod(native.esb_seal_encode)
    _bytes = staticmethod(native.esb_seal_bytes)
    _format = staticmethod(native.eseal_seal_format)
    _warnings = staticmethod(native.eseal_seal_warnings)
    _extensions = staticmethod(native.eseal_seal_extensions)

    @classmethod
    def parse(cls, data: bytes, strict: bool = False) -> "Seal":
        """A seal from DER bytes; ``strict`` refuses the tolerated quirks."""
        return cls(check(native.esb_seal_parse(data, int(strict))))

    @property
    def esid(self) -> str:
        """The seal's code: that of the filed physical seal."""
        return native.eseal_seal_esid(self._native)

    @property
    def name(self) -> str:
        return native.eseal_seal_name(self._native)

    @property
    def type(self) -> int:
        return native.eseal_seal_type(self._native)

    @property
    def vendor_id(self) -> str:
        return native.eseal_seal_vendor_id(self._native)

    @property
    def header_version(self) -> int:
        return native.eseal_seal_header_version(self._native)

    @property
    def cert_list_type(self) -> int:
        return native.eseal_seal_cert_list_type(self._native)

    @property
    def certs(self) -> List["builtins.bytes"]:
        """The certList entries: certificates (DER), digests or IDs, as bytes."""
        return [native.esb_seal_cert(self._native, i)
                for i in range(native.eseal_seal_cert_count(self._native))]

    @property
    def created(self) -> datetime.datetime:
        return from_utc(native.eseal_seal_date_utc(self._native, native.ESEAL_SEAL_CREATE_DATE))

    @property
    def valid_from(self) -> datetime.datetime:
        return from_utc(native.eseal_seal_date_utc(self._native, native.ESEAL_SEAL_VALID_START))

    @property
    def valid_to(self) -> datetime.datetime:
        return from_utc(native.eseal_seal_date_utc(self._native, native.ESEAL_SEAL_VALID_END))

    @property
    def picture_type(self) -> str:
        return native.eseal_seal_picture_type(self._native)

    @property
    def picture(self) -> "builtins.bytes":
        return native.esb_seal_picture(self._native)

    @property
    def picture_size_mm(self) -> Tuple[int, int]:
        return (native.eseal_seal_picture_width(self._native),
                native.eseal_seal_picture_height(self._native))

    @property
    def maker_cert(self) -> "builtins.bytes":
        """The maker's certificate, DER."""
        return native.esb_seal_maker_cert(self._native)

    @property
    def algorithm(self) -> str:
        return native.eseal_seal_algorithm(self._native)

    @property
    def signature_value(self) -> "builtins.bytes":
        return native.esb_seal_signature_value(self._native)

    def __repr__(self):
        return f"<eseal.Seal V{self.format} {self.esid!r} {self.name!r}>" if not self.closed \
            else "<eseal.Seal closed>"


class Signature(_Document):
    """A stamp (SES_Signature): a seal applied to data by a signer."""

    _free = staticmethod(native.eseal_signature_free)
    _to_json = staticmethod(native.esb_signature_to_json)
    _encode = staticmethod(native.esb_signature_encode)
    _bytes = staticmethod(native.esb_signature_bytes)
    _format = staticmethod(native.eseal_signature_format)
    _warnings = staticmethod(native.eseal_signature_warnings)
    _extensions = staticmethod(native.eseal_signature_extensions)

    @classmethod
    def parse(cls, data: bytes, strict: bool = False) -> "Signature":
        return cls(check(native.esb_signature_parse(data, int(strict))))

    @property
    def seal(self) -> Seal:
        """The embedded seal, as a Seal of its own."""
        return Seal(check(native.esb_signature_seal(self._native)))

    @property
    def tbs_version(self) -> int:
        return native.eseal_signature_tbs_version(self._native)

    @property
    def time(self) -> Optional[datetime.datetime]:
        """The signing time timeInfo claims, or None when it cannot be read."""
        if not native.esb_signature_has_time(self._native):
            return None
        return from_utc(native.esb_signature_time(self._native))

    @property
    def time_text(self) -> str:
        return native.eseal_signature_time_text(self._native)

    @property
    def data_hash(self) -> "builtins.bytes":
        return native.esb_signature_data_hash(self._native)

    @property
    def property_info(self) -> str:
        return native.eseal_signature_property_info(self._native)

    @property
    def signer_cert(self) -> "builtins.bytes":
        """The signer's certificate, DER."""
        return native.esb_signature_signer_cert(self._native)

    @property
    def algorithm(self) -> str:
        return native.eseal_signature_algorithm(self._native)

    @property
    def value(self) -> "builtins.bytes":
        return native.esb_signature_value(self._native)

    @property
    def timestamp(self) -> Optional["builtins.bytes"]:
        """The timestamp token's bytes, or None."""
        return native.esb_signature_timestamp(self._native)

    def __repr__(self):
        return f"<eseal.Signature V{self.format} {self.property_info!r}>" if not self.closed \
            else "<eseal.Signature closed>"
