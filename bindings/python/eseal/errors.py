"""Exceptions: every failure of the C library arrives as an eseal.Error
subclass chosen by its code, carrying the library's own message. Failures
found on the Python side are eseal.Error subclasses too, each also the
built-in exception callers caught before (ValueError, TypeError,
FileNotFoundError, ...)."""

import builtins
import errno
import functools
import os
from typing import Any, Callable, Optional, TypeVar, Union

from . import native

T = TypeVar("T")


class Error(Exception):
    """A libeseal failure. ``code`` is the C error code, ``message`` its reason."""

    code = native.ESEAL_ERROR

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NoMemoryError(Error, MemoryError):
    code = native.ESEAL_ENOMEM


class InvalidArgumentError(Error, ValueError):
    code = native.ESEAL_EINVAL


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type (str where bytes are needed, ...): also a TypeError."""


class ArgumentRangeError(InvalidArgumentError, OverflowError):
    """A number out of the range of its C type: also an OverflowError."""


class FormatError(Error, ValueError):
    """The input is not a well-formed seal, signature, certificate or key."""
    code = native.ESEAL_EFORMAT


class LimitError(Error, ValueError):
    """The input exceeds one of the documented resource limits."""
    code = native.ESEAL_ELIMIT


class NotFoundError(Error, LookupError):
    code = native.ESEAL_ENOTFOUND


class IOError(Error, OSError):  # noqa: A001 - the library's EIO, also an OSError
    code = native.ESEAL_EIO


class FileNotFoundError(IOError, builtins.FileNotFoundError):  # noqa: A001
    """A file the package was asked to read does not exist: an eseal.IOError
    and the built-in FileNotFoundError, with ``errno`` and ``filename`` set."""


class PermissionError(IOError, builtins.PermissionError):  # noqa: A001
    """A file the package was asked to read may not be read: an eseal.IOError
    and the built-in PermissionError, with ``errno`` and ``filename`` set."""


class UnsupportedError(Error):
    code = native.ESEAL_EUNSUPPORTED


class VersionError(Error):
    code = native.ESEAL_EVERSION


class NotBoundError(Error):
    """Stamping refused: the signer certificate is not in the seal's list."""
    code = native.ESEAL_ENOTBOUND


class SealTimeError(Error):
    """Stamping refused: the signing time is outside the seal's validity."""
    code = native.ESEAL_ESEALTIME


class CertificateError(Error):
    """A certificate is not valid for the use asked of it."""
    code = native.ESEAL_ECERT


class BadSealError(Error):
    """Stamping refused: the seal's maker signature does not verify."""
    code = native.ESEAL_EBADSEAL


class CryptoError(Error):
    """A cryptographic operation failed, or a key does not match its certificate."""
    code = native.ESEAL_ECRYPTO


class PasswordError(Error):
    """A key file needs a password, or the one given is wrong."""
    code = native.ESEAL_EPASSWORD


class ExpiredError(Error):
    """Dated input used outside its validity period (a trust list past its next update)."""
    code = native.ESEAL_EEXPIRED


class FrozenError(Error):
    """Stamping refused: the seal is frozen until a supervisor unfreezes it."""
    code = native.ESEAL_EFROZEN


class LostError(Error):
    """Stamping refused: the seal was reported lost or cancelled."""
    code = native.ESEAL_ELOST


class ExistsError(Error):
    """The item already exists (a seal registered twice)."""
    code = native.ESEAL_EEXISTS


class TamperedError(Error):
    """Stored or exported data fails its integrity check."""
    code = native.ESEAL_ETAMPERED


class RevokedError(Error):
    """Stamping refused: a certificate is revoked."""
    code = native.ESEAL_EREVOKED


class StatusError(Error):
    """Stamping refused: revocation status unknown under a hard-fail policy."""
    code = native.ESEAL_ESTATUS


class NetworkError(Error):
    """A network fetch failed (unreachable, timed out, HTTP error)."""
    code = native.ESEAL_ENETWORK


class EgressError(Error):
    """A fetch refused by the egress rules (scheme, private target, redirect)."""
    code = native.ESEAL_EEGRESS


class ModuleError(Error):
    """A PKCS#11 module is not given, cannot be loaded or fails to initialise."""
    code = native.ESEAL_EMODULE


class LockedError(Error):
    """The token's PIN is locked after too many wrong attempts."""
    code = native.ESEAL_ELOCKED


class AmbiguousError(Error):
    """A pkcs11: URI selects more than one token or key."""
    code = native.ESEAL_EAMBIGUOUS


_BY_CODE = {cls.code: cls for cls in (
    NoMemoryError, InvalidArgumentError, FormatError, LimitError, NotFoundError, IOError,
    UnsupportedError, VersionError, NotBoundError, SealTimeError, CertificateError,
    BadSealError, CryptoError, PasswordError, ExpiredError, FrozenError, LostError,
    ExistsError, TamperedError, RevokedError, StatusError, NetworkError, EgressError,
    ModuleError, LockedError, AmbiguousError)}


def _refusing_arguments(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` raising ArgumentTypeError and ArgumentRangeError where the
    SWIG wrapper refuses an argument with a bare TypeError or OverflowError.
    The native functions call no Python code, so these come only from the
    arguments."""
    @functools.wraps(function)
    def call(*args: Any) -> Any:
        try:
            return function(*args)
        except TypeError as e:
            raise ArgumentTypeError(str(e)) from e
        except OverflowError as e:
            raise ArgumentRangeError(str(e)) from e
    return call


# Every C function of the SWIG module, before the other modules use them.
for _name, _function in list(vars(native).items()):
    if _name.startswith(("eseal_", "esb_")) and callable(_function) \
            and not isinstance(_function, type):
        setattr(native, _name, _refusing_arguments(_function))


def from_os_error(e: OSError, path: Union[str, bytes, "os.PathLike[str]"]) -> IOError:
    """The eseal.IOError (FileNotFoundError, PermissionError) for an OSError
    reading ``path``."""
    cls = {errno.ENOENT: FileNotFoundError, errno.EACCES: PermissionError,
           errno.EPERM: PermissionError}.get(e.errno, IOError)
    err = cls(f"{os.fsdecode(path)}: {e.strerror or e}")
    err.errno, err.strerror, err.filename = e.errno, e.strerror, e.filename
    return err


def last_error() -> Error:
    """The calling thread's last library error as an exception object."""
    code = native.esb_error_code()
    message = native.esb_error_message() or native.eseal_strerror(code)
    if code == 0:
        return Error("the library failed without saying why")
    return _BY_CODE.get(code, Error)(message, code)


def check(result: Optional[T]) -> T:
    """Returns ``result``, or raises the library's error when it is None."""
    if result is None:
        raise last_error()
    return result


def check_rc(rc: int) -> int:
    """Raises the library's error for a negative return code."""
    if rc < 0:
        raise last_error()
    return rc
