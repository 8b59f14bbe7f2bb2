"""Fixtures for ingestion tests: API keys of each scope in the test's transaction, and a
served app over a database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.db import create_db_engine, make_session_factory, transaction
from app.services.keys import create_key
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.jobs.live import serve


@pytest.fixture
def keys(session: Session) -> dict[str, str]:
    """A secret per scope ("read", "ingest", "review", "admin") plus a revoked one."""
    out = {}
    for scope in ("read", "ingest", "review", "admin"):
        _key, out[scope] = create_key(session, f"test {scope}", [scope])
    revoked, out["revoked"] = create_key(session, "revoked", ["admin"])
    from app.services.keys import revoke_key

    revoke_key(session, str(revoked.id))
    session.commit()
    return out


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@dataclass
class LiveApi:
    """A served app over its own committed, seeded database (one per test module)."""

    http: httpx.Client
    keys: dict[str, str]
    factory: sessionmaker[Session]
    """Sessions on the served app's database, for data a test writes beside the API."""


@pytest.fixture(scope="module")
def live_api(live_url: str) -> Iterator[LiveApi]:
    """A real server on 127.0.0.1 whose sessions have connections of their own: a server
    thread must never share the test's one connection (its requests' clean-up can overlap
    the next request on another thread)."""
    settings = Settings(
        database_url=live_url, data_version_ttl_s=0, rate_limit_enabled=False, worker_concurrency=0
    )
    engine = create_db_engine(settings)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_reference_data(session)
        _key, ingest = create_key(session, "live ingest", ["ingest"])
        _key, review = create_key(session, "live review", ["review"])
    app = create_app(settings, embedded_worker=False)
    try:
        with serve(app) as base, httpx.Client(base_url=base, timeout=10) as http:
            yield LiveApi(http, {"ingest": ingest, "review": review}, factory)
    finally:
        app.state.ingest_batcher.close()
        engine.dispose()


@pytest.fixture
def api(live_api: LiveApi) -> httpx.Client:
    return live_api.http


@pytest.fixture
def live_keys(live_api: LiveApi) -> dict[str, str]:
    """The served app's keys (`keys` holds those of the test's own transaction)."""
    return live_api.keys
