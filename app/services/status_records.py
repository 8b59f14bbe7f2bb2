"""Keep status records current: gather evidence, derive facets, persist, keep history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from app.enrichment.confidence import packaged_model
from app.enrichment.pipeline import EXTRACTOR_VERSION
from app.models import ProductionFigure, ReserveFigure, StatusChange
from app.repositories import statistics as stats
from app.repositories import status as status_repo
from app.services.profiles import latest_for_country, latest_reliance
from app.services.status_derivation import ClaimEvidence, PairEvidence, derive_facets

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
    production_rows = stats.figures_of_minerals(session, ProductionFigure, minerals)
    reserve_rows = stats.figures_of_minerals(session, ReserveFigure, minerals)
    production = {c: latest_for_country(production_rows, c) for c in countries}
    reserves = {c: latest_for_country(reserve_rows, c) for c in countries}
    reliance_by_importer: dict[str, list[Any]] = defaultdict(list)
    for row in stats.import_reliance_of_minerals(session, minerals):
        reliance_by_importer[row[0].importer_iso2].append(row)
    reliance = {c: latest_reliance(reliance_by_importer.get(c, [])) for c in countries}
    claims: dict[Pair, list[ClaimEvidence]] = defaultdict(list)
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    for claim in status_repo.claims_for_pairs(session, pairs) if with_claims else ():
        if claim.confidence < threshold:
            continue  # kept and listed as a citation, but too uncertain to move a facet
        assert claim.id is not None
        assert claim.mineral_slug is not None
        claims[(claim.country_iso2, claim.mineral_slug)].append(
            ClaimEvidence(
                claim_id=claim.id,
                article_id=claim.article_id,
                status=claim.status,
                sentence=claim.evidence,
                dated_at=claim.dated_at,
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


def _columns(facets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "production_state": facets["production"]["value"],
        "market_position": facets["market_position"]["value"],
        "reserves_state": facets["reserves"]["value"],
        "import_dependent": facets["import_dependent"]["value"],
        "export_restricted": bool(facets["export_restricted"]["value"]),
        "disrupted": bool(facets["disrupted"]["value"]),
        "developing": bool(facets["developing"]["value"]),
    }


def _value_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _changes(
    pair: Pair,
    old: dict[str, dict[str, Any]] | None,
    new: dict[str, dict[str, Any]],
    cause: str,
    now: datetime,
) -> list[StatusChange]:
    changes = []
    for name, facet in new.items():
        before = (old or {}).get(name)
        if before and before["value"] == facet["value"] and before["basis"] == facet["basis"]:
            continue
        if before is None and facet["basis"] == "none":
            continue  # a new record's unknown facets are not news
        as_of = facet.get("as_of")
        changes.append(
            StatusChange(
                country_iso2=pair[0],
                mineral_slug=pair[1],
                facet=name,
                old_value=_value_text(before["value"]) if before else None,
                new_value=_value_text(facet["value"]) or "unknown",
                basis=facet["basis"],
                as_of=date.fromisoformat(as_of) if as_of else None,
                reason=facet["reason"],
                evidence=facet["evidence"],
                cause=cause,
                changed_at=now,
            )
        )
    return changes


def recompute(
    session: Session, pairs: Iterable[Pair], cause: str, *, min_confidence: float | None = None
) -> int:
    """Re-derive the records of `pairs` in the caller's transaction; returns facet changes.

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
    changes: list[StatusChange] = []
    for pair in sorted(wanted):
        facets = derive_facets(evidence[pair])
        record = records[pair]
        old = None if pair in created else record.facets
        if old == facets:
            continue
        changes += _changes(pair, old, facets, cause, now)
        record.facets = facets
        record.updated_at = now
        for column, value in _columns(facets).items():
            setattr(record, column, value)
    status_repo.add_all(session, changes)
    session.flush()
    return len(changes)


def recompute_statistics_pairs(
    session: Session, cause: str, *, min_confidence: float | None = None
) -> int:
    pairs = status_repo.statistics_pairs(session)
    return recompute(session, pairs, cause, min_confidence=min_confidence)


def derive_on_the_fly(session: Session, pair: Pair) -> dict[str, dict[str, Any]]:
    """Facets of a pair that has no stored record (nothing is known about it yet)."""
    return derive_facets(gather_evidence(session, {pair})[pair])
