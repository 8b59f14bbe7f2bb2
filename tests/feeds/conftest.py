"""A migrated database per module with committed data, a feed server, a worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import make_session_factory, transaction
from app.jobs import runtime
from app.jobs.queue import Backoff
from app.jobs.worker import Worker, WorkerConfig
from app.models import Article, FeedEntry, FeedSource, Job
from app.settings import Settings
from tests.feeds.server import FeedState, feed_server


@pytest.fixture
def factory(live_engine: Engine, live_settings: Settings) -> Iterator[sessionmaker[Session]]:
    """A session factory over committed data, emptied first; loopback fetches allowed."""
    factory = make_session_factory(live_engine)
    with transaction(factory) as session:
        for model in (FeedEntry, FeedSource, Job, Article):
            session.execute(delete(model))
    runtime.configure(live_settings)
    yield factory
    runtime.configure(Settings(database_url=live_settings.database_url))


@pytest.fixture
def worker(factory: sessionmaker[Session]) -> Worker:
    return Worker(factory, WorkerConfig(lease_s=30, backoff=Backoff(0.01, 0.05)), name="t")


@pytest.fixture
def served() -> Iterator[tuple[str, FeedState]]:
    with feed_server() as served:
        yield served
