"""Queries over production, reserves and import-reliance figures with their sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from app.models import ImportReliance, ProductionFigure, ReserveFigure, Source

FigureModel = type[ProductionFigure] | type[ReserveFigure]
PRODUCTION_SORT = (
    col(ProductionFigure.mineral_slug),
    col(ProductionFigure.form_slug),
    col(ProductionFigure.year),
    col(ProductionFigure.label),
)


def _production_filters(
    country: str | None, mineral: str | None, form: str | None, year: int | None
) -> list[Any]:
    filters: list[Any] = []
    if country is not None:
        filters.append(ProductionFigure.country_iso2 == country)
    if mineral is not None:
        filters.append(ProductionFigure.mineral_slug == mineral)
    if form is not None:
        filters.append(ProductionFigure.form_slug == form)
    if year is not None:
        filters.append(ProductionFigure.year == year)
    return filters


def list_production(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    form: str | None,
    year: int | None,
    after: tuple[Any, ...] | None,
    limit: int,
) -> Sequence[tuple[ProductionFigure, Source]]:
    query = (
        select(ProductionFigure, Source)
        .join(Source, col(Source.id) == ProductionFigure.source_id)
        .where(*_production_filters(country, mineral, form, year))
    )
    if after is not None:
        query = query.where(tuple_(*PRODUCTION_SORT) > tuple_(*after))
    return session.exec(query.order_by(*PRODUCTION_SORT).limit(limit)).all()


def count_production(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    form: str | None,
    year: int | None,
) -> int:
    query = select(func.count()).select_from(ProductionFigure)
    return session.exec(query.where(*_production_filters(country, mineral, form, year))).one()


def figures_of_minerals(
    session: Session, model: FigureModel, minerals: set[str]
) -> Sequence[tuple[ProductionFigure | ReserveFigure, Source]]:
    """Every figure (all countries, all years) of the given minerals, with sources."""
    query = (
        select(model, Source)
        .join(Source, col(Source.id) == model.source_id)
        .where(col(model.mineral_slug).in_(minerals))
        .order_by(col(model.mineral_slug), col(model.form_slug), col(model.year), col(model.label))
    )
    return session.exec(query).all()  # type: ignore[return-value]


def minerals_of_country(session: Session, model: FigureModel, iso2: str) -> set[str]:
    query = (
        select(model.mineral_slug)
        .where(model.country_iso2 == iso2, model.value_text != "0")
        .distinct()
    )
    return set(session.exec(query).all())


def years_of(session: Session, mineral: str, form: str) -> list[int]:
    query = (
        select(ProductionFigure.year)
        .where(ProductionFigure.mineral_slug == mineral, ProductionFigure.form_slug == form)
        .distinct()
        .order_by(col(ProductionFigure.year))
    )
    return list(session.exec(query).all())


def table_years(
    session: Session, model: FigureModel, minerals: set[str]
) -> Sequence[tuple[str, str, int]]:
    """(mineral, form, year) of every table of the given minerals, in order."""
    query = (
        select(model.mineral_slug, model.form_slug, model.year)
        .where(col(model.mineral_slug).in_(minerals))
        .distinct()
        .order_by(col(model.mineral_slug), col(model.form_slug), col(model.year))
    )
    return session.exec(query).all()


def reserve_forms(session: Session, mineral: str) -> list[str]:
    """Forms the mineral's reserves figures are counted in."""
    query = (
        select(ReserveFigure.form_slug)
        .where(ReserveFigure.mineral_slug == mineral)
        .distinct()
        .order_by(col(ReserveFigure.form_slug))
    )
    return list(session.exec(query).all())


def import_reliance_of(
    session: Session, importer: str, minerals: set[str]
) -> Sequence[tuple[ImportReliance, Source]]:
    query = (
        select(ImportReliance, Source)
        .join(Source, col(Source.id) == ImportReliance.source_id)
        .where(
            ImportReliance.importer_iso2 == importer, col(ImportReliance.mineral_slug).in_(minerals)
        )
        .order_by(
            col(ImportReliance.mineral_slug), col(ImportReliance.basis), col(ImportReliance.year)
        )
    )
    return session.exec(query).all()


def import_reliance_of_minerals(
    session: Session, minerals: set[str]
) -> Sequence[tuple[ImportReliance, Source]]:
    query = (
        select(ImportReliance, Source)
        .join(Source, col(Source.id) == ImportReliance.source_id)
        .where(col(ImportReliance.mineral_slug).in_(minerals))
        .order_by(col(ImportReliance.importer_iso2), col(ImportReliance.id))
    )
    return session.exec(query).all()
