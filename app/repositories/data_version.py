"""The data-version counter: read by response caches, bumped by every data write."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, text, update
from sqlmodel import Session, col

from app.models import DataVersion


def bump_data_version(session: Session) -> int:
    """Increment the counter inside the caller's transaction and return the new value.

    One UPDATE ... RETURNING: the row lock every writer queues on is taken and used in a
    single round trip.
    """
    now = datetime.now(UTC)
    statement = (
        update(DataVersion)
        .where(col(DataVersion.id) == 1)
        .values(version=col(DataVersion.version) + 1, updated_at=now)
        .returning(col(DataVersion.version))
    )
    bumped = session.execute(statement).scalar()
    if bumped is not None:
        return int(bumped)
    session.add(DataVersion(id=1, version=1, updated_at=now))
    session.flush()
    return 1


def read_data_version(connection: Connection) -> int:
    value = connection.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar()
    return int(value or 0)
