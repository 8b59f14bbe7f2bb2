"""The schema exists only through Alembic: up to head, down to base, no drift."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from app.db import create_db_engine
from app.services.migrations import alembic_config, downgrade_to, upgrade_to_head
from app.settings import Settings

TABLES = {
    "country",
    "country_alias",
    "mineral",
    "mineral_alias",
    "commodity_form",
    "critical_list",
    "critical_list_membership",
    "source",
    "production_figure",
    "reserve_figure",
    "import_reliance",
    "data_version",
}


def _tables(url: str) -> set[str]:
    engine = create_db_engine(Settings(database_url=url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_to_head_then_downgrade_to_base(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    assert _tables(tmp_database) >= TABLES
    command.check(alembic_config(tmp_database))  # raises when models and migrations drift
    downgrade_to(tmp_database, "base")
    assert _tables(tmp_database) == set()


def test_constraints_follow_the_naming_convention(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    engine = create_db_engine(Settings(database_url=tmp_database))
    try:
        inspector = inspect(engine)
        uniques = {u["name"] for u in inspector.get_unique_constraints("production_figure")}
        foreign = {f["name"] for f in inspector.get_foreign_keys("production_figure")}
    finally:
        engine.dispose()
    assert "uq_production_figure_mineral_slug_form_slug_year_label" in uniques
    assert "fk_production_figure_source_id_source" in foreign
