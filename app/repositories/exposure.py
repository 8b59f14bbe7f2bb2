"""Queries behind supply concentration and importer exposure."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_
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


def country_name_index(session: Session) -> dict[str, str]:
    """Lower-cased country names, official names and aliases -> ISO alpha-2 code.

    Names win over aliases when both spell the same words.
    """
    index: dict[str, str] = {}
    for alias, iso2 in session.exec(select(CountryAlias.alias, CountryAlias.country_iso2)).all():
        index.setdefault(alias.strip().lower(), iso2)
    for name, official, iso2 in session.exec(
        select(Country.name, Country.official_name, Country.iso2)
    ).all():
        index[name.strip().lower()] = iso2
        if official:
            index[official.strip().lower()] = iso2
    return index


def flagged_records(session: Session, mineral: str) -> Sequence[StatusRecord]:
    """Status records of the mineral currently flagged export_restricted or disrupted."""
    query = (
        select(StatusRecord)
        .where(
            StatusRecord.mineral_slug == mineral,
            or_(col(StatusRecord.export_restricted), col(StatusRecord.disrupted)),
        )
        .order_by(col(StatusRecord.country_iso2))
    )
    return session.exec(query).all()


def claims_with_articles(session: Session, ids: set[int]) -> Sequence[tuple[Claim, Article]]:
    if not ids:
        return []
    query = (
        select(Claim, Article)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(col(Claim.id).in_(ids))
        .order_by(col(Claim.dated_at).desc(), col(Claim.id).desc())
    )
    return session.exec(query).all()


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
