"""Replay a pair's evidence in date order: its status record and the history behind it.

Pure functions: no database. A statistic enters at the end of its year, a claim on its
article's date, an analyst's rejection when it was given; on one day claims come before
statistics (a tie of dates goes to the statistics). Every time a facet's value or basis
changes on the way, that is one history entry dated by the evidence that moved it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from app.claim_status import (
    SPECS,
    STATISTICS_DECIDE,
    UNKNOWN_VALUE,
    FacetBasis,
    FacetValue,
    RecordFacet,
    ReviewVerdict,
    claim_values,
)
from app.services.status_derivation import (
    STATISTICS_READERS,
    ClaimEvidence,
    PairEvidence,
    Reading,
    claims_reading,
    combine,
)


@dataclass(frozen=True)
class FacetChange:
    """A facet took a new value (or basis) on the date of the evidence that moved it."""

    facet: RecordFacet
    old_value: FacetValue | None
    new_value: FacetValue | None
    basis: FacetBasis
    as_of: date
    reason: str
    evidence: list[dict[str, Any]]
    cause: str
    """`statistics` or `article:<id>`: the evidence that moved the facet."""


@dataclass(frozen=True)
class Derivation:
    facets: dict[str, dict[str, Any]]
    """Every facet as of the newest evidence, each with the date it took its value."""
    changes: list[FacetChange]
    """The facets' history, oldest first, replayed in the order of the evidence dates."""


@dataclass(frozen=True)
class _Event:
    moment: datetime
    order: int  # on one day, claims first: a tie of dates goes to the statistics
    claim: ClaimEvidence | None = None
    facet: RecordFacet | None = None
    withdrawn: bool = False
    """The claim stops counting here: an analyst rejected it."""

    def key(self) -> tuple[date, int, datetime, int, bool]:
        claim_id = self.claim.claim_id if self.claim else 0
        return (self.moment.date(), self.order, self.moment, claim_id, self.withdrawn)


def _statistics_moment(day: date) -> datetime:
    return datetime.combine(day, time.max, UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _events(statistics: dict[RecordFacet, Reading], claims: list[ClaimEvidence]) -> list[_Event]:
    events = [
        _Event(_statistics_moment(reading.as_of), 1, facet=facet)
        for facet, reading in statistics.items()
        if reading.as_of
    ]
    for claim in claims:
        dated = _aware(claim.dated_at)
        events.append(_Event(dated, 0, claim=claim))
        if claim.review and claim.review.verdict is ReviewVerdict.REJECTED:
            # Never before the claim itself, even for an article dated after its review.
            withdrawn = max(dated, _aware(claim.review.reviewed_at))
            events.append(_Event(withdrawn, 0, claim=claim, withdrawn=True))
    return sorted(events, key=_Event.key)


def _unknown_facet(facet: RecordFacet) -> dict[str, Any]:
    return combine(None, None, UNKNOWN_VALUE[facet]) | {"since": None}


def _cause(event: _Event) -> tuple[str, str]:
    """What moved the facet, and what the history's reason says about it first."""
    claim = event.claim
    if claim is None:
        return "statistics", ""
    review = claim.review
    if review is None or not review.decides:
        return f"article:{claim.article_id}", ""
    note = f" ({review.note})" if review.note else ""
    said = f"claim {claim.claim_id} {review.verdict} by {review.reviewer}{note}: "
    return f"review:{review.review_id}", said


class _Replay:
    """The facets as the evidence replayed so far makes them."""

    def __init__(self, statistics: dict[RecordFacet, Reading]) -> None:
        self.statistics = statistics
        self.facets = {facet: _unknown_facet(facet) for facet in RecordFacet}
        self.seen_statistics: dict[RecordFacet, Reading] = {}
        self.seen_claims: dict[RecordFacet, list[ClaimEvidence]] = {f: [] for f in RecordFacet}
        self.changes: list[FacetChange] = []

    def apply(self, event: _Event) -> None:
        if event.claim is not None:
            touched = [facet for facet, _ in SPECS[event.claim.status].moves]
            for facet in touched:
                if event.withdrawn:
                    self.seen_claims[facet].remove(event.claim)
                else:
                    self.seen_claims[facet].append(event.claim)
        else:
            assert event.facet is not None
            self.seen_statistics[event.facet] = self.statistics[event.facet]
            touched = [event.facet]
        cause, said = _cause(event)
        for facet in touched:
            self._refresh(facet, event.moment.date(), cause, said)

    def _refresh(self, facet: RecordFacet, day: date, cause: str, said: str) -> None:
        relevant = self.seen_claims[facet]
        claims = None
        if relevant:
            claims = claims_reading(relevant, claim_values(facet)[relevant[-1].status])
        new = combine(
            self.seen_statistics.get(facet),
            claims,
            UNKNOWN_VALUE[facet],
            statistics_decide=facet in STATISTICS_DECIDE,
        )
        old = self.facets[facet]
        if (new["value"], new["basis"]) == (old["value"], old["basis"]):
            new["since"] = old["since"]
        else:
            new["since"] = day.isoformat() if new["basis"] != FacetBasis.NONE else None
            self.changes.append(
                FacetChange(
                    facet=facet,
                    old_value=old["value"] if old["basis"] != FacetBasis.NONE else None,
                    new_value=new["value"],
                    basis=new["basis"],
                    as_of=day,
                    reason=said + new["reason"],
                    evidence=new["evidence"],
                    cause=cause,
                )
            )
        self.facets[facet] = new


def derive(evidence: PairEvidence) -> Derivation:
    """Replay the pair's evidence in date order: the facets after the newest evidence and
    every change on the way, whatever order the evidence arrived in.

    A ban reported in January and an article of November ingested before it give the same
    history as the other way round; a claim an analyst rejected counts until the rejection
    and never after it.
    """
    statistics = {
        facet: reading
        for facet, reader in STATISTICS_READERS.items()
        if (reading := reader(evidence)) is not None
    }
    replay = _Replay(statistics)
    for event in _events(statistics, evidence.claims):
        replay.apply(event)
    facets = {str(facet): replay.facets[facet] for facet in RecordFacet}
    return Derivation(facets, replay.changes)


def derive_facets(evidence: PairEvidence) -> dict[str, dict[str, Any]]:
    """Every facet from its statistics (where USGS has a reading for it) and from the
    claims whose status spec says they move it, as of the newest evidence."""
    return derive(evidence).facets
