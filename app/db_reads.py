"""Sessions for the HTTP read path: a few threads, each with its own open connection.

A read used to take a thread of anyio's pool of 40 and a connection checked out of the
engine's pool (a ping on PostgreSQL) per request. Under load that meant dozens of threads
trading the GIL, each waking up to 5 ms late after every database call (the interpreter's
switch interval), and a round trip before the first query. Here reads run on a small
executor of their own, and each of its threads keeps one connection open between requests:
on PostgreSQL in autocommit, so a read costs only its own statements' round trips (every
statement sees committed data, as under READ COMMITTED before); on SQLite in a transaction,
which costs no round trip and gives a multi-query answer one snapshot.

A connection the driver reports lost is dropped and the read retried once on a new one,
so a database restart costs no client more than one slow answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.repositories.reference_snapshot import READ_REFERENCE, ReferenceSnapshots

T = TypeVar("T")


class ReadSessions:
    """Read-only sessions on thread-owned connections, run on their own executor."""

    def __init__(self, engine: Engine, threads: int) -> None:
        self.snapshots = ReferenceSnapshots()
        self._engine = engine
        self._autocommit = engine.dialect.name == "postgresql"
        self._local = threading.local()
        self._connections: list[Connection] = []
        self._lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="read")

    def _connection(self) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.closed or connection.invalidated:
            fresh = self._engine.connect()
            if self._autocommit:
                fresh = fresh.execution_options(isolation_level="AUTOCOMMIT")
            self._local.connection = fresh
            with self._lock:
                # The lost one is closed and forgotten, so close() holds only live ones.
                if connection is not None:
                    self._connections.remove(connection)
                    connection.close()
                self._connections.append(fresh)
            return fresh
        return connection

    @contextmanager
    def session(self, reference_version: int) -> Iterator[Session]:
        connection = self._connection()
        try:
            with Session(bind=connection, expire_on_commit=False) as session:
                session.info[READ_REFERENCE] = (self.snapshots, reference_version)
                yield session
        finally:
            if connection.in_transaction():
                connection.rollback()

    def run(self, work: Callable[[Session], T], reference_version: int) -> T:
        """`work` in a read session served from the reference snapshot of that version (at
        least); once more on a fresh connection if this one was lost."""
        try:
            with self.session(reference_version) as session:
                return work(session)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        with self.session(reference_version) as session:
            return work(session)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()


class FactoryReadSessions:
    """The same interface over a plain session factory (tests bind theirs to one connection)."""

    def __init__(self, factory: sessionmaker[Session], threads: int) -> None:
        self.snapshots = ReferenceSnapshots()
        self._factory = factory
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="read")

    def run(self, work: Callable[[Session], T], reference_version: int) -> T:
        with self._factory() as session:
            session.info[READ_REFERENCE] = (self.snapshots, reference_version)
            return work(session)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


ReadSessionSource = ReadSessions | FactoryReadSessions
