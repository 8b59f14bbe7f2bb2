"""What a request body must be before any route reads it: uncompressed, and UTF-8 if JSON.

Pure ASGI middleware, inside the body size cap (app/api/limits.py):

- `Content-Encoding` other than `identity` on a request with a body is a 415 problem+json
  naming the coding, answered before the body is read. The API does not decompress request
  bodies: a gzip body would otherwise reach the JSON parser as binary, and a `br` header on
  a plain body would be believed by nothing and contradicted by everything.
- A JSON body must be UTF-8 (RFC 8259 section 8.1): Python's JSON parser would otherwise
  detect UTF-16 and UTF-32 by itself and accept them. The body is checked as it streams, by
  an incremental decoder, so nothing is buffered twice; a NUL byte counts as not UTF-8 JSON,
  since JSON text can never hold one unescaped (BOM-less UTF-16 of ASCII text is otherwise
  valid UTF-8). A failure is a 400 problem+json (`malformed-json`).
"""

from __future__ import annotations

import codecs
from typing import Any

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import send_problem

NOT_UTF8 = "The request body is not UTF-8 encoded JSON."


class BodyNotUtf8(HTTPException):
    """Raised from `receive`, so the route's body parsing turns it into a problem (FastAPI
    re-raises HTTPExceptions met while reading a body); `slug` names the problem type."""

    slug = "malformed-json"

    def __init__(self) -> None:
        super().__init__(400, NOT_UTF8)


def _header(scope: Scope, wanted: bytes) -> bytes | None:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return bytes(value)
    return None


def _has_body(scope: Scope) -> bool:
    length = _header(scope, b"content-length")
    if length is not None:
        return length.strip() not in (b"", b"0")
    return _header(scope, b"transfer-encoding") is not None


def _is_json(scope: Scope) -> bool:
    media = (_header(scope, b"content-type") or b"").split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


def _unsupported_coding(scope: Scope) -> str | None:
    """The first content coding that is not identity, or None."""
    header = _header(scope, b"content-encoding")
    if header is None:
        return None
    for coding in header.decode("latin-1").split(","):
        coding = coding.strip().lower()
        if coding and coding != "identity":
            return coding[:40]
    return None


class BodyEncoding:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        coding = _unsupported_coding(scope)
        if coding is not None:
            await send_problem(
                scope,
                send,
                415,
                f"Content-Encoding {coding!r} is not supported: send the body uncompressed.",
                slug="unsupported-content-encoding",
                headers={"Accept-Encoding": "identity"},
            )
            return
        if not _is_json(scope):
            await self.app(scope, receive, send)  # the route answers 415 for the type
            return
        decoder = codecs.getincrementaldecoder("utf-8")("strict")

        async def checked_receive() -> Message:
            message: dict[str, Any] = dict(await receive())
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                try:
                    decoder.decode(chunk, final=not message.get("more_body", False))
                except UnicodeDecodeError:
                    raise BodyNotUtf8() from None
                if b"\x00" in chunk:
                    raise BodyNotUtf8()
            return message

        await self.app(scope, checked_receive, send)
