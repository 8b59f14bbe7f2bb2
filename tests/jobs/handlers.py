"""Job kinds used by the tests (loaded by worker processes via OREWATCH_JOB_HANDLER_MODULES).

`test_mark` appends "|<worker>" to its article's author inside the job's transaction, so
an article marked twice means its job's work was committed twice.
"""

from __future__ import annotations

import os
import time

from sqlmodel import Session

from app.jobs.errors import JobError, PermanentJobError
from app.jobs.registry import register
from app.models import Article, Job

MARKER = os.environ.get("OREWATCH_TEST_WORKER_NAME") or f"pid{os.getpid()}"


def handle_mark(session: Session, job: Job) -> None:
    article = session.get(Article, job.payload["article_id"])
    assert article is not None
    delay = float(job.payload.get("sleep", 0))
    if delay:
        time.sleep(delay)
    article.author = f"{article.author or ''}|{MARKER}"
    session.add(article)
    if job.payload.get("fail") == "transient":
        raise JobError("transient trouble")
    if job.payload.get("fail") == "permanent":
        raise PermanentJobError("hopeless")


dead_calls: list[tuple[int | None, str]] = []


def on_dead(_session: Session, job: Job, error: str) -> None:
    dead_calls.append((job.id, error))


register("test_mark", handle_mark, on_dead=on_dead)
