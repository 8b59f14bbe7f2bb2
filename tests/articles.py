"""Store an article of our own and enrich it in-process, as the worker would."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction


def store_and_enrich(
    factory: sessionmaker[Session],
    text: str,
    *,
    published: datetime | None = None,
    title: str | None = None,
    url: str | None = None,
) -> int:
    """Commit one article and its extraction (every claim counts: confidence 0); its id."""
    extraction = extract(text)
    with factory() as session, session.begin():
        now = datetime.now(UTC)
        article = Article(
            content_type="text/plain",
            raw_body=text,
            title=title,
            ingested_at=now,
            updated_at=now,
            published_at=published,
            outlet="Example Wire",
            url=url or f"https://news.example/{abs(hash((text, published)))}",
        )
        session.add(article)
        session.flush()
        apply_extraction(session, article, extraction, min_confidence=0.0)
        assert article.id is not None
        return article.id
