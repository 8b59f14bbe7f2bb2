"""Real `orewatch worker` processes: exactly-once over 200 jobs, SIGKILL and SIGTERM."""

from __future__ import annotations

import signal
import time
from collections import Counter

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.jobs import queue
from app.models import Article, Job
from tests.jobs.conftest import make_articles
from tests.jobs.live import start_worker
from tests.processes import stop_process


def _wait(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def _states(factory: sessionmaker[Session]) -> Counter[str]:
    with factory() as session:
        return Counter(session.exec(select(Job.state)).all())


def test_two_worker_processes_run_each_of_200_jobs_once(
    factory: sessionmaker[Session], live_url: str
) -> None:
    workers = [start_worker(live_url, "alpha"), start_worker(live_url, "beta")]
    try:
        ids = make_articles(factory, 200)
        with transaction(factory) as session:
            for article_id in ids:
                queue.enqueue(session, "test_mark", {"article_id": article_id, "sleep": 0.02})
        # 20 ms a job: one worker alone would need 2 s, so both surely take a share.
        assert _wait(lambda: _states(factory) == Counter({"succeeded": 200}), 60), _states(factory)
    finally:
        for process in workers:
            stop_process(process)
    with factory() as session:
        authors = session.exec(select(Article.author).where(col(Article.id).in_(ids))).all()
    assert all(a is not None and a.count("|") == 1 for a in authors)
    by_worker = Counter(a.strip("|") for a in authors if a)
    assert set(by_worker) == {"alpha", "beta"}, by_worker
    assert sum(by_worker.values()) == 200
    with factory() as session:
        assert set(session.exec(select(Job.attempts)).all()) == {1}


def test_a_killed_worker_job_is_taken_again_after_its_lease(
    factory: sessionmaker[Session], live_url: str
) -> None:
    (article_id,) = make_articles(factory, 1)
    with transaction(factory) as session:
        job = queue.enqueue(session, "test_mark", {"article_id": article_id, "sleep": 2})
    job_id = job.id
    victim = start_worker(live_url, "victim", OREWATCH_JOB_LEASE_S="1.5")

    def running() -> bool:
        with factory() as session:
            current = session.get(Job, job_id)
            return current is not None and current.state == "running"

    try:
        assert _wait(running, 10)
        time.sleep(0.3)  # inside the handler's transaction
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    finally:
        stop_process(victim)
    rescuer = start_worker(live_url, "rescuer", OREWATCH_JOB_LEASE_S="30")
    try:

        def done() -> bool:
            with factory() as session:
                current = session.get(Job, job_id)
                return current is not None and current.state == "succeeded"

        assert _wait(done, 20)
    finally:
        stop_process(rescuer)
    with factory() as session:
        finished = session.get(Job, job_id)
        article = session.get(Article, article_id)
    assert finished is not None
    assert finished.attempts == 2
    assert article is not None
    assert article.author == "|rescuer"


def test_sigterm_lets_the_current_job_finish(factory: sessionmaker[Session], live_url: str) -> None:
    (article_id,) = make_articles(factory, 1)
    with transaction(factory) as session:
        job = queue.enqueue(session, "test_mark", {"article_id": article_id, "sleep": 1})
    job_id = job.id
    worker = start_worker(live_url, "polite")

    def running() -> bool:
        with factory() as session:
            current = session.get(Job, job_id)
            return current is not None and current.state == "running"

    assert _wait(running, 10)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(15) == 0
    with factory() as session:
        finished = session.get(Job, job_id)
    assert finished is not None
    assert finished.state == "succeeded"
