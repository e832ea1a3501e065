"""Ownership of native objects, and time conversions."""

import datetime

from .errors import InvalidArgumentError


class Handle:
    """Owns one native object and frees it exactly once: on close(), at the
    end of a ``with`` block, or when garbage-collected. Objects never borrow
    from each other, so they may be closed or dropped in any order."""

    __slots__ = ("_ptr",)
    _free = None  # the native free function, set by each subclass

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def _native(self):
        if self._ptr is None:
            raise InvalidArgumentError(f"this {type(self).__name__} is closed")
        return self._ptr

    @property
    def closed(self):
        return self._ptr is None

    def close(self):
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            type(self)._free(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be gone
            pass


def from_utc(seconds):
    """An aware UTC datetime from seconds since 1970."""
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def to_utc(when):
    """Seconds since 1970 from a datetime (naive means UTC) or a number."""
    if isinstance(when, datetime.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return int(when.timestamp())
    if isinstance(when, (int, float)):
        return int(when)
    raise TypeError("expected a datetime or seconds since 1970")
