"""Queries behind supply concentration and importer exposure."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import or_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from app.models import (
    Country,
    CountryAlias,
    ImportReliance,
    ProductionFigure,
    StatusRecord,
)
from app.repositories.reference_snapshot import country_name_index, snapshot_of


def country_index(session: Session) -> tuple[dict[str, str], dict[str, Country]]:
    """Lower-cased country names, official names and aliases -> ISO alpha-2 code, and every
    country by code (from the read path's snapshot, or two statements)."""
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.country_names, snapshot.countries
    order = (CountryAlias.country_iso2, CountryAlias.kind, CountryAlias.alias)
    aliases = session.exec(select(CountryAlias).order_by(*order)).all()
    countries = session.exec(select(Country)).all()
    return country_name_index(aliases, countries), {c.iso2: c for c in countries}


class FlagFacets(NamedTuple):
    """The flags of one flagged status record and the two facets behind them."""

    mineral_slug: str
    country_iso2: str
    export_restricted: bool | None
    disrupted: bool | None
    export_restricted_facet: dict[str, Any] | None
    disrupted_facet: dict[str, Any] | None


def flagged_facets(session: Session, minerals: Collection[str]) -> list[FlagFacets]:
    """Status records of the minerals currently flagged export_restricted or disrupted.

    Only the two flag facets are read out of `facets` (in the database, not the whole
    document of every facet), by mineral and country.
    """
    if not minerals:
        return []
    facets = col(StatusRecord.facets)
    query = (
        core_select(
            col(StatusRecord.mineral_slug),
            col(StatusRecord.country_iso2),
            col(StatusRecord.export_restricted),
            col(StatusRecord.disrupted),
            facets["export_restricted"],
            facets["disrupted"],
        )
        .where(
            col(StatusRecord.mineral_slug).in_(sorted(minerals)),
            or_(
                col(StatusRecord.export_restricted).is_(True),
                col(StatusRecord.disrupted).is_(True),
            ),
        )
        .order_by(col(StatusRecord.mineral_slug), col(StatusRecord.country_iso2))
    )
    return [FlagFacets._make(row) for row in session.connection().execute(query)]


def reliance_importers(session: Session) -> list[str]:
    """Every importer with net import reliance statistics, sorted."""
    if (snapshot := snapshot_of(session)) is not None:
        return sorted(snapshot.reliance_of_importer)
    query = select(ImportReliance.importer_iso2).distinct().order_by(ImportReliance.importer_iso2)
    return list(session.exec(query).all())


def importers_of_mineral(session: Session, mineral: str) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return sorted({r.importer_iso2 for r, _ in snapshot.reliance if r.mineral_slug == mineral})
    query = (
        select(ImportReliance.importer_iso2)
        .where(ImportReliance.mineral_slug == mineral)
        .distinct()
        .order_by(ImportReliance.importer_iso2)
    )
    return list(session.exec(query).all())


def minerals_with_reliance(session: Session, importer: str) -> set[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return {r.mineral_slug for r, _ in snapshot.reliance_of_importer.get(importer, [])}
    query = (
        select(ImportReliance.mineral_slug)
        .where(ImportReliance.importer_iso2 == importer)
        .distinct()
    )
    return set(session.exec(query).all())


def minerals_with_production(session: Session) -> set[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return set(snapshot.production.by_mineral)
    return set(session.exec(select(ProductionFigure.mineral_slug).distinct()).all())
