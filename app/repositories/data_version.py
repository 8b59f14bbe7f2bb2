"""The data-version counters: read by response caches, bumped by committed writes.

Nothing calls `bump_domains` by hand: app/db.py notes the tables every statement writes and
bumps their domains when the transaction commits (`track_writes`), so a new write path
cannot forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, text, update
from sqlalchemy.orm import Session
from sqlmodel import col

from app.models import DataVersion
from app.models.meta import TABLE_DOMAINS, DataDomain


def domains_of(tables: Iterable[str]) -> set[DataDomain]:
    """The domains writes to these tables change; an unlisted table changes all of them."""
    domains: set[DataDomain] = set()
    for table in tables:
        if table not in TABLE_DOMAINS:
            return set(DataDomain)
        domain = TABLE_DOMAINS[table]
        if domain is not None:
            domains.add(domain)
    return domains


def bump_domains(session: Session, domains: Iterable[DataDomain]) -> None:
    """Increment the counters of `domains` inside the caller's transaction, in id order
    (two writers never wait on each other's rows crosswise)."""
    now = datetime.now(UTC)
    for domain in sorted(set(domains)):
        statement = (
            update(DataVersion)
            .where(col(DataVersion.id) == int(domain))
            .values(version=col(DataVersion.version) + 1, updated_at=now)
            .returning(col(DataVersion.version))
        )
        if session.execute(statement).scalar() is None:
            session.add(DataVersion(id=int(domain), version=1, updated_at=now))
            session.flush()


def read_versions(connection: Connection) -> dict[DataDomain, int]:
    rows = connection.execute(text("SELECT id, version FROM data_version")).all()
    found = {int(row[0]): int(row[1]) for row in rows}
    return {domain: found.get(int(domain), 0) for domain in DataDomain}
