"""Stores: where the seal registry and the usage log keep their data.

    store = eseal.Store.open_sqlite("eseal.db")   # one file; WAL; safe across processes
    store = eseal.Store.open_postgresql("postgresql://eseal@db/eseal")  # many nodes
    ctx.set_store(store)

A context keeps the store it was given alive; closing a store that an open
context still uses is refused (close or detach the context first).
"""

import weakref
from typing import Any

from . import native
from ._handle import Handle, Path
from .errors import InvalidArgumentError, check, check_rc

#: The tenant tools use when none is named.
DEFAULT_TENANT = native.ESEAL_STORE_DEFAULT_TENANT


def check_name(name: str) -> None:
    """Raises InvalidArgumentError unless ``name`` is a valid tenant name:
    1 to 64 characters of [A-Za-z0-9._-]."""
    check_rc(native.eseal_store_check_name(name))


class Store(Handle):
    """A store: ``Store.open_sqlite(path)``, ``Store.open_postgresql(conninfo)``
    or ``Store.memory()``. Safe to share between threads; the SQLite store also
    between processes, the PostgreSQL store between machines."""

    _free = staticmethod(native.eseal_store_free)

    def __init__(self, ptr: Any) -> None:
        super().__init__(ptr)
        self._users = weakref.WeakSet()  # contexts this store is set on

    @classmethod
    def open_sqlite(cls, path: Path) -> "Store":
        """Opens (creating if needed) the SQLite store in the file ``path``."""
        return cls(check(native.esb_store_open_sqlite(str(path))))

    @classmethod
    def open_postgresql(cls, conninfo: str) -> "Store":
        """Opens the PostgreSQL store in the database a libpq connection string
        names (``postgresql://…`` or ``key=value`` pairs; TLS options pass to
        libpq unchanged), creating or migrating its tables. Raises
        InvalidArgumentError for a string libpq cannot parse, an I/O error when
        the server cannot be reached, UnsupportedError when libeseal was built
        without libpq. The password never appears in error messages."""
        return cls(check(native.esb_store_open_postgresql(conninfo)))

    @classmethod
    def memory(cls) -> "Store":
        """A new empty store in memory, gone when closed."""
        return cls(check(native.esb_store_open_memory()))

    @property
    def backend(self) -> str:
        """The backend's name: "sqlite", "postgresql" or "memory"."""
        return native.eseal_store_backend_name(self._native)

    def close(self) -> None:
        if any(not ctx.closed and ctx.store is self for ctx in list(self._users)):
            raise InvalidArgumentError("the store is still set on an open context",
                                       native.ESEAL_EINVAL)
        super().close()
