"""Which official statistics are held for a mineral: forms, years, and why none when none.

A mineral `has_statistics` when a USGS world production table is held for it (any form);
reserves and net import reliance alone do not count (germanium has reliance, no table).
The reason a table is missing comes from the packaged app/refdata/coverage.json, or, for a
member of a group whose table is held (cerium -> rare-earths), from the group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from app.models import CommodityForm, Mineral, ProductionFigure, ReserveFigure
from app.refdata import loader
from app.repositories import exposure as exposure_repo
from app.repositories import reference as refs
from app.repositories import statistics as stats
from app.schemas.reference import CommodityFormCoverage, CommodityFormItem

GENERIC_NOTE = (
    "Orewatch holds no USGS Mineral Commodity Summaries 2025 world production table for it."
)


@dataclass(frozen=True)
class Coverage:
    has_statistics: bool
    available_years: list[int]
    forms: list[CommodityFormCoverage]
    statistics_note: str | None


def form_item(form: CommodityForm) -> CommodityFormItem:
    return CommodityFormItem(
        slug=form.slug, name=form.name, stage=form.stage, is_default=form.is_default
    )


def missing_table_note(mineral: Mineral, with_tables: set[str]) -> str:
    """Why no production table is held for a mineral."""
    note = loader.statistics_notes().get(mineral.slug, {}).get("note")
    if note:
        return str(note)
    if mineral.group_slug and mineral.group_slug in with_tables:
        return (
            f"USGS tabulates the {mineral.group_slug} group as a whole, not element by "
            f"element: GET /v1/minerals/{mineral.group_slug}/producers."
        )
    return GENERIC_NOTE


def no_table_detail(session: Session, mineral: Mineral) -> str:
    note = missing_table_note(mineral, exposure_repo.minerals_with_production(session))
    return f"No production statistics are held for {mineral.slug!r}: {note}"


def coverage_of(session: Session, minerals: Sequence[Mineral]) -> dict[str, Coverage]:
    """Coverage of each mineral, in four queries whatever their number."""
    slugs = {m.slug for m in minerals}
    if not slugs:
        return {}
    with_tables = exposure_repo.minerals_with_production(session)
    forms = refs.forms_of_minerals(session, slugs)
    years: dict[tuple[str, str], list[int]] = defaultdict(list)
    for slug, form, year in stats.table_years(session, ProductionFigure, slugs):
        years[(slug, form)].append(year)
    reserves: dict[tuple[str, str], list[int]] = defaultdict(list)
    for slug, form, year in stats.table_years(session, ReserveFigure, slugs):
        reserves[(slug, form)].append(year)
    result = {}
    for mineral in minerals:
        items = [
            CommodityFormCoverage(
                **form_item(f).model_dump(),
                available_years=years.get((mineral.slug, f.slug), []),
                reserves_years=reserves.get((mineral.slug, f.slug), []),
            )
            for f in forms.get(mineral.slug, [])
        ]
        held = mineral.slug in with_tables
        result[mineral.slug] = Coverage(
            has_statistics=held,
            available_years=sorted({y for f in items for y in f.available_years}),
            forms=items,
            statistics_note=None if held else missing_table_note(mineral, with_tables),
        )
    return result
