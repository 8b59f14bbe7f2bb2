"""Read models of status records and their history."""

from __future__ import annotations

from sqlmodel import Session

from app.repositories import status as status_repo
from app.schemas.status import (
    CountryMineralStatus,
    PairStatistics,
    StatusChangeItem,
    StatusChangePage,
    StatusFacets,
)
from app.services.converters import country_summary, mineral_summary
from app.services.errors import InvalidParameterError
from app.services.evidence_articles import facets_with_articles, typed_evidence
from app.services.lookups import require_country, require_mineral
from app.services.pagination import decode_cursor, next_cursor
from app.services.status_records import gather_evidence
from app.services.status_timeline import derive_facets
from app.services.status_values import facet_value_from_text


def get_status(session: Session, *, iso2: str, slug: str) -> CountryMineralStatus:
    country = require_country(session, iso2)
    mineral = require_mineral(session, slug)
    pair = (country.iso2, mineral.slug)
    record = status_repo.get_record(session, *pair)
    # A stored record carries its facets; only a pair without one needs its claims.
    evidence = gather_evidence(session, {pair}, with_claims=record is None)[pair]
    facets = record.facets if record else derive_facets(evidence)
    return CountryMineralStatus(
        country=country_summary(country),
        mineral=mineral_summary(mineral),
        facets=StatusFacets.model_validate(facets_with_articles(session, facets)),
        statistics=PairStatistics(
            production=evidence.production,
            reserves=evidence.reserves,
            import_reliance=evidence.import_reliance,
        ),
        updated_at=record.updated_at if record else None,
    )


def list_history(
    session: Session, *, iso2: str, slug: str, cursor: str | None, limit: int
) -> StatusChangePage:
    country = require_country(session, iso2)
    mineral = require_mineral(session, slug)
    after = decode_cursor(cursor, 1)
    if after is not None and not isinstance(after[0], int):
        raise InvalidParameterError("cursor", "The cursor is malformed; use a next_cursor value.")
    before_id = int(after[0]) if after else None
    rows = status_repo.list_changes(
        session, country.iso2, mineral.slug, before_id=before_id, limit=limit + 1
    )
    page = list(rows[:limit])
    evidence = typed_evidence(session, [list(change.evidence) for change in page])
    items = []
    for change, pieces in zip(page, evidence, strict=True):
        assert change.id is not None
        items.append(
            StatusChangeItem(
                id=change.id,
                facet=change.facet,
                old_value=facet_value_from_text(change.facet, change.old_value),
                new_value=facet_value_from_text(change.facet, change.new_value),
                basis=change.basis,
                as_of=change.as_of,
                reason=change.reason,
                evidence=pieces,
                cause=change.cause,
                changed_at=change.changed_at,
            )
        )
    return StatusChangePage(
        items=items,
        next_cursor=next_cursor(list(rows), limit, lambda c: (c.id,)),
        total=status_repo.count_changes(session, country.iso2, mineral.slug),
    )
