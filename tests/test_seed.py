"""Reference data: complete, faithful to the source files, and idempotent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pycountry
from sqlalchemy import func
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import create_db_engine, make_session_factory, transaction
from app.models import (
    CommodityForm,
    Country,
    CountryAlias,
    CriticalListMembership,
    DataVersion,
    ImportReliance,
    Mineral,
    ProductionFigure,
    ReserveFigure,
    Source,
    StatusChange,
    StatusRecord,
)
from app.refdata import loader
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.processes import orewatch, prepare_database


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_every_reference_row_is_loaded(session: Session) -> None:
    assert _count(session, Country) == len(pycountry.countries)
    # Every row of the packaged copies of the USGS MCS 2025 tables (tests/test_refdata.py
    # checks them one by one).
    assert _count(session, ProductionFigure) == 1076
    assert _count(session, ReserveFigure) == 364
    assert _count(session, ImportReliance) == 220
    assert _count(session, Mineral) == 61


def test_every_figure_has_a_source_with_url_and_page(session: Session) -> None:
    sources = session.exec(select(Source)).all()
    assert sources
    for source in sources:
        assert source.url.startswith("https://")
        assert source.publisher == "U.S. Geological Survey"
    rare_earths = session.exec(
        select(Source).where(Source.url.endswith("mcs2025-rare-earths.pdf"))  # type: ignore[attr-defined]
    ).first()
    assert rare_earths is not None
    assert rare_earths.page == "144-145"


def test_non_numeric_values_are_kept_as_text(session: Session) -> None:
    withheld = session.exec(
        select(ProductionFigure).where(
            ProductionFigure.mineral_slug == "titanium",
            ProductionFigure.form_slug == "sponge",
            ProductionFigure.country_iso2 == "US",
        )
    ).all()
    assert {(f.value, f.value_text) for f in withheld} == {(None, "W")}
    graphite = session.exec(
        select(ReserveFigure).where(ReserveFigure.value_text == "Included in World total")
    ).all()
    assert graphite
    assert all(f.value is None for f in graphite)
    reliance = session.exec(
        select(ImportReliance).where(
            ImportReliance.mineral_slug == "rare-earths", ImportReliance.year == 2022
        )
    ).all()
    assert ">95" in {r.value_text for r in reliance}


def test_namibia_code_is_not_read_as_missing(session: Session) -> None:
    rows = session.exec(select(ProductionFigure).where(ProductionFigure.label == "Namibia")).all()
    assert rows
    assert {r.country_iso2 for r in rows} == {"NA"}


def test_titanium_series_are_forms_of_titanium(session: Session) -> None:
    forms = session.exec(
        select(CommodityForm).where(CommodityForm.mineral_slug == "titanium")
    ).all()
    assert {f.slug for f in forms} == {"sponge", "ilmenite", "rutile", "pigment"}
    slugs = set(session.exec(select(ProductionFigure.mineral_slug).distinct()).all())
    assert not any(s.startswith("titanium-") for s in slugs)


def test_country_aliases_cover_news_usage(session: Session) -> None:
    aliases = {(a.alias, a.country_iso2) for a in session.exec(select(CountryAlias)).all()}
    for alias, code in [
        ("U.S.", "US"),
        ("the United States", "US"),
        ("Britain", "GB"),
        ("South Korea", "KR"),
        ("DR Congo", "CD"),
        ("Burma", "MM"),
        ("Washington", "US"),
        ("Beijing", "CN"),
        ("Kyiv", "UA"),
        ("Moscow", "RU"),
        ("Ukrainian", "UA"),
    ]:
        assert (alias, code) in aliases, alias


def test_rare_earth_group_and_critical_lists(session: Session) -> None:
    members = session.exec(select(Mineral).where(Mineral.group_slug == "rare-earths")).all()
    assert len(members) == 17
    per_list = {
        slug: _count_members(session, slug)
        for slug in ("us-2022", "us-2025", "eu-crma-strategic", "eu-crma-critical")
    }
    assert per_list["us-2022"] == 50
    assert per_list["us-2025"] == 59  # 60 entries, metallurgical coal is outside the vocabulary


def _count_members(session: Session, list_slug: str) -> int:
    query = select(func.count()).where(CriticalListMembership.list_slug == list_slug)
    return session.exec(query).one()


@contextmanager
def _sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = create_db_engine(Settings(database_url=database_url))
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def test_second_seed_changes_nothing(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    with _sessions(tmp_database) as factory:
        with transaction(factory) as session:
            first = seed_reference_data(session)
        with transaction(factory) as session:
            second = seed_reference_data(session)
        with factory() as session:
            version = session.get(DataVersion, 1)
    assert first["production_figure"]["inserted"] == 1076
    assert first["reserve_figure"]["inserted"] == 364
    assert first["import_reliance"]["inserted"] == 220
    assert all(c == {"inserted": 0, "updated": 0} for c in second.values()), second
    assert version is not None
    assert version.version == 1


# The first release packaged the first 302 / 129 / 60 rows of the same CSVs (the shared tables
# grew by appending) and these 12 forms; its reliance sources for graphite and germanium had
# no pages, and the rare-earth concentrates series was mineral-level.
OLD_ROWS = {"production.csv": 302, "reserves.csv": 129, "us_import_reliance.csv": 60}
OLD_FORMS = {
    ("antimony", "mine"),
    ("cobalt", "mine"),
    ("gallium", "primary"),
    ("graphite", "mine"),
    ("lithium", "mine"),
    ("nickel", "mine"),
    ("rare-earths", "mine"),
    ("tungsten", "mine"),
    ("titanium", "sponge"),
    ("titanium", "ilmenite"),
    ("titanium", "rutile"),
    ("titanium", "pigment"),
}
OLD_RELIANCE_TITLES = {
    "graphite": "USGS Mineral Commodity Summaries 2025, Graphite",
    "germanium": "USGS Mineral Commodity Summaries 2025, Germanium",
}


def _make_it_an_old_seed(session: Session) -> dict[str, int]:
    """Turn a seeded database into what the first release's seed left; returns the rows it
    removed or changed per table."""
    counts: dict[str, int] = {}
    tables = (("production.csv", ProductionFigure), ("reserves.csv", ReserveFigure))
    for file_name, model in tables:
        old = loader.figure_rows(file_name)[: OLD_ROWS[file_name]]
        keep = {(r["mineral_slug"], r["form_slug"], r["year"], r["label"]) for r in old}
        rows = session.exec(select(model)).all()
        gone = [f for f in rows if (f.mineral_slug, f.form_slug, f.year, f.label) not in keep]
        for figure in gone:
            session.delete(figure)
        counts[str(model.__tablename__)] = len(gone)
    old = loader.import_reliance_rows()[: OLD_ROWS["us_import_reliance.csv"]]
    keep_reliance = {(r["mineral_slug"], r["basis"], r["year"]) for r in old}
    changed = 0
    for row in session.exec(select(ImportReliance)).all():
        if (row.mineral_slug, row.basis, row.year) not in keep_reliance:
            session.delete(row)
            counts["import_reliance"] = counts.get("import_reliance", 0) + 1
        elif row.form_slug == "mine":  # rare-earth mineral concentrates
            row.form_slug = None
            changed += 1
        elif row.mineral_slug in OLD_RELIANCE_TITLES:
            title = (
                f"{OLD_RELIANCE_TITLES[row.mineral_slug]} (Net Import Reliance and Import Sources)"
            )
            current = session.get(Source, row.source_id)
            assert current is not None
            source = session.exec(select(Source).where(Source.title == title)).first()
            if source is None:
                source = Source(
                    **{**current.model_dump(exclude={"id"}), "title": title, "page": None}
                )
                session.add(source)
                session.flush()
            row.source_id = source.id  # type: ignore[assignment]
            changed += 1
    session.flush()
    new_forms = [
        f
        for f in session.exec(select(CommodityForm)).all()
        if (f.mineral_slug, f.slug) not in OLD_FORMS
    ]
    for form in new_forms:
        session.delete(form)
    counts["commodity_form"] = len(new_forms)
    old_minerals = {m for m, _ in OLD_FORMS} | {r["mineral_slug"] for r in old}
    for model in (StatusChange, StatusRecord):
        for record in session.exec(select(model)).all():
            if record.mineral_slug not in old_minerals:
                session.delete(record)
    counts["import_reliance_changed"] = changed
    return counts


def _seed_report(output: str) -> dict[str, tuple[int, int]]:
    report = {}
    for line in output.splitlines():
        table, _, counts = line.partition(": ")
        inserted, _, updated = counts.partition(" inserted, ")
        report[table] = (int(inserted), int(updated.split()[0]))
    return report


def test_seed_upgrades_a_database_seeded_by_the_first_release(tmp_database: str) -> None:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    prepare_database(env)
    with _sessions(tmp_database) as factory:
        with transaction(factory) as session:
            old = _make_it_an_old_seed(session)
        with factory() as session:
            assert _count(session, ProductionFigure) == OLD_ROWS["production.csv"]
            assert _count(session, ReserveFigure) == OLD_ROWS["reserves.csv"]
            assert _count(session, ImportReliance) == OLD_ROWS["us_import_reliance.csv"]
            assert _count(session, CommodityForm) == len(OLD_FORMS)
            assert session.get(StatusRecord, ("CL", "copper")) is None

        upgrade = _seed_report(orewatch(env, "seed"))
        assert upgrade["production_figure"] == (old["production_figure"], 0)
        assert upgrade["reserve_figure"] == (old["reserve_figure"], 0)
        assert upgrade["commodity_form"] == (old["commodity_form"], 0)
        assert upgrade["import_reliance"] == (
            old["import_reliance"],
            old["import_reliance_changed"],
        )
        assert old["import_reliance_changed"] == 15  # 5 rare-earth form links, 10 pages
        assert upgrade["status_change"][0] > 0
        with factory() as session:
            assert _count(session, ProductionFigure) == 1076
            assert _count(session, ReserveFigure) == 364
            assert _count(session, ImportReliance) == 220
            chile = session.get(StatusRecord, ("CL", "copper"))
            assert chile is not None
            assert (chile.production_state, chile.market_position) == ("producing", "major")
            germanium = session.exec(
                select(Source)
                .join(ImportReliance, col(ImportReliance.source_id) == Source.id)
                .where(ImportReliance.mineral_slug == "germanium")
            ).first()
            assert germanium is not None
            assert germanium.page == "80-81"

        again = _seed_report(orewatch(env, "seed"))
        assert all(counts == (0, 0) for counts in again.values()), again
