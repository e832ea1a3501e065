"""Certificates and private keys."""

import datetime
import os
from typing import Optional, Tuple

from . import native
from ._handle import Handle, Path, from_utc
from .errors import check, check_rc, from_os_error


def _read(path: Path) -> bytes:
    try:
        with open(os.fspath(path), "rb") as f:
            return f.read()
    except OSError as e:
        raise from_os_error(e, path) from e


class Cert(Handle):
    """An X.509 certificate (PEM or DER)."""

    _free = staticmethod(native.eseal_cert_free)

    @classmethod
    def load(cls, data: bytes) -> "Cert":
        """A certificate from PEM or DER bytes."""
        return cls(check(native.esb_cert_load(data)))

    @classmethod
    def from_file(cls, path: Path) -> "Cert":
        return cls(check(native.esb_cert_load_file(os.fspath(path))))

    @property
    def der(self) -> bytes:
        return native.esb_cert_der(self._native)

    @property
    def subject(self) -> str:
        return native.eseal_cert_subject(self._native)

    @property
    def issuer(self) -> str:
        return native.eseal_cert_issuer(self._native)

    @property
    def serial(self) -> str:
        """The serial number in hexadecimal."""
        return native.eseal_cert_serial_hex(self._native)

    @property
    def not_before(self) -> datetime.datetime:
        return from_utc(native.eseal_cert_not_before(self._native))

    @property
    def not_after(self) -> datetime.datetime:
        return from_utc(native.eseal_cert_not_after(self._native))

    @property
    def key_algorithm(self) -> str:
        """"SM2", "EC", "RSA", …"""
        return native.eseal_cert_key_algorithm(self._native)

    def __repr__(self):
        return f"<eseal.Cert {self.subject!r}>" if not self.closed else "<eseal.Cert closed>"


class Key(Handle):
    """A private key held by a crypto backend (OpenSSL for loaded files)."""

    _free = staticmethod(native.eseal_key_free)

    @classmethod
    def load(cls, data: bytes, password: Optional[str] = None) -> "Key":
        """A key from PEM, DER, encrypted PKCS#8 or PKCS#12 bytes."""
        return cls(check(native.esb_key_load(data, password)))

    @classmethod
    def from_file(cls, path: Path, password: Optional[str] = None) -> "Key":
        return cls.load(_read(path), password)

    @classmethod
    def from_pkcs11(cls, uri, pin=None, module=None, require_non_extractable=False,
                    sm2_mechanism=0, sm2_signs_message=False, sm2_der=False):
        """A key in a PKCS#11 token, named by an RFC 7512 ``pkcs11:`` URI (doc/pkcs11.md).

        ``module`` is the module's path (else the URI's module-path); ``pin`` may be
        None when the URI or the token needs none. ``require_non_extractable`` refuses
        a key the token would let out. For SM2 keys, ``sm2_mechanism`` is the vendor's
        CKM number; ``sm2_signs_message`` when the token hashes the message itself,
        ``sm2_der`` when it answers DER rather than r||s.
        """
        if not 0 <= sm2_mechanism <= 0xFFFFFFFF:
            raise ValueError("sm2_mechanism is a CKM number, 0..2**32-1")
        return cls(check(native.esb_key_from_pkcs11(uri, pin, module,
                                                    int(bool(require_non_extractable)),
                                                    sm2_mechanism, int(bool(sm2_signs_message)),
                                                    int(bool(sm2_der)))))

    @property
    def algorithm(self) -> str:
        return native.eseal_key_algorithm(self._native)

    @property
    def backend(self) -> str:
        return native.eseal_key_backend_name(self._native)

    @property
    def non_extractable(self) -> bool:
        """For a token key: whether the token keeps its value inside for good
        (CKA_SENSITIVE and not CKA_EXTRACTABLE). InvalidArgumentError for software keys."""
        return check_rc(native.eseal_key_pkcs11_non_extractable(self._native)) == 1

    def matches(self, cert: Cert) -> bool:
        """Whether ``cert`` carries this key's public half."""
        return check_rc(native.eseal_key_matches_cert(self._native, cert._native)) == 1


def load_pkcs12(data: bytes, password: Optional[str] = None) -> Tuple[Key, Optional[Cert]]:
    """The key and the certificate (None when absent) of a PKCS#12 file's bytes."""
    key = Key.load(data, password)
    cert = native.esb_key_load_cert(data, password)
    if cert is None and native.esb_error_code() != 0:
        key.close()
        check(cert)
    return key, (Cert(cert) if cert is not None else None)
