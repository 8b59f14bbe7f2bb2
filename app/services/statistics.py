"""Production figure listing and the producers of a mineral."""

from __future__ import annotations

from sqlmodel import Session

from app.models import CommodityForm, Mineral, ProductionFigure, ReserveFigure, Source
from app.repositories import reference as refs
from app.repositories import statistics as stats
from app.schemas.statistics import (
    FigureValue,
    ProducerShare,
    ProducersReport,
    ProductionFigureItem,
    ProductionFigurePage,
)
from app.services.converters import (
    EntitySummaries,
    country_summary,
    entity_summaries,
    mineral_summary,
    source_ref,
)
from app.services.coverage import form_item, no_table_detail
from app.services.errors import InvalidParameterError
from app.services.lookups import choose_form, country_filter, mineral_filter, require_mineral
from app.services.pagination import decode_cursor, next_cursor
from app.services.ranking import standings


def _figure_item(
    figure: ProductionFigure, source: Source, named: EntitySummaries
) -> ProductionFigureItem:
    assert figure.id is not None
    mineral = named.mineral(figure.mineral_slug)
    assert mineral is not None
    return ProductionFigureItem(
        id=figure.id,
        mineral=mineral,
        form=figure.form_slug,
        year=figure.year,
        country=named.country(figure.country_iso2) if figure.country_iso2 else None,
        label=figure.label,
        row_kind=figure.row_kind,
        value=figure.value,
        value_text=figure.value_text,
        unit=figure.unit,
        estimated=figure.estimated,
        source=source_ref(source),
    )


def list_production(
    session: Session,
    *,
    country: str | None,
    mineral: str | None,
    form: str | None,
    year: int | None,
    cursor: str | None,
    limit: int,
) -> ProductionFigurePage:
    country = country_filter(session, country)
    mineral = mineral_filter(session, mineral)
    form = form.strip().lower() if form else None
    after = decode_cursor(cursor, 4, (str, str, int, str))
    rows = stats.list_production(
        session,
        country=country,
        mineral=mineral,
        form=form,
        year=year,
        after=after,
        limit=limit + 1,
    )
    page = rows[:limit]
    named = entity_summaries(
        session, (f.country_iso2 for f, _ in page), (f.mineral_slug for f, _ in page)
    )
    return ProductionFigurePage(
        items=[_figure_item(f, s, named) for f, s in page],
        next_cursor=next_cursor(
            list(rows), limit, lambda r: (r[0].mineral_slug, r[0].form_slug, r[0].year, r[0].label)
        ),
        total=stats.count_production(
            session, country=country, mineral=mineral, form=form, year=year
        ),
    )


def _figure_value(
    figure: ProductionFigure | ReserveFigure | None, source: Source
) -> FigureValue | None:
    if figure is None:
        return None
    return FigureValue(
        value=figure.value,
        value_text=figure.value_text,
        estimated=figure.estimated,
        source=source_ref(source),
    )


def _unknown_producers(
    mineral: Mineral, form: CommodityForm | None, detail: str
) -> ProducersReport:
    return ProducersReport(
        known=False,
        detail=detail,
        mineral=mineral_summary(mineral),
        form=form_item(form) if form else None,
        year=None,
        unit=None,
        available_years=[],
        world_total=None,
        other=None,
        producers=[],
        source=None,
    )


def producers(
    session: Session, *, mineral: str, year: int | None, form: str | None
) -> ProducersReport:
    """Every country row of the mineral's production table, ranked, with world total.

    A known mineral (or form) without a table answers `known: false` with the reason.
    """
    row = require_mineral(session, mineral)
    forms = list(refs.forms_of(session, row.slug))
    if not forms and form is None:
        return _unknown_producers(row, None, no_table_detail(session, row))
    chosen = choose_form(forms, row, form)
    years = stats.years_of(session, row.slug, chosen.slug)
    if not years:
        held = ", ".join(f.slug for f in forms if stats.years_of(session, row.slug, f.slug))
        detail = (
            f"No production statistics are held for {row.slug!r} in form {chosen.slug!r} "
            f"({chosen.name})" + (f"; forms with tables: {held}." if held else ".")
        )
        return _unknown_producers(row, chosen, detail)
    if year is None:
        year = years[-1]
    elif year not in years:
        raise InvalidParameterError(
            "year", f"No figures for {row.slug!r} in {year}; years held: {years}."
        )
    figures = stats.figure_table(session, ProductionFigure, row.slug, chosen.slug, year)
    table = standings([f for f, _ in figures])
    countries = refs.countries_by_code(
        session, {f.country_iso2 for f, _ in figures if f.country_iso2}
    )
    world = next(((f, s) for f, s in figures if f.row_kind == "world"), None)
    other = next(((f, s) for f, s in figures if f.row_kind == "other"), None)
    shares = [
        ProducerShare(
            rank=table[f.label].rank,
            country=country_summary(countries[f.country_iso2]),
            value=f.value,
            value_text=f.value_text,
            share=table[f.label].share,
            estimated=f.estimated,
        )
        for f, _ in figures
        if f.row_kind == "country" and f.country_iso2
    ]
    shares.sort(key=lambda p: (p.rank is None, p.rank or 0, -(p.value or 0), p.country.name))
    first_source = figures[0][1]
    return ProducersReport(
        known=True,
        detail=None,
        mineral=mineral_summary(row),
        form=form_item(chosen),
        year=year,
        unit=figures[0][0].unit,
        available_years=years,
        world_total=_figure_value(world[0], world[1]) if world else None,
        other=_figure_value(other[0], other[1]) if other else None,
        producers=shares,
        source=source_ref(world[1] if world else first_source),
    )
