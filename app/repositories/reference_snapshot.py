"""The reference tables held in memory for the read path, one copy per reference version.

Countries, minerals, their aliases and forms, critical lists, sources and the official
statistics are a few thousand rows that change only when a seed or an import commits, and
nearly every answer reads some of them (the country and mineral embedded in each item, the
figures behind a profile, a supply table or an exposure score). Loading them per request
meant thousands of ORM rows hydrated for one country profile. Instead a read session
(app/db_reads.py) carries the reference version the read is served at, and the first read
at a new version loads every table once into detached rows indexed for the queries of
app/repositories/reference.py and statistics.py, which answer from it. Sessions that write,
and any session not opened by the read path, query the tables as before, so a writer always
reads its own uncommitted rows.

The version is read before the rows (in the same transaction on SQLite): a seed committing
in between leaves rows newer than their label, never older, and the next read reloads.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

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
from app.models.meta import DataDomain
from app.repositories.data_version import read_versions

READ_REFERENCE = "orewatch.read_reference"
"""session.info key: (ReferenceSnapshots, reference version) of a read-path session."""

FigureRow = tuple[ProductionFigure | ReserveFigure, Source]
RelianceRow = tuple[ImportReliance, Source]


def _by(rows: Sequence[Any], key: str) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return dict(grouped)


def figure_order(figure: ProductionFigure | ReserveFigure) -> tuple[str, str, int, str]:
    """The order figures are listed and paged in: (mineral, form, year, label)."""
    return (figure.mineral_slug, figure.form_slug, figure.year, figure.label)


def country_name_index(
    aliases: Sequence[CountryAlias], countries: Sequence[Country]
) -> dict[str, str]:
    """Lower-cased country names, official names and aliases -> ISO alpha-2 code.

    Names win over aliases when both spell the same words.
    """
    index: dict[str, str] = {}
    for alias in aliases:
        index.setdefault(alias.alias.strip().lower(), alias.country_iso2)
    for country in countries:
        index[country.name.strip().lower()] = country.iso2
        if country.official_name:
            index[country.official_name.strip().lower()] = country.iso2
    return index


TableKey = tuple[str, str, int]
"""(mineral, form, year): one table of figures as the source prints it."""


@dataclass(frozen=True, eq=False)
class LatestTable:
    """The figures of one mineral and form at the latest year held."""

    mineral: str
    form: str
    year: int
    rows: list[FigureRow]
    """By label."""
    by_country: dict[str, FigureRow]
    """The first row of each country (by label)."""
    # eq=False: compared and hashed by identity, so services can memoise per table.


def tables_of(rows: Sequence[FigureRow]) -> dict[TableKey, list[FigureRow]]:
    """Rows grouped by table, in the order given (figures sort by label within a table)."""
    tables: dict[TableKey, list[FigureRow]] = defaultdict(list)
    for row in rows:
        figure = row[0]
        tables[(figure.mineral_slug, figure.form_slug, figure.year)].append(row)
    return dict(tables)


def latest_tables_of(tables: dict[TableKey, list[FigureRow]]) -> list[LatestTable]:
    """The latest year's table of every (mineral, form), in (mineral, form) order."""
    latest: dict[tuple[str, str], int] = {}
    for mineral, form, year in tables:
        latest[(mineral, form)] = max(year, latest.get((mineral, form), year))
    result = []
    for (mineral, form), year in sorted(latest.items()):
        rows = tables[(mineral, form, year)]
        by_country: dict[str, FigureRow] = {}
        for row in rows:
            if row[0].country_iso2 is not None:
                by_country.setdefault(row[0].country_iso2, row)
        result.append(LatestTable(mineral, form, year, rows, by_country))
    return result


@dataclass(frozen=True)
class FigureTable:
    """Production or reserve figures, sorted (mineral, form, year, label), indexed."""

    rows: list[FigureRow]
    by_mineral: dict[str, list[FigureRow]]
    tables: dict[TableKey, list[FigureRow]]
    table_keys: dict[str, list[TableKey]]
    """Per mineral, the keys of its tables in (form, year) order."""
    latest: dict[str, list[LatestTable]]
    """Per mineral, its latest table of each form, by form."""
    # Minerals with a non-zero figure of each country, and countries of each mineral.
    minerals_of_country: dict[str, set[str]]
    holders_of_mineral: dict[str, set[str]]

    @classmethod
    def build(cls, rows: list[FigureRow]) -> FigureTable:
        rows = sorted(rows, key=lambda row: figure_order(row[0]))
        by_mineral: dict[str, list[FigureRow]] = defaultdict(list)
        minerals_of: dict[str, set[str]] = defaultdict(set)
        holders_of: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            figure = row[0]
            by_mineral[figure.mineral_slug].append(row)
            if figure.country_iso2 is not None and figure.value_text != "0":
                minerals_of[figure.country_iso2].add(figure.mineral_slug)
                holders_of[figure.mineral_slug].add(figure.country_iso2)
        tables = tables_of(rows)
        keys: dict[str, list[TableKey]] = defaultdict(list)
        for key in tables:
            keys[key[0]].append(key)
        latest: dict[str, list[LatestTable]] = defaultdict(list)
        for table in latest_tables_of(tables):
            latest[table.mineral].append(table)
        return cls(
            rows,
            dict(by_mineral),
            tables,
            dict(keys),
            dict(latest),
            dict(minerals_of),
            dict(holders_of),
        )


@dataclass(frozen=True)
class ReferenceSnapshot:
    version: int
    countries: dict[str, Country]
    """In code order."""
    country_aliases: dict[str, list[CountryAlias]]
    minerals: dict[str, Mineral]
    """In slug order."""
    mineral_aliases: dict[str, list[str]]
    forms: dict[str, list[CommodityForm]]
    """Per mineral, the default form first, then by slug."""
    critical_lists: dict[str, CriticalList]
    memberships: dict[str, list[CriticalListMembership]]
    """Per mineral, in list order."""
    production: FigureTable
    reserves: FigureTable
    reliance: list[RelianceRow]
    """In (importer, id) order."""
    reliance_of_importer: dict[str, list[RelianceRow]]
    """The same rows per importer, in id order."""
    country_names: dict[str, str]
    """Lower-cased names, official names and aliases -> code (country_name_index)."""
    regions: list[str] = field(default_factory=list)


def load_snapshot(session: Session, version: int) -> ReferenceSnapshot:
    """Every reference table, read through `session`'s connection into detached rows."""
    with Session(bind=session.connection()) as loader:
        countries = loader.exec(select(Country).order_by(Country.iso2)).all()
        aliases = loader.exec(
            select(CountryAlias).order_by(
                CountryAlias.country_iso2, CountryAlias.kind, CountryAlias.alias
            )
        ).all()
        minerals = loader.exec(select(Mineral).order_by(Mineral.slug)).all()
        mineral_aliases = loader.exec(
            select(MineralAlias).order_by(MineralAlias.mineral_slug, MineralAlias.alias)
        ).all()
        forms = loader.exec(
            select(CommodityForm).order_by(
                CommodityForm.mineral_slug, col(CommodityForm.is_default).desc(), CommodityForm.slug
            )
        ).all()
        lists = loader.exec(select(CriticalList).order_by(CriticalList.slug)).all()
        memberships = loader.exec(
            select(CriticalListMembership).order_by(
                CriticalListMembership.mineral_slug, CriticalListMembership.list_slug
            )
        ).all()
        sources = {source.id: source for source in loader.exec(select(Source)).all()}
        production = loader.exec(select(ProductionFigure)).all()
        reserves = loader.exec(select(ReserveFigure)).all()
        reliance = loader.exec(
            select(ImportReliance).order_by(
                col(ImportReliance.importer_iso2), col(ImportReliance.id)
            )
        ).all()
    reliance_rows = [(row, sources[row.source_id]) for row in reliance]
    reliance_of_importer: dict[str, list[RelianceRow]] = defaultdict(list)
    for entry in reliance_rows:
        reliance_of_importer[entry[0].importer_iso2].append(entry)
    return ReferenceSnapshot(
        version=version,
        # Sorted here, not by the database's collation: list cursors compare in Python.
        countries={c.iso2: c for c in sorted(countries, key=lambda c: c.iso2)},
        country_aliases=_by(aliases, "country_iso2"),
        minerals={m.slug: m for m in sorted(minerals, key=lambda m: m.slug)},
        mineral_aliases={
            slug: [row.alias for row in rows]
            for slug, rows in _by(mineral_aliases, "mineral_slug").items()
        },
        forms=_by(forms, "mineral_slug"),
        critical_lists={entry.slug: entry for entry in lists},
        memberships=_by(memberships, "mineral_slug"),
        production=FigureTable.build([(row, sources[row.source_id]) for row in production]),
        reserves=FigureTable.build([(row, sources[row.source_id]) for row in reserves]),
        reliance=reliance_rows,
        reliance_of_importer=reliance_of_importer,
        country_names=country_name_index(aliases, countries),
        regions=sorted({country.region for country in countries}),
    )


class ReferenceSnapshots:
    """The current snapshot of one database; loaded again when the version moves."""

    def __init__(self) -> None:
        self._current: ReferenceSnapshot | None = None
        self._lock = threading.Lock()

    def at(self, session: Session, version: int) -> ReferenceSnapshot:
        current = self._current
        if current is not None and current.version >= version:
            return current
        with self._lock:
            current = self._current
            if current is None or current.version < version:
                # The label is read first: rows can only be newer than it (see module doc).
                loaded = read_versions(session.connection())[DataDomain.REFERENCE]
                current = self._current = load_snapshot(session, loaded)
        return current


def snapshot_of(session: Session) -> ReferenceSnapshot | None:
    """The snapshot a read-path session is served from; None for any other session."""
    entry = session.info.get(READ_REFERENCE)
    if entry is None:
        return None
    snapshots, version = entry
    snapshot: ReferenceSnapshot = snapshots.at(session, version)
    return snapshot
