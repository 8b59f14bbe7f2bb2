"""Cached read path: services run once per data version, responses are kept as bytes.

Reads dominate traffic and the data changes only when something commits a write, so each
rendered body is cached under its path and query string, with the versions of the data
domains it is built from (app/models/meta.py: reference data and statistics, or news). An
entry is dropped only when one of its own domains moves: news being enriched leaves the
statistics answers warm. A process re-reads the counters at most every
`data_version_ttl_s` seconds, which bounds staleness when another process writes; its own
commits make it look again at once (app/db_writes.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
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

from app.db_reads import ReadSessionSource
from app.db_writes import on_local_commit
from app.models.meta import DataDomain
from app.repositories.data_version import read_versions

Service = Callable[..., BaseModel]


GZIP_LEVEL = 6
EVERY_DOMAIN: frozenset[DataDomain] = frozenset(DataDomain)
REFERENCE_ONLY: frozenset[DataDomain] = frozenset({DataDomain.REFERENCE})
Versions = dict[DataDomain, int]


def version_stamp(versions: Versions, domains: frozenset[DataDomain]) -> str:
    """The part of an ETag that says which data the answer was built from: the versions of
    its own domains only, so news moving leaves a statistics answer's ETag alone."""
    return ".".join(f"{d.name[0].lower()}{versions.get(d, 0)}" for d in sorted(domains))


@dataclass(frozen=True, slots=True)
class CachedBody:
    body: bytes
    headers: dict[str, str]
    raw_headers: list[tuple[bytes, bytes]]
    raw_304_headers: list[tuple[bytes, bytes]]
    domains: frozenset[DataDomain] = EVERY_DOMAIN
    stamp: str = ""
    """The versions it was rendered at (see version_stamp)."""
    # The gzip-encoded body and its headers, made on first demand (at most one element).
    _gzipped: list[tuple[bytes, list[tuple[bytes, bytes]]]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        body: bytes,
        headers: dict[str, str],
        domains: frozenset[DataDomain] = EVERY_DOMAIN,
        stamp: str = "",
    ) -> CachedBody:
        cache_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        full = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *cache_headers,
        ]
        return cls(body, headers, full, cache_headers, domains, stamp)

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
        self._versions: Versions = {}
        self._stamps: dict[frozenset[DataDomain], str] = {}
        self._checked_at = float("-inf")
        on_local_commit(self.invalidate)

    def _read_versions(self) -> Versions:
        with self._session_factory() as session:
            return read_versions(session.connection())

    async def versions(self) -> Versions:
        """The current version of every domain; entries of a domain that moved are dropped."""
        now = time.monotonic()
        if now - self._checked_at >= self._ttl:
            versions = await run_in_threadpool(self._read_versions)
            self._checked_at = time.monotonic()
            moved = {d for d in DataDomain if versions.get(d) != self._versions.get(d)}
            if moved:
                self._entries = {
                    key: entry for key, entry in self._entries.items() if not entry.domains & moved
                }
                self._versions = versions
                self._stamps = {}
        return self._versions

    def stamp(self, domains: frozenset[DataDomain]) -> str:
        """version_stamp of the current versions, computed once per change."""
        stamp = self._stamps.get(domains)
        if stamp is None:
            stamp = self._stamps[domains] = version_stamp(self._versions, domains)
        return stamp

    def invalidate(self) -> None:
        """Force the next read to ask the database for the version (after a local write)."""
        self._checked_at = float("-inf")

    def get(self, key: tuple[Any, ...]) -> CachedBody | None:
        entry = self._entries.get(key)
        # An entry rendered while its data moved was put after the drop: not current.
        if entry is None or entry.stamp != self.stamp(entry.domains):
            return None
        return entry

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
        self, sessions: ReadSessionSource, cache: ResponseCache, cache_control: str
    ) -> None:
        self._sessions = sessions
        self.cache = cache
        self._cache_control = cache_control

    def _render(
        self,
        service: Service,
        params: dict[str, Any],
        stamp: str,
        reference_version: int,
        domains: frozenset[DataDomain],
        extra_headers: dict[str, str],
    ) -> CachedBody:
        model = self._sessions.run(lambda session: service(session, **params), reference_version)
        body = model.__pydantic_serializer__.to_json(model)
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        headers = {
            "ETag": f'"{stamp}-{digest}"',
            "Cache-Control": self._cache_control,
            **extra_headers,
        }
        return CachedBody.build(body, headers, domains, stamp)

    async def respond(
        self,
        request: Request,
        operation: str,
        service: Service,
        *,
        cache_control: str | None = None,
        negotiated: bool = False,
        domains: frozenset[DataDomain] = EVERY_DOMAIN,
        **params: Any,
    ) -> Response:
        """`cache_control` overrides the default for resources that change state (articles);
        `negotiated` marks a list whose representation also depends on Accept (CSV/NDJSON
        exports, app/api/exports.py), so the JSON carries `Vary: Accept`; `domains` are the
        data the answer is built from (every domain unless a route says less)."""
        versions = await self.cache.versions()
        stamp = self.cache.stamp(domains)
        # Keyed on the exact path and query string, so CachedReads can answer the next
        # identical request before routing.
        key = (request.url.path, request.scope["query_string"])
        entry = self.cache.get(key)
        if entry is None:
            extra = {"Cache-Control": cache_control} if cache_control else {}
            if negotiated:
                extra["Vary"] = "Accept"
            # The request's context (request id for logs) goes along, as run_in_threadpool's.
            render = functools.partial(
                contextvars.copy_context().run,
                self._render,
                service,
                params,
                stamp,
                versions.get(DataDomain.REFERENCE, 0),
                domains,
                extra,
            )
            executor = self._sessions.executor
            entry = await asyncio.get_running_loop().run_in_executor(executor, render)
            self.cache.put(key, entry)
        if etag_matches(request.headers.get("if-none-match"), entry.headers["ETag"]):
            return Response(status_code=304, headers=entry.headers)
        return Response(entry.body, media_type="application/json", headers=entry.headers)
