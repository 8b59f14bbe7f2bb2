"""Queue and worker tests over committed data (live_* fixtures: tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import make_session_factory, transaction
from app.models import Article, Job


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
