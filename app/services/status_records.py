"""Keep status records current: gather evidence, derive facets, persist, keep history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.claim_status import ReviewVerdict
from app.enrichment.confidence import packaged_model
from app.enrichment.pipeline import EXTRACTOR_VERSION
from app.models import ClaimReview, ProductionFigure, ReserveFigure, StatusChange
from app.repositories import reviews as review_repo
from app.repositories import statistics as stats
from app.repositories import status as status_repo
from app.services.profiles import latest_for_country, latest_reliance
from app.services.status_derivation import ClaimEvidence, PairEvidence, ReviewMark
from app.services.status_timeline import FacetChange, derive, derive_facets
from app.services.status_values import facet_value_text

Pair = tuple[str, str]


def default_min_confidence() -> float:
    """The confidence a claim needs to move a facet unless a setting says otherwise: the
    packaged model's threshold, where its cross-validated precision reached the target."""
    return packaged_model(EXTRACTOR_VERSION).default_threshold


def gather_evidence(
    session: Session,
    pairs: set[Pair],
    *,
    with_claims: bool = True,
    min_confidence: float | None = None,
) -> dict[Pair, PairEvidence]:
    """Statistics and claims behind each pair, loaded with a fixed number of queries.

    Without `with_claims` the claims are not loaded (a pair can have tens of thousands);
    each pair's `claims` is then empty.
    """
    minerals = {m for _, m in pairs}
    countries = {c for c, _ in pairs}
    production_tables = stats.latest_tables(session, ProductionFigure, minerals)
    reserve_tables = stats.latest_tables(session, ReserveFigure, minerals)
    production = {c: latest_for_country(production_tables, c) for c in countries}
    reserves = {c: latest_for_country(reserve_tables, c) for c in countries}
    reliance_by_importer: dict[str, list[Any]] = defaultdict(list)
    for row in stats.import_reliance_of_minerals(session, minerals):
        reliance_by_importer[row[0].importer_iso2].append(row)
    reliance = {c: latest_reliance(reliance_by_importer.get(c, [])) for c in countries}
    claims: dict[Pair, list[ClaimEvidence]] = defaultdict(list)
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    rows = status_repo.claims_for_pairs(session, pairs) if with_claims else ()
    reviews = review_repo.reviews_by_id(session, {c.review_id for c in rows if c.review_id})
    for claim in rows:
        review = reviews.get(claim.review_id) if claim.review_id else None
        mark = _review_mark(review, confident=claim.confidence >= threshold)
        if claim.confidence < threshold and mark is None:
            continue  # kept and listed as a citation, but too uncertain to move a facet
        if mark is not None and mark.verdict is ReviewVerdict.REJECTED and not mark.decides:
            continue  # rejected, and would not have counted anyway
        assert claim.id is not None
        assert claim.mineral_slug is not None
        claims[(claim.country_iso2, claim.mineral_slug)].append(
            ClaimEvidence(
                claim_id=claim.id,
                article_id=claim.article_id,
                status=claim.status,
                sentence=claim.evidence,
                dated_at=claim.dated_at,
                review=mark,
            )
        )
    return {
        (c, m): PairEvidence(
            production=production[c].get(m, []),
            reserves=reserves[c].get(m, []),
            import_reliance=reliance[c].get(m, []),
            claims=claims.get((c, m), []),
        )
        for c, m in pairs
    }


def _review_mark(review: ClaimReview | None, *, confident: bool) -> ReviewMark | None:
    """How a claim's current verdict moves the record: a confirmation decides for a claim
    below the threshold, a rejection for one above it."""
    if review is None:
        return None
    assert review.id is not None
    verdict = ReviewVerdict(review.verdict)
    return ReviewMark(
        review_id=review.id,
        verdict=verdict,
        reviewed_at=review.created_at,
        reviewer=review.reviewer_name,
        note=review.note,
        decides=confident if verdict is ReviewVerdict.REJECTED else not confident,
    )


def _columns(facets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "production_state": facets["production"]["value"],
        "market_position": facets["market_position"]["value"],
        "reserves_state": facets["reserves"]["value"],
        "import_dependent": facets["import_dependent"]["value"],
        "export_restricted": facets["export_restricted"]["value"],
        "disrupted": facets["disrupted"]["value"],
        "developing": facets["developing"]["value"],
    }


def _history_row(pair: Pair, change: FacetChange) -> dict[str, Any]:
    """A change as the columns of its history row (all but id and changed_at)."""
    return {
        "country_iso2": pair[0],
        "mineral_slug": pair[1],
        "facet": str(change.facet),
        "old_value": facet_value_text(change.old_value),
        "new_value": facet_value_text(change.new_value) or "unknown",
        "basis": str(change.basis),
        "as_of": change.as_of,
        "reason": change.reason,
        "evidence": change.evidence,
        "cause": change.cause,
    }


def _sync_history(
    session: Session,
    pair: Pair,
    changes: list[FacetChange],
    stored: Sequence[StatusChange],
    now: datetime,
) -> int:
    """Make the stored history of `pair` the replayed one: rows up to the first difference
    stay (with their ids and recording times), the rest are replaced. Returns rows written."""
    wanted = [_history_row(pair, change) for change in changes]
    kept = 0
    for row, existing in zip(wanted, stored, strict=False):
        if any(getattr(existing, key) != value for key, value in row.items()):
            break
        kept += 1
    status_repo.delete_changes(session, [c.id for c in stored[kept:] if c.id is not None])
    status_repo.add_all(session, [StatusChange(**row, changed_at=now) for row in wanted[kept:]])
    return len(wanted) - kept


def recompute(
    session: Session, pairs: Iterable[Pair], *, min_confidence: float | None = None
) -> int:
    """Re-derive the records of `pairs` and their history in the caller's transaction;
    returns the history rows written.

    Only claims of at least `min_confidence` (default: default_min_confidence()) count.
    """
    wanted = set(pairs)
    if not wanted:
        return 0
    now = datetime.now(UTC)
    # Records first (created where missing, locked), evidence after: a concurrent
    # transaction touching the same pairs has committed by then, so its claims are seen
    # and neither fails on the other's new record (issue 15, item 8).
    nothing_known = derive_facets(PairEvidence([], [], [], []))
    placeholder = {"facets": nothing_known, "updated_at": now, **_columns(nothing_known)}
    records, created = status_repo.claim_records(session, wanted, placeholder)
    evidence = gather_evidence(session, wanted, min_confidence=min_confidence)
    # A late article can rewrite the past of a pair without changing where it stands
    # today, so the history is compared even when the facets are equal.
    histories = status_repo.changes_of_pairs(session, wanted)
    written = 0
    for pair in sorted(wanted):
        derivation = derive(evidence[pair])
        record = records[pair]
        if pair in created or record.facets != derivation.facets:
            record.facets = derivation.facets
            record.updated_at = now
            for column, value in _columns(derivation.facets).items():
                setattr(record, column, value)
        written += _sync_history(session, pair, derivation.changes, histories.get(pair, []), now)
    session.flush()
    return written


def recompute_known_pairs(session: Session, *, min_confidence: float | None = None) -> int:
    """Recompute every pair statistics speak of and every stored record: after new
    statistics, or an upgrade that changed how records or histories are derived."""
    pairs = status_repo.statistics_pairs(session) | status_repo.record_pairs(session)
    return recompute(session, pairs, min_confidence=min_confidence)


def derive_on_the_fly(session: Session, pair: Pair) -> dict[str, dict[str, Any]]:
    """Facets of a pair that has no stored record (nothing is known about it yet)."""
    return derive_facets(gather_evidence(session, {pair})[pair])
