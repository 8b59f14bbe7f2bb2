"""A claim's identity across re-enrichments, so analysts' verdicts survive them.

A claim is the same claim when a new extraction of its article finds the same country,
mineral, status and evidence offsets again: its row (and id) is kept and updated, so its
verdicts stay on it. A claim not found again is deleted and its id retired (naming it
answers 409); its verdicts stay, orphaned, and move back to a claim with that identity
should a later extraction find it again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.models import Claim, ClaimReview
from app.repositories import reviews as review_repo

ClaimKey = tuple[str, str | None, str, int, int]
_KEPT_FIELDS = ("evidence", "confidence", "extractor_version", "dated_at")


def claim_key(claim: Claim | ClaimReview) -> ClaimKey:
    return (claim.country_iso2, claim.mineral_slug, str(claim.status), claim.start, claim.end)


def replace_claims(session: Session, article_id: int, fresh: list[Claim]) -> list[Claim]:
    """Make `fresh` the article's claims, reusing the rows of claims found again; returns
    the article's claims now (flushed, with ids)."""
    stored: dict[ClaimKey, list[Claim]] = defaultdict(list)
    for claim in session.exec(select(Claim).where(col(Claim.article_id) == article_id)):
        stored[claim_key(claim)].append(claim)
    result: list[Claim] = []
    for claim in fresh:
        same = stored.get(claim_key(claim))
        if same:
            kept = same.pop(0)
            for field in _KEPT_FIELDS:
                setattr(kept, field, getattr(claim, field))
            result.append(kept)
        else:
            session.add(claim)
            result.append(claim)
    gone = [claim for rows in stored.values() for claim in rows]
    now = datetime.now(UTC)
    review_repo.retire(session, [c.id for c in gone if c.id is not None], article_id, now)
    for claim in gone:
        session.delete(claim)
    session.flush()
    _relink_orphans(session, article_id, result)
    return result


def _relink_orphans(session: Session, article_id: int, claims: list[Claim]) -> None:
    """Orphaned verdicts of the article go back to a claim with their identity."""
    by_key = {claim_key(c): c for c in claims}
    for review in review_repo.reviews_of_article(session, article_id):
        if review.claim_id is not None:
            continue
        claim = by_key.get(claim_key(review))
        if claim is None:
            continue
        review.claim_id = claim.id
        if claim.review_id is None or (review.id or 0) > claim.review_id:
            claim.review_id = review.id
            claim.review_verdict = review.verdict
    session.flush()
