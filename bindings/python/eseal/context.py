"""The context: clock, trust anchors with their roles, intermediates, the SM2
ID, and the revocation policy and sources."""

import collections
import datetime
import os
from typing import Iterable, List, Optional, Tuple, Union

from . import native
from ._handle import Handle, Path, from_utc, to_utc
from .credentials import Cert
from .errors import InvalidArgumentError, check, check_rc, last_error

# Trust anchors as the constructor takes them: a path, a Cert, or several.
Anchors = Union[Path, Cert, Iterable[Union[Path, Cert]]]
# Roles: names, or one comma-separated string; None for the default ones.
Roles = Union[str, Iterable[str], None]

#: Every role an anchor can be trusted for, by name ("seal-maker", "signer-ca", ...).
ROLES = tuple(native.eseal_trust_role_name(1 << bit)
              for bit in range(native.ESEAL_ROLES_ALL.bit_length()))


_SM2_VERIFIER_NAMES = {native.ESEAL_SM2_VERIFIER_BUILTIN: "builtin",
                       native.ESEAL_SM2_VERIFIER_OPENSSL: "openssl"}


def _role_bits(roles):
    """The bit set of ``roles``: a comma-separated string or an iterable of
    role names ("all" included); None means the default roles."""
    if roles is None:
        return native.ESEAL_ROLES_DEFAULT
    names = roles if isinstance(roles, str) else ",".join(roles)
    return check_rc(native.esb_trust_roles_parse(names))


def _anchors(value):
    """One anchor (a path or a Cert) or an iterable of them, as a list."""
    if isinstance(value, (str, bytes, os.PathLike, Cert)):
        return [value]
    return list(value)


_REVOCATION_MODES = {"offline": native.ESEAL_REVOCATION_OFFLINE,
                     "online": native.ESEAL_REVOCATION_ONLINE,
                     "off": native.ESEAL_REVOCATION_OFF}
# eseal_cert_class by name, for the per-class settings of set_revocation().
_CERT_CLASSES = {"signer": native.ESEAL_CERT_CLASS_SIGNER, "maker": native.ESEAL_CERT_CLASS_MAKER,
                 "ca": native.ESEAL_CERT_CLASS_CA, "tsa": native.ESEAL_CERT_CLASS_TSA}
_ORDERS = ("ocsp-first", "crl-first")

CacheStats = collections.namedtuple("CacheStats", "hits misses entries")
CacheStats.__doc__ = "One of a context's caches: lookups answered, lookups not, entries held."
_CACHES = {"certs": native.ESEAL_CACHE_CERTS, "chains": native.ESEAL_CACHE_CHAINS,
           "seals": native.ESEAL_CACHE_SEALS, "digests": native.ESEAL_CACHE_DIGESTS}

RevocationStats = collections.namedtuple("RevocationStats",
                                         "cache_hits cache_misses fetches fetch_failures")
RevocationStats.__doc__ = "A context's revocation counters since it was made."


def _order_bit(value):
    if value not in _ORDERS:
        raise InvalidArgumentError(f"unknown revocation order {value!r}: expected one of "
                                   f"{', '.join(_ORDERS)}", native.ESEAL_EINVAL)
    return _ORDERS.index(value)


def _per_class(value, bit):
    """The bit set over the certificate classes of a setting given once for
    all, or as a dict by class name ("signer", "maker", "ca", "tsa"; the
    classes not named keep the default): bit c is bit(class c's value)."""
    if not isinstance(value, dict):
        return (1 << len(_CERT_CLASSES)) - 1 if bit(value) else 0
    bits = 0
    for name, v in value.items():
        if name not in _CERT_CLASSES:
            raise InvalidArgumentError(f"unknown certificate class {name!r}: expected one of "
                                       f"{', '.join(_CERT_CLASSES)}", native.ESEAL_EINVAL)
        bits |= bit(v) << _CERT_CLASSES[name]
    return bits


def _seconds(value):
    """Seconds from None (0: the library's default), a number or a timedelta."""
    if value is None:
        return 0
    if isinstance(value, datetime.timedelta):
        return int(value.total_seconds())
    return int(value)


def _is_bytes(value):
    return isinstance(value, (bytes, bytearray, memoryview))


def trust_list_peek(data: bytes) -> Tuple[str, int]:
    """The name and sequence number a trust list's bytes give, without loading
    the list or checking its signature and dates (to refuse a rollback, keep
    the highest sequence accepted per name)."""
    name = check(native.esb_trust_list_peek_name(data)).decode("utf-8")
    return name, native.esb_trust_list_peek_sequence(data)


class Context(Handle):
    """Settings shared by making, stamping and verifying.

    Trust anchors: ``trust`` (default roles: seal maker, signer CA, timestamp
    authority, revocation responder), ``trust_maker`` (seal-maker only),
    ``trust_signer`` (signer-ca only), each a path (PEM bundle, DER file or
    folder), a Cert, or a list of them; ``trust_list`` a trust list (a path
    or its bytes), signed by ``trust_list_operator`` (a Cert or a path; None
    accepts the list unsigned, with a note in ``trust_notes``).
    ``intermediates`` are paths; ``time`` fixes the clock (a datetime or UTC
    seconds) instead of the system's; ``sm2_id`` is the signer ID (bytes).
    """

    _free = staticmethod(native.eseal_ctx_free)
    _caches = True  # what eseal_ctx_set_caches() was last told; on by default

    def __init__(self, trust: Anchors = (), intermediates: Union[Path, Iterable[Path]] = (),
                 time: Union[datetime.datetime, int, float, None] = None,
                 sm2_id: Optional[bytes] = None, *, trust_maker: Anchors = (),
                 trust_signer: Anchors = (), trust_list: Union[Path, bytes, None] = None,
                 trust_list_operator: Union[Cert, Path, None] = None) -> None:
        super().__init__(check(native.esb_ctx_new()))
        try:
            if trust_list_operator is not None and trust_list is None:
                raise InvalidArgumentError("trust_list_operator without a trust_list",
                                           native.ESEAL_EINVAL)
            # The clock first: a trust list is checked against it.
            if time is not None:
                self.time = time
            for anchor in _anchors(trust):
                self.add_trust(anchor)
            for anchor in _anchors(trust_maker):
                self.add_trust(anchor, roles=["seal-maker"])
            for anchor in _anchors(trust_signer):
                self.add_trust(anchor, roles=["signer-ca"])
            if trust_list is not None:
                self.load_trust_list(trust_list, operator=trust_list_operator)
            for path in _anchors(intermediates):
                self.add_intermediates(path)
            if sm2_id is not None:
                check_rc(native.eseal_ctx_set_sm2_id(self._native, sm2_id))
        except BaseException:
            self.close()
            raise

    def add_trust(self, anchor: Union[Cert, Path], roles: Roles = None) -> None:
        """Trusts a Cert, or the certificates at a path, for ``roles``: role
        names as an iterable or a comma-separated string; None gives the
        default roles. Adding a certificate again adds its roles."""
        bits = _role_bits(roles)
        if isinstance(anchor, Cert):
            check_rc(native.eseal_ctx_add_trust_cert_roles(self._native, anchor._native, bits))
        else:
            check_rc(native.eseal_ctx_add_trust_path_roles(self._native, os.fspath(anchor), bits))

    def load_trust_list(self, source: Union[Path, bytes],
                        operator: Union[Cert, Path, None] = None) -> None:
        """Loads a trust list (a path, or its bytes): all of it or, on any
        error, nothing. With ``operator`` (a Cert or a path to one) its
        signature must verify with that certificate; an expired list raises
        ExpiredError, a bad signature CryptoError."""
        owned = operator is not None and not isinstance(operator, Cert)
        cert = Cert.from_file(operator) if owned else operator
        try:
            handle = cert._native if cert is not None else None
            if isinstance(source, (bytes, bytearray, memoryview)):
                check_rc(native.eseal_ctx_load_trust_list(self._native, source, handle))
            else:
                check_rc(native.eseal_ctx_load_trust_list_file(self._native, os.fspath(source),
                                                               handle))
        finally:
            if owned:
                cert.close()

    def add_intermediates(self, path: Path) -> None:
        """Certificates that may complete chains, without being trusted."""
        check_rc(native.eseal_ctx_add_intermediate_path(self._native, os.fspath(path)))

    def add_intermediate(self, cert: Cert) -> None:
        """One certificate (a Cert) that may complete chains, without being trusted."""
        check_rc(native.eseal_ctx_add_intermediate_cert(self._native, cert._native))

    def set_revocation(self, mode="offline", hard_fail=True, order="ocsp-first", *,
                       allow_private_targets=False, timeout_ms=None, max_response_bytes=None,
                       ocsp_nonce=False, ocsp_url=None, ocsp_max_age=None):
        """Sets the revocation policy (doc/revocation.md). ``mode``: "offline"
        (the CRLs and OCSP responses added, and the cache), "online" (also
        fetch them, under the egress rules) or "off" (no check; the checks say
        SKIPPED). ``hard_fail``: True (a missing status is INDETERMINATE /
        TRY_LATER) or False (a WARNING), for every class, or a dict by class
        ("signer", "maker", "ca", "tsa") whose missing classes hard-fail.
        ``order``: "ocsp-first" or "crl-first", or such a dict.
        ``timeout_ms`` and ``max_response_bytes`` bound each fetch (None: 5 s,
        8 MiB); ``ocsp_url`` asks that responder for every certificate;
        ``ocsp_max_age`` (seconds or a timedelta; None: one day) is how long
        an OCSP response without nextUpdate counts.

        Once set (or once a CRL or OCSP response is added), stamping refuses a
        revoked signer chain with RevokedError and an unknown status with
        StatusError, whatever ``hard_fail`` says."""
        if mode not in _REVOCATION_MODES:
            raise InvalidArgumentError(f"unknown revocation mode {mode!r}: expected one of "
                                       f"{', '.join(_REVOCATION_MODES)}", native.ESEAL_EINVAL)
        soft = _per_class(hard_fail, lambda hard: int(not hard))
        check_rc(native.esb_ctx_set_revocation(
            self._native, _REVOCATION_MODES[mode], soft, _per_class(order, _order_bit),
            int(bool(allow_private_targets)), timeout_ms or 0, max_response_bytes or 0,
            int(bool(ocsp_nonce)), ocsp_url, _seconds(ocsp_max_age)))

    def add_crl(self, crl: Union[bytes, Path]) -> None:
        """Adds CRLs (DER, or PEM with one or more blocks), as bytes or a path,
        as an offline source. They are checked when used, not here."""
        if _is_bytes(crl):
            check_rc(native.eseal_ctx_add_crl(self._native, crl))
        else:
            check_rc(native.eseal_ctx_add_crl_file(self._native, os.fspath(crl)))

    def add_ocsp_response(self, response: Union[bytes, Path]) -> None:
        """Adds a DER OCSPResponse, as bytes or a path, as an offline source."""
        if _is_bytes(response):
            check_rc(native.eseal_ctx_add_ocsp_response(self._native, response))
        else:
            check_rc(native.eseal_ctx_add_ocsp_response_file(self._native,
                                                             os.fspath(response)))

    def load_validation_data(self, report_json: Union[bytes, str]) -> datetime.datetime:
        """Loads the CRLs, OCSP responses and certificates (as intermediates,
        never anchors) of an earlier report's JSON (bytes or str, as
        Report.to_json() gives it, or an OFD report's), all or nothing.
        Returns the report's validation time (a datetime), at which the
        verification can be re-run."""
        if isinstance(report_json, str):
            report_json = report_json.encode("utf-8")
        seconds = native.esb_ctx_load_validation_data(self._native, report_json)
        if native.esb_error_code() != 0:
            raise last_error()
        return from_utc(seconds)

    @property
    def revocation_stats(self):
        """The revocation counters: a RevocationStats(cache_hits, cache_misses,
        fetches, fetch_failures)."""
        return RevocationStats(*(check_rc(native.esb_ctx_revocation_stat(self._native, i))
                                 for i in range(4)))

    @property
    def cache_stats(self) -> "dict[str, CacheStats]":
        """The caches' counters by name ("certs", "chains", "seals",
        "digests"), each a
        CacheStats(hits, misses, entries) (doc/performance.md)."""
        return {name: CacheStats(*(check_rc(native.esb_ctx_cache_stat(self._native, kind, i))
                                   for i in range(3)))
                for name, kind in _CACHES.items()}

    @property
    def caches(self) -> bool:
        """Whether the caches are on: True unless set to False (which empties
        them). A cache never changes a report. Set it before sharing the
        context between threads."""
        return self._caches

    @caches.setter
    def caches(self, enabled: bool) -> None:
        check_rc(native.eseal_ctx_set_caches(self._native, int(bool(enabled))))
        self._caches = bool(enabled)

    def accept_critical_extension(self, oid: str) -> None:
        """Accepts seals and signatures carrying the critical extension ``oid``
        (dotted), whose meaning the caller has checked."""
        check_rc(native.eseal_ctx_accept_critical_extension(self._native, oid))

    @property
    def trust_count(self) -> int:
        return native.eseal_ctx_trust_count(self._native)

    def trust_count_for(self, roles: Roles) -> int:
        """The number of anchors trusted for every role in ``roles``."""
        return native.eseal_ctx_trust_count_roles(self._native, _role_bits(roles))

    @property
    def trust_notes(self) -> List[str]:
        """Notes about the trust configuration, in the order they arose: files
        skipped in a folder, unknown roles, a trust list accepted unsigned."""
        return [native.eseal_ctx_trust_note(self._native, i)
                for i in range(native.eseal_ctx_trust_note_count(self._native))]

    @property
    def time(self):  # unannotated: mypy would hold the setter to the getter's type
        """The context's current time (an aware UTC datetime)."""
        return from_utc(native.eseal_ctx_now(self._native))

    @time.setter
    def time(self, when):
        check_rc(native.eseal_ctx_set_fixed_time(self._native, to_utc(when)))

    @property
    def sm2_verifier(self) -> str:
        """The code that verifies SM2 signatures of seals and stamps: "builtin"
        (the default, several times faster) or "openssl" (the same answers)."""
        return _SM2_VERIFIER_NAMES[native.eseal_ctx_sm2_verifier(self._native)]

    @sm2_verifier.setter
    def sm2_verifier(self, name):
        codes = {v: k for k, v in _SM2_VERIFIER_NAMES.items()}
        if name not in codes:
            raise InvalidArgumentError("unknown SM2 verifier %r: builtin or openssl" % (name,),
                                       native.ESEAL_EINVAL)
        check_rc(native.eseal_ctx_set_sm2_verifier(self._native, codes[name]))

    @property
    def store(self):
        """The Store set with set_store(), or None."""
        return getattr(self, "_store", None)

    def set_store(self, store):
        """Uses ``store`` (an eseal.Store, or None to detach) for the registry
        and the usage log. The context keeps the store alive while it is set."""
        check_rc(native.eseal_ctx_set_store(self._native, store._native if store else None))
        self._store = store
        if store is not None:
            store._users.add(self)
