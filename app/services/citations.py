"""Citations: the claims extracted from articles, with the article that makes each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Protocol

from sqlmodel import Session

from app.claim_status import ClaimStatus
from app.models import Article, Claim
from app.repositories import citations as repo
from app.schemas.citations import (
    ArticleClaim,
    ArticleMention,
    Citation,
    CitationPage,
    CitedArticle,
)
from app.services import pagination
from app.services.converters import EntitySummaries, entity_summaries
from app.services.errors import InvalidParameterError
from app.services.lookups import country_filter, mineral_filter
from app.services.pagination import decode_cursor, next_cursor


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ClaimColumns(Protocol):
    """What a citation shows of a claim: a Claim row or a column-only query row."""

    @property
    def id(self) -> int | None: ...
    @property
    def country_iso2(self) -> str: ...
    @property
    def mineral_slug(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def confidence(self) -> float: ...
    @property
    def extractor_version(self) -> str: ...
    @property
    def dated_at(self) -> datetime: ...


def cited_article(
    article_id: int,
    title: str | None,
    url: str | None,
    outlet: str | None,
    published_at: datetime | None,
    source_name: str | None = None,
) -> CitedArticle:
    return CitedArticle(
        id=article_id,
        title=title,
        url=url,
        source_name=source_name,
        outlet=outlet,
        published_at=_aware(published_at) if published_at else None,
    )


def citation_of(claim: ClaimColumns, article: CitedArticle, summaries: EntitySummaries) -> Citation:
    assert claim.id is not None
    return Citation(
        id=claim.id,
        country=summaries.country(claim.country_iso2),
        mineral=summaries.mineral(claim.mineral_slug),
        status=claim.status,
        evidence=claim.evidence,
        start=claim.start,
        end=claim.end,
        confidence=claim.confidence,
        extractor_version=claim.extractor_version,
        dated_at=_aware(claim.dated_at),
        article=article,
    )


def summaries_of(session: Session, claims: Iterable[ClaimColumns]) -> EntitySummaries:
    """The countries and minerals a set of claims names."""
    rows = list(claims)
    return entity_summaries(session, (c.country_iso2 for c in rows), (c.mineral_slug for c in rows))


def citation(claim: Claim, article: Article, summaries: EntitySummaries) -> Citation:
    assert article.id is not None
    source = cited_article(
        article.id,
        article.title,
        article.url or article.source_url,
        article.outlet,
        article.published_at,
        article.source_name,
    )
    return citation_of(claim, source, summaries)


def citation_of_row(row: repo.CitedClaim, summaries: EntitySummaries) -> Citation:
    """A citation from a plain row of a claim's and its article's columns."""
    source = cited_article(
        row.article_id,
        row.article_title,
        row.article_url or row.article_source_url,
        row.article_outlet,
        row.article_published_at,
        row.article_source_name,
    )
    return citation_of(row, source, summaries)


def _before(cursor: str | None) -> tuple[datetime, int] | None:
    key = decode_cursor(cursor, 2, (str, int))
    if key is None:
        return None
    try:
        return datetime.fromisoformat(str(key[0])), int(key[1])
    except (TypeError, ValueError):
        raise InvalidParameterError(
            "cursor", "The cursor is malformed; use a next_cursor value."
        ) from None


def list_citations(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    since: date | None,
    outlet: str | None,
    cursor: str | None,
    limit: int,
) -> CitationPage:
    country = country_filter(session, country)
    mineral = mineral_filter(session, mineral)
    moment = datetime.combine(since, time(), tzinfo=UTC) if since else None
    rows = repo.list_citations(
        session,
        country=country,
        mineral=mineral,
        status=status,
        since=moment,
        outlet=outlet,
        before=_before(cursor),
        limit=limit + 1,
    )
    named = summaries_of(session, rows[:limit])
    return CitationPage(
        items=[citation_of_row(row, named) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.dated_at.isoformat(), r.id)),
        total=pagination.bounded_total(
            repo.count_citations(
                session,
                country=country,
                mineral=mineral,
                status=status,
                since=moment,
                outlet=outlet,
                cap=pagination.TOTAL_CAP,
            )
        ),
    )


def article_mentions(session: Session, article_id: int) -> list[ArticleMention]:
    return [
        ArticleMention(
            entity_kind=m.entity_kind,
            entity_key=m.entity_key,
            name=m.name,
            count=m.count,
            first_start=m.first_start,
            first_end=m.first_end,
        )
        for m in repo.mentions_of_article(session, article_id)
    ]


def article_claims(session: Session, article_id: int) -> list[ArticleClaim]:
    rows = repo.claims_of_article(session, article_id)
    named = summaries_of(session, rows)
    claims = []
    for c in rows:
        assert c.id is not None
        claims.append(
            ArticleClaim(
                id=c.id,
                country=named.country(c.country_iso2),
                mineral=named.mineral(c.mineral_slug),
                status=c.status,
                evidence=c.evidence,
                start=c.start,
                end=c.end,
                confidence=c.confidence,
                extractor_version=c.extractor_version,
            )
        )
    return claims
