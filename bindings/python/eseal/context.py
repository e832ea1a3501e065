"""The context: clock, trust anchors, intermediates and the SM2 ID."""

import os

from . import native
from ._handle import Handle, from_utc, to_utc
from .credentials import Cert
from .errors import check, check_rc


class Context(Handle):
    """Settings shared by making, stamping and verifying.

    ``trust`` and ``intermediates`` take paths (PEM bundles, DER files or
    folders) or Cert objects; ``time`` fixes the clock (a datetime or UTC
    seconds) instead of the system's; ``sm2_id`` is the signer ID (bytes).
    """

    _free = staticmethod(native.eseal_ctx_free)

    def __init__(self, trust=(), intermediates=(), time=None, sm2_id=None):
        super().__init__(check(native.esb_ctx_new()))
        try:
            for anchor in trust:
                self.add_trust(anchor)
            for path in intermediates:
                self.add_intermediates(path)
            if time is not None:
                self.time = time
            if sm2_id is not None:
                check_rc(native.eseal_ctx_set_sm2_id(self._native, sm2_id))
        except BaseException:
            self.close()
            raise

    def add_trust(self, anchor):
        """Trusts a Cert, or the certificates at a path."""
        if isinstance(anchor, Cert):
            check_rc(native.eseal_ctx_add_trust_cert(self._native, anchor._native))
        else:
            check_rc(native.eseal_ctx_add_trust_path(self._native, os.fspath(anchor)))

    def add_intermediates(self, path):
        """Certificates that may complete chains, without being trusted."""
        check_rc(native.eseal_ctx_add_intermediate_path(self._native, os.fspath(path)))

    @property
    def trust_count(self):
        return native.eseal_ctx_trust_count(self._native)

    @property
    def time(self):
        """The context's current time."""
        return from_utc(native.eseal_ctx_now(self._native))

    @time.setter
    def time(self, when):
        check_rc(native.eseal_ctx_set_fixed_time(self._native, to_utc(when)))
