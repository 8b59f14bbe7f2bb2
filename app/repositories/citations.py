"""Citation queries: claims joined with their articles, newest first (keyset)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, any_, bindparam, func, tuple_
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, col, select

from app.claim_status import ClaimStatus
from app.models import Article, Claim, Mention
from app.repositories.articles import CITED_COLUMNS as ARTICLE_CITED_COLUMNS


class CitedClaim(NamedTuple):
    """The columns of a claim and of its article that a citation shows."""

    id: int
    country_iso2: str
    mineral_slug: str | None
    status: str
    evidence: str
    start: int
    end: int
    confidence: float
    extractor_version: str
    dated_at: datetime
    article_id: int
    article_title: str | None
    article_url: str | None
    article_source_url: str | None
    article_outlet: str | None
    article_published_at: datetime | None
    article_source_name: str | None


_CITED_COLUMNS = (
    col(Claim.id),
    col(Claim.country_iso2),
    col(Claim.mineral_slug),
    col(Claim.status),
    col(Claim.evidence),
    col(Claim.start),
    col(Claim.end),
    col(Claim.confidence),
    col(Claim.extractor_version),
    col(Claim.dated_at),
    *ARTICLE_CITED_COLUMNS,
)


def cited_claims(session: Session, ids: set[int]) -> list[CitedClaim]:
    """The claims with these ids and their articles, as plain rows (no ORM objects, and none
    of the article's text), by primary key."""
    if not ids:
        return []
    claim_id = col(Claim.id)
    if session.get_bind().dialect.name == "postgresql":
        # One array parameter rather than one parameter per id (up to hundreds here):
        # cheaper to render, and the statement text stays the same whatever the count.
        wanted = claim_id == any_(bindparam("ids", sorted(ids), type_=ARRAY(Integer)))
    else:
        wanted = claim_id.in_(ids)
    query = (
        core_select(*_CITED_COLUMNS)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(wanted)
    )
    return [CitedClaim._make(row) for row in session.connection().execute(query)]


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
) -> list[CitedClaim]:
    """Newest first, as plain rows: the claim's columns and its article's, not its text."""
    query = (
        core_select(*_CITED_COLUMNS)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(*_filters(country, mineral, status, since, outlet))
    )
    if before is not None:
        query = query.where(tuple_(col(Claim.dated_at), col(Claim.id)) < tuple_(*before))
    order = (col(Claim.dated_at).desc(), col(Claim.id).desc())
    rows = session.connection().execute(query.order_by(*order).limit(limit))
    return [CitedClaim._make(row) for row in rows]


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
