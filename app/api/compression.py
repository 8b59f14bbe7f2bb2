"""gzip for large responses: a lean pure-ASGI middleware.

Starlette's GZipMiddleware doubled the cost of a cached read in a micro-benchmark (it parses
the request and response headers into objects on every request), so this one works on the
raw header lists: a response of a compressible type whose body reaches `minimum_size`
(or is streamed) gets `Vary: Accept-Encoding`, and is gzip-compressed when the request
accepts gzip. Small bodies, 1xx/204/206/304, HEAD, and responses that already carry a
Content-Encoding (CachedReads sends bodies it compressed once per cache entry) pass
untouched. Header lists are copied, never edited in place. Bodies from 128 KiB up are
compressed on a worker thread, off the event loop.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

THREAD_BYTES = 128 * 1024
COMPRESSIBLE_PREFIXES = (
    b"application/json",
    b"application/problem+json",
    b"application/x-ndjson",
    b"application/javascript",
    b"application/xml",
    b"text/",
    b"image/svg+xml",
)


def _compressible(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media.startswith(COMPRESSIBLE_PREFIXES) or media.endswith((b"+json", b"+xml"))


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = []
    vary = b""
    for name, value in headers:
        if name.lower() == b"vary":
            vary = value
        else:
            out.append((name, value))
    if b"accept-encoding" not in vary.lower():
        vary = vary + b", Accept-Encoding" if vary else b"Accept-Encoding"
    out.append((b"vary", vary))
    return out


class GZip:
    def __init__(self, app: ASGIApp, minimum_size: int = 1024, compresslevel: int = 6) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "HEAD":
            await self.app(scope, receive, send)
            return
        accepts = False
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                accepts = b"gzip" in value
                break
        await self.app(scope, receive, _Responder(self, send, accepts).send)


class _Responder:
    __slots__ = ("accepts", "compressor", "middleware", "passing", "start", "upstream")

    def __init__(self, middleware: GZip, upstream: Send, accepts: bool) -> None:
        self.middleware = middleware
        self.upstream = upstream
        self.accepts = accepts
        self.start: Message | None = None
        self.passing = False
        self.compressor: Any = None

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if self.passing:
            await self.upstream(message)
        elif kind == "http.response.start":
            self._decide(message)
            if self.passing:
                await self.upstream(message)
            else:
                self.start = message
        elif kind == "http.response.body":
            if self.start is not None:
                await self._first_body(message)
            elif self.compressor is not None:
                await self._stream_body(message)
            else:
                await self.upstream(message)
        else:  # pathsend, trailers, ...: send what is held, then the message as it is
            if self.start is not None:
                await self.upstream(self.start)
                self.start = None
            self.passing = True
            await self.upstream(message)

    def _decide(self, message: Message) -> None:
        status = message["status"]
        if status < 200 or status in (204, 206, 304):
            self.passing = True
            return
        compressible = False
        for name, value in message.get("headers", ()):
            lowered = name.lower()
            if lowered == b"content-encoding":
                self.passing = True
                return
            if lowered == b"content-type":
                compressible = _compressible(value)
        self.passing = not compressible

    async def _first_body(self, message: Message) -> None:
        start, self.start = self.start, None
        assert start is not None
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if not more and len(body) < self.middleware.minimum_size:
            self.passing = True
            await self.upstream(start)
            await self.upstream(message)
            return
        headers = _with_vary(list(start.get("headers", ())))
        if not self.accepts:
            self.passing = True
            await self.upstream({**start, "headers": headers})
            await self.upstream(message)
            return
        headers = [(n, v) for n, v in headers if n.lower() != b"content-length"]
        headers.append((b"content-encoding", b"gzip"))
        if more:
            level = self.middleware.compresslevel
            self.compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            await self.upstream({**start, "headers": headers})
            await self._stream_body(message)
            return
        if len(body) >= THREAD_BYTES:
            packed = await run_in_threadpool(self._compress, body)
        else:
            packed = self._compress(body)
        headers.append((b"content-length", str(len(packed)).encode()))
        self.passing = True
        await self.upstream({**start, "headers": headers})
        await self.upstream({"type": "http.response.body", "body": packed})

    def _compress(self, body: bytes) -> bytes:
        return gzip.compress(body, compresslevel=self.middleware.compresslevel, mtime=0)

    async def _stream_body(self, message: Message) -> None:
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        data = self.compressor.compress(body)
        data += self.compressor.flush(zlib.Z_SYNC_FLUSH if more else zlib.Z_FINISH)
        await self.upstream({"type": "http.response.body", "body": data, "more_body": more})
