"""Every committed write bumps the version of the data it changed, structurally.

Each Core or ORM statement that inserts, updates or deletes rows (but an UPDATE or DELETE
that matched none) notes its table on the connection (`after_execute`, every engine);
when a session commits, it bumps the counters of those tables' domains (app/models/meta.py)
in the same transaction, and after the commit tells this process's read caches to look
again at once. A rolled-back
transaction bumps nothing. No write path calls anything for it, so none can forget.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.sql.dml import Insert, UpdateBase

from app.repositories.data_version import bump_domains, domains_of

_WRITTEN = "orewatch.written_tables"
_CONNECTIONS = "orewatch.connections"
_BUMPED = "orewatch.bumped"
_listeners: list[weakref.WeakMethod[Callable[[], None]]] = []


def on_local_commit(callback: Callable[[], None]) -> None:
    """Call the bound method `callback` after each commit of this process that bumped a
    version (a read cache's invalidate); held weakly, so a dropped cache just drops out."""
    _listeners.append(weakref.WeakMethod(callback))


def _touched_rows(clause: UpdateBase, result: Any) -> bool:
    """False only when the statement certainly changed nothing: an UPDATE or DELETE without
    RETURNING whose rowcount is 0 (an INSERT's, or RETURNING's, count is not reliable on
    every driver: SQLite reports 0 for a batched INSERT ... RETURNING)."""
    if isinstance(clause, Insert) or getattr(clause, "_returning", None):
        return True
    return getattr(result, "rowcount", -1) != 0


def _note_write(
    conn: Connection, clause: Any, _multi: Any, _params: Any, _options: Any, result: Any
) -> None:
    if isinstance(clause, UpdateBase) and _touched_rows(clause, result):
        table = getattr(clause.table, "name", None)
        conn.info.setdefault(_WRITTEN, set()).add(str(table))


def _remember_connection(
    session: OrmSession, _transaction: SessionTransaction, connection: Connection
) -> None:
    session.info.setdefault(_CONNECTIONS, []).append(connection)


def _written(session: OrmSession) -> set[str]:
    tables: set[str] = set()
    for connection in session.info.get(_CONNECTIONS, []):
        tables |= connection.info.get(_WRITTEN, set())
    return tables


def _bump_before_commit(session: OrmSession) -> None:
    session.flush()  # the ORM's pending writes run now, so their tables are noted
    domains = domains_of(_written(session))
    if domains:
        bump_domains(session, domains)
        session.info[_BUMPED] = True


def _forget(session: OrmSession) -> None:
    for connection in session.info.pop(_CONNECTIONS, []):
        connection.info.pop(_WRITTEN, None)


def _after_commit(session: OrmSession) -> None:
    bumped = session.info.pop(_BUMPED, False)
    _forget(session)
    if bumped:
        for reference in list(_listeners):
            callback = reference()
            if callback is None:
                _listeners.remove(reference)
            else:
                callback()


def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_BUMPED, None)
    _forget(session)


def install() -> None:
    """Register the listeners once, for every engine and session of the process."""
    if not event.contains(Engine, "after_execute", _note_write):
        event.listen(Engine, "after_execute", _note_write)
        event.listen(OrmSession, "after_begin", _remember_connection)
        event.listen(OrmSession, "before_commit", _bump_before_commit)
        event.listen(OrmSession, "after_commit", _after_commit)
        event.listen(OrmSession, "after_rollback", _after_rollback)
