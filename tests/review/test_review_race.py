"""Two reviewers racing on one claim, on real connections: both verdicts are kept, the
claim's current verdict is the later one, and the record follows exactly that verdict, in
whatever order the two transactions interleave."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.claim_status import ReviewVerdict
from app.db import transaction
from app.models import (
    Claim,
    ClaimReview,
    StatusRecord,
)
from app.services.reviews import ReviewerIdentity, review_claim
from app.services.status_records import recompute
from tests.quartzland import PAIR, add_claim, quartzland

ROUNDS = 8
WAIT_LIMIT_S = 60.0  # liveness bound only: the test waits for states, never for a delay


@pytest.fixture
def factory(live_engine: Engine) -> Iterator[sessionmaker[Session]]:
    with quartzland(live_engine) as factory:
        yield factory


def _restricted_claim(factory: sessionmaker[Session], n: int) -> int:
    with transaction(factory) as session:
        claim_id = add_claim(session, "export_restricted", f"round {n}", datetime.now(UTC))
        recompute(session, {PAIR})
        return claim_id


def _race(factory: sessionmaker[Session], claim_id: int) -> list[BaseException]:
    """A rejection and a confirmation of one claim, started together; their errors."""
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def reviewer(verdict: ReviewVerdict, name: str) -> None:
        try:
            start.wait(WAIT_LIMIT_S)
            with transaction(factory) as session:
                review_claim(session, claim_id, verdict, None, ReviewerIdentity(None, name))
        except BaseException as exc:  # reported by the caller
            errors.append(exc)

    threads = [
        threading.Thread(target=reviewer, args=(ReviewVerdict.REJECTED, "first")),
        threading.Thread(target=reviewer, args=(ReviewVerdict.CONFIRMED, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_LIMIT_S)
    assert not any(t.is_alive() for t in threads)
    return errors


def test_two_reviewers_racing_on_one_claim_end_consistent(
    factory: sessionmaker[Session],
) -> None:
    for n in range(ROUNDS):
        claim_id = _restricted_claim(factory, n)
        assert _race(factory, claim_id) == []
        with factory() as session:
            claim = session.get(Claim, claim_id)
            assert claim is not None
            reviews = session.exec(
                select(ClaimReview)
                .where(ClaimReview.claim_id == claim_id)
                .order_by(col(ClaimReview.id))
            ).all()
            assert len(reviews) == 2  # both verdicts kept
            latest = reviews[-1]
            assert claim.review_id == latest.id
            assert claim.review_verdict == latest.verdict
            record = session.get(StatusRecord, PAIR)
            assert record is not None
            # Every claim so far is confident and reviewed: the flag holds exactly when the
            # current verdict of one of them is a confirmation.
            verdicts = session.exec(select(Claim.review_verdict)).all()
            expected = True if ReviewVerdict.CONFIRMED in verdicts else None
            assert record.export_restricted is expected
