"""The 401/403 matrix: writes need `ingest` (retry: `admin`); reads optionally `read`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.models import Job
from app.settings import Settings
from tests.ingest.conftest import bearer

WRITE_CASES = [
    (None, 401),
    ("garbage", 401),
    ("ow_deadbeef_unknown", 401),
    ("revoked", 401),
    ("read", 403),
    ("ingest", 202),
    ("admin", 202),
]


def _headers(keys: dict[str, str], who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    return bearer(keys.get(who, who))


@pytest.mark.parametrize(("who", "status"), WRITE_CASES)
def test_ingest_needs_the_ingest_scope(
    client: TestClient, keys: dict[str, str], who: str | None, status: int
) -> None:
    body = {"text": f"Cobalt from Congo {uuid.uuid4().hex}"}
    response = client.post("/v1/articles", json=body, headers=_headers(keys, who))
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == status
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_non_bearer_authorization_is_401(client: TestClient) -> None:
    response = client.post(
        "/v1/articles", json={"text": "x"}, headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("revoked", 401), ("read", 403), ("ingest", 403), ("admin", 202)],
)
def test_retry_needs_the_admin_scope(
    client: TestClient, session: Session, keys: dict[str, str], who: str | None, status: int
) -> None:
    created = client.post(
        "/v1/articles", json={"text": f"Lithium {uuid.uuid4().hex}"}, headers=bearer(keys["ingest"])
    ).json()
    job_id, article_id = created["job"]["id"], created["article"]["id"]
    session.execute(
        update(Job).where(Job.id == job_id).values(state="dead", attempts=5, last_error="boom")
    )
    session.commit()
    response = client.post(f"/v1/jobs/{job_id}/retry", headers=_headers(keys, who))
    assert response.status_code == status, response.text
    if status == 202:
        job = response.json()
        assert (job["state"], job["attempts"], job["last_error"]) == ("queued", 0, "boom")
        again = client.post(f"/v1/jobs/{job_id}/retry", headers=_headers(keys, who))
        assert again.status_code == 409
        assert client.get(f"/v1/articles/{article_id}").json()["enrichment_state"] == "pending"
        missing = client.post("/v1/jobs/999999/retry", headers=_headers(keys, who))
        assert missing.status_code == 404


@pytest.fixture
def closed_client(
    settings: Settings, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    locked = settings.model_copy(update={"reads_require_key": True})
    app = create_app(locked, session_factory=session_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_reads_are_open_by_default(client: TestClient) -> None:
    assert client.get("/v1/articles").status_code == 200
    assert client.get("/v1/jobs").status_code == 200
    assert client.get("/v1/countries/UA").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("garbage", 401),
        ("revoked", 401),
        ("read", 200),
        ("ingest", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("path", ["/v1/articles", "/v1/jobs", "/v1/countries/UA"])
def test_reads_can_require_the_read_scope(
    closed_client: TestClient, keys: dict[str, str], who: str | None, status: int, path: str
) -> None:
    response = closed_client.get(path, headers=_headers(keys, who))
    assert response.status_code == status, response.text
    assert closed_client.get("/healthz").status_code == 200
