"""Run Alembic migrations from code (CLI, server start-up and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
