"""Derive the facets of a country x mineral status record from statistics and claims.

Pure functions: no database. Every facet says which value it follows (`basis`), as of when,
why, and on which evidence; the value statistics alone give and the value news claims alone
give are both kept, so a claim never silently overwrites a statistic.

Policy when statistics and claims disagree: a statistic speaks for the end of its year; a
claim speaks for its article's date. The facet follows the newer of the two and says so,
except where statistics decide (market position: a share of the world total beats an
article's wording), and a news claim then only stands beside them.

The record and its history are one replay of this evidence in date order
(app/services/status_timeline.py), so the order in which articles arrive or are re-enriched
changes neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.claim_status import (
    ClaimStatus,
    FacetBasis,
    FacetValue,
    ImportDependence,
    MarketPosition,
    ProductionState,
    RecordFacet,
    ReservesState,
    ReviewVerdict,
)
from app.schemas.statistics import ImportRelianceItem, LatestFigure

DOMINANT_SHARE = 0.5
MAJOR_SHARE = 0.1
IMPORT_DEPENDENT_PERCENT = 50.0
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class ReviewMark:
    """A claim's current verdict, as far as it moves the record."""

    review_id: int
    verdict: ReviewVerdict
    reviewed_at: datetime
    reviewer: str
    note: str | None
    decides: bool
    """The claim counts (confirmed) or stops counting (rejected) only because of it."""


@dataclass(frozen=True)
class ClaimEvidence:
    claim_id: int
    article_id: int
    status: ClaimStatus
    sentence: str
    dated_at: datetime
    review: ReviewMark | None = None


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


def claims_reading(relevant: list[ClaimEvidence], value: FacetValue) -> Reading:
    """The claims side of a facet: `relevant` are its claims so far, oldest first."""
    latest = relevant[-1]
    evidence = [_claim_evidence(c) for c in reversed(relevant[-MAX_EVIDENCE:])]
    return Reading(value, latest.dated_at.date(), evidence)


def combine(
    statistics: Reading | None,
    claims: Reading | None,
    unknown: FacetValue | None,
    *,
    statistics_decide: bool = False,
) -> dict[str, Any]:
    """One facet from its statistics and claims readings, with basis and reason.

    With `statistics_decide`, statistics win whenever there are any; otherwise the newer
    side wins and a tie goes to the statistics.
    """
    facet: dict[str, Any] = {
        "statistics": statistics.value if statistics else None,
        "claims": claims.value if claims else None,
    }
    chosen: Reading | None
    if statistics is None and claims is None:
        chosen, basis, reason = None, FacetBasis.NONE, "no statistics and no news claims"
    elif claims is None:
        chosen, basis, reason = statistics, FacetBasis.STATISTICS, "official statistics"
    elif statistics is None:
        chosen, basis, reason = claims, FacetBasis.CLAIMS, "news claims; no official statistics"
    elif statistics.value == claims.value:
        chosen, basis = statistics, FacetBasis.STATISTICS
        reason = "statistics and news claims agree"
    elif statistics_decide:
        chosen, basis = statistics, FacetBasis.STATISTICS
        reason = (
            f"official statistics decide this facet; news claims (latest of "
            f"{_iso(claims.as_of)}) say {claims.value}"
        )
    elif claims.as_of and statistics.as_of and claims.as_of > statistics.as_of:
        chosen, basis = claims, FacetBasis.CLAIMS
        reason = (
            f"news of {_iso(claims.as_of)} is newer than the statistics "
            f"(as of {_iso(statistics.as_of)}), which say {statistics.value}"
        )
    else:
        chosen, basis = statistics, FacetBasis.STATISTICS
        reason = (
            f"statistics (as of {_iso(statistics.as_of)}) are not older than the news claim "
            f"of {_iso(claims.as_of)}, which says {claims.value}"
        )
    facet["value"] = chosen.value if chosen else unknown
    facet["basis"] = basis
    facet["as_of"] = _iso(chosen.as_of) if chosen else None
    facet["reason"] = reason
    facet["evidence"] = (statistics.evidence if statistics else []) + (
        claims.evidence if claims else []
    )
    return facet


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _production_statistics(figures: list[LatestFigure]) -> Reading | None:
    if not figures:
        return None
    latest_year = max(f.year for f in figures)
    evidence = [_figure_evidence("production", f) for f in figures]
    if any((f.value or 0) > 0 or f.value_text == "W" for f in figures):
        return Reading(ProductionState.PRODUCING, _year_end(latest_year), evidence)
    if all(f.value_text == "0" for f in figures):
        return Reading(ProductionState.NOT_PRODUCING, _year_end(latest_year), evidence)
    return None


def _market_statistics(figures: list[LatestFigure]) -> Reading | None:
    shares = [f for f in figures if f.share is not None]
    if not shares:
        return None
    best = max(shares, key=lambda f: f.share or 0)
    share = best.share or 0
    position = (
        MarketPosition.DOMINANT
        if share >= DOMINANT_SHARE
        else MarketPosition.MAJOR
        if share >= MAJOR_SHARE
        else MarketPosition.MINOR
        if share > 0
        else MarketPosition.NONE
    )
    return Reading(position, _year_end(best.year), [_figure_evidence("production", best)])


def _reserves_statistics(figures: list[LatestFigure]) -> Reading | None:
    held = [f for f in figures if (f.value or 0) > 0 or f.value_text.startswith(">")]
    if held:
        year = max(f.year for f in held)
        return Reading(
            ReservesState.HOLDS, _year_end(year), [_figure_evidence("reserves", f) for f in held]
        )
    if figures and all(f.value_text == "0" for f in figures):
        year = max(f.year for f in figures)
        return Reading(
            ReservesState.NONE, _year_end(year), [_figure_evidence("reserves", f) for f in figures]
        )
    return None


def _dependence(item: ImportRelianceItem) -> ImportDependence | None:
    """What one reliance figure says: a number, a bound (">95", "<50": decided only when the
    bound is on the right side of the threshold) or E (net exporter)."""
    text = item.value_text.strip()
    if text.upper() == "E":
        return ImportDependence.NO
    if item.value is not None:
        dependent = item.value >= IMPORT_DEPENDENT_PERCENT
        return ImportDependence.YES if dependent else ImportDependence.NO
    bound, number = text[:1], text[1:].strip()
    if bound not in "<>" or not number.replace(".", "", 1).isdigit():
        return None  # NA, W and prose say nothing
    if bound == ">" and float(number) >= IMPORT_DEPENDENT_PERCENT:
        return ImportDependence.YES
    if bound == "<" and float(number) <= IMPORT_DEPENDENT_PERCENT:
        return ImportDependence.NO
    return None


def _reliance_statistics(items: list[ImportRelianceItem]) -> Reading | None:
    readings = [(v, item) for item in items if (v := _dependence(item)) is not None]
    if not readings:
        return None
    dependent = any(v is ImportDependence.YES for v, _ in readings)
    value = ImportDependence.YES if dependent else ImportDependence.NO
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


STATISTICS_READERS: dict[RecordFacet, Callable[[PairEvidence], Reading | None]] = {
    RecordFacet.PRODUCTION: lambda e: _production_statistics(e.production),
    RecordFacet.MARKET_POSITION: lambda e: _market_statistics(e.production),
    RecordFacet.RESERVES: lambda e: _reserves_statistics(e.reserves),
    RecordFacet.IMPORT_DEPENDENT: lambda e: _reliance_statistics(e.import_reliance),
}
