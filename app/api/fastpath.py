"""Serve cached read responses before routing: the hot path of the API.

A GET under /v1/ whose exact path and query string were rendered before, at the current
data version, is answered here from bytes, without routing, parameter validation or
dependencies. Anything else (a miss, another method, reads that need an API key, a request
bearing a key not known to be valid, which its route checks, a request for a CSV or NDJSON
export) goes through the application, whose read routes fill the cache
(app/api/reads.py). A client that accepts gzip gets the body compressed once per cache
entry, not per request; the GZip middleware (outside this one) leaves such responses alone.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import KeyCache, known_good
from app.api.reads import ResponseCache, etag_matches

READ_PREFIX = "/v1/"
# Compressing bodies above this size happens on a worker thread, off the event loop.
THREAD_GZIP_BYTES = 128 * 1024


class CachedReads:
    """Pure ASGI middleware (no BaseHTTPMiddleware overhead)."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        key_cache: KeyCache | None = None,
        enabled: bool = True,
        gzip_minimum_size: int = 0,
    ) -> None:
        self.app = app
        self.cache = cache
        self.key_cache = key_cache or KeyCache(0)
        self.enabled = enabled
        # 0: never compress here (the GZip middleware is off as well).
        self.gzip_minimum_size = gzip_minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(READ_PREFIX)
            or not known_good(scope, self.key_cache)
        ):
            await self.app(scope, receive, send)
            return
        try:
            await self.cache.versions()
        except (DBAPIError, PoolTimeoutError):
            # The database is unreachable or its pool exhausted: the routed request answers
            # (503 problem+json; this middleware is outside the application's handlers).
            await self.app(scope, receive, send)
            return
        entry = self.cache.get((scope["path"], scope["query_string"]))
        if entry is None:
            await self.app(scope, receive, send)
            return
        if_none_match = None
        accepts_gzip = False
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if_none_match = value
            elif name == b"accept-encoding":
                accepts_gzip = b"gzip" in value
            elif name == b"accept" and (b"csv" in value or b"ndjson" in value):
                # An export of a list: negotiated by the route, never cached.
                await self.app(scope, receive, send)
                return
        if if_none_match is not None and etag_matches(
            if_none_match.decode("latin-1"), entry.headers["ETag"]
        ):
            # Copies: outer middleware (GZip's Vary) may edit the list it is given in place.
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": list(entry.raw_304_headers),
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body, headers = entry.body, entry.raw_headers
        if accepts_gzip and self.gzip_minimum_size and len(body) >= self.gzip_minimum_size:
            if len(body) >= THREAD_GZIP_BYTES:
                body, headers = await run_in_threadpool(entry.gzipped)
            else:
                body, headers = entry.gzipped()
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body})
