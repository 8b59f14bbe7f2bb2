"""Status records as compact summaries: for one mineral's list and a country's profile."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.claim_status import MarketPosition, ProductionState, StatusFlag
from app.models import StatusRecord
from app.repositories import reference as refs
from app.repositories import status as status_repo
from app.repositories.status import RecordSummary
from app.schemas.pair_status import PairStatus
from app.schemas.status_summaries import MineralStatusItem, MineralStatusPage
from app.services.converters import country_summary
from app.services.evidence_articles import typed_evidence
from app.services.lookups import check_choice, require_mineral
from app.services.pagination import decode_cursor, next_cursor

FLAG_NAMES = tuple(str(flag) for flag in StatusFlag)


def pair_status(record: StatusRecord | RecordSummary) -> PairStatus:
    return PairStatus(
        production=record.production_state,
        market_position=record.market_position,
        reserves=record.reserves_state,
        import_dependent=record.import_dependent,
        export_restricted=record.export_restricted,
        disrupted=record.disrupted,
        developing=record.developing,
        updated_at=record.updated_at,
    )


def latest_evidence(facets: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The stored piece of the newest claim any facet rests on, else the first statistic."""
    pieces = [e for facet in facets.values() for e in facet.get("evidence", [])]
    claims = [e for e in pieces if e.get("kind") == "claim"]
    if claims:
        newest: dict[str, Any] = max(
            claims, key=lambda e: (e.get("dated") or "", e.get("claim_id") or 0)
        )
        return newest
    return pieces[0] if pieces else None


def list_mineral_statuses(
    session: Session,
    *,
    slug: str,
    flag: str | None,
    production: str | None,
    market_position: str | None,
    cursor: str | None,
    limit: int,
) -> MineralStatusPage:
    mineral = require_mineral(session, slug)
    filters = status_repo.RecordFilters(
        production=check_choice("production", production, tuple(ProductionState)),
        market_position=check_choice("market_position", market_position, tuple(MarketPosition)),
        flag=check_choice("flag", flag, FLAG_NAMES),
    )
    after = decode_cursor(cursor, 1, (str,))
    rows = status_repo.records_of_mineral(
        session, mineral.slug, filters, after=str(after[0]) if after else None, limit=limit + 1
    )
    page = rows[:limit]
    latest = [latest_evidence(facets) for _, facets in page]
    typed = typed_evidence(session, [[piece] if piece else [] for piece in latest])
    countries = refs.countries_by_code(session, {record.country_iso2 for record, _ in page})
    items = [
        MineralStatusItem(
            country=country_summary(countries[record.country_iso2]),
            status=pair_status(record),
            latest_evidence=evidence[0] if evidence else None,
        )
        for (record, _), evidence in zip(page, typed, strict=True)
    ]
    return MineralStatusPage(
        items=items,
        next_cursor=next_cursor(rows, limit, lambda row: (row[0].country_iso2,)),
        total=status_repo.count_records_of_mineral(session, mineral.slug, filters),
    )
