"""Stamping OFD documents (eseal_ofd_stamp in include/eseal/ofd.h)."""

import os
from typing import Optional, Tuple, Union

from . import native
from ._handle import Path
from .context import Context
from .credentials import Cert, Key
from .documents import Seal
from .errors import InvalidArgumentError, check, check_rc

# eseal_ofd_placement
_AT, _KEYWORD, _CROSS_PAGE = 1, 2, 3


def stamp_ofd(ctx: Context, seal: Seal, key: Key, cert: Cert, ofd: Union[bytes, Path],
              out: Optional[Path] = None, *, page: Optional[int] = None,
              x: Optional[float] = None, y: Optional[float] = None, keyword: Optional[str] = None,
              all_occurrences: bool = False, cross_page: bool = False,
              pages: Optional[Tuple[int, int]] = None, width: float = 0, height: float = 0,
              cover_signatures: bool = False, tsa_url: Optional[str] = None,
              tsa_policy: Optional[str] = None,
              tsa_allow_private_targets: bool = False) -> Optional[bytes]:
    """Adds a seal signature to an OFD document.

    ``ofd`` is the package's bytes (the stamped package is returned as bytes)
    or a path, in which case ``out`` is the path written (atomically: on any
    failure nothing is written) and None is returned.

    Placement, one of: ``page`` (1 = first) with ``x`` and ``y`` in mm (the
    top-left corner); ``keyword`` (centred on it, every occurrence with
    ``all_occurrences``); ``cross_page=True`` with ``pages=(first, last)``
    (default all) and ``y`` the top (default centred). ``width``/``height``
    in mm override the seal picture's size. ``cover_signatures`` also covers
    Signatures.xml, after which no signature can be added. ``tsa_url``,
    ``tsa_policy`` and ``tsa_allow_private_targets`` timestamp the signature
    value as eseal.stamp() does (doc/timestamps.md).

    Refusals raise UnsupportedError (the seal picture is not PNG or JPEG),
    InvalidArgumentError (a covering signature, a bad placement),
    NotFoundError (the keyword), and the errors of eseal.stamp().
    """
    chosen = (page is not None) + (keyword is not None) + bool(cross_page)
    if chosen != 1:
        raise InvalidArgumentError("give one of page (with x and y), keyword or cross_page")
    first = last = 0
    if page is not None:
        if x is None or y is None:
            raise InvalidArgumentError("page needs x and y")
        placement, first = _AT, page
    elif keyword is not None:
        placement = _KEYWORD
    else:
        placement = _CROSS_PAGE
        if pages is not None:
            first, last = pages
    args = (seal._native, key._native, cert._native, placement, first, last,
            float(x or 0), float(y or 0), float(width), float(height), keyword,
            int(bool(all_occurrences)), int(bool(cover_signatures)), tsa_url, tsa_policy,
            int(bool(tsa_allow_private_targets)))
    if isinstance(ofd, (bytes, bytearray, memoryview)):
        return check(native.esb_ofd_stamp_bytes(ctx._native, ofd, *args))
    if out is None:
        raise InvalidArgumentError("stamping a file needs the output path")
    check_rc(native.esb_ofd_stamp(os.fspath(out), ctx._native, os.fspath(ofd), *args))
    return None
