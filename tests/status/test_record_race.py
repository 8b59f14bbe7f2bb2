"""Two transactions recomputing the same country x mineral, on real connections: neither
fails on the other's new record, and the later one derives from the earlier one's claims
(issue 15, item 8: a UniqueViolation on pk_status_record cost jobs an attempt)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.models import StatusChange, StatusRecord
from app.repositories import status as status_repo
from app.services.status_records import recompute
from tests.quartzland import PAIR, add_claim, quartzland

PLACEHOLDER = {
    "production_state": "unknown",
    "market_position": "unknown",
    "reserves_state": "unknown",
    "import_dependent": "unknown",
    "export_restricted": False,
    "disrupted": False,
    "developing": False,
    "facets": {},
    "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
}
WAIT_LIMIT_S = 60.0  # liveness bound only: the test waits for states, never for a delay


@pytest.fixture
def factory(live_engine: Engine) -> Iterator[sessionmaker[Session]]:
    with quartzland(live_engine) as factory:
        yield factory


def _claim(session: Session, day: int) -> int:
    """An article and its 'producing' claim on PAIR, in the session's transaction."""
    return add_claim(session, "producing", f"site {day}", datetime(2026, 1, day, tzinfo=UTC))


def _wait_until_a_connection_waits_for_a_lock(engine: Engine) -> None:
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + WAIT_LIMIT_S
    with engine.connect() as observer:
        while not observer.execute(query).scalar_one():
            observer.rollback()
            assert time.monotonic() < deadline, "the second transaction never waited"
            time.sleep(0.01)


def _record_and_creations(factory: sessionmaker[Session]) -> tuple[StatusRecord, int]:
    with factory() as session:
        record = session.get(StatusRecord, PAIR)
        assert record is not None
        created = session.exec(
            select(StatusChange).where(
                col(StatusChange.facet) == "production", col(StatusChange.old_value).is_(None)
            )
        ).all()
    return record, len(created)


def test_a_second_transaction_waits_for_the_first_record_and_sees_its_claims(
    factory: sessionmaker[Session], live_engine: Engine
) -> None:
    first = factory()
    first.begin()
    first_claim = _claim(first, 1)
    recompute(first, {PAIR})  # creates the record; not committed yet
    outcome: dict[str, object] = {}

    def second() -> None:
        try:
            with transaction(factory) as session:
                outcome["claim"] = _claim(session, 2)
                outcome["changes"] = recompute(session, {PAIR})
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=second)
    thread.start()
    if live_engine.dialect.name == "postgresql":
        # The second transaction has read what it reads before the first commits, and
        # waits on the first's uncommitted record (SQLite: on the single write lock).
        _wait_until_a_connection_waits_for_a_lock(live_engine)
    first.commit()
    first.close()
    thread.join(WAIT_LIMIT_S)
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")

    record, creations = _record_and_creations(factory)
    cited = {e["claim_id"] for e in record.facets["production"]["evidence"]}
    assert cited == {first_claim, outcome["claim"]}  # derived from both transactions' claims
    assert record.production_state == "producing"
    assert creations == 1  # the record was created once; the second saw it as existing
    assert outcome["changes"] == 0  # same value and basis: no history entry


def test_claiming_a_record_that_exists_creates_nothing_and_returns_it(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        _claim(session, 3)
        recompute(session, {PAIR})
    with transaction(factory) as session:  # another transaction meets the committed row
        records, created = status_repo.claim_records(session, {PAIR}, PLACEHOLDER)
        assert created == set()
        assert records[PAIR].production_state == "producing"
        assert recompute(session, {PAIR}) == 0
    record, creations = _record_and_creations(factory)
    assert record.production_state == "producing"
    assert creations == 1
