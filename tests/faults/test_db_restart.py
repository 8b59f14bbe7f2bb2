"""The database goes away under read load and comes back: the API answers 503 problem+json
while it is down, recovers by itself within 5 s, and the worker processes lose no job.

Reads that the API answers from its in-memory cache (the data-version fast path) may stay
200 while the database is down, but only for as long as a cached answer is trusted anyway
(OREWATCH_DATA_VERSION_TTL_S after the last successful version check): staleness keeps its
documented bound. Everything else, /readyz always, is a 503 with Retry-After, never a 500.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col

from app.models import Job
from tests.faults.cluster import FaultCluster, Service, start_api, start_worker, wait_for
from tests.faults.jobs import (
    Queued,
    all_succeeded,
    article_text,
    assert_enriched_once,
    assert_marked_once,
    count_jobs,
    mark_jobs,
    post_articles,
)
from tests.faults.load import ReadLoad, Sample

READ_PATHS = (
    "/v1/countries/US/profile",
    "/v1/countries",
    "/v1/minerals/rare-earths/producers",
    "/readyz",
)
CACHED_PATHS = frozenset(READ_PATHS) - {"/readyz"}
TTL_S = 1.0  # OREWATCH_DATA_VERSION_TTL_S of the API (its default)
# Margin for a version check that completed on the server just before the stop but was
# timestamped after it (thread scheduling on a busy machine).
TTL_SLACK_S = 1.0
HOLD_DOWN_S = 3.0  # longer than TTL_S + TTL_SLACK_S: every read path must meet the outage
RECOVERY_S = 5.0
LEASE_S = "3"  # a job whose worker lost the database mid-run is taken again after this

pytestmark = pytest.mark.timeout(120)


@dataclass
class Stack:
    api: Service
    workers: list[Service]
    api_pid: int


@pytest.fixture(scope="module")
def stack(fault_url: str, log_dir: Path) -> Iterator[Stack]:
    """`orewatch serve --no-worker` and two `orewatch worker` processes (2 threads each)."""
    api = start_api(fault_url, log_dir, OREWATCH_DATA_VERSION_TTL_S=str(TTL_S))
    workers: list[Service] = []
    try:
        for name in ("alpha", "beta"):
            workers.append(
                start_worker(
                    fault_url,
                    name,
                    log_dir,
                    OREWATCH_JOB_LEASE_S=LEASE_S,
                    OREWATCH_JOB_BACKOFF_BASE_S="0.2",
                    OREWATCH_JOB_BACKOFF_MAX_S="1",
                )
            )
        yield Stack(api, workers, api.process.pid)
    finally:
        for service in [*workers, api]:
            service.stop()


def _unfinished(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).select_from(Job).where(col(Job.finished_at).is_(None))
        return int(session.execute(query).scalar_one())


def _queue_work(stack: Stack, factory: sessionmaker[Session], key: str) -> list[list[Queued]]:
    """Articles posted through the API (enrich_article jobs) and slow test_mark jobs: the
    workers are still busy with them when the database goes away."""
    posted = post_articles(stack.api.base_url, key, 12)
    marked = mark_jobs(factory, 40, sleep=0.2)
    return [posted, marked]


def _check_jobs(factory: sessionmaker[Session], posted: list[Queued], marked: list[Queued]) -> None:
    everything = posted + marked
    assert wait_for(lambda: all_succeeded(factory, everything), 45, 0.25), "jobs not all done"
    assert count_jobs(factory) == len(everything)  # nothing queued twice
    assert_enriched_once(factory, posted)
    assert set(assert_marked_once(factory, marked)) <= {"alpha", "beta"}


def _check_processes(stack: Stack) -> None:
    assert stack.api.alive(), stack.api.output()
    assert stack.api.process.pid == stack.api_pid
    for worker in stack.workers:
        assert worker.alive(), f"{worker.name} died: {worker.output()}"
    assert "unhandled error" not in stack.api.log_text(), stack.api.output()


def _check_answers(samples: list[Sample]) -> None:
    """Every answer, during the fault too, is a 200 or a 503 problem+json: no 500, no
    connection dropped by the API."""
    wrong = [s for s in samples if s.status != 200 and not s.is_unavailable_problem]
    assert not wrong, "\n".join(s.describe() for s in wrong[:10])


def _recovered_within(samples: list[Sample], back_at: float) -> float:
    """Seconds after `back_at` at which the last non-200 answer was asked for (0 if none),
    and check that reads of every path were answered 200 after RECOVERY_S."""
    late = [s for s in samples if s.started >= back_at + RECOVERY_S]
    assert {s.path for s in late} == set(READ_PATHS), "the load did not run long enough"
    failing_late = [s for s in late if s.status != 200]
    assert not failing_late, "\n".join(s.describe() for s in failing_late[:10])
    after = [s.started - back_at for s in samples if s.started >= back_at and s.status != 200]
    return max(after, default=0.0)


def _under_load(
    stack: Stack, fault: Callable[[], tuple[float, float]]
) -> tuple[list[Sample], float, float]:
    for path in READ_PATHS:  # warm the cache: the fast path has something to serve
        assert wait_for(lambda p=path: _get_status(stack, p) == 200, 10)
    with ReadLoad(stack.api.base_url, READ_PATHS) as load:
        time.sleep(0.5)
        began, back = fault()
        # Keep reading until RECOVERY_S after the database is back, and a bit more.
        time.sleep(RECOVERY_S + 1.0)
    return load.snapshot(), began, back


def _post_one(stack: Stack, key: str) -> Sample:
    started = time.monotonic()
    response = httpx.post(
        f"{stack.api.base_url}/v1/articles",
        json={"text": article_text(0)},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    return Sample(
        "POST /v1/articles",
        started,
        time.monotonic(),
        response.status_code,
        response.headers.get("content-type", ""),
        response.headers.get("retry-after"),
        response.content,
    )


def _get_status(stack: Stack, path: str) -> int:
    try:
        return httpx.get(stack.api.base_url + path, timeout=5).status_code
    except httpx.HTTPError:
        return 0


def test_stopped_database_means_503_then_recovery_without_losing_jobs(
    fault_cluster: FaultCluster,
    stack: Stack,
    fault_factory: sessionmaker[Session],
    ingest_key: str,
) -> None:
    posted, marked = _queue_work(stack, fault_factory, ingest_key)
    times: dict[str, float] = {}
    refused: list[Sample] = []

    def stop_hold_start() -> tuple[float, float]:
        times["unfinished"] = _unfinished(fault_factory)
        times["stop"] = time.monotonic()
        fault_cluster.stop()
        times["down"] = time.monotonic()
        refused.append(_post_one(stack, ingest_key))
        time.sleep(max(0.0, HOLD_DOWN_S - (time.monotonic() - times["down"])))
        times["start"] = time.monotonic()
        fault_cluster.start()
        times["up"] = time.monotonic()
        return times["stop"], times["up"]

    samples, _began, back = _under_load(stack, stop_hold_start)
    _check_answers(samples)

    down = [s for s in samples if s.started >= times["down"] and s.ended <= times["start"]]
    ready = [s for s in down if s.path == "/readyz"]
    assert len(ready) >= 3, "too few probes while the database was down"
    assert all(s.is_unavailable_problem for s in ready), [s.describe() for s in ready]
    for path in CACHED_PATHS:
        answers = [s for s in down if s.path == path]
        assert any(s.is_unavailable_problem for s in answers), f"{path} never saw the outage"
        # A cached 200 only while a cached answer is trusted anyway (the version TTL).
        stale = [
            s
            for s in answers
            if s.status == 200 and s.started > times["down"] + TTL_S + TTL_SLACK_S
        ]
        assert not stale, "\n".join(s.describe() for s in stale)

    # A write while the database is down is refused the same way (nothing to lose).
    assert refused[0].is_unavailable_problem, refused[0].describe()
    recovered = _recovered_within(samples, back)
    assert recovered < RECOVERY_S
    assert times["unfinished"] > 0, "every job was done before the outage: nothing tested"
    _check_processes(stack)
    _check_jobs(fault_factory, posted, marked)
    _check_processes(stack)
    print(
        f"stop/hold/start: {times['unfinished']} jobs unfinished at the stop, "
        f"{len(samples)} reads, last non-200 {recovered:.2f} s after the database was back"
    )


def test_restart_under_load_recovers_without_losing_jobs(
    fault_cluster: FaultCluster,
    stack: Stack,
    fault_factory: sessionmaker[Session],
    ingest_key: str,
) -> None:
    posted, marked = _queue_work(stack, fault_factory, ingest_key)

    unfinished: list[int] = []

    def restart() -> tuple[float, float]:
        unfinished.append(_unfinished(fault_factory))
        began = time.monotonic()
        fault_cluster.restart()
        return began, time.monotonic()

    samples, began, back = _under_load(stack, restart)
    _check_answers(samples)
    during = [s for s in samples if s.started >= began and s.ended <= back]
    assert any(s.path == "/readyz" and s.is_unavailable_problem for s in during), (
        "no probe saw the restart"
    )
    recovered = _recovered_within(samples, back)
    assert recovered < RECOVERY_S
    assert unfinished[0] > 0, "every job was done before the restart: nothing tested"
    _check_processes(stack)
    _check_jobs(fault_factory, posted, marked)
    _check_processes(stack)
    print(
        f"restart: {unfinished[0]} jobs unfinished, {len(samples)} reads, "
        f"last non-200 {recovered:.2f} s after the database was back"
    )
