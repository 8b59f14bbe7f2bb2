"""Queries over production, reserves and import-reliance figures with their sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from app.models import ImportReliance, ProductionFigure, ReserveFigure, Source
from app.repositories.reference_snapshot import (
    FigureRow,
    FigureTable,
    LatestTable,
    ReferenceSnapshot,
    figure_order,
    latest_tables_of,
    snapshot_of,
    tables_of,
)

FigureModel = type[ProductionFigure] | type[ReserveFigure]
PRODUCTION_SORT = (
    col(ProductionFigure.mineral_slug),
    col(ProductionFigure.form_slug),
    col(ProductionFigure.year),
    col(ProductionFigure.label),
)


def _table_of(snapshot: ReferenceSnapshot, model: FigureModel) -> FigureTable:
    return snapshot.production if model is ProductionFigure else snapshot.reserves


def _production_rows(
    snapshot: ReferenceSnapshot,
    country: str | None,
    mineral: str | None,
    form: str | None,
    year: int | None,
) -> list[tuple[ProductionFigure, Source]]:
    table = snapshot.production
    rows = table.by_mineral.get(mineral, []) if mineral is not None else table.rows
    return [
        (figure, source)  # type: ignore[misc]
        for figure, source in rows
        if (country is None or figure.country_iso2 == country)
        and (form is None or figure.form_slug == form)
        and (year is None or figure.year == year)
    ]


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
    if (snapshot := snapshot_of(session)) is not None:
        rows = _production_rows(snapshot, country, mineral, form, year)
        if after is not None:
            rows = [r for r in rows if figure_order(r[0]) > tuple(after)]
        return rows[:limit]
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
    if (snapshot := snapshot_of(session)) is not None:
        return len(_production_rows(snapshot, country, mineral, form, year))
    query = select(func.count()).select_from(ProductionFigure)
    return session.exec(query.where(*_production_filters(country, mineral, form, year))).one()


def figures_of_minerals(
    session: Session, model: FigureModel, minerals: set[str]
) -> Sequence[tuple[ProductionFigure | ReserveFigure, Source]]:
    """Every figure (all countries, all years) of the given minerals, with sources."""
    if (snapshot := snapshot_of(session)) is not None:
        table = _table_of(snapshot, model)
        return [row for slug in sorted(minerals) for row in table.by_mineral.get(slug, [])]
    query = (
        select(model, Source)
        .join(Source, col(Source.id) == model.source_id)
        .where(col(model.mineral_slug).in_(minerals))
        .order_by(col(model.mineral_slug), col(model.form_slug), col(model.year), col(model.label))
    )
    return session.exec(query).all()  # type: ignore[return-value]


def figure_table(
    session: Session, model: FigureModel, mineral: str, form: str, year: int
) -> list[FigureRow]:
    """One table of figures (mineral, form, year) with sources, by label."""
    if (snapshot := snapshot_of(session)) is not None:
        return list(_table_of(snapshot, model).tables.get((mineral, form, year), []))
    query = (
        select(model, Source)
        .join(Source, col(Source.id) == model.source_id)
        .where(model.mineral_slug == mineral, model.form_slug == form, model.year == year)
        .order_by(col(model.label))
    )
    return list(session.exec(query).all())  # type: ignore[arg-type]


def latest_tables(session: Session, model: FigureModel, minerals: set[str]) -> list[LatestTable]:
    """The latest table of each form of the given minerals, in (mineral, form) order."""
    if (snapshot := snapshot_of(session)) is not None:
        latest = _table_of(snapshot, model).latest
        return [table for slug in sorted(minerals) for table in latest.get(slug, [])]
    return latest_tables_of(tables_of(figures_of_minerals(session, model, minerals)))


def minerals_of_country(session: Session, model: FigureModel, iso2: str) -> set[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return set(_table_of(snapshot, model).minerals_of_country.get(iso2, set()))
    query = (
        select(model.mineral_slug)
        .where(model.country_iso2 == iso2, model.value_text != "0")
        .distinct()
    )
    return set(session.exec(query).all())


def years_of(session: Session, mineral: str, form: str) -> list[int]:
    if (snapshot := snapshot_of(session)) is not None:
        keys = snapshot.production.table_keys.get(mineral, [])
        return [year for _, key_form, year in keys if key_form == form]
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
    if (snapshot := snapshot_of(session)) is not None:
        keys = _table_of(snapshot, model).table_keys
        return [key for slug in sorted(minerals) for key in keys.get(slug, [])]
    query = (
        select(model.mineral_slug, model.form_slug, model.year)
        .where(col(model.mineral_slug).in_(minerals))
        .distinct()
        .order_by(col(model.mineral_slug), col(model.form_slug), col(model.year))
    )
    return session.exec(query).all()


def reserve_forms(session: Session, mineral: str) -> list[str]:
    """Forms the mineral's reserves figures are counted in."""
    if (snapshot := snapshot_of(session)) is not None:
        return sorted({f.form_slug for f, _ in snapshot.reserves.by_mineral.get(mineral, [])})
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
    if (snapshot := snapshot_of(session)) is not None:
        rows = [
            row
            for row in snapshot.reliance_of_importer.get(importer, [])
            if row[0].mineral_slug in minerals
        ]
        return sorted(rows, key=lambda r: (r[0].mineral_slug, r[0].basis, r[0].year))
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
    if (snapshot := snapshot_of(session)) is not None:
        return [row for row in snapshot.reliance if row[0].mineral_slug in minerals]
    query = (
        select(ImportReliance, Source)
        .join(Source, col(Source.id) == ImportReliance.source_id)
        .where(col(ImportReliance.mineral_slug).in_(minerals))
        .order_by(col(ImportReliance.importer_iso2), col(ImportReliance.id))
    )
    return session.exec(query).all()
