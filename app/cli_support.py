"""What the command-line tools share: the local database (only once it is migrated), a
server's problem detail, and how a country x mineral pair reads in a table."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.settings import Settings, get_settings


class DatabaseNotReadyError(Exception):
    """The local database has no tables yet, or is behind the latest migration."""


def local_sessions(settings: Settings | None = None) -> tuple[Engine, sessionmaker[Session]]:
    """The configured database's engine and sessions; DatabaseNotReadyError (saying to run
    `orewatch migrate`) rather than a SQL error on the first query."""
    from app.db import create_db_engine, make_session_factory
    from app.services.migrations import schema_problem

    engine = create_db_engine(settings or get_settings())
    problem = schema_problem(engine)
    if problem is not None:
        engine.dispose()
        raise DatabaseNotReadyError(problem)
    return engine, make_session_factory(engine)


def problem_detail(response: httpx.Response) -> str:
    """The `detail` of a problem+json answer, or the start of whatever else it is."""
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return response.text[:200]


def pair_label(item: dict[str, Any]) -> str:
    """`KZ x tungsten` for an item with embedded country and mineral summaries."""
    mineral = item["mineral"]["slug"] if item["mineral"] else "-"
    return f"{item['country']['iso2']} x {mineral}"
