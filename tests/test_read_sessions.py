"""The read path's sessions: the reference snapshot answers as the tables do, it follows
writes committed by other processes, and a lost connection costs a retry, not an error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

from app.db import create_db_engine, make_session_factory, transaction
from app.db_reads import ReadSessions
from app.models import Country, ProductionFigure, ReserveFigure
from app.models.meta import DataDomain
from app.repositories import exposure as exposure_repo
from app.repositories import reference as refs
from app.repositories import statistics as stats
from app.repositories.data_version import read_versions
from app.repositories.reference_snapshot import READ_REFERENCE, ReferenceSnapshots
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.processes import prepare_database, serving

Call = Callable[[Session], Any]

# Every repository function that answers from the snapshot on the read path, with
# arguments that select something, nothing, and the edges of its filters.
CALLS: dict[str, Call] = {
    "list_countries": lambda s: refs.list_countries(
        s, region=None, mineral=None, after=None, limit=500
    ),
    "list_countries_page": lambda s: refs.list_countries(
        s, region=None, mineral=None, after="DE", limit=7
    ),
    "list_countries_region": lambda s: refs.list_countries(
        s, region="europe", mineral=None, after=None, limit=500
    ),
    "list_countries_mineral": lambda s: refs.list_countries(
        s, region=None, mineral="gallium", after=None, limit=500
    ),
    "count_countries": lambda s: refs.count_countries(s, region="Asia", mineral="tungsten"),
    "get_country": lambda s: refs.get_country(s, "CN"),
    "get_country_unknown": lambda s: refs.get_country(s, "XX"),
    "countries_by_code": lambda s: refs.countries_by_code(s, {"US", "ZA", "XX"}),
    "country_aliases": lambda s: refs.country_aliases(s, "US"),
    "regions": refs.regions,
    "country_index": exposure_repo.country_index,
    "reliance_importers": exposure_repo.reliance_importers,
    "importers_of_mineral": lambda s: exposure_repo.importers_of_mineral(s, "gallium"),
    "minerals_with_reliance": lambda s: exposure_repo.minerals_with_reliance(s, "US"),
    "minerals_with_production": exposure_repo.minerals_with_production,
    "figure_table": lambda s: stats.figure_table(s, ProductionFigure, "tungsten", "mine", 2023),
    "latest_tables": lambda s: [
        (t.mineral, t.form, t.year, t.rows, t.by_country)
        for t in stats.latest_tables(s, ReserveFigure, {"cobalt", "graphite", "nope"})
    ],
    "list_minerals": lambda s: refs.list_minerals(
        s, group=None, critical_list=None, after=None, limit=500
    ),
    "list_minerals_page": lambda s: refs.list_minerals(
        s, group=None, critical_list=None, after="cobalt", limit=5
    ),
    "list_minerals_group": lambda s: refs.list_minerals(
        s, group="rare-earths", critical_list=None, after=None, limit=500
    ),
    "list_minerals_statistics": lambda s: refs.list_minerals(
        s, group=None, critical_list=None, has_statistics=False, after=None, limit=500
    ),
    "list_minerals_critical": lambda s: refs.list_minerals(
        s, group=None, critical_list="us-2022", after=None, limit=500
    ),
    "count_minerals": lambda s: refs.count_minerals(
        s, group=None, critical_list="eu-crma-strategic", has_statistics=True
    ),
    "get_mineral": lambda s: refs.get_mineral(s, "gallium"),
    "minerals_by_slug": lambda s: refs.minerals_by_slug(s, {"lithium", "nope"}),
    "group_slugs": refs.group_slugs,
    "critical_list_slugs": refs.critical_list_slugs,
    "mineral_aliases": lambda s: refs.mineral_aliases(s, "rare-earths"),
    "group_members": lambda s: refs.group_members(s, "rare-earths"),
    "forms_of": lambda s: refs.forms_of(s, "lithium"),
    "forms_of_minerals": lambda s: refs.forms_of_minerals(s, {"lithium", "graphite", "nope"}),
    "critical_entries": lambda s: refs.critical_entries(s, "cobalt"),
    "list_production": lambda s: stats.list_production(
        s, country=None, mineral=None, form=None, year=None, after=None, limit=300
    ),
    "list_production_filtered": lambda s: stats.list_production(
        s, country="CN", mineral="gallium", form=None, year=2024, after=None, limit=50
    ),
    "list_production_after": lambda s: stats.list_production(
        s,
        country=None,
        mineral="lithium",
        form=None,
        year=None,
        after=("lithium", "mine", 2023, "Chile"),
        limit=20,
    ),
    "count_production": lambda s: stats.count_production(
        s, country="AU", mineral=None, form=None, year=None
    ),
    "figures_of_minerals": lambda s: stats.figures_of_minerals(
        s, ProductionFigure, {"gallium", "tungsten"}
    ),
    "reserve_figures_of_minerals": lambda s: stats.figures_of_minerals(
        s, ReserveFigure, {"cobalt"}
    ),
    "minerals_of_country": lambda s: stats.minerals_of_country(s, ProductionFigure, "CN"),
    "reserve_minerals_of_country": lambda s: stats.minerals_of_country(s, ReserveFigure, "AU"),
    "years_of": lambda s: stats.years_of(s, "cobalt", "mine"),
    "table_years": lambda s: stats.table_years(s, ReserveFigure, {"cobalt", "lithium"}),
    "reserve_forms": lambda s: stats.reserve_forms(s, "graphite"),
    "import_reliance_of": lambda s: stats.import_reliance_of(s, "US", {"titanium", "gallium"}),
    "import_reliance_of_minerals": lambda s: stats.import_reliance_of_minerals(
        s, {"cobalt", "antimony"}
    ),
}


def plain(value: Any) -> Any:
    """Rows as their column values, containers as lists, sets sorted: comparable answers."""
    if isinstance(value, SQLModel):
        return value.model_dump()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, set):
        return sorted(plain(item) for item in value)
    if isinstance(value, list | tuple) or type(value).__name__ == "Row":
        return [plain(item) for item in value]
    return value


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_snapshot_answers_as_the_tables_do(
    name: str, session_factory: sessionmaker[Session]
) -> None:
    call = CALLS[name]
    snapshots = ReferenceSnapshots()
    with session_factory() as session:
        from_tables = plain(call(session))
    with session_factory() as session:
        session.info[READ_REFERENCE] = (snapshots, 0)
        from_snapshot = plain(call(session))
    assert from_snapshot == from_tables
    assert from_tables not in (None, [], {}, 0) or name.endswith("unknown")


def test_the_snapshot_reloads_when_the_reference_version_moves(
    session_factory: sessionmaker[Session],
) -> None:
    snapshots = ReferenceSnapshots()
    with session_factory() as session:
        version = read_versions(session.connection())[DataDomain.REFERENCE]
        first = snapshots.at(session, version)
    with session_factory() as session, session.begin():
        germany = session.get(Country, "DE")
        assert germany is not None
        germany.name = "Deutschland"
    with session_factory() as session:
        moved = read_versions(session.connection())[DataDomain.REFERENCE]
        assert moved > version
        assert snapshots.at(session, version) is first  # an older label keeps the copy
        reloaded = snapshots.at(session, moved)
    assert reloaded is not first
    assert reloaded.countries["DE"].name == "Deutschland"
    assert first.countries["DE"].name == "Germany"


@pytest.fixture
def served_database(tmp_database: str) -> Iterator[tuple[str, Engine]]:
    env = {"OREWATCH_DATABASE_URL": tmp_database}
    prepare_database(env)
    engine = create_db_engine(Settings(database_url=tmp_database))
    yield tmp_database, engine
    engine.dispose()


def test_a_served_read_follows_a_write_committed_by_another_process(
    served_database: tuple[str, Engine],
) -> None:
    url, engine = served_database
    env = {
        "OREWATCH_DATABASE_URL": url,
        "OREWATCH_DATA_VERSION_TTL_S": "0",
        "OREWATCH_RATE_LIMIT_ENABLED": "false",
        "OREWATCH_WORKER_CONCURRENCY": "0",
    }
    with serving(env) as (base, _process):
        for path in ("/v1/countries/DE", "/v1/countries?region=Europe&limit=100"):
            assert "Germany" in httpx.get(base + path).text
        with transaction(make_session_factory(engine)) as session:
            germany = session.get(Country, "DE")
            assert germany is not None
            germany.name = "Deutschland"
        # Cache off or on, every read thread's snapshot is at the new version now.
        for _ in range(4):
            assert httpx.get(base + "/v1/countries/DE").json()["name"] == "Deutschland"
            listed = httpx.get(base + "/v1/countries?region=Europe&limit=100").json()
            assert "Deutschland" in {item["name"] for item in listed["items"]}


def test_a_read_whose_connection_was_killed_is_retried_on_a_new_one(
    served_database: tuple[str, Engine],
) -> None:
    _url, engine = served_database
    if engine.dialect.name != "postgresql":
        pytest.skip("a server that ends a session: PostgreSQL")
    reads = ReadSessions(engine, threads=1)
    try:

        def backend_pid(session: Session) -> int:
            return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())

        def lookup(session: Session) -> str:
            country = refs.get_country(session, "FR")
            assert country is not None
            return country.name + str(backend_pid(session))

        first_pid = reads.executor.submit(reads.run, backend_pid, 0).result()
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
            admin.commit()
        answer = reads.executor.submit(reads.run, lookup, 0).result()
        assert answer.startswith("France")
        assert answer != f"France{first_pid}"
    finally:
        reads.close()


def test_seeding_again_keeps_the_snapshot_label(
    session_factory: sessionmaker[Session],
) -> None:
    """An idempotent seed writes nothing, so it moves no version and reloads nothing."""
    with session_factory() as session:
        before = read_versions(session.connection())[DataDomain.REFERENCE]
    with session_factory() as session, session.begin():
        seed_reference_data(session)
    with session_factory() as session:
        assert read_versions(session.connection())[DataDomain.REFERENCE] == before
