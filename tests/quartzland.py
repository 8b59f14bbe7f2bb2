"""A country and a mineral of their own (Quartzland x test-ore) on a committed database,
for tests of concurrent transactions on one status record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import make_session_factory, transaction
from app.models import (
    Article,
    Claim,
    ClaimReview,
    Country,
    Mineral,
    RetiredClaim,
    StatusChange,
    StatusRecord,
)

PAIR = ("QZ", "test-ore")
_DERIVED = (ClaimReview, RetiredClaim, StatusChange, StatusRecord, Claim, Article)


def _empty(session: Session) -> None:
    for model in _DERIVED:
        session.execute(delete(model))


@contextmanager
def quartzland(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions on `engine` with the pair's country and mineral, and no articles, claims,
    records or reviews before and after."""
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        _empty(session)
        if session.get(Country, PAIR[0]) is None:
            session.add(
                Country(iso2="QZ", iso3="QZZ", numeric="999", name="Quartzland", region="Europe")
            )
        if session.get(Mineral, PAIR[1]) is None:
            session.add(Mineral(slug="test-ore", name="Test ore", kind="commodity"))
    try:
        yield factory
    finally:
        with transaction(factory) as session:
            _empty(session)


def add_claim(session: Session, status: str, label: str, dated_at: datetime) -> int:
    """An article and one confident claim of `status` on PAIR, in the session's transaction."""
    now = datetime.now(UTC)
    article = Article(
        content_type="text/plain", raw_body=f"site {label}", ingested_at=now, updated_at=now
    )
    session.add(article)
    session.flush()
    assert article.id is not None
    claim = Claim(
        article_id=article.id,
        country_iso2=PAIR[0],
        mineral_slug=PAIR[1],
        status=status,
        evidence=f"Quartzland and its test-ore, {status} ({label}).",
        start=0,
        end=40,
        confidence=0.99,
        extractor_version="test",
        dated_at=dated_at,
    )
    session.add(claim)
    session.flush()
    assert claim.id is not None
    return claim.id
