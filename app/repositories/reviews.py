"""Queries over claim reviews, retired claim ids and the review queue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Case, and_, case, func, or_, tuple_, update
from sqlmodel import Session, col, select

from app.models import Article, Claim, ClaimReview, RetiredClaim
from app.repositories.articles import WITHOUT_BODIES

_CHUNK = 500


def lock_claim(session: Session, claim_id: int) -> bool:
    """Take the claim's row lock (and, on SQLite, the write lock) before reading anything,
    so two verdicts on one claim are applied one after the other; False if there is none."""
    statement = (
        update(Claim)
        .where(col(Claim.id) == claim_id)
        .values(review_id=col(Claim.review_id))
        .execution_options(synchronize_session=False)
    )
    return bool(session.connection().execute(statement).rowcount)


def retired(session: Session, claim_id: int) -> RetiredClaim | None:
    return session.get(RetiredClaim, claim_id)


def reviews_of_claim(session: Session, claim_id: int) -> Sequence[ClaimReview]:
    query = select(ClaimReview).where(ClaimReview.claim_id == claim_id)
    return session.exec(query.order_by(col(ClaimReview.id).desc())).all()


def reviews_by_id(session: Session, ids: Iterable[int]) -> dict[int, ClaimReview]:
    wanted = sorted(set(ids))
    found: dict[int, ClaimReview] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(ClaimReview).where(col(ClaimReview.id).in_(wanted[start : start + _CHUNK]))
        found |= {r.id: r for r in session.exec(query).all() if r.id is not None}
    return found


def reviews_of_article(session: Session, article_id: int) -> Sequence[ClaimReview]:
    # Fresh rows: deleting a claim just set their claim_id to null in the database.
    query = select(ClaimReview).where(ClaimReview.article_id == article_id)
    query = query.order_by(col(ClaimReview.id)).execution_options(populate_existing=True)
    return session.exec(query).all()


def list_reviews(
    session: Session, *, orphaned: bool | None, before_id: int | None, limit: int
) -> Sequence[ClaimReview]:
    query = select(ClaimReview)
    if orphaned is not None:
        column = col(ClaimReview.claim_id)
        query = query.where(column.is_(None) if orphaned else column.is_not(None))
    if before_id is not None:
        query = query.where(col(ClaimReview.id) < before_id)
    return session.exec(query.order_by(col(ClaimReview.id).desc()).limit(limit)).all()


def count_reviews(session: Session, *, orphaned: bool | None) -> int:
    query = select(func.count()).select_from(ClaimReview)
    if orphaned is not None:
        column = col(ClaimReview.claim_id)
        query = query.where(column.is_(None) if orphaned else column.is_not(None))
    total: int = session.exec(query).one()
    return total


def current_review_ids(session: Session, claim_ids: Iterable[int]) -> dict[int, int | None]:
    wanted = sorted(set(claim_ids))
    found: dict[int, int | None] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(Claim.id, Claim.review_id).where(
            col(Claim.id).in_(wanted[start : start + _CHUNK])
        )
        found |= {
            claim_id: review_id for claim_id, review_id in session.exec(query).all() if claim_id
        }
    return found


def reviews_since(session: Session, start: datetime | None) -> Sequence[ClaimReview]:
    """Every verdict (given at or after `start`), oldest first."""
    query = select(ClaimReview).order_by(col(ClaimReview.id))
    if start is not None:
        query = query.where(col(ClaimReview.created_at) >= start)
    return session.exec(query).all()


def retire(session: Session, claim_ids: Iterable[int], article_id: int, at: datetime) -> None:
    session.add_all(RetiredClaim(id=i, article_id=article_id, retired_at=at) for i in claim_ids)


@dataclass(frozen=True)
class QueueFilters:
    review: str | None = None
    """unreviewed, confirmed or rejected."""
    country: str | None = None
    mineral: str | None = None
    status: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None


def counts_expression(threshold: float) -> Case[int]:
    """0 for a claim a status record follows (confirmed, or confident and not rejected),
    1 otherwise: the queue's first sort key."""
    follows = or_(
        col(Claim.review_verdict) == "confirmed",
        and_(
            col(Claim.confidence) >= threshold,
            or_(col(Claim.review_verdict).is_(None), col(Claim.review_verdict) != "rejected"),
        ),
    )
    return case((follows, 0), else_=1)


def _filtered(query: Any, filters: QueueFilters) -> Any:
    """`query` with the filters' conditions (a select of claims, or a count of them)."""
    if filters.review == "unreviewed":
        query = query.where(col(Claim.review_verdict).is_(None))
    elif filters.review is not None:
        query = query.where(col(Claim.review_verdict) == filters.review)
    if filters.country is not None:
        query = query.where(col(Claim.country_iso2) == filters.country)
    if filters.mineral is not None:
        query = query.where(col(Claim.mineral_slug) == filters.mineral)
    if filters.status is not None:
        query = query.where(col(Claim.status) == filters.status)
    if filters.min_confidence is not None:
        query = query.where(col(Claim.confidence) >= filters.min_confidence)
    if filters.max_confidence is not None:
        query = query.where(col(Claim.confidence) <= filters.max_confidence)
    return query


def queue(
    session: Session,
    filters: QueueFilters,
    threshold: float,
    *,
    after: tuple[int, float, int] | None,
    limit: int,
) -> Sequence[tuple[Claim, Article, int]]:
    """Claims in review order: those a record follows first, then the least certain."""
    rank = counts_expression(threshold)
    query = _filtered(
        select(Claim, Article, rank)
        .join(Article, col(Article.id) == col(Claim.article_id))
        .options(*WITHOUT_BODIES),
        filters,
    )
    if after is not None:
        query = query.where(tuple_(rank, col(Claim.confidence), col(Claim.id)) > tuple_(*after))
    query = query.order_by(rank, col(Claim.confidence), col(Claim.id)).limit(limit)
    rows: Sequence[tuple[Claim, Article, int]] = session.exec(query).all()
    return rows


def count_queue(session: Session, filters: QueueFilters) -> int:
    total: int = session.exec(_filtered(select(func.count()).select_from(Claim), filters)).one()
    return total
