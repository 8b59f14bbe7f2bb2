"""Run Alembic migrations from code (CLI, server start-up and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _migrations_root() -> Path:
    """The source checkout, or the working directory of an installed copy (Docker)."""
    for root in (PROJECT_ROOT, Path.cwd()):
        if (root / "alembic.ini").is_file() and (root / "migrations").is_dir():
            return root
    raise RuntimeError("alembic.ini and migrations/ not found; run from the project folder")


def alembic_config(database_url: str) -> Config:
    root = _migrations_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade_to(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def upgrade_to_head(database_url: str) -> None:
    upgrade_to(database_url, "head")


def downgrade_to(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def schema_problem(engine: Engine) -> str | None:
    """Why a command cannot use this database yet (not migrated, or behind), or None."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(str(engine.url))).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current == heads:
        return None
    where = engine.url.render_as_string(hide_password=True)
    if not current:
        return f"the database {where} has no tables yet: run `orewatch migrate` first"
    return f"the database {where} is not at the latest schema: run `orewatch migrate` first"
