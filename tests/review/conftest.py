"""Claims of our own, stored as the enrichment stores them, for the review tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from app.models import Article, Claim
from app.services.claim_identity import replace_claims
from app.services.status_records import recompute
from tests.ingest.conftest import keys, live_api

__all__ = ["ClaimSpec", "keys", "live_api", "store", "store_article"]


@dataclass(frozen=True)
class ClaimSpec:
    country: str
    mineral: str
    status: str
    confidence: float
    sentence: str
    start: int = 0


def store_article(
    factory: sessionmaker[Session],
    specs: list[ClaimSpec],
    *,
    published: datetime = datetime(2025, 5, 1, tzinfo=UTC),
    article_id: int | None = None,
    version: str = "test/1",
) -> tuple[int, list[int]]:
    """Store (or, with `article_id`, re-enrich) an article whose extraction gave `specs`;
    recompute the pairs as enrichment does. Returns the article id and its claim ids."""
    with factory() as session, session.begin():
        now = datetime.now(UTC)
        if article_id is None:
            article = Article(
                content_type="text/plain",
                raw_body=" ".join(s.sentence for s in specs) or "empty",
                ingested_at=now,
                updated_at=now,
                published_at=published,
                outlet="Example Wire",
                title="Review test",
            )
            session.add(article)
            session.flush()
            assert article.id is not None
            article_id = article.id
        stored = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
        before = {(c.country_iso2, c.mineral_slug) for c in stored}
        fresh = [
            Claim(
                article_id=article_id,
                country_iso2=s.country,
                mineral_slug=s.mineral,
                status=s.status,
                evidence=s.sentence,
                start=s.start,
                end=s.start + len(s.sentence),
                confidence=s.confidence,
                extractor_version=version,
                dated_at=published,
            )
            for s in specs
        ]
        claims = replace_claims(session, article_id, fresh)
        pairs = before | {(s.country, s.mineral) for s in specs}
        recompute(session, {(c, m) for c, m in pairs if m})
        return article_id, [c.id for c in claims if c.id is not None]


StoreArticle = Callable[..., tuple[int, list[int]]]


@pytest.fixture
def store(session_factory: sessionmaker[Session]) -> StoreArticle:
    def run(specs: list[ClaimSpec], **options: object) -> tuple[int, list[int]]:
        return store_article(session_factory, specs, **options)  # type: ignore[arg-type]

    return run
