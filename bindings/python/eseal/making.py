"""Making seals and stamping data."""

import datetime
import os
from typing import Iterable, Optional, Tuple, Union

from . import native
from ._handle import Handle, Path, to_utc
from .context import Context
from .credentials import Cert, Key
from .documents import Seal, Signature
from .errors import ArgumentTypeError, check, check_rc

ROUND = native.ESEAL_PICTURE_ROUND
RECTANGLE = native.ESEAL_PICTURE_RECTANGLE
OVAL = native.ESEAL_PICTURE_OVAL
SQUARE = native.ESEAL_PICTURE_SQUARE


class SealBuilder(Handle):
    """The elements of a seal before the maker signs it. Setters return the
    builder, so calls chain."""

    _free = staticmethod(native.eseal_seal_builder_free)

    def __init__(self) -> None:
        super().__init__(check(native.esb_builder_new()))

    def _set(self, rc: int) -> "SealBuilder":
        check_rc(rc)
        return self

    def format(self, version: int) -> "SealBuilder":
        """4 (GB/T 38540, the default) or 1 (GM/T 0031)."""
        return self._set(native.eseal_seal_builder_set_format(self._native, version))

    def vendor(self, vendor_id: str) -> "SealBuilder":
        return self._set(native.eseal_seal_builder_set_vendor(self._native, vendor_id))

    def esid(self, esid: str) -> "SealBuilder":
        """The filed physical seal's code."""
        return self._set(native.eseal_seal_builder_set_esid(self._native, esid))

    def type(self, seal_type: int) -> "SealBuilder":
        return self._set(native.eseal_seal_builder_set_type(self._native, seal_type))

    def name(self, name: str) -> "SealBuilder":
        return self._set(native.eseal_seal_builder_set_name(self._native, name))

    def cert_list_type(self, list_type: int) -> "SealBuilder":
        """1: certificates (default); 2: certificate digests."""
        return self._set(native.eseal_seal_builder_set_cert_list_type(self._native, list_type))

    def signer(self, cert: Cert) -> "SealBuilder":
        """Adds a certificate allowed to stamp with the seal."""
        return self._set(native.eseal_seal_builder_add_signer_cert(self._native, cert._native))

    def dates(self, created: Union[datetime.datetime, int, float], valid_from: Union[datetime.datetime, int, float],
              valid_to: Union[datetime.datetime, int, float]) -> "SealBuilder":
        return self._set(native.eseal_seal_builder_set_dates(
            self._native, to_utc(created), to_utc(valid_from), to_utc(valid_to)))

    def picture(self, picture_type: str, data: bytes, width_mm: int,
                height_mm: int) -> "SealBuilder":
        """A picture of the seal: type "PNG", "JPG", "GIF", "BMP", "SVG" or "OFD"."""
        return self._set(native.eseal_seal_builder_set_picture(
            self._native, picture_type, data, width_mm, height_mm))

    def draw_picture(self, shape: int = ROUND, diameter_mm: int = 0, width_mm: int = 0,
                     height_mm: int = 0, color: Optional[str] = None) -> "SealBuilder":
        """Draws an SVG picture from the name, esID and the signer's organisation."""
        return self._set(native.esb_builder_draw_picture(
            self._native, shape, diameter_mm, width_mm, height_mm, color))

    def filing(self, authority: str, number: str, date: str, credit_code: str) -> "SealBuilder":
        """The physical seal's filing data (doc/filing.md): the public-security
        organ, its filing number, the date (YYYY-MM-DD) and the organisation's
        unified social credit code. Malformed data raises InvalidArgumentError
        (LimitError for an over-long field) and leaves the builder as it was."""
        return self._set(native.esb_builder_set_filing(self._native, authority, number, date,
                                                       credit_code))

    def extension(self, oid: str, value: bytes, critical: bool = False) -> "SealBuilder":
        return self._set(native.eseal_seal_builder_add_extension(
            self._native, oid, int(critical), value))

    def build(self, ctx: Context, maker_key: Key, maker_cert: Cert) -> Seal:
        """The maker signs: a new Seal."""
        return Seal(check(native.esb_seal_build(
            ctx._native, self._native, maker_key._native, maker_cert._native)))


def make_seal(ctx: Context, maker_key: Key, maker_cert: Cert, *, esid: str, name: str,
              signers: Iterable[Cert], valid_from: Union[datetime.datetime, int],
              valid_to: Union[datetime.datetime, int],
              created: Union[datetime.datetime, int, None] = None, seal_type: int = 1,
              format: int = 4, picture: Optional[Tuple[str, bytes, int, int]] = None) -> Seal:
    """Makes a seal in one call. ``picture`` is (type, bytes, width_mm,
    height_mm), or None to draw a round organisation seal."""
    with SealBuilder() as b:
        b.format(format).esid(esid).name(name).type(seal_type)
        for cert in signers:
            b.signer(cert)
        b.dates(created if created is not None else ctx.time, valid_from, valid_to)
        if picture is None:
            b.draw_picture()
        else:
            b.picture(*picture)
        return b.build(ctx, maker_key, maker_cert)


def picture_svg(shape: int = ROUND, organisation: Optional[str] = None, name: Optional[str] = None,
                code: Optional[str] = None, diameter_mm: int = 0, width_mm: int = 0,
                height_mm: int = 0, color: Optional[str] = None) -> bytes:
    """An SVG drawing of a seal, as bytes (UTF-8)."""
    return check(native.esb_picture_svg(shape, organisation, name, code, diameter_mm,
                                        width_mm, height_mm, color))


def picture_png(shape: int = ROUND, organisation: Optional[str] = None, name: Optional[str] = None,
                code: Optional[str] = None, taxpayer_id: Optional[str] = None, diameter_mm: int = 0,
                width_mm: int = 0, height_mm: int = 0, color: Optional[str] = None,
                dpi: int = 300) -> bytes:
    """The same drawing as picture_svg() as PNG bytes at ``dpi`` (72..1200); an oval with
    an organisation or ``taxpayer_id`` is an invoice seal."""
    return check(native.esb_picture_png(shape, organisation, name, code, taxpayer_id, diameter_mm,
                                        width_mm, height_mm, color, dpi))


class Data(Handle):
    """What a signature protects: bytes, a file read in pieces, or its hash."""

    _free = staticmethod(native.eseal_data_free)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Data":
        return cls(check(native.esb_data_from_bytes(data)))

    @classmethod
    def from_file(cls, path: Path) -> "Data":
        return cls(check(native.esb_data_from_file(os.fspath(path))))

    @classmethod
    def from_hash(cls, digest: bytes) -> "Data":
        """A precomputed SM3 (or SHA-256) digest of the data."""
        return cls(check(native.esb_data_from_hash(digest)))


def as_data(data: Union[bytes, Data]) -> Tuple[Data, bool]:
    """A Data for ``data`` (bytes-like, or Data), and whether the caller owns it."""
    if isinstance(data, Data):
        return data, False
    if isinstance(data, str):
        raise ArgumentTypeError("data must be bytes, not str")
    return Data.from_bytes(data), True


def stamp(ctx: Context, seal: Seal, key: Key, cert: Cert, data: Union[bytes, Data],
          property_info: Optional[str] = None, format: int = 0, *, tsa_url: Optional[str] = None,
          tsa_policy: Optional[str] = None, tsa_allow_private_targets: bool = False) -> Signature:
    """Stamps ``data`` (bytes or Data) with ``seal`` as the holder of
    ``cert``: a new Signature. Refusals raise NotBoundError, SealTimeError,
    CertificateError, BadSealError or CryptoError; with revocation configured
    on ``ctx``, RevokedError (a revoked signer chain) or StatusError (a
    status not known), before anything is signed.

    ``tsa_url`` (http or https) has an RFC 3161 timestamp authority stamp the
    signature value into the V4 timeStamp field, asking for ``tsa_policy`` (a
    dotted OID; None: the TSA's default); ``tsa_allow_private_targets`` lets
    the TSA be on a loopback or private address (doc/timestamps.md)."""
    data, owned = as_data(data)
    try:
        return Signature(check(native.esb_stamp(ctx._native, seal._native, key._native,
                                                cert._native, data._native, format,
                                                property_info, tsa_url, tsa_policy,
                                                int(bool(tsa_allow_private_targets)))))
    finally:
        if owned:
            data.close()
