"""Create and drop throw-away test databases on SQLite or PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_URL_VARIABLE = "OREWATCH_TEST_DATABASE_URL"


def create_database(base_url: str | None, folder: Path) -> str:
    """A new empty database: a SQLite file in `folder`, or a fresh PostgreSQL database."""
    if not base_url:
        return f"sqlite:///{folder / f'orewatch-{uuid.uuid4().hex[:8]}.db'}"
    url = make_url(base_url)
    name = f"{url.database}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.database}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()
