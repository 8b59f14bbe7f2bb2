"""Group commit for ingestion: concurrent submissions share one transaction.

Every write bumps the single data-version row, which serialises writers; under load the
handoff of that row lock between request threads (each waiting for the GIL) caps a
process at a few hundred articles/s. One writer thread per process instead takes every
submission waiting in its queue, inserts them with one multi-row statement per table,
bumps the version once and commits once. A submission that repeats a stored article (or
another one in the same batch) is resolved on its own afterwards, through the ordinary
one-article path, so a batch never loses or duplicates anything.

A submission's outcome depends on that submission alone: when the batch's transaction
fails for any reason but an outage, every submission of it is retried on its own, so only
the one the database refuses fails. An outage (lost connection, full or read-only server)
fails the whole batch, as it would fail each of its submissions.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import transaction
from app.db_errors import is_outage
from app.services.ingest import IngestOutcome, ingest_values, insert_articles

logger = logging.getLogger("orewatch.ingest")
MAX_BATCH = 64


@dataclass(slots=True)
class _Pending:
    values: dict[str, Any]
    url: str | None
    future: Future[IngestOutcome] = field(default_factory=Future)

    def keys(self) -> set[tuple[str, Any]]:
        names = ("idempotency_key", "url", "content_hash")
        return {(name, self.values[name]) for name in names if self.values[name] is not None}


class IngestBatcher:
    def __init__(self, factory: sessionmaker[Session], max_attempts: int) -> None:
        self._factory = factory
        self._max_attempts = max_attempts
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def submit(self, values: dict[str, Any], url: str | None) -> IngestOutcome:
        """Queue one submission and await its outcome (or its exception)."""
        self._ensure_started()
        pending = _Pending(values, url)
        self._queue.put(pending)
        return await asyncio.wrap_future(pending.future)

    def _ensure_started(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="orewatch-ingest", daemon=True
                )
                self._thread.start()

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(10)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            self._write(batch)

    def _write(self, batch: list[_Pending]) -> None:
        fresh, later = _split(batch)
        try:
            with transaction(self._factory) as session:
                outcomes = insert_articles(
                    session, [(p.values, p.url) for p in fresh], self._max_attempts
                )
        except Exception as exc:
            if is_outage(exc):
                for item in batch:
                    item.future.set_exception(exc)
                return
            # Some repeat stored articles (IntegrityError), or the database refused one of
            # them: settle each alone, so only the culprit fails.
            later = fresh + later
        else:
            for item, outcome in zip(fresh, outcomes, strict=True):
                item.future.set_result(outcome)
        for item in later:
            self._settle_alone(item)

    def _settle_alone(self, item: _Pending) -> None:
        """Store one submission in its own transaction; its error is its own."""
        try:
            outcome = ingest_values(self._factory, item.values, item.url, self._max_attempts)
        except Exception as exc:
            item.future.set_exception(exc)
        else:
            item.future.set_result(outcome)


def _split(batch: list[_Pending]) -> tuple[list[_Pending], list[_Pending]]:
    """(submissions the batch inserts, those repeating an earlier one of the same batch)."""
    fresh: list[_Pending] = []
    later: list[_Pending] = []
    seen: set[tuple[str, Any]] = set()
    for item in batch:
        keys = item.keys()
        (later if keys & seen else fresh).append(item)
        seen |= keys
    return fresh, later
