"""The names a report, a registry and a revocation lookup give, as enums that
are also str: a member equals its name, prints and formats as it and goes into
JSON as it, so code comparing ``report.indication == "TOTAL_PASSED"`` keeps
working while new code may write ``eseal.Indication.TOTAL_PASSED``."""

import enum
from typing import Any, Optional


class _Name(str, enum.Enum):
    """A name the library gives, as a member that is also that str."""

    # The str's own text, not "Indication.TOTAL_PASSED", in print() and f-strings.
    __str__ = str.__str__
    __format__ = str.__format__

    @classmethod
    def _missing_(cls, value: Any) -> Optional["_Name"]:
        # A name from a newer library than this module knows: still a member
        # of the type (equal to its name, not in the iteration) rather than
        # an exception while reading a report.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class Indication(_Name):
    """The verdict of a report or of one check (eseal_indication)."""
    TOTAL_PASSED = "TOTAL_PASSED"
    TOTAL_FAILED = "TOTAL_FAILED"
    INDETERMINATE = "INDETERMINATE"


class SubIndication(_Name):
    """Why a verdict is not TOTAL_PASSED (eseal_sub_indication)."""
    FORMAT_FAILURE = "FORMAT_FAILURE"
    HASH_FAILURE = "HASH_FAILURE"
    SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
    CHAIN_CONSTRAINTS_FAILURE = "CHAIN_CONSTRAINTS_FAILURE"
    SIG_CONSTRAINTS_FAILURE = "SIG_CONSTRAINTS_FAILURE"
    CRYPTO_CONSTRAINTS_FAILURE = "CRYPTO_CONSTRAINTS_FAILURE"
    SIGNED_DATA_NOT_FOUND = "SIGNED_DATA_NOT_FOUND"
    TRY_LATER = "TRY_LATER"
    OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
    REVOKED_NO_POE = "REVOKED_NO_POE"
    REVOKED_CA_NO_POE = "REVOKED_CA_NO_POE"


class CheckStatus(_Name):
    """The outcome of one check (eseal_check_status)."""
    OK = "OK"
    NOT_OK = "NOT_OK"
    WARNING = "WARNING"
    INFO = "INFO"
    SKIPPED = "SKIPPED"


class SealState(_Name):
    """A registered seal's state (eseal_seal_state)."""
    ACTIVE = "active"
    FROZEN = "frozen"
    LOST = "lost"
    CANCELLED = "cancelled"


class RevocationStatus(_Name):
    """A certificate's revocation status (eseal_cert_status_value)."""
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


def sub_indication(name: Optional[str]) -> Optional[SubIndication]:
    """The SubIndication of a library name; None for none ("" or None)."""
    return SubIndication(name) if name else None
