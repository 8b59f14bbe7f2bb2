"""Queries behind supply concentration and importer exposure."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, any_, bindparam, or_
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, col, select

from app.models import (
    Article,
    Claim,
    Country,
    CountryAlias,
    ImportReliance,
    ProductionFigure,
    StatusRecord,
)


def country_index(session: Session) -> tuple[dict[str, str], dict[str, Country]]:
    """Lower-cased country names, official names and aliases -> ISO alpha-2 code, and every
    country by code (two statements).

    Names win over aliases when both spell the same words.
    """
    index: dict[str, str] = {}
    for alias, iso2 in session.exec(select(CountryAlias.alias, CountryAlias.country_iso2)).all():
        index.setdefault(alias.strip().lower(), iso2)
    countries: dict[str, Country] = {}
    for country in session.exec(select(Country)).all():
        countries[country.iso2] = country
        index[country.name.strip().lower()] = country.iso2
        if country.official_name:
            index[country.official_name.strip().lower()] = country.iso2
    return index, countries


class FlagFacets(NamedTuple):
    """The flags of one flagged status record and the two facets behind them."""

    country_iso2: str
    export_restricted: bool | None
    disrupted: bool | None
    export_restricted_facet: dict[str, Any] | None
    disrupted_facet: dict[str, Any] | None


def flagged_facets(session: Session, mineral: str) -> list[FlagFacets]:
    """Status records of the mineral currently flagged export_restricted or disrupted.

    Only the two flag facets are read out of `facets` (in the database, not the whole
    document of every facet), by country.
    """
    facets = col(StatusRecord.facets)
    query = (
        core_select(
            col(StatusRecord.country_iso2),
            col(StatusRecord.export_restricted),
            col(StatusRecord.disrupted),
            facets["export_restricted"],
            facets["disrupted"],
        )
        .where(
            col(StatusRecord.mineral_slug) == mineral,
            or_(
                col(StatusRecord.export_restricted).is_(True),
                col(StatusRecord.disrupted).is_(True),
            ),
        )
        .order_by(col(StatusRecord.country_iso2))
    )
    return [FlagFacets._make(row) for row in session.connection().execute(query)]


class CitedClaim(NamedTuple):
    """The columns of a claim and of its article that a citation shows."""

    id: int
    country_iso2: str
    mineral_slug: str | None
    status: str
    evidence: str
    start: int
    end: int
    confidence: float
    extractor_version: str
    dated_at: datetime
    article_id: int
    article_title: str | None
    article_url: str | None
    article_source_url: str | None
    article_outlet: str | None
    article_published_at: datetime | None
    article_source_name: str | None


_CITED_COLUMNS = (
    col(Claim.id),
    col(Claim.country_iso2),
    col(Claim.mineral_slug),
    col(Claim.status),
    col(Claim.evidence),
    col(Claim.start),
    col(Claim.end),
    col(Claim.confidence),
    col(Claim.extractor_version),
    col(Claim.dated_at),
    col(Article.id),
    col(Article.title),
    col(Article.url),
    col(Article.source_url),
    col(Article.outlet),
    col(Article.published_at),
    col(Article.source_name),
)


def cited_claims(session: Session, ids: set[int]) -> list[CitedClaim]:
    """The claims with these ids and their articles, as plain rows (no ORM objects, and none
    of the article's text), by primary key."""
    if not ids:
        return []
    claim_id = col(Claim.id)
    if session.get_bind().dialect.name == "postgresql":
        # One array parameter rather than one parameter per id (up to hundreds here):
        # cheaper to render, and the statement text stays the same whatever the count.
        wanted = claim_id == any_(bindparam("ids", sorted(ids), type_=ARRAY(Integer)))
    else:
        wanted = claim_id.in_(ids)
    query = (
        core_select(*_CITED_COLUMNS)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(wanted)
    )
    return [CitedClaim._make(row) for row in session.connection().execute(query)]


def reliance_importers(session: Session) -> list[str]:
    """Every importer with net import reliance statistics, sorted."""
    query = select(ImportReliance.importer_iso2).distinct().order_by(ImportReliance.importer_iso2)
    return list(session.exec(query).all())


def importers_of_mineral(session: Session, mineral: str) -> list[str]:
    query = (
        select(ImportReliance.importer_iso2)
        .where(ImportReliance.mineral_slug == mineral)
        .distinct()
        .order_by(ImportReliance.importer_iso2)
    )
    return list(session.exec(query).all())


def minerals_with_reliance(session: Session, importer: str) -> set[str]:
    query = (
        select(ImportReliance.mineral_slug)
        .where(ImportReliance.importer_iso2 == importer)
        .distinct()
    )
    return set(session.exec(query).all())


def minerals_with_production(session: Session) -> set[str]:
    return set(session.exec(select(ProductionFigure.mineral_slug).distinct()).all())
