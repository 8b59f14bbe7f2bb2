"""Analyst review: verdicts on claims, the review queue, and status records that follow.

A verdict and the recomputation of the record it touches commit together: the moment a
claim is rejected, no facet rests on it any more, and the pair's history says so (an entry
whose cause is `review:<id>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from app.claim_status import ClaimStatus, ReviewVerdict
from app.models import Article, Claim, ClaimReview
from app.repositories import reviews as repo
from app.schemas.reviews import (
    ClaimDetail,
    ClaimPage,
    ClaimQueueItem,
    Reviewer,
    ReviewItem,
    ReviewPage,
)
from app.services.citations import citation, summaries_of
from app.services.errors import DomainError, InvalidParameterError, NotFoundError
from app.services.lookups import country_filter, mineral_filter
from app.services.pagination import decode_cursor, next_cursor
from app.services.status_records import default_min_confidence, recompute

REVIEW_STATES = ("unreviewed", "confirmed", "rejected")


class ClaimReplacedError(DomainError):
    """The claim was replaced by a re-enrichment after the client read it."""

    status = 409
    title = "Conflict"
    slug = "claim-replaced"


@dataclass(frozen=True)
class ReviewerIdentity:
    key_id: int | None
    name: str


def review_item(review: ClaimReview, current_id: int | None) -> ReviewItem:
    assert review.id is not None
    return ReviewItem(
        id=review.id,
        claim_id=review.claim_id,
        verdict=ReviewVerdict(review.verdict),
        note=review.note,
        reviewer=Reviewer(key_id=review.reviewer_key_id, name=review.reviewer_name),
        created_at=_aware(review.created_at),
        current=review.claim_id is not None and review.id == current_id,
        orphaned=review.claim_id is None,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def counts(claim: Claim, threshold: float) -> bool:
    """A status record follows the claim: confirmed, or confident and not rejected."""
    if claim.review_verdict == ReviewVerdict.CONFIRMED:
        return True
    return claim.confidence >= threshold and claim.review_verdict != ReviewVerdict.REJECTED


def _missing(session: Session, claim_id: int) -> DomainError:
    gone = repo.retired(session, claim_id)
    if gone is None:
        return NotFoundError(f"No claim {claim_id}.")
    return ClaimReplacedError(
        f"Claim {claim_id} was replaced when article {gone.article_id} was enriched again "
        f"({_aware(gone.retired_at).isoformat()}); review the article's current claims "
        f"(GET /v1/articles/{gone.article_id})."
    )


def threshold(min_confidence: float | None) -> float:
    """The confidence a claim needs to move a facet: the setting, else the model's."""
    return default_min_confidence() if min_confidence is None else min_confidence


def claim_detail(
    session: Session, claim_id: int, *, min_confidence: float | None = None
) -> ClaimDetail:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise _missing(session, claim_id)
    article = session.get(Article, claim.article_id)
    assert article is not None
    reviews = repo.reviews_of_claim(session, claim_id)
    items = [review_item(r, claim.review_id) for r in reviews]
    current = next((i for i in items if i.current), None)
    return ClaimDetail(
        **citation(claim, article, summaries_of(session, [claim])).model_dump(),
        counts=counts(claim, threshold(min_confidence)),
        review=current,
        reviews=items,
    )


def review_claim(
    session: Session,
    claim_id: int,
    verdict: ReviewVerdict,
    note: str | None,
    reviewer: ReviewerIdentity,
    *,
    min_confidence: float | None = None,
) -> ClaimDetail:
    """Record a verdict and recompute the claim's pair, in the caller's transaction."""
    if not repo.lock_claim(session, claim_id):
        raise _missing(session, claim_id)
    claim = session.get(Claim, claim_id, populate_existing=True)
    assert claim is not None
    assert claim.id is not None
    review = ClaimReview(
        claim_id=claim.id,
        article_id=claim.article_id,
        country_iso2=claim.country_iso2,
        mineral_slug=claim.mineral_slug,
        status=str(claim.status),
        start=claim.start,
        end=claim.end,
        evidence=claim.evidence,
        verdict=str(verdict),
        note=note.strip() if note and note.strip() else None,
        reviewer_key_id=reviewer.key_id,
        reviewer_name=reviewer.name,
        created_at=datetime.now(UTC),
    )
    session.add(review)
    session.flush()
    claim.review_id = review.id
    claim.review_verdict = str(verdict)
    session.add(claim)
    session.flush()
    if claim.mineral_slug is not None:
        pair = (claim.country_iso2, claim.mineral_slug)
        recompute(session, {pair}, min_confidence=min_confidence)
    return claim_detail(session, claim.id, min_confidence=min_confidence)


def list_reviews(
    session: Session, *, orphaned: bool | None, cursor: str | None, limit: int
) -> ReviewPage:
    """Every verdict, newest first; `orphaned` keeps those whose claim is gone (or not)."""
    after = decode_cursor(cursor, 1, (int,))
    rows = repo.list_reviews(
        session, orphaned=orphaned, before_id=int(after[0]) if after else None, limit=limit + 1
    )
    page = list(rows[:limit])
    current = repo.current_review_ids(session, {r.claim_id for r in page if r.claim_id})
    return ReviewPage(
        items=[review_item(r, current.get(r.claim_id) if r.claim_id else None) for r in page],
        next_cursor=next_cursor(list(rows), limit, lambda r: (r.id,)),
        total=repo.count_reviews(session, orphaned=orphaned),
    )


def _filters(
    session: Session,
    *,
    review: str | None,
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    min_confidence: float | None,
    max_confidence: float | None,
) -> repo.QueueFilters:
    if review is not None and review not in REVIEW_STATES:  # the API checks it too
        raise InvalidParameterError(
            "review", f"Unknown review state {review!r}; known: {', '.join(REVIEW_STATES)}."
        )
    if (
        min_confidence is not None
        and max_confidence is not None
        and min_confidence > max_confidence
    ):
        raise InvalidParameterError(
            "min_confidence", "min_confidence is greater than max_confidence."
        )
    return repo.QueueFilters(
        review=review,
        country=country_filter(session, country),
        mineral=mineral_filter(session, mineral),
        status=status,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
    )


def list_claims(
    session: Session,
    *,
    review: str | None,
    country: str | None,
    mineral: str | None,
    status: ClaimStatus | None,
    min_confidence: float | None,
    max_confidence: float | None,
    cursor: str | None,
    limit: int,
    status_threshold: float | None = None,
) -> ClaimPage:
    """The review queue: claims a status record follows first (a wrong one misleads
    today), then the least certain; ties by id."""
    filters = _filters(
        session,
        review=review,
        country=country,
        mineral=mineral,
        status=status,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
    )
    needed = threshold(status_threshold)
    after = decode_cursor(cursor, 3, (int, float, int))
    rows = repo.queue(
        session,
        filters,
        needed,
        after=(int(after[0]), float(after[1]), int(after[2])) if after else None,
        limit=limit + 1,
    )
    current = repo.reviews_by_id(session, {c.review_id for c, _, _ in rows if c.review_id})
    named = summaries_of(session, (c for c, _, _ in rows[:limit]))
    items = []
    for claim, article, _rank in rows[:limit]:
        review_row = current.get(claim.review_id) if claim.review_id else None
        items.append(
            ClaimQueueItem(
                **citation(claim, article, named).model_dump(),
                counts=counts(claim, needed),
                review=review_item(review_row, claim.review_id) if review_row else None,
            )
        )
    return ClaimPage(
        items=items,
        next_cursor=next_cursor(list(rows), limit, lambda r: (r[2], r[0].confidence, r[0].id)),
        total=repo.count_queue(session, filters),
    )
