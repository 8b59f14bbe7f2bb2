"""Bad and oversized input: problem+json errors, and nothing written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.models import Article, Job
from app.settings import Settings
from tests.ingest.conftest import bearer


def _counts(session: Session) -> tuple[int, int]:
    articles = session.execute(select(func.count()).select_from(Article)).scalar_one()
    jobs = session.execute(select(func.count()).select_from(Job)).scalar_one()
    return articles, jobs


def _problem(response_status: int, response: object) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == response_status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == response_status


@pytest.fixture
def small_client(
    settings: Settings, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"max_request_bytes": 2048}), session_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_bodies_over_the_cap_are_413(
    client: TestClient, small_client: TestClient, session: Session, keys: dict[str, str]
) -> None:
    before = _counts(session)
    big = {"text": "x" * 2_100_000}
    _problem(413, client.post("/v1/articles", json=big, headers=bearer(keys["ingest"])))
    _problem(413, client.post("/v1/articles", json=big))  # before authentication
    _problem(
        413,
        small_client.post(
            "/v1/articles", json={"text": "y" * 3000}, headers=bearer(keys["ingest"])
        ),
    )

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"z" * 500
        yield b'"}'

    streamed = small_client.post(
        "/v1/articles",
        content=chunks(),
        headers=bearer(keys["ingest"]) | {"Content-Type": "application/json"},
    )
    _problem(413, streamed)
    assert _counts(session) == before


def test_text_length_is_capped(
    settings: Settings, session_factory: sessionmaker[Session], keys: dict[str, str]
) -> None:
    app = create_app(settings.model_copy(update={"max_request_bytes": 5_000_000}), session_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/v1/articles", json={"text": "w" * 1_000_001}, headers=bearer(keys["ingest"])
        )
    _problem(422, response)
    assert response.json()["errors"][0]["name"] == "text"


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"text": "unterminated', "application/json", 400),
        (b"\xff\xfe\xfa not utf-8", "application/json", 400),
        (b'{"text": "fine"}', "text/plain", 415),
        (b'{"text": "fine"}', None, 415),
        (b"text=fine", "application/x-www-form-urlencoded", 415),
        (b'["text"]', "application/json", 422),
        (b"{}", "application/json", 422),
        (b'{"text": "a", "url": "https://example.com/"}', "application/json", 422),
        (b'{"url": "ftp://example.com/x"}', "application/json", 422),
        (b'{"url": "https://"}', "application/json", 422),
        (b'{"text": "a", "bogus": 1}', "application/json", 422),
        (b'{"text": ""}', "application/json", 422),
        (b'{"text": "a", "published_at": "yesterday"}', "application/json", 422),
        (b'{"text": 5}', "application/json", 422),
    ],
)
def test_bad_bodies_are_problems_and_write_nothing(
    client: TestClient,
    session: Session,
    keys: dict[str, str],
    content: bytes,
    content_type: str | None,
    status: int,
) -> None:
    before = _counts(session)
    headers = bearer(keys["ingest"])
    if content_type:
        headers["Content-Type"] = content_type
    _problem(status, client.post("/v1/articles", content=content, headers=headers))
    assert _counts(session) == before


def test_bad_idempotency_key_header_is_422(client: TestClient, keys: dict[str, str]) -> None:
    headers = bearer(keys["ingest"]) | {"Idempotency-Key": "x" * 300}
    _problem(422, client.post("/v1/articles", json={"text": "abc"}, headers=headers))
