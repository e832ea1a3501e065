"""Ownership of native objects, and time conversions."""

import datetime
import os
from typing import Any, Optional, TypeVar, Union

from .errors import ArgumentTypeError, InvalidArgumentError

H = TypeVar("H", bound="Handle")

# What the package takes as a file name.
Path = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Handle:
    """Owns one native object and frees it exactly once: on close(), at the
    end of a ``with`` block, or when garbage-collected. Objects never borrow
    from each other, so they may be closed or dropped in any order."""

    __slots__ = ("_ptr",)
    _free: Any = None  # the native free function, set by each subclass

    def __init__(self, ptr: Any) -> None:
        self._ptr = ptr

    @property
    def _native(self):
        if self._ptr is None:
            raise InvalidArgumentError(f"this {type(self).__name__} is closed")
        return self._ptr

    @property
    def closed(self) -> bool:
        return self._ptr is None

    def close(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            type(self)._free(ptr)

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be gone
            pass


def from_utc(seconds: int) -> datetime.datetime:
    """An aware UTC datetime from seconds since 1970."""
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def to_utc(when: Union[datetime.datetime, int, float]) -> int:
    """Seconds since 1970 from a datetime (naive means UTC) or a number."""
    if isinstance(when, datetime.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return int(when.timestamp())
    if isinstance(when, (int, float)):
        return int(when)
    raise ArgumentTypeError("expected a datetime or seconds since 1970")
