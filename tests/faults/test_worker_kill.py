"""A worker process SIGKILLed in the middle of a claimed batch: every job still runs exactly
once, the ones it held only after their lease expired."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.models import Article, Job
from tests.faults.cluster import start_worker, wait_for
from tests.faults.jobs import all_succeeded, job_states, mark_jobs

JOBS = 16
THREADS = 2
BATCH = 4
LEASE_S = 3.0

pytestmark = pytest.mark.timeout(90)


def _jobs(factory: sessionmaker[Session], ids: list[int]) -> dict[int, Job]:
    with factory() as session:
        jobs = session.exec(select(Job).where(col(Job.id).in_(ids))).all()
    return {job.id: job for job in jobs if job.id is not None}


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(
    fault_url: str, fault_factory: sessionmaker[Session], log_dir: Path
) -> None:
    queued = mark_jobs(fault_factory, JOBS, sleep=0.4)
    ids = [q.job_id for q in queued]
    victim = start_worker(
        fault_url,
        "victim",
        log_dir,
        concurrency=THREADS,
        OREWATCH_WORKER_CLAIM_BATCH=str(BATCH),
        OREWATCH_JOB_LEASE_S=str(LEASE_S),
    )
    try:
        # Mid-batch: some of its jobs done, more claimed (running) than it has threads, so
        # some are claimed but not started yet.
        def mid_batch() -> bool:
            states = job_states(fault_factory, ids)
            return states["succeeded"] >= 1 and states["running"] > THREADS

        assert wait_for(mid_batch, 20, 0.05), job_states(fault_factory, ids)
        victim.kill()
    finally:
        victim.stop()
    killed_at = time.monotonic()
    time.sleep(0.2)  # a COMMIT the victim sent just before dying has landed by now
    at_kill = _jobs(fault_factory, ids)
    done = {i for i, job in at_kill.items() if job.state == "succeeded"}
    held = {i: job for i, job in at_kill.items() if job.state == "running"}
    assert done, "nothing had finished"
    assert len(held) > THREADS, "the batch was not cut in the middle"
    assert len(held) <= THREADS * BATCH

    rescuer = start_worker(fault_url, "rescuer", log_dir, concurrency=THREADS)
    try:
        assert wait_for(lambda: all_succeeded(fault_factory, queued), 30, 0.1), job_states(
            fault_factory, ids
        )
        assert rescuer.alive(), rescuer.output()
    finally:
        rescuer.stop()
    assert time.monotonic() - killed_at < 30

    final = _jobs(fault_factory, ids)
    with fault_factory() as session:
        marks = {
            article.id: article.author
            for article in session.exec(
                select(Article).where(col(Article.id).in_([q.article_id for q in queued]))
            )
        }
    for item in queued:
        job = final[item.job_id]
        mark = marks[item.article_id]
        if item.job_id in done:
            expected, attempts = "|victim", 1
        elif item.job_id in held:
            # Claimed by the victim (one attempt), taken again once its lease expired.
            expected, attempts = "|rescuer", 2
            locked_until = held[item.job_id].locked_until
            assert locked_until is not None
            assert job.finished_at is not None
            assert job.finished_at >= locked_until, "taken before the lease expired"
        else:
            expected, attempts = "|rescuer", 1
        assert mark == expected, (item, mark)  # the killed worker's open work left no trace
        assert job.attempts == attempts, (item, job)
