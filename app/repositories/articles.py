"""Queries over articles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select as core_select
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session, col, func, select

from app.models import Article, Job


def find_existing(
    session: Session,
    *,
    idempotency_key: str | None,
    url: str | None,
    content_hash: str | None,
) -> tuple[Article, str] | None:
    """The stored article a submission repeats, with why: idempotency, url or content."""
    checks = (("idempotency", Article.idempotency_key, idempotency_key), ("url", Article.url, url))
    for reason, column, value in (*checks, ("content", Article.content_hash, content_hash)):
        if value is None:
            continue
        found = session.exec(select(Article).where(col(column) == value)).first()
        if found is not None:
            return found, reason
    return None


# What a list shows of an article: everything but its bodies (up to megabytes each).
_BODIES = (Article.raw_body, Article.clean_text)
WITHOUT_BODIES = tuple(defer(cast(QueryableAttribute[Any], column)) for column in _BODIES)


def list_articles(
    session: Session,
    *,
    outlet: str | None,
    state: str | None,
    since: datetime | None,
    before_id: int | None,
    limit: int,
) -> Sequence[Article]:
    """Newest first (by id), keyset-paginated."""
    query = select(Article).options(*WITHOUT_BODIES).where(*_filters(outlet, state, since))
    if before_id is not None:
        query = query.where(col(Article.id) < before_id)
    return session.exec(query.order_by(col(Article.id).desc()).limit(limit)).all()


def _filters(outlet: str | None, state: str | None, since: datetime | None) -> list[Any]:
    conditions: list[Any] = []
    if outlet is not None:
        conditions.append(col(Article.outlet) == outlet)
    if state is not None:
        conditions.append(col(Article.enrichment_state) == state)
    if since is not None:
        conditions.append(col(Article.ingested_at) >= since)
    return conditions


def count_articles(
    session: Session, *, outlet: str | None, state: str | None, since: datetime | None, cap: int
) -> int:
    """Matching articles, counted up to `cap` + 1 so a huge total costs a bounded scan."""
    matching = select(col(Article.id)).where(*_filters(outlet, state, since)).limit(cap + 1)
    total: int = session.exec(select(func.count()).select_from(matching.subquery())).one()
    return total


def latest_job(session: Session, article_id: int) -> Job | None:
    query = select(Job).where(col(Job.article_id) == article_id).order_by(col(Job.id).desc())
    return session.exec(query.limit(1)).first()


def find_by_hash(session: Session, digest: str, exclude_id: int) -> Article | None:
    query = select(Article).where(
        col(Article.content_hash) == digest, col(Article.id) != exclude_id
    )
    return session.exec(query).first()


_CITED_CHUNK = 500
CITED_COLUMNS = (
    col(Article.id),
    col(Article.title),
    col(Article.url),
    col(Article.source_url),
    col(Article.outlet),
    col(Article.published_at),
    col(Article.source_name),
)
"""What a citation shows of its article (not the article's text)."""


def cited_columns(session: Session, ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """Per article id: (title, url or source_url, outlet, published_at, source_name), the
    columns a citation shows (not the article's text)."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(wanted), _CITED_CHUNK):
        query = core_select(*CITED_COLUMNS).where(
            col(Article.id).in_(wanted[start : start + _CITED_CHUNK])
        )
        for row in session.connection().execute(query).all():
            article_id, title, url, source_url, outlet, published_at, source_name = row
            if article_id is not None:
                found[article_id] = (title, url or source_url, outlet, published_at, source_name)
    return found
