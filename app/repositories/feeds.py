"""Queries over feed sources, their entries and their poll jobs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Table, delete, func, update
from sqlmodel import Session, col, select

from app.models import FeedEntry, FeedSource, Job

_source: Table = FeedSource.__table__  # type: ignore[attr-defined]
_job: Table = Job.__table__  # type: ignore[attr-defined]
UNSTARTED_JOB_STATES = ("queued", "failed")


def lock_source(session: Session, source_id: int) -> FeedSource | None:
    """The source, read afresh and (on PostgreSQL) row-locked until the transaction ends."""
    return session.get(FeedSource, source_id, with_for_update=True, populate_existing=True)


def set_paused(session: Session, source_id: int, paused: bool, now: datetime) -> bool:
    """The first write of a pause, resume or delete: it locks the row. False if no source."""
    result = session.connection().execute(
        update(_source).where(_source.c.id == source_id).values(paused=paused, updated_at=now)
    )
    return bool(result.rowcount)


def delete_unstarted_job(session: Session, job_id: int) -> bool:
    """Remove a poll job no worker has started (queued, or failed awaiting its retry)."""
    result = session.connection().execute(
        delete(_job).where(_job.c.id == job_id, _job.c.state.in_(UNSTARTED_JOB_STATES))
    )
    return bool(result.rowcount)


def job_unfinished(session: Session, job_id: int) -> bool:
    query = select(Job.id).where(col(Job.id) == job_id, col(Job.finished_at).is_(None))
    return session.exec(query).first() is not None


def list_sources(
    session: Session, *, paused: bool | None, before_id: int | None, limit: int
) -> Sequence[FeedSource]:
    """Newest first (by id), keyset-paginated."""
    query = select(FeedSource)
    if paused is not None:
        query = query.where(col(FeedSource.paused) == paused)
    if before_id is not None:
        query = query.where(col(FeedSource.id) < before_id)
    return session.exec(query.order_by(col(FeedSource.id).desc()).limit(limit)).all()


def count_sources(session: Session, *, paused: bool | None) -> int:
    query = select(func.count()).select_from(FeedSource)
    if paused is not None:
        query = query.where(col(FeedSource.paused) == paused)
    total: int = session.exec(query).one()
    return total


def seen_keys(session: Session, source_id: int, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    if not wanted:
        return set()
    query = select(FeedEntry.entry_key).where(
        col(FeedEntry.source_id) == source_id, col(FeedEntry.entry_key).in_(wanted)
    )
    return set(session.exec(query).all())
