"""Shared steps of the feed tests: add a source, make its poll due, run the worker."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.jobs.worker import Worker
from app.models import Article, FeedSource, Job
from app.schemas.feeds import POLL_KIND
from app.services import feeds


def add_source(factory: sessionmaker[Session], url: str, interval: int = 900, **fields: str) -> int:
    with transaction(factory) as session:
        source = feeds.create_source(session, url, interval, **fields)  # type: ignore[arg-type]
    return source.id


def source(factory: sessionmaker[Session], source_id: int) -> FeedSource:
    with factory() as session:
        found = session.get(FeedSource, source_id)
        assert found is not None
        return found


def run_all(worker: Worker) -> int:
    ran = 0
    while worker.run_once():
        ran += 1
    return ran


def poll_now(worker: Worker, factory: sessionmaker[Session], source_id: int) -> None:
    """Make the source's pending poll due now and run every due job."""
    with transaction(factory) as session:
        job_id = session.get(FeedSource, source_id).polling_job_id  # type: ignore[union-attr]
        if job_id is not None:
            session.execute(
                update(Job).where(col(Job.id) == job_id).values(run_at=datetime.now(UTC))
            )
    run_all(worker)


def poll_jobs(factory: sessionmaker[Session], source_id: int) -> list[Job]:
    with factory() as session:
        jobs = session.exec(select(Job).where(col(Job.kind) == POLL_KIND)).all()
    return [j for j in jobs if j.payload.get("source_id") == source_id]


def unfinished_polls(factory: sessionmaker[Session], source_id: int) -> list[Job]:
    return [j for j in poll_jobs(factory, source_id) if j.finished_at is None]


def articles(factory: sessionmaker[Session]) -> list[Article]:
    with factory() as session:
        return list(session.exec(select(Article).order_by(col(Article.id))).all())
