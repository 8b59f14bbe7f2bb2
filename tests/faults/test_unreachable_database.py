"""No database server at all (nothing listens on its port): every read is a 503
problem+json with Retry-After, including those the cached-read fast path would serve.

Needs no database, so it runs in both passes of the suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings
from tests.processes import free_port


@pytest.fixture
def client() -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/orewatch",
        worker_concurrency=0,
        rate_limit_enabled=False,
        data_version_ttl_s=0,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    "path", ["/v1/countries", "/v1/countries/US/profile", "/v1/minerals/cobalt", "/readyz"]
)
def test_reads_without_a_database_are_503_problems(client: TestClient, path: str) -> None:
    for _ in range(2):  # the second goes through the fast path's version check again
        response = client.get(path)
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "2"
        assert response.json()["type"].endswith("/database-unavailable")


def test_liveness_needs_no_database(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
