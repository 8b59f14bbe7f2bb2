"""The worker: threads that claim jobs, run their handlers and record the outcome.

One transaction owns each job's work: it starts by renewing the lease (proving the worker
still holds the job), runs the handler and marks the job succeeded, then commits. A worker
that dies mid-job commits nothing; its lease expires and another worker takes the job.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import transaction
from app.jobs import queue, registry
from app.jobs.errors import LeaseLostError, bounded, is_permanent, public_message
from app.jobs.queue import Backoff
from app.metrics import job_outcome
from app.models import Job

logger = logging.getLogger("orewatch.worker")


class Wakeup:
    """Lets idle worker threads sleep until a job may be waiting (or the poll interval)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()

    def wait(self, timeout: float) -> None:
        with self._condition:
            self._condition.wait(timeout)

    def notify(self) -> None:
        with self._condition:
            self._condition.notify_all()


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    concurrency: int = 1
    poll_interval_s: float = 0.5
    lease_s: float = 120.0
    claim_batch: int = 1
    backoff: Backoff = field(default_factory=Backoff)


LOGGED_ERROR_CHARS = 4_000


def _describe(exc: BaseException, causes: int = 3) -> str:
    """The details, for the log only (they may hold SQL and bound parameters)."""
    message = str(exc).strip()
    described = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    if exc.__cause__ is not None and causes > 0:
        described += f" (caused by {_describe(exc.__cause__, causes - 1)})"
    return described[:LOGGED_ERROR_CHARS]


class Worker:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        config: WorkerConfig,
        *,
        name: str | None = None,
        wakeup: Wakeup | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.config = config
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.wakeup = wakeup or Wakeup()
        self._on_change = on_change
        bind = session_factory.kw.get("bind")
        self._sqlite = bind is None or bind.dialect.name == "sqlite"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        # job id -> (worker id, in_transaction) for every job a thread is running
        self._current: dict[int, tuple[str, bool]] = {}

    # -- one job ---------------------------------------------------------------------
    def run_once(self, worker_id: str | None = None) -> bool:
        """Claim up to `claim_batch` due jobs and run them in turn; False when there was none."""
        wid = worker_id or f"{self.name}:0"
        with transaction(self.session_factory) as session:
            jobs = queue.claim_many(session, wid, self.config.lease_s, self.config.claim_batch)
        if not jobs:
            return False
        claimed_at = time.monotonic()
        with self._lock:
            for job in jobs:
                assert job.id is not None
                self._current[job.id] = (wid, False)
        try:
            for index, job in enumerate(jobs):
                assert job.id is not None
                if self._stopping.is_set() and index > 0:
                    self._release(jobs[index:], wid)  # not started: give them back
                    break
                aged = time.monotonic() - claimed_at > self.config.lease_s / 2
                self._run(job, wid, renew=aged)
                with self._lock:
                    self._current.pop(job.id, None)
        finally:
            with self._lock:
                for job in jobs:
                    self._current.pop(job.id or 0, None)
        return True

    def _release(self, jobs: list[Job], wid: str) -> None:
        try:
            with transaction(self.session_factory) as session:
                for job in jobs:
                    assert job.id is not None
                    queue.release(session, job.id, wid)
        except Exception:
            logger.warning("claimed jobs could not be released; their leases will expire")

    def _run(self, job: Job, wid: str, *, renew: bool = False) -> None:
        assert job.id is not None
        kind = registry.lookup(job.kind)
        if kind is None:
            self._fail(job, wid, bounded(f"no handler for job kind {job.kind!r}"), True, None)
            return
        if job.attempts > job.max_attempts:
            self._fail(job, wid, "the job's lease expired on every attempt", True, kind)
            return
        try:
            if kind.prepare is not None:
                job.payload = {**job.payload, "prepared": dict(kind.prepare(job))}
            with self._lock:
                self._current[job.id] = (wid, True)
            with transaction(self.session_factory) as session:
                # Renew the lease after a prepare step; on SQLite always, as the first
                # write, so the transaction holds the write lock before it reads.
                renew = renew or kind.prepare is not None or self._sqlite
                if renew and not queue.hold(session, job.id, wid, self.config.lease_s):
                    raise LeaseLostError
                kind.handle(session, job)
                if not queue.complete(session, job.id, wid):
                    raise LeaseLostError
        except LeaseLostError:
            job_outcome(job.kind, "lease_lost")
            logger.warning("job %s: lease lost, its work was rolled back", job.id)
        except Exception as exc:
            permanent = is_permanent(exc)
            logger.log(
                logging.WARNING if permanent else logging.INFO,
                "job %s attempt %s failed%s: %s",
                job.id,
                job.attempts,
                " for good" if permanent else "",
                _describe(exc),
                extra={"job_id": job.id, "job_kind": job.kind, "attempt": job.attempts},
            )
            self._fail(job, wid, public_message(exc), permanent, kind)
        else:
            job_outcome(job.kind, "succeeded")
            if self._on_change is not None:
                self._on_change()

    def _fail(
        self, job: Job, wid: str, error: str, permanent: bool, kind: registry.JobKind | None
    ) -> None:
        try:
            with transaction(self.session_factory) as session:
                # The UPDATE comes first: it takes SQLite's write lock before any read.
                state = queue.fail(
                    session, job, wid, error, self.config.backoff, permanent=permanent
                )
                if state == "dead" and kind is not None and kind.on_dead is not None:
                    self._on_dead(session, job, error, kind.on_dead)
        except Exception:
            logger.exception("job %s: recording the failure failed", job.id)
            return
        job_outcome(job.kind, {"dead": "dead", "failed": "retried"}.get(state or "", "lease_lost"))
        if state == "dead" and self._on_change is not None:
            self._on_change()

    @staticmethod
    def _on_dead(session: Session, job: Job, error: str, hook: registry.OnDead) -> None:
        try:
            with session.begin_nested():
                hook(session, job, error)
        except Exception:
            logger.exception("job %s: its on_dead hook failed", job.id)

    # -- threads ---------------------------------------------------------------------
    def _loop(self, index: int) -> None:
        wid = f"{self.name}:{index}"
        unavailable = False
        while not self._stopping.is_set():
            try:
                ran = self.run_once(wid)
            except (OperationalError, PoolTimeoutError) as exc:
                # One line per outage, not a trace per poll; the loop keeps polling.
                if not unavailable:
                    logger.warning(
                        "worker %s: database unavailable (%s)",
                        wid,
                        _describe(exc).splitlines()[0][:200],
                    )
                unavailable, ran = True, False
            except Exception:
                logger.exception("worker %s: claiming a job failed", wid)
                ran = False
            else:
                if unavailable:
                    logger.info("worker %s: database reachable again", wid)
                    unavailable = False
            if not ran and not self._stopping.is_set():
                self.wakeup.wait(self.config.poll_interval_s)

    def start(self) -> None:
        for index in range(self.config.concurrency):
            thread = threading.Thread(
                target=self._loop, args=(index,), name=f"orewatch-worker-{index}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> bool:
        """Let every thread finish its current job; True when all stopped in time."""
        self._stopping.set()
        self.wakeup.notify()
        for thread in self._threads:
            thread.join(timeout)
        return not any(thread.is_alive() for thread in self._threads)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def release_unstarted(self) -> int:
        """Hand back jobs whose handler transaction has not begun (e.g. still fetching)."""
        with self._lock:
            pending = [(jid, wid) for jid, (wid, in_tx) in self._current.items() if not in_tx]
        released = 0
        for job_id, wid in pending:
            try:
                with transaction(self.session_factory) as session:
                    _short_lock_wait(session)
                    released += queue.release(session, job_id, wid)
            except Exception:
                logger.warning("job %s could not be released; its lease will expire", job_id)
        return released


def _short_lock_wait(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL lock_timeout = '2s'"))


def config_from_settings(settings: Any, concurrency: int | None = None) -> WorkerConfig:
    return WorkerConfig(
        concurrency=settings.worker_concurrency if concurrency is None else concurrency,
        poll_interval_s=settings.worker_poll_interval_s,
        lease_s=settings.job_lease_s,
        backoff=Backoff(settings.job_backoff_base_s, settings.job_backoff_max_s),
        claim_batch=settings.worker_claim_batch,
    )
