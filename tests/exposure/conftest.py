"""Helpers for the exposure tests: enrich an article of our own into claims and records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction

# Our own wording, not a real article: one export restriction and one disruption of gallium.
GALLIUM_NEWS = """Gallium curbs tighten
China imposed export controls on gallium and germanium in July 2023, the commerce \
ministry said.
Russia's gallium output was disrupted by a fire at the Pikalevo plant, according to the \
company.
"""

Enrich = Callable[[str], int]


@pytest.fixture
def enrich(session_factory: sessionmaker[Session]) -> Enrich:
    """Store an article, extract its claims and recompute status records; returns its id."""

    def run(text: str) -> int:
        extraction = extract(text)
        with session_factory() as session, session.begin():
            now = datetime.now(UTC)
            article = Article(
                content_type="text/plain",
                raw_body=text,
                title="Gallium curbs tighten",
                ingested_at=now,
                updated_at=now,
                published_at=datetime(2025, 3, 1, tzinfo=UTC),
                outlet="Example Wire",
                url=f"https://news.example/exposure-{abs(hash(text))}",
            )
            session.add(article)
            session.flush()
            apply_extraction(session, article, extraction, min_confidence=0.0)
            assert article.id is not None
            return article.id

    return run
