"""Job kinds used by the tests (loaded by worker processes via OREWATCH_JOB_HANDLER_MODULES).

`test_mark` appends "|<worker>" to its article's author inside the job's transaction, so
an article marked twice means its job's work was committed twice. Its payload can make it
signal the test and wait for it (`started_file`, `release_file`) so that a test acts at a
known point of the job, never after a guessed delay.

`test_meet` marks its article too, but its prepare step (run before the job's transaction,
holding no lock) waits until a worker *process* other than its own holds or has finished a
job. A test that enqueues more of them than one process can claim at once therefore knows
that two processes took part, whatever the scheduling.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, select
from sqlmodel import Session, col

from app.jobs.errors import JobError, PermanentJobError
from app.jobs.registry import register
from app.models import Article, Job

MARKER = os.environ.get("OREWATCH_TEST_WORKER_NAME") or f"pid{os.getpid()}"
# Waits below are liveness bounds only: a test fails with a clear error instead of hanging.
WAIT_LIMIT_S = 120.0


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise PermanentJobError(f"gave up waiting for {what}")
        time.sleep(0.02)


def handle_mark(session: Session, job: Job) -> None:
    article = session.get(Article, job.payload["article_id"])
    assert article is not None
    if started := job.payload.get("started_file"):
        Path(started).write_text(MARKER)
    if release := job.payload.get("release_file"):
        _wait_for(Path(release).exists, f"{release} to exist")
    delay = float(job.payload.get("sleep", 0))
    if delay:
        time.sleep(delay)
    article.author = f"{article.author or ''}|{MARKER}"
    session.add(article)
    if job.payload.get("fail") == "transient":
        raise JobError("transient trouble")
    if job.payload.get("fail") == "permanent":
        raise PermanentJobError("hopeless")


@cache
def _observer() -> Engine:
    """A connection of this worker process's own, for reads outside any job transaction."""
    return create_engine(os.environ["OREWATCH_DATABASE_URL"])


def _process_prefix() -> str:
    # Worker ids are "<host>:<pid>:<thread>" (app.jobs.worker).
    return f"{socket.gethostname()}:{os.getpid()}:"


def _another_process_took_a_job() -> bool:
    """A test_meet job is held by another process, or its article bears another's mark."""
    held = select(Job.id).where(
        col(Job.kind) == "test_meet", ~col(Job.locked_by).startswith(_process_prefix())
    )
    # A finished job no longer names its worker (locked_by is cleared); its article's mark does.
    marked = (
        select(Article.id)
        .join(Job, col(Job.article_id) == col(Article.id))
        .where(col(Job.kind) == "test_meet", col(Article.author) != f"|{MARKER}")
    )
    with _observer().connect() as connection:
        return any(connection.execute(query.limit(1)).first() for query in (held, marked))


def prepare_meet(_job: Job) -> Mapping[str, Any]:
    _wait_for(_another_process_took_a_job, "a second worker process to take a job")
    return {}


dead_calls: list[tuple[int | None, str]] = []


def on_dead(_session: Session, job: Job, error: str) -> None:
    dead_calls.append((job.id, error))


register("test_mark", handle_mark, on_dead=on_dead)
register("test_meet", handle_mark, prepare=prepare_meet)
