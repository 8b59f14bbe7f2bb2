"""The durable job queue: enqueue, claim under a lease, complete, fail with backoff.

A job is due when it is unfinished (`finished_at IS NULL`) and `run_at <= now`: queued
jobs are due at once, failed ones after their backoff, and running ones when their lease
expires (claiming sets `run_at` to the lease's end), so one partial index in `run_at`
order serves every case. Claiming is one statement on both engines:
`UPDATE job SET state='running', ... WHERE id IN (SELECT id ... ORDER BY run_at, id LIMIT n
[FOR UPDATE SKIP LOCKED]) RETURNING *`. On PostgreSQL the sub-select skips rows other
workers are claiming; on SQLite the single writer makes the UPDATE atomic.

On PostgreSQL a trigger (see the "job due index" migration) notifies channel
`orewatch_jobs` when a job becomes queued; workers LISTEN and wake at once.

Statements are built once with bind parameters: per-call construction costs more than
the database round trip.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, literal_column, select, update
from sqlmodel import Session

from app.models import Job

NOTIFY_CHANNEL = "orewatch_jobs"
MAX_ERROR_CHARS = 2_000

_job: Table = Job.__table__  # type: ignore[attr-defined]
_c = _job.c
_TS = _c.run_at.type


def _p(name: str) -> Any:
    return bindparam(name, type_=_TS)


_CANDIDATES = (
    select(_c.id)
    .where(_c.finished_at.is_(None), _c.run_at <= _p("p_now"))
    .order_by(_c.run_at, _c.id)
    .limit(bindparam("p_limit"))
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(_job)
    .where(_c.id.in_(_CANDIDATES))
    .values(
        state="running",
        attempts=_c.attempts + 1,
        locked_by=bindparam("p_worker"),
        locked_until=_p("p_until"),
        run_at=_p("p_until"),
        updated_at=_p("p_now"),
    )
    .returning(*_c)
)
_OWNED = and_(
    _c.id == bindparam("p_id"), _c.state == "running", _c.locked_by == bindparam("p_worker")
)
_HOLD = (
    update(_job)
    .where(_OWNED)
    .values(locked_until=_p("p_until"), run_at=_p("p_until"), updated_at=_p("p_now"))
)
_COMPLETE = (
    update(_job)
    .where(_OWNED)
    .values(
        state="succeeded",
        locked_until=None,
        locked_by=None,
        last_error=None,
        finished_at=_p("p_now"),
        updated_at=_p("p_now"),
    )
)
_RELEASE = (
    update(_job)
    .where(_OWNED)
    .values(
        state="queued",
        attempts=_c.attempts - literal_column("1"),
        locked_until=None,
        locked_by=None,
        run_at=_p("p_now"),
        updated_at=_p("p_now"),
    )
)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = 2.0
    max_s: float = 600.0

    def delay(self, attempts: int) -> float:
        """Exponential backoff with jitter: half fixed, half random ("equal jitter")."""
        ceiling = min(self.max_s, self.base_s * 2 ** max(0, attempts - 1))
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    article_id: int | None = None,
    max_attempts: int = 5,
    run_at: datetime | None = None,
) -> Job:
    """Add a job inside the caller's transaction (it commits with the caller's rows)."""
    now = utcnow()
    job = Job(
        kind=kind,
        payload=payload or {},
        article_id=article_id,
        max_attempts=max_attempts,
        run_at=run_at or now,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def _rowcount(result: Any) -> bool:
    return bool(getattr(result, "rowcount", 0))


def claim(session: Session, worker_id: str, lease_s: float) -> Job | None:
    """Take the next due job under a lease; call inside a short transaction of its own."""
    jobs = claim_many(session, worker_id, lease_s, 1)
    return jobs[0] if jobs else None


def claim_many(session: Session, worker_id: str, lease_s: float, limit: int) -> list[Job]:
    """Take up to `limit` due jobs (in due order) under one lease."""
    now = utcnow()
    params = {
        "p_now": now,
        "p_until": now + timedelta(seconds=lease_s),
        "p_worker": worker_id,
        "p_limit": limit,
    }
    rows = session.connection().execute(_CLAIM, params).all()
    jobs = [Job(**row._mapping) for row in rows]
    jobs.sort(key=lambda job: (job.created_at, job.id or 0))
    return jobs


def hold(session: Session, job_id: int, worker_id: str, lease_s: float) -> bool:
    """Check (and renew) the lease as the first write of the handler's transaction.

    Being a write, it also takes SQLite's write lock up front, so the handler's reads and
    writes cannot be invalidated by a concurrent writer.
    """
    now = utcnow()
    params = {
        "p_id": job_id,
        "p_worker": worker_id,
        "p_now": now,
        "p_until": now + timedelta(seconds=lease_s),
    }
    return _rowcount(session.connection().execute(_HOLD, params))


def complete(session: Session, job_id: int, worker_id: str) -> bool:
    """Mark the job succeeded in the handler's transaction; False if the lease was lost."""
    params = {"p_id": job_id, "p_worker": worker_id, "p_now": utcnow()}
    return _rowcount(session.connection().execute(_COMPLETE, params))


def release(session: Session, job_id: int, worker_id: str) -> bool:
    """Give a claimed job back untouched (worker shutting down): the attempt is not counted."""
    params = {"p_id": job_id, "p_worker": worker_id, "p_now": utcnow()}
    return _rowcount(session.connection().execute(_RELEASE, params))


def fail(
    session: Session,
    job: Job,
    worker_id: str,
    error: str,
    backoff: Backoff,
    *,
    permanent: bool = False,
) -> str | None:
    """Record a failed attempt: retry later with backoff, or dead. Returns the new state."""
    now = utcnow()
    dead = permanent or job.attempts >= job.max_attempts
    values: dict[str, Any] = {
        "state": "dead" if dead else "failed",
        "locked_until": None,
        "locked_by": None,
        "last_error": error[:MAX_ERROR_CHARS],
        "updated_at": now,
    }
    if dead:
        values["finished_at"] = now
    else:
        values["run_at"] = now + timedelta(seconds=backoff.delay(job.attempts))
    owned = {"p_id": job.id, "p_worker": worker_id}
    result = session.connection().execute(update(_job).where(_OWNED).values(**values), owned)
    return str(values["state"]) if _rowcount(result) else None


def requeue(session: Session, job_id: int, states: tuple[str, ...]) -> bool:
    """Queue a job in one of `states` again now, with a fresh set of attempts."""
    now = utcnow()
    result = session.connection().execute(
        update(_job)
        .where(_c.id == job_id, _c.state.in_(states))
        .values(
            state="queued",
            attempts=0,
            run_at=now,
            locked_until=None,
            locked_by=None,
            finished_at=None,
            updated_at=now,
        )
    )
    return _rowcount(result)
