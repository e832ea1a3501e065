"""libeseal for Python: Chinese electronic seals (GM/T 0031, GB/T 38540).

    import eseal
    ctx = eseal.Context(trust_list="trust-list.txt", trust_list_operator="operator.crt")
    report = eseal.verify(ctx, open("stamp.esl", "rb").read(), b"the document")
    print(report.indication)

Every object owns its native counterpart and frees it on close(), at the end
of a ``with`` block or when dropped; none borrows from another. Failures
raise eseal.Error subclasses carrying the library's message.
"""

from . import native
from .context import ROLES, CacheStats, Context, RevocationStats, trust_list_peek
from .credentials import Cert, Key, load_pkcs12
from .documents import Extension, ParseWarning, Seal, Signature
from .enums import CheckStatus, Indication, RevocationStatus, SealState, SubIndication
from .errors import (ArgumentRangeError, ArgumentTypeError, BadSealError, CertificateError,
                     CryptoError, Error, ExistsError, EgressError, ExpiredError,
                     FileNotFoundError, FormatError, FrozenError, IOError, PermissionError,
                     InvalidArgumentError, LimitError, LostError, NetworkError, NoMemoryError,
                     NotBoundError, NotFoundError, PasswordError, RevokedError, SealTimeError,
                     StatusError, TamperedError, UnsupportedError, VersionError,
                     ModuleError, LockedError, AmbiguousError)
from .making import (OVAL, RECTANGLE, ROUND, SQUARE, Data, SealBuilder, make_seal, picture_png,
                     picture_svg, stamp)
from .ofd_stamp import stamp_ofd
from .revocation import CertStatus, cert_status
from .store import DEFAULT_TENANT, Store, check_name as check_tenant_name
from .registry import Registry, SealStatus, stamp_with_store
from .risk import (Alert, PhysicalOutcome, Policy, log_physical_use, register_device,
                   set_policy)
from .usage_log import UsageLog
from .evidence import Evidence, verify_evidence
from .ofd_verify import OfdReport, OfdSignature, verify_ofd
from .report import (MAKER_AT_CREATION, MAKER_AT_SIGNING, REQUIRE_REVOCATION, STRICT, Check,
                     Report, verify)

__version__ = native.eseal_version()

parse_seal = Seal.parse
parse_signature = Signature.parse

__all__ = [
    "Context", "Cert", "Key", "load_pkcs12", "Seal", "Signature", "Extension", "ParseWarning",
    "SealBuilder", "make_seal", "picture_svg", "picture_png", "Data", "stamp", "verify", "Report", "Check",
    "stamp_ofd",
    "parse_seal", "parse_signature", "ROUND", "RECTANGLE", "OVAL", "SQUARE", "STRICT", "REQUIRE_REVOCATION",
    "MAKER_AT_CREATION", "MAKER_AT_SIGNING", "Error", "NoMemoryError", "InvalidArgumentError",
    "FormatError", "LimitError", "NotFoundError", "IOError", "UnsupportedError", "VersionError",
    "NotBoundError", "SealTimeError", "CertificateError", "BadSealError", "CryptoError",
    "PasswordError", "ExpiredError", "FrozenError", "LostError", "ExistsError", "TamperedError",
    "RevokedError", "StatusError", "NetworkError", "EgressError",
    "ModuleError", "LockedError", "AmbiguousError",
    "ROLES", "trust_list_peek",
    "Store", "DEFAULT_TENANT", "check_tenant_name",
    "Registry", "SealStatus", "stamp_with_store",
    "Policy", "Alert", "PhysicalOutcome", "set_policy", "log_physical_use", "register_device",
    "UsageLog",
    "Evidence", "verify_evidence",
    "verify_ofd", "OfdReport", "OfdSignature",
    "RevocationStats", "CacheStats", "CertStatus", "cert_status",
    "Indication", "SubIndication", "CheckStatus", "SealState", "RevocationStatus",
    "ArgumentTypeError", "ArgumentRangeError", "FileNotFoundError", "PermissionError",
]
