"""Fixtures for the frontend-facing HTTP behaviour: keys, an enriched article, a CORS app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction
from app.services.keys import create_key
from app.settings import Settings

# Our own wording: claims of an export restriction and a disruption of gallium.
NEWS = """Gallium curbs tighten
China imposed export controls on gallium and germanium in July 2023, the commerce \
ministry said.
Russia's gallium output was disrupted by a fire at the Pikalevo plant, according to the \
company.
"""
ALLOWED_ORIGIN = "https://app.example.com"


@pytest.fixture
def ingest_key(session: Session) -> str:
    _key, secret = create_key(session, "frontend tests", ["ingest", "admin"])
    session.commit()
    return secret


@pytest.fixture
def enriched_article(session_factory: sessionmaker[Session]) -> int:
    """An article with claims (so citations exist); returns its id."""
    with session_factory() as session, session.begin():
        now = datetime.now(UTC)
        article = Article(
            content_type="text/plain",
            raw_body=NEWS,
            title="Gallium curbs tighten",
            ingested_at=now,
            updated_at=now,
            published_at=datetime(2025, 3, 1, tzinfo=UTC),
            outlet="Example Wire",
            url="https://news.example/frontend-gallium",
        )
        session.add(article)
        session.flush()
        apply_extraction(session, article, extract(NEWS))
        assert article.id is not None
        return article.id


@pytest.fixture
def app_client(
    settings: Settings, session_factory: sessionmaker[Session]
) -> Iterator[Callable[..., TestClient]]:
    """A client of an app built with other settings (closed at the end of the test)."""
    opened: list[TestClient] = []

    def make(**changes: object) -> TestClient:
        app = create_app(settings.model_copy(update=changes), session_factory=session_factory)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def cors_client(app_client: Callable[..., TestClient]) -> TestClient:
    return app_client(cors_origins=[ALLOWED_ORIGIN])
