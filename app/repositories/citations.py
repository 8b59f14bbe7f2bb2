"""Citation queries: claims joined with their articles, newest first (keyset)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from app.claim_status import ClaimStatus
from app.models import Article, Claim, Mention


def _filters(
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    since: datetime | None,
    outlet: str | None,
) -> list[Any]:
    filters: list[Any] = []
    if country is not None:
        filters.append(col(Claim.country_iso2) == country)
    if mineral is not None:
        filters.append(col(Claim.mineral_slug) == mineral)
    if status is not None:
        filters.append(col(Claim.status) == status)
    if since is not None:
        filters.append(col(Claim.dated_at) >= since)
    if outlet is not None:
        filters.append(func.lower(col(Article.outlet)) == outlet.lower())
    return filters


def list_citations(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    since: datetime | None,
    outlet: str | None,
    before: tuple[datetime, int] | None,
    limit: int,
) -> Sequence[tuple[Claim, Article]]:
    query = (
        select(Claim, Article)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(*_filters(country, mineral, status, since, outlet))
    )
    if before is not None:
        query = query.where(tuple_(col(Claim.dated_at), col(Claim.id)) < tuple_(*before))
    order = (col(Claim.dated_at).desc(), col(Claim.id).desc())
    return session.exec(query.order_by(*order).limit(limit)).all()


def count_citations(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    since: datetime | None,
    outlet: str | None,
    cap: int,
) -> int:
    """Matching claims, counted up to `cap` + 1 so a huge total costs a bounded scan."""
    matching = select(col(Claim.id))
    if outlet is not None:
        # Only the outlet filter needs the article: every claim has one (NOT NULL foreign
        # key), and PostgreSQL does not drop an unneeded inner join by itself.
        matching = matching.join(Article, col(Article.id) == Claim.article_id)
    matching = matching.where(*_filters(country, mineral, status, since, outlet))
    bounded = matching.limit(cap + 1).subquery()
    return session.exec(select(func.count()).select_from(bounded)).one()


def count_claims_of_article(session: Session, article_id: int) -> int:
    total: int = session.exec(
        select(func.count()).select_from(Claim).where(Claim.article_id == article_id)
    ).one()
    return total


def claims_of_article(session: Session, article_id: int) -> Sequence[Claim]:
    query = select(Claim).where(Claim.article_id == article_id).order_by(col(Claim.start))
    return session.exec(query).all()


def mentions_of_article(session: Session, article_id: int) -> Sequence[Mention]:
    query = (
        select(Mention)
        .where(Mention.article_id == article_id)
        .order_by(col(Mention.entity_kind), col(Mention.count).desc(), col(Mention.entity_key))
    )
    return session.exec(query).all()
