"""Queries over jobs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.models import Job


def list_jobs(
    session: Session, *, state: str | None, kind: str | None, before_id: int | None, limit: int
) -> Sequence[Job]:
    """Newest first (by id), keyset-paginated."""
    query = select(Job)
    if state is not None:
        query = query.where(col(Job.state) == state)
    if kind is not None:
        query = query.where(col(Job.kind) == kind)
    if before_id is not None:
        query = query.where(col(Job.id) < before_id)
    return session.exec(query.order_by(col(Job.id).desc()).limit(limit)).all()


def count_jobs(session: Session, *, state: str | None, kind: str | None) -> int:
    from sqlalchemy import func

    query = select(func.count()).select_from(Job)
    if state is not None:
        query = query.where(col(Job.state) == state)
    if kind is not None:
        query = query.where(col(Job.kind) == kind)
    total: int = session.exec(query).one()
    return total


def count_by_state(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    rows = session.exec(select(Job.state, func.count()).group_by(col(Job.state))).all()
    return {state: int(count) for state, count in rows}
