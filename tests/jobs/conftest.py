"""A migrated database per module, shared by the queue and worker tests (committed data)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import create_db_engine, make_session_factory, transaction
from app.models import Article, Job
from app.services.migrations import upgrade_to_head
from app.settings import Settings
from tests.dbutil import create_database, drop_database


@pytest.fixture(scope="module")
def live_url(
    base_database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    url = create_database(base_database_url, tmp_path_factory.mktemp("jobs"))
    upgrade_to_head(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def live_settings(live_url: str) -> Settings:
    return Settings(
        database_url=live_url,
        data_version_ttl_s=0,
        worker_poll_interval_s=0.1,
        job_backoff_base_s=0.01,
        job_backoff_max_s=0.05,
        fetch_allow_loopback=True,
    )


@pytest.fixture(scope="module")
def live_engine(live_settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(live_settings)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(live_engine: Engine) -> sessionmaker[Session]:
    """A session factory over committed data; jobs and articles are emptied first."""
    factory = make_session_factory(live_engine)
    with transaction(factory) as session:
        session.execute(delete(Job))
        session.execute(delete(Article))
    return factory


def make_articles(factory: sessionmaker[Session], count: int, prefix: str = "a") -> list[int]:
    now = datetime.now(UTC)
    with transaction(factory) as session:
        rows = [
            Article(
                content_type="text/plain",
                raw_body=f"{prefix} {i}",
                ingested_at=now,
                updated_at=now,
            )
            for i in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows if r.id is not None]


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]
