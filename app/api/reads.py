"""Cached read path: services run once per data version, responses are kept as bytes.

Reads dominate traffic and the data changes only when seed or enrichment writes, so each
rendered body is cached under (operation, parameters) and dropped when the shared
data-version counter moves. A process re-reads the counter at most every
`data_version_ttl_s` seconds, which bounds staleness when another process writes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from app.repositories.data_version import read_data_version

Service = Callable[..., BaseModel]


@dataclass(frozen=True, slots=True)
class CachedBody:
    body: bytes
    headers: dict[str, str]
    raw_headers: list[tuple[bytes, bytes]]
    raw_304_headers: list[tuple[bytes, bytes]]

    @classmethod
    def build(cls, body: bytes, headers: dict[str, str]) -> CachedBody:
        cache_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        full = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *cache_headers,
        ]
        return cls(body, headers, full, cache_headers)


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
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or etag in candidates


class ReadResponder:
    """Runs a read service in a short transaction and answers from the cache when it can."""

    def __init__(
        self, session_factory: sessionmaker[Session], cache: ResponseCache, cache_control: str
    ) -> None:
        self._session_factory = session_factory
        self.cache = cache
        self._cache_control = cache_control

    def _render(self, service: Service, params: dict[str, Any], version: int) -> CachedBody:
        with self._session_factory() as session:
            model = service(session, **params)
        body = model.__pydantic_serializer__.to_json(model)
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        headers = {
            "ETag": f'"{version}-{digest}"',
            "Cache-Control": self._cache_control,
        }
        return CachedBody.build(body, headers)

    async def respond(
        self, request: Request, operation: str, service: Service, **params: Any
    ) -> Response:
        version = await self.cache.version()
        # Keyed on the exact path and query string, so CachedReads can answer the next
        # identical request before routing.
        key = (request.url.path, request.scope["query_string"])
        entry = self.cache.get(key)
        if entry is None:
            entry = await run_in_threadpool(self._render, service, params, version)
            self.cache.put(key, entry)
        if etag_matches(request.headers.get("if-none-match"), entry.headers["ETag"]):
            return Response(status_code=304, headers=entry.headers)
        return Response(entry.body, media_type="application/json", headers=entry.headers)
