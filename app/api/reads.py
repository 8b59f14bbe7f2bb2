"""Cached read path: services run once per data version, responses are kept as bytes.

Reads dominate traffic and the data changes only when seed or enrichment writes, so each
rendered body is cached under (operation, parameters) and dropped when the shared
data-version counter moves. A process re-reads the counter at most every
`data_version_ttl_s` seconds, which bounds staleness when another process writes.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from app.repositories.data_version import read_data_version

Service = Callable[..., BaseModel]


GZIP_LEVEL = 6


@dataclass(frozen=True, slots=True)
class CachedBody:
    body: bytes
    headers: dict[str, str]
    raw_headers: list[tuple[bytes, bytes]]
    raw_304_headers: list[tuple[bytes, bytes]]
    # The gzip-encoded body and its headers, made on first demand (at most one element).
    _gzipped: list[tuple[bytes, list[tuple[bytes, bytes]]]] = field(default_factory=list)

    @classmethod
    def build(cls, body: bytes, headers: dict[str, str]) -> CachedBody:
        cache_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        full = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *cache_headers,
        ]
        return cls(body, headers, full, cache_headers)

    def gzipped(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """The body compressed once (not per request) and the headers that go with it."""
        if not self._gzipped:
            data = gzip.compress(self.body, compresslevel=GZIP_LEVEL, mtime=0)
            vary = ", ".join(v for v in (self.headers.get("Vary"), "Accept-Encoding") if v)
            raw = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                (b"content-encoding", b"gzip"),
                *((k, v) for k, v in self.raw_304_headers if k != b"vary"),
                (b"vary", vary.encode()),
            ]
            self._gzipped[:] = [(data, raw)]
        return self._gzipped[0]


class ResponseCache:
    def __init__(
        self, session_factory: sessionmaker[Session], max_entries: int, version_ttl_s: float
    ) -> None:
        self._session_factory = session_factory
        self._max_entries = max_entries
        self._ttl = version_ttl_s
        self._entries: dict[tuple[Any, ...], CachedBody] = {}
        self._version = -1
        self._checked_at = float("-inf")

    def _read_version(self) -> int:
        with self._session_factory() as session:
            return read_data_version(session.connection())

    async def version(self) -> int:
        now = time.monotonic()
        if now - self._checked_at >= self._ttl:
            version = await run_in_threadpool(self._read_version)
            self._checked_at = time.monotonic()
            if version != self._version:
                self._entries.clear()
                self._version = version
        return self._version

    def invalidate(self) -> None:
        """Force the next read to ask the database for the version (after a local write)."""
        self._checked_at = float("-inf")

    def get(self, key: tuple[Any, ...]) -> CachedBody | None:
        return self._entries.get(key)

    def put(self, key: tuple[Any, ...], entry: CachedBody) -> None:
        if self._max_entries <= 0:
            return
        if len(self._entries) >= self._max_entries:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = entry


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    # Weak comparison (RFC 9110 13.1.2), as If-None-Match asks for.
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or etag.removeprefix("W/") in candidates


class ReadResponder:
    """Runs a read service in a short transaction and answers from the cache when it can."""

    def __init__(
        self, session_factory: sessionmaker[Session], cache: ResponseCache, cache_control: str
    ) -> None:
        self._session_factory = session_factory
        self.cache = cache
        self._cache_control = cache_control

    def _render(
        self,
        service: Service,
        params: dict[str, Any],
        version: int,
        extra_headers: dict[str, str],
    ) -> CachedBody:
        with self._session_factory() as session:
            model = service(session, **params)
        body = model.__pydantic_serializer__.to_json(model)
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        headers = {
            "ETag": f'"{version}-{digest}"',
            "Cache-Control": self._cache_control,
            **extra_headers,
        }
        return CachedBody.build(body, headers)

    async def respond(
        self,
        request: Request,
        operation: str,
        service: Service,
        *,
        cache_control: str | None = None,
        negotiated: bool = False,
        **params: Any,
    ) -> Response:
        """`cache_control` overrides the default for resources that change state (articles);
        `negotiated` marks a list whose representation also depends on Accept (CSV/NDJSON
        exports, app/api/exports.py), so the JSON carries `Vary: Accept`."""
        version = await self.cache.version()
        # Keyed on the exact path and query string, so CachedReads can answer the next
        # identical request before routing.
        key = (request.url.path, request.scope["query_string"])
        entry = self.cache.get(key)
        if entry is None:
            extra = {"Cache-Control": cache_control} if cache_control else {}
            if negotiated:
                extra["Vary"] = "Accept"
            entry = await run_in_threadpool(self._render, service, params, version, extra)
            self.cache.put(key, entry)
        if etag_matches(request.headers.get("if-none-match"), entry.headers["ETag"]):
            return Response(status_code=304, headers=entry.headers)
        return Response(entry.body, media_type="application/json", headers=entry.headers)
