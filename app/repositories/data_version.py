"""The data-version counter: read by response caches, bumped by every data write."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, text
from sqlmodel import Session

from app.models import DataVersion


def bump_data_version(session: Session) -> int:
    """Increment the counter inside the caller's transaction and return the new value."""
    row = session.get(DataVersion, 1, with_for_update=True)
    now = datetime.now(UTC)
    if row is None:
        row = DataVersion(id=1, version=1, updated_at=now)
        session.add(row)
    else:
        row.version += 1
        row.updated_at = now
    session.flush()
    return row.version


def read_data_version(connection: Connection) -> int:
    value = connection.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar()
    return int(value or 0)
