"""Load the packaged reference data into the database, idempotently.

Every table is upserted on its natural key: a second run finds every row equal and
writes nothing (so no data version moves, and caches stay warm).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session, SQLModel, select

from app.models import (
    CommodityForm,
    Country,
    CountryAlias,
    CriticalList,
    CriticalListMembership,
    ImportReliance,
    Mineral,
    MineralAlias,
    ProductionFigure,
    ReserveFigure,
    Source,
)
from app.refdata import loader
from app.services.status_records import recompute_known_pairs

SeedReport = dict[str, dict[str, int]]


def _upsert(
    session: Session,
    model: type[SQLModel],
    key_fields: Sequence[str],
    rows: list[dict[str, Any]],
) -> tuple[dict[str, int], dict[tuple[Any, ...], Any]]:
    """Insert missing rows and update changed ones; returns counts and rows by key."""
    existing = {
        tuple(getattr(obj, k) for k in key_fields): obj for obj in session.exec(select(model))
    }
    counts = {"inserted": 0, "updated": 0}
    for row in rows:
        key = tuple(row[k] for k in key_fields)
        current = existing.get(key)
        if current is None:
            current = model(**row)
            session.add(current)
            existing[key] = current
            counts["inserted"] += 1
        elif any(getattr(current, field) != value for field, value in row.items()):
            for field, value in row.items():
                setattr(current, field, value)
            counts["updated"] += 1
    session.flush()
    return counts, existing


def _with_source_ids(
    session: Session, rows: list[dict[str, Any]], report: SeedReport
) -> list[dict[str, Any]]:
    sources = {
        loader.source_key(r["source"]["title"], r["source"]["url"]): r["source"] for r in rows
    }
    counts, by_key = _upsert(session, Source, ("url", "title"), list(sources.values()))
    _add(report, "source", counts)
    out = []
    for row in rows:
        source = row["source"]
        flat = {k: v for k, v in row.items() if k != "source"}
        flat["source_id"] = by_key[(source["url"], source["title"])].id
        out.append(flat)
    return out


def _add(report: SeedReport, table: str, counts: dict[str, int]) -> None:
    total = report.setdefault(table, {"inserted": 0, "updated": 0})
    for key, value in counts.items():
        total[key] += value


def seed_reference_data(session: Session, *, min_confidence: float | None = None) -> SeedReport:
    """Upsert all reference data in the caller's transaction; returns per-table counts."""
    report: SeedReport = {}
    plain: list[tuple[str, type[SQLModel], Sequence[str], Callable[[], list[dict[str, Any]]]]] = [
        ("country", Country, ("iso2",), loader.country_rows),
        ("country_alias", CountryAlias, ("country_iso2", "alias"), loader.country_alias_rows),
        ("mineral", Mineral, ("slug",), loader.mineral_rows),
        ("mineral_alias", MineralAlias, ("mineral_slug", "alias"), loader.mineral_alias_rows),
        ("commodity_form", CommodityForm, ("mineral_slug", "slug"), loader.form_rows),
        ("critical_list", CriticalList, ("slug",), loader.critical_list_rows),
        (
            "critical_list_membership",
            CriticalListMembership,
            ("list_slug", "mineral_slug"),
            loader.critical_membership_rows,
        ),
    ]
    for table, model, keys, load in plain:
        _add(report, table, _upsert(session, model, keys, load())[0])

    figure_key = ("mineral_slug", "form_slug", "year", "label")
    figure_tables: list[tuple[str, type[SQLModel], str]] = [
        ("production_figure", ProductionFigure, "production.csv"),
        ("reserve_figure", ReserveFigure, "reserves.csv"),
    ]
    for table, model, file_name in figure_tables:
        figures = _with_source_ids(session, loader.figure_rows(file_name), report)
        _add(report, table, _upsert(session, model, figure_key, figures)[0])

    reliance = _with_source_ids(session, loader.import_reliance_rows(), report)
    reliance_key = ("importer_iso2", "mineral_slug", "basis", "year")
    _add(report, "import_reliance", _upsert(session, ImportReliance, reliance_key, reliance)[0])

    changes = recompute_known_pairs(session, min_confidence=min_confidence)
    report["status_change"] = {"inserted": changes, "updated": 0}
    return report
