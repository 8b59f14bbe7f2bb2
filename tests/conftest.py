"""Fixtures: one migrated, seeded database per run; every test in a rolled-back transaction.

The suite runs on SQLite by default and on PostgreSQL when OREWATCH_TEST_DATABASE_URL is
set (`make test` runs it both ways).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.db import create_db_engine, make_session_factory, transaction
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.dbutil import TEST_URL_VARIABLE, create_database, drop_database


def pytest_report_header() -> str:
    url = os.environ.get(TEST_URL_VARIABLE)
    return f"orewatch test database: {'PostgreSQL' if url else 'SQLite'}"


@pytest.fixture(scope="session")
def base_database_url() -> str | None:
    return os.environ.get(TEST_URL_VARIABLE) or None


@pytest.fixture(scope="session")
def database_url(
    base_database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    url = create_database(base_database_url, tmp_path_factory.mktemp("db"))
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # No rate limits: tests make many requests from one client (tests/ops tests the limits).
    return Settings(database_url=database_url, data_version_ttl_s=0, rate_limit_enabled=False)


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    upgrade_to_head(settings.database_url)
    engine = create_db_engine(settings)
    with transaction(make_session_factory(engine)) as session:
        seed_reference_data(session)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose outer transaction is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection,
        class_=Session,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(settings, session_factory=session_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def tmp_database(base_database_url: str | None, tmp_path: Path) -> Iterator[str]:
    """An empty database of the engine under test, dropped afterwards."""
    url = create_database(base_database_url, tmp_path)
    yield url
    drop_database(url)


# -- committed data, for tests of real workers and processes ------------------------------
@pytest.fixture(scope="module")
def live_url(
    base_database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated (unseeded) database per module, for data that must really be committed."""
    url = create_database(base_database_url, tmp_path_factory.mktemp("live"))
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
