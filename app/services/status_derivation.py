"""Derive the facets of a country x mineral status record from statistics and claims.

Pure functions: no database. Every facet says which value it follows (`basis`), as of when,
why, and on which evidence; the value statistics alone give and the value news claims alone
give are both kept, so a claim never silently overwrites a statistic.

Policy when statistics and claims disagree: a statistic speaks for the end of its year; a
claim speaks for its article's date. The facet follows the newer of the two and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.claim_status import FLAG_FACETS, ClaimStatus, RecordFacet, claim_values
from app.schemas.statistics import ImportRelianceItem, LatestFigure

DOMINANT_SHARE = 0.5
MAJOR_SHARE = 0.1
IMPORT_DEPENDENT_PERCENT = 50.0
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class ClaimEvidence:
    claim_id: int
    article_id: int
    status: ClaimStatus
    sentence: str
    dated_at: datetime


@dataclass(frozen=True)
class PairEvidence:
    production: list[LatestFigure]
    reserves: list[LatestFigure]
    import_reliance: list[ImportRelianceItem]
    claims: list[ClaimEvidence]


@dataclass(frozen=True)
class Reading:
    """One side's answer for a facet: its value, as-of date and evidence."""

    value: Any
    as_of: date | None
    evidence: list[dict[str, Any]]


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _figure_evidence(kind: str, figure: LatestFigure) -> dict[str, Any]:
    return {
        "kind": kind,
        "form": figure.form,
        "year": figure.year,
        "value_text": figure.value_text,
        "unit": figure.unit,
        "share": figure.share,
        "source": {"title": figure.source.title, "url": figure.source.url},
    }


def _claim_evidence(claim: ClaimEvidence) -> dict[str, Any]:
    return {
        "kind": "claim",
        "claim_id": claim.claim_id,
        "article_id": claim.article_id,
        "status": claim.status,
        "sentence": claim.sentence,
        "dated": claim.dated_at.date().isoformat(),
    }


def _claims_reading(
    claims: list[ClaimEvidence], value_of: Mapping[ClaimStatus, Any]
) -> Reading | None:
    relevant = sorted(
        (c for c in claims if c.status in value_of), key=lambda c: (c.dated_at, c.claim_id)
    )
    if not relevant:
        return None
    latest = relevant[-1]
    evidence = [_claim_evidence(c) for c in reversed(relevant[-MAX_EVIDENCE:])]
    return Reading(value_of[latest.status], latest.dated_at.date(), evidence)


def combine(statistics: Reading | None, claims: Reading | None, unknown: Any) -> dict[str, Any]:
    """One facet from its statistics and claims readings, with basis and reason."""
    facet: dict[str, Any] = {
        "statistics": statistics.value if statistics else None,
        "claims": claims.value if claims else None,
    }
    if statistics is None and claims is None:
        chosen, basis, reason = None, "none", "no statistics and no news claims"
    elif claims is None:
        chosen, basis, reason = statistics, "statistics", "official statistics"
    elif statistics is None:
        chosen, basis, reason = claims, "claims", "news claims; no official statistics"
    elif statistics.value == claims.value:
        chosen, basis, reason = statistics, "statistics", "statistics and news claims agree"
    elif claims.as_of and statistics.as_of and claims.as_of > statistics.as_of:
        chosen, basis = claims, "claims"
        reason = (
            f"news of {claims.as_of.isoformat()} is newer than the statistics "
            f"(as of {statistics.as_of.isoformat()}), which say {statistics.value}"
        )
    else:
        chosen, basis = statistics, "statistics"
        reason = (
            f"statistics (as of {statistics.as_of}) are not older than the news claim "
            f"of {claims.as_of}, which says {claims.value}"
        )
    facet["value"] = chosen.value if chosen else unknown
    facet["basis"] = basis
    facet["as_of"] = chosen.as_of.isoformat() if chosen and chosen.as_of else None
    facet["reason"] = reason
    facet["evidence"] = (statistics.evidence if statistics else []) + (
        claims.evidence if claims else []
    )
    return facet


def _production_statistics(figures: list[LatestFigure]) -> Reading | None:
    if not figures:
        return None
    latest_year = max(f.year for f in figures)
    evidence = [_figure_evidence("production", f) for f in figures]
    if any((f.value or 0) > 0 or f.value_text == "W" for f in figures):
        return Reading("producing", _year_end(latest_year), evidence)
    if all(f.value_text == "0" for f in figures):
        return Reading("not_producing", _year_end(latest_year), evidence)
    return None


def _market_statistics(figures: list[LatestFigure]) -> Reading | None:
    shares = [f for f in figures if f.share is not None]
    if not shares:
        return None
    best = max(shares, key=lambda f: f.share or 0)
    share = best.share or 0
    position = (
        "dominant"
        if share >= DOMINANT_SHARE
        else "major"
        if share >= MAJOR_SHARE
        else "minor"
        if share > 0
        else "none"
    )
    return Reading(position, _year_end(best.year), [_figure_evidence("production", best)])


def _reserves_statistics(figures: list[LatestFigure]) -> Reading | None:
    held = [f for f in figures if (f.value or 0) > 0 or f.value_text.startswith(">")]
    if held:
        year = max(f.year for f in held)
        return Reading("holds", _year_end(year), [_figure_evidence("reserves", f) for f in held])
    if figures and all(f.value_text == "0" for f in figures):
        year = max(f.year for f in figures)
        return Reading("none", _year_end(year), [_figure_evidence("reserves", f) for f in figures])
    return None


def _percent(item: ImportRelianceItem) -> float | None:
    if item.value is not None:
        return item.value
    text = item.value_text.lstrip(">").strip()
    return float(text) if text.replace(".", "", 1).isdigit() else None


def _reliance_statistics(items: list[ImportRelianceItem]) -> Reading | None:
    readings = []
    for item in items:
        percent = _percent(item)
        if item.value_text.upper() == "E":
            readings.append(("no", item))
        elif percent is not None:
            readings.append(("yes" if percent >= IMPORT_DEPENDENT_PERCENT else "no", item))
    if not readings:
        return None
    value = "yes" if any(v == "yes" for v, _ in readings) else "no"
    year = max(item.year for _, item in readings)
    evidence = [
        {
            "kind": "import_reliance",
            "basis": item.basis,
            "year": item.year,
            "value_text": item.value_text,
            "source": {"title": item.source.title, "url": item.source.url},
        }
        for _, item in readings
    ]
    return Reading(value, _year_end(year), evidence)


_STATISTICS_READERS: dict[RecordFacet, Callable[[PairEvidence], Reading | None]] = {
    RecordFacet.PRODUCTION: lambda e: _production_statistics(e.production),
    RecordFacet.MARKET_POSITION: lambda e: _market_statistics(e.production),
    RecordFacet.RESERVES: lambda e: _reserves_statistics(e.reserves),
    RecordFacet.IMPORT_DEPENDENT: lambda e: _reliance_statistics(e.import_reliance),
}


def derive_facets(evidence: PairEvidence) -> dict[str, dict[str, Any]]:
    """Every facet from its statistics (where USGS has a reading for it) and from the
    claims whose status spec says they move it."""
    facets = {}
    for facet in RecordFacet:
        reader = _STATISTICS_READERS.get(facet)
        statistics = reader(evidence) if reader else None
        claims = _claims_reading(evidence.claims, claim_values(facet))
        facets[str(facet)] = combine(
            statistics, claims, False if facet in FLAG_FACETS else "unknown"
        )
    return facets
