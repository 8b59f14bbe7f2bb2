"""Serve cached read responses before routing: the hot path of the API.

A GET under /v1/ whose exact path and query string were rendered before, at the current
data version, is answered here from bytes, without routing, parameter validation or
dependencies. Anything else (a miss, another method, reads that need an API key) goes
through the application, whose read routes fill the cache (app/api/reads.py).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.reads import ResponseCache, etag_matches

READ_PREFIX = "/v1/"


class CachedReads:
    """Pure ASGI middleware (no BaseHTTPMiddleware overhead)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, enabled: bool = True) -> None:
        self.app = app
        self.cache = cache
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(READ_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        await self.cache.version()
        entry = self.cache.get((scope["path"], scope["query_string"]))
        if entry is None:
            await self.app(scope, receive, send)
            return
        if_none_match = next(
            (value for name, value in scope["headers"] if name == b"if-none-match"), None
        )
        if if_none_match is not None and etag_matches(
            if_none_match.decode("latin-1"), entry.headers["ETag"]
        ):
            await send(
                {"type": "http.response.start", "status": 304, "headers": entry.raw_304_headers}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.raw_headers})
        await send({"type": "http.response.body", "body": entry.body})
