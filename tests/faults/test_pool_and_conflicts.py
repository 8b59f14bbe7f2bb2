"""Database errors that are not an outage: an exhausted connection pool is a 503, a write
that lost a race on a unique key is a 409; both problem+json, never a 500.

Engine-independent (a real pool over the engine under test); runs in both passes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import QueuePool

from app.api.main import create_app
from app.db import make_session_factory
from app.settings import Settings


@pytest.fixture
def one_connection_engine(live_url: str) -> Iterator[Engine]:
    engine = create_engine(
        live_url, poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=0.2
    )
    yield engine
    engine.dispose()


def _app(live_url: str, engine: Engine) -> FastAPI:
    settings = Settings(
        database_url=live_url, worker_concurrency=0, rate_limit_enabled=False, data_version_ttl_s=0
    )
    return create_app(settings, session_factory=make_session_factory(engine))


def test_an_exhausted_pool_is_a_503_problem(live_url: str, one_connection_engine: Engine) -> None:
    app = _app(live_url, one_connection_engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/v1/countries").status_code == 200
        with one_connection_engine.connect():  # the pool's only connection, held
            for path in ("/v1/countries", "/v1/countries?limit=3", "/readyz"):
                response = client.get(path)
                assert response.status_code == 503, response.text
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["retry-after"] == "2"
        assert client.get("/v1/countries").status_code == 200  # released: answers again


def test_a_write_that_lost_a_race_is_a_409_problem(
    live_url: str, one_connection_engine: Engine
) -> None:
    app = _app(live_url, one_connection_engine)

    @app.post("/race")
    def race() -> None:
        raise IntegrityError("INSERT INTO article ...", {}, Exception("unique violation"))

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/race")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/write-conflict")
    assert "INSERT" not in response.text  # no SQL in the answer
