"""Opaque keyset cursors: base64url of the last row's sort key."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from app.services.errors import InvalidParameterError

TOTAL_CAP = 10_000
"""Lists of unbounded tables (citations, articles) count at most this many matches."""


def bounded_total(count: int) -> int | None:
    """A total counted up to TOTAL_CAP + 1: the number, or None beyond the cap."""
    return count if count <= TOTAL_CAP else None  # read at call time: tests lower the cap


def encode_cursor(key: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(key))).decode().rstrip("=")


def _fits(value: Any, kind: type) -> bool:
    if kind is int:
        return type(value) is int and -(2**63) <= value < 2**63
    return isinstance(value, kind)


def decode_cursor(
    cursor: str | None, arity: int, types: tuple[type, ...] | None = None
) -> tuple[Any, ...] | None:
    """The sort key a cursor carries, or an InvalidParameterError naming `cursor`.

    With `types`, each part must be of its type (ints within 64 bits): a forged cursor
    must not reach the database as a value of the wrong type or range."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError, orjson.JSONDecodeError):
        key = None
    valid = isinstance(key, list) and len(key) == arity
    if not valid or not all(isinstance(v, str | int | float) for v in key):
        raise InvalidParameterError("cursor", "The cursor is malformed; use a next_cursor value.")
    if types is not None and not all(_fits(v, t) for v, t in zip(key, types, strict=True)):
        raise InvalidParameterError("cursor", "The cursor is malformed; use a next_cursor value.")
    return tuple(key)


def next_cursor(rows: list[Any], limit: int, key_of: Any) -> str | None:
    """Cursor after the last of `limit` rows, when a further row was fetched."""
    if len(rows) <= limit:
        return None
    return encode_cursor(key_of(rows[limit - 1]))
