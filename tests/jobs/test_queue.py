"""The queue on a real database: claim under a lease, complete, fail, backoff, dead, release."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

import tests.jobs.handlers as test_handlers
from app.db import transaction
from app.jobs import queue
from app.jobs.queue import Backoff
from app.jobs.worker import Worker, WorkerConfig
from app.models import Article, Job
from tests.jobs.conftest import make_articles

FAST = WorkerConfig(concurrency=1, poll_interval_s=0.05, lease_s=30, backoff=Backoff(0.01, 0.02))


def _enqueue(factory: sessionmaker[Session], kind: str, payload: dict, **kw: object) -> int:
    with transaction(factory) as session:
        job = queue.enqueue(session, kind, payload, **kw)  # type: ignore[arg-type]
        assert job.id is not None
        return job.id


def _job(factory: sessionmaker[Session], job_id: int) -> Job:
    with factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _author(factory: sessionmaker[Session], article_id: int) -> str | None:
    with factory() as session:
        article = session.get(Article, article_id)
        assert article is not None
        return article.author


def test_claim_takes_a_due_job_once_under_a_lease(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        assert queue.claim(session, "w1", 30) is None
    job_id = _enqueue(factory, "noop", {})
    later = _enqueue(factory, "noop", {}, run_at=queue.utcnow() + timedelta(hours=1))
    with transaction(factory) as session:
        job = queue.claim(session, "w1", 30)
    assert job is not None
    assert job.id == job_id
    assert (job.state, job.attempts, job.locked_by) == ("running", 1, "w1")
    assert job.locked_until is not None
    assert job.locked_until > queue.utcnow()
    with transaction(factory) as session:
        assert queue.claim(session, "w2", 30) is None  # leased, and `later` is not due
    with transaction(factory) as session:
        assert queue.complete(session, job_id, "w2") is False  # not w2's job
        assert queue.complete(session, job_id, "w1") is True
    done = _job(factory, job_id)
    assert done.state == "succeeded"
    assert done.finished_at is not None
    assert done.locked_by is None
    assert _job(factory, later).state == "queued"


def test_an_expired_lease_frees_the_job(factory: sessionmaker[Session]) -> None:
    job_id = _enqueue(factory, "noop", {})
    with transaction(factory) as session:
        assert queue.claim(session, "dead-worker", 0.05) is not None
    time.sleep(0.1)
    with transaction(factory) as session:
        again = queue.claim(session, "w2", 30)
    assert again is not None
    assert again.id == job_id
    assert again.attempts == 2
    with transaction(factory) as session:
        assert queue.complete(session, job_id, "dead-worker") is False
        assert queue.complete(session, job_id, "w2") is True


def test_failures_back_off_then_the_job_is_dead(factory: sessionmaker[Session]) -> None:
    job_id = _enqueue(factory, "noop", {}, max_attempts=2)
    backoff = Backoff(base_s=60, max_s=600)
    with transaction(factory) as session:
        job = queue.claim(session, "w", 30)
        assert job is not None
        assert queue.fail(session, job, "w", "first error", backoff) == "failed"
    failed = _job(factory, job_id)
    assert failed.last_error == "first error"
    assert failed.run_at > queue.utcnow() + timedelta(seconds=25)  # 60 s with jitter >= 30 s
    with transaction(factory) as session:
        assert queue.claim(session, "w", 30) is None  # not due yet
        session.get(Job, job_id).run_at = queue.utcnow()  # type: ignore[union-attr]
    with transaction(factory) as session:
        job = queue.claim(session, "w", 30)
        assert job is not None
        assert job.attempts == 2
        assert queue.fail(session, job, "w", "second error", backoff) == "dead"
    dead = _job(factory, job_id)
    assert (dead.state, dead.last_error) == ("dead", "second error")
    assert dead.finished_at is not None


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    backoff = Backoff(base_s=2, max_s=100)
    for attempt, ceiling in [(1, 2), (2, 4), (3, 8), (6, 64), (7, 100), (30, 100)]:
        delays = [backoff.delay(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_release_gives_the_job_back_without_counting_the_attempt(
    factory: sessionmaker[Session],
) -> None:
    job_id = _enqueue(factory, "noop", {})
    with transaction(factory) as session:
        assert queue.claim(session, "w", 30) is not None
    with transaction(factory) as session:
        assert queue.release(session, job_id, "w") is True
    job = _job(factory, job_id)
    assert (job.state, job.attempts, job.locked_by) == ("queued", 0, None)


def test_worker_commits_the_handler_and_the_completion_together(
    factory: sessionmaker[Session],
) -> None:
    (ok, transient, permanent) = make_articles(factory, 3)
    ok_job = _enqueue(factory, "test_mark", {"article_id": ok})
    transient_job = _enqueue(
        factory, "test_mark", {"article_id": transient, "fail": "transient"}, max_attempts=2
    )
    permanent_job = _enqueue(factory, "test_mark", {"article_id": permanent, "fail": "permanent"})
    unknown_job = _enqueue(factory, "no_such_kind", {})
    worker = Worker(factory, FAST, name="t")
    test_handlers.dead_calls.clear()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not worker.run_once():
            states = {_job(factory, j).state for j in (transient_job,)}
            if states == {"dead"}:
                break
            time.sleep(0.02)
    assert _job(factory, ok_job).state == "succeeded"
    assert _author(factory, ok).count("|") == 1  # type: ignore[union-attr]
    # a failing handler's writes are rolled back with it
    assert _author(factory, transient) is None
    assert _author(factory, permanent) is None
    t = _job(factory, transient_job)
    assert (t.state, t.attempts, t.last_error) == ("dead", 2, "transient trouble")
    p = _job(factory, permanent_job)
    assert (p.state, p.attempts) == ("dead", 1)
    assert p.last_error == "hopeless"  # the handler's words, not its exception's class
    u = _job(factory, unknown_job)
    assert u.state == "dead"
    assert "no handler" in (u.last_error or "")
    assert sorted(i for i, _ in test_handlers.dead_calls) == sorted([transient_job, permanent_job])


def test_concurrent_worker_threads_run_each_job_once(factory: sessionmaker[Session]) -> None:
    ids = make_articles(factory, 60)
    with transaction(factory) as session:
        for article_id in ids:
            queue.enqueue(session, "test_mark", {"article_id": article_id})
    workers = [Worker(factory, FAST, name=f"w{i}") for i in range(4)]
    threads = [threading.Thread(target=_drain, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with factory() as session:
        authors = session.exec(select(Article.author).where(col(Article.id).in_(ids))).all()
        states = set(session.exec(select(Job.state)).all())
    assert states == {"succeeded"}
    assert all(a is not None and a.count("|") == 1 for a in authors)


def _drain(worker: Worker) -> None:
    idle = 0
    while idle < 3:
        if worker.run_once():
            idle = 0
        else:
            idle += 1
            time.sleep(0.05)


def test_a_batch_claim_takes_several_due_jobs_in_order(factory: sessionmaker[Session]) -> None:
    ids = [_enqueue(factory, "noop", {}) for _ in range(5)]
    with transaction(factory) as session:
        first = queue.claim_many(session, "w1", 30, 3)
    with transaction(factory) as session:
        rest = queue.claim_many(session, "w2", 30, 3)
    assert [j.id for j in first] == ids[:3]
    assert [j.id for j in rest] == ids[3:]
    assert {j.locked_by for j in first} == {"w1"}


def test_a_stopping_worker_gives_back_the_jobs_it_has_not_started(
    factory: sessionmaker[Session],
) -> None:
    ids = [_enqueue(factory, "noop", {}) for _ in range(3)]
    worker = Worker(factory, WorkerConfig(claim_batch=3), name="s")
    worker._stopping.set()  # as after SIGTERM: finish the current job, start no other
    assert worker.run_once()
    states = [(_job(factory, i).state, _job(factory, i).attempts) for i in ids]
    assert states == [("succeeded", 1), ("queued", 0), ("queued", 0)]
