"""Real `orewatch worker` processes: exactly-once over 200 jobs, SIGKILL and SIGTERM.

Every test acts on states the jobs report (files their handlers write, rows they commit),
never on how long something is expected to take, so a slow or busy machine cannot fail them.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.jobs import queue
from app.models import Article, Job
from tests.jobs.conftest import make_articles
from tests.jobs.live import start_worker
from tests.processes import stop_process

# Liveness bounds only: each test waits for a state, never for a guessed duration.
DEADLINE_S = 180.0
# Each worker process runs 2 threads, each claiming up to 4 jobs at once (start_worker).
CLAIMABLE_BY_ONE_PROCESS = 2 * 4


def _wait(predicate: object, timeout: float = DEADLINE_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def _states(factory: sessionmaker[Session]) -> Counter[str]:
    with factory() as session:
        return Counter(session.exec(select(Job.state)).all())


def _job_state(factory: sessionmaker[Session], job_id: int | None) -> str | None:
    with factory() as session:
        job = session.get(Job, job_id)
        return None if job is None else job.state


def test_two_worker_processes_run_each_of_200_jobs_once(
    factory: sessionmaker[Session], live_url: str
) -> None:
    # Short lease and backoff: an attempt lost to a SQLite lock timeout under load comes
    # back quickly. Either way each job's work must be committed exactly once.
    tuning = {
        "OREWATCH_WORKER_CLAIM_BATCH": "4",
        "OREWATCH_JOB_LEASE_S": "15",
        "OREWATCH_JOB_BACKOFF_BASE_S": "0.05",
    }
    workers = [start_worker(live_url, name, **tuning) for name in ("alpha", "beta")]
    try:
        # More meeting jobs than one process can hold: while one process's threads wait in
        # them for the other process, the rest can only be claimed by the other process.
        meeting = make_articles(factory, CLAIMABLE_BY_ONE_PROCESS + 1, prefix="meet")
        ids = make_articles(factory, 200)
        with transaction(factory) as session:
            for article_id in meeting:
                queue.enqueue(
                    session, "test_meet", {"article_id": article_id}, article_id=article_id
                )
            for article_id in ids:
                queue.enqueue(session, "test_mark", {"article_id": article_id})
        total = len(meeting) + len(ids)
        assert _wait(lambda: _states(factory) == Counter({"succeeded": total})), _states(factory)
    finally:
        for process in workers:
            stop_process(process)
    with factory() as session:
        rows = session.exec(select(Article.id, Article.author).where(col(Article.id).in_(ids)))
        marks = dict(rows.all())
        meeting_marks = session.exec(
            select(Article.author).where(col(Article.id).in_(meeting))
        ).all()
    assert len(marks) == 200
    assert all(a is not None and a.count("|") == 1 for a in marks.values()), marks
    assert all(a is not None and a.count("|") == 1 for a in meeting_marks), meeting_marks
    assert {a.strip("|") for a in meeting_marks if a} == {"alpha", "beta"}


def test_a_killed_worker_job_is_taken_again_after_its_lease(
    factory: sessionmaker[Session], live_url: str, tmp_path: Path
) -> None:
    (article_id,) = make_articles(factory, 1)
    started, release = tmp_path / "started", tmp_path / "release"
    payload = {"article_id": article_id, "started_file": str(started), "release_file": str(release)}
    with transaction(factory) as session:
        job = queue.enqueue(session, "test_mark", payload)
    job_id = job.id
    victim = start_worker(live_url, "victim", OREWATCH_JOB_LEASE_S="1.5")
    try:
        # The handler writes `started` inside the job's transaction, then waits for `release`,
        # which the victim never sees: it dies in the middle of the job.
        assert _wait(started.exists, 30)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    finally:
        stop_process(victim)
    release.touch()
    rescuer = start_worker(live_url, "rescuer", OREWATCH_JOB_LEASE_S="30")
    try:
        assert _wait(lambda: _job_state(factory, job_id) == "succeeded")
    finally:
        stop_process(rescuer)
    with factory() as session:
        finished = session.get(Job, job_id)
        article = session.get(Article, article_id)
    assert finished is not None
    assert finished.attempts == 2
    assert article is not None
    assert article.author == "|rescuer"


def test_sigterm_lets_the_current_job_finish(
    factory: sessionmaker[Session], live_url: str, tmp_path: Path
) -> None:
    (article_id,) = make_articles(factory, 1)
    started, release = tmp_path / "started", tmp_path / "release"
    payload = {"article_id": article_id, "started_file": str(started), "release_file": str(release)}
    with transaction(factory) as session:
        job = queue.enqueue(session, "test_mark", payload)
    job_id = job.id
    worker = start_worker(live_url, "polite")
    try:
        assert _wait(started.exists, 30)
        worker.send_signal(signal.SIGTERM)  # while the handler is running...
        release.touch()  # ...which it may then finish
        assert worker.wait(60) == 0
    finally:
        stop_process(worker)
    assert _job_state(factory, job_id) == "succeeded"
