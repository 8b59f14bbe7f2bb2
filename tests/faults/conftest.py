"""Fault tests: a PostgreSQL cluster of their own (never the shared one), real processes.

They belong to the PostgreSQL pass of the suite (OREWATCH_TEST_DATABASE_URL set) and need
postgresql-common's pg_createcluster with root rights, as .ci/run has.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import create_db_engine, make_session_factory, transaction
from app.models import Article, Claim, Job, Mention
from app.services.keys import create_key
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.dbutil import TEST_URL_VARIABLE, create_database, drop_database
from tests.faults.cluster import FaultCluster, why_unavailable


@pytest.fixture(scope="package")
def fault_cluster() -> Iterator[FaultCluster]:
    if not os.environ.get(TEST_URL_VARIABLE):
        pytest.skip(f"fault tests run in the PostgreSQL pass ({TEST_URL_VARIABLE} is not set)")
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(f"no throw-away PostgreSQL cluster: {reason}")
    cluster = FaultCluster.create()
    try:
        yield cluster
    finally:
        cluster.drop()


@pytest.fixture(scope="module")
def fault_url(fault_cluster: FaultCluster, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, seeded database of this module's own on the fault cluster."""
    url = create_database(fault_cluster.url("orewatch_fault"), tmp_path_factory.mktemp("db"))
    upgrade_to_head(url)
    engine = create_db_engine(Settings(database_url=url))
    with transaction(make_session_factory(engine)) as session:
        seed_reference_data(session)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def fault_engine(fault_url: str, fault_cluster: FaultCluster) -> Iterator[Engine]:
    engine = create_db_engine(Settings(database_url=fault_url))
    yield engine
    engine.dispose()
    if fault_cluster.is_ready():
        drop_database(fault_url)


@pytest.fixture(scope="module")
def admin_engine(fault_url: str) -> Iterator[Engine]:
    """AUTOCOMMIT connections for DDL that breaks (and repairs) the database."""
    engine = create_engine(fault_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    yield engine
    engine.dispose()


@pytest.fixture
def fault_factory(fault_engine: Engine) -> sessionmaker[Session]:
    """Sessions over committed data; articles, their derived rows and jobs emptied first."""
    factory = make_session_factory(fault_engine)
    with transaction(factory) as session:
        for table in (Job, Claim, Mention, Article):
            session.execute(delete(table))
    return factory


@pytest.fixture(scope="module")
def ingest_key(fault_engine: Engine) -> str:
    with transaction(make_session_factory(fault_engine)) as session:
        _key, secret = create_key(session, "fault tests", ["ingest", "admin"])
    return secret


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs")
