"""Reference data: complete, faithful to the source files, and idempotent."""

from __future__ import annotations

import pycountry
from sqlalchemy import func
from sqlmodel import Session, select

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
)
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_every_reference_row_is_loaded(session: Session) -> None:
    assert _count(session, Country) == len(pycountry.countries)
    assert _count(session, ProductionFigure) == 302
    assert _count(session, ReserveFigure) == 129
    assert _count(session, ImportReliance) == 60
    assert _count(session, Mineral) >= 60


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


def test_second_seed_changes_nothing(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    engine = create_db_engine(Settings(database_url=tmp_database))
    factory = make_session_factory(engine)
    try:
        with transaction(factory) as session:
            first = seed_reference_data(session)
        with transaction(factory) as session:
            second = seed_reference_data(session)
        with factory() as session:
            version = session.get(DataVersion, 1)
    finally:
        engine.dispose()
    assert first["production_figure"]["inserted"] == 302
    assert all(c == {"inserted": 0, "updated": 0} for c in second.values()), second
    assert version is not None
    assert version.version == 1
