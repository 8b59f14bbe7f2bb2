"""What anyone may read of a failed job (its `last_error`, its article's `error`) is a plain,
bounded sentence: no SQL, no bound parameters, no class names. The details go to the
worker's log (issue 15, item 9)."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import transaction
from app.jobs import queue
from app.jobs.errors import PUBLIC_ERROR_CHARS, PermanentJobError, bounded
from app.jobs.handlers.enrich import mark_failed
from app.jobs.queue import Backoff
from app.jobs.registry import register
from app.jobs.worker import Worker, WorkerConfig
from app.models import Article, Job
from tests.jobs.conftest import make_articles

CONFIG = WorkerConfig(lease_s=30, backoff=Backoff(0.01, 0.02))
MARKER = "marker-5081-cobalt"  # a bound parameter of the failing statement
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b")  # IntegrityError, UniqueViolation
SQL_WORDS = ("INSERT", "UPDATE", "SELECT", "[SQL", "parameters", "psycopg", "sqlite3")


def _now() -> datetime:
    return datetime.now(UTC)


def handle_conflict(session: Session, job: Job) -> None:
    """Inserts an article whose URL is taken: the unique index refuses it."""
    now = _now()
    session.add(
        Article(url=job.payload["url"], content_type="text/plain", ingested_at=now, updated_at=now)
    )
    session.flush()


def handle_nul(session: Session, job: Job) -> None:
    article = session.get(Article, job.payload["article_id"])
    assert article is not None
    article.title = f"Cobalt \x00 {MARKER}"
    session.flush()


def handle_refuse(_session: Session, job: Job) -> None:
    raise PermanentJobError(job.payload["say"])


def handle_crash(_session: Session, _job: Job) -> None:
    raise RuntimeError(f"internal state {MARKER} is inconsistent")


register("test_public_conflict", handle_conflict)
register("test_public_nul", handle_nul, on_dead=mark_failed)
register("test_public_refuse", handle_refuse, on_dead=mark_failed)
register("test_public_crash", handle_crash)


def _run(factory: sessionmaker[Session], kind: str, payload: dict[str, object], **kw: int) -> Job:
    """Enqueue one job, let a worker make one attempt, return the job as stored."""
    with transaction(factory) as session:
        job_id = queue.enqueue(session, kind, payload, **kw).id  # type: ignore[arg-type]
    assert Worker(factory, CONFIG, name="t").run_once()
    with factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _assert_plain(message: str | None) -> None:
    assert message
    assert len(message) <= PUBLIC_ERROR_CHARS
    assert "\n" not in message
    assert MARKER not in message
    assert not CLASS_NAME.search(message), message
    assert not any(word in message for word in SQL_WORDS), message


def _logged(caplog: pytest.LogCaptureFixture, job_id: int | None) -> str:
    lines = [r.getMessage() for r in caplog.records if getattr(r, "job_id", None) == job_id]
    assert lines, "the failure was not logged"
    return "\n".join(lines)


def test_a_database_error_is_stored_in_plain_words_and_logged_in_full(
    factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    url = f"https://refused.example/{MARKER}"
    now = _now()
    with transaction(factory) as session:
        session.add(Article(url=url, content_type="text/plain", ingested_at=now, updated_at=now))
    with caplog.at_level(logging.INFO, logger="orewatch.worker"):
        job = _run(factory, "test_public_conflict", {"url": url}, max_attempts=3)
    assert (job.state, job.attempts) == ("failed", 1)  # a conflict may pass: retried
    _assert_plain(job.last_error)
    assert job.last_error == "the job's write conflicted with another write to the same data"
    details = _logged(caplog, job.id)
    assert "IntegrityError" in details
    assert MARKER in details  # the statement's parameters, for the operator only


def test_a_refused_value_fails_for_good_and_the_article_says_why_plainly(
    factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    if factory.kw["bind"].dialect.name == "sqlite":
        pytest.skip("SQLite stores U+0000 in text; PostgreSQL refuses it")
    (article_id,) = make_articles(factory, 1)
    with caplog.at_level(logging.INFO, logger="orewatch.worker"):
        job = _run(factory, "test_public_nul", {"article_id": article_id}, max_attempts=5)
    assert (job.state, job.attempts) == ("dead", 1)  # the same value fails every time
    _assert_plain(job.last_error)
    with factory() as session:
        article = session.get(Article, article_id)
        assert article is not None
        assert article.enrichment_state == "failed"
        assert article.error == job.last_error
    assert "DataError" in _logged(caplog, job.id)


def test_a_handler_message_is_stored_without_its_class_name(
    factory: sessionmaker[Session],
) -> None:
    (article_id,) = make_articles(factory, 1)
    said = "the page is in a format that cannot be read"
    job = _run(factory, "test_public_refuse", {"article_id": article_id, "say": said})
    assert (job.state, job.last_error) == ("dead", said)
    with factory() as session:
        article = session.get(Article, article_id)
        assert article is not None
        assert (article.enrichment_state, article.error) == ("failed", said)
    long_words = "word " * 500
    job = _run(factory, "test_public_refuse", {"article_id": article_id, "say": long_words})
    assert job.last_error == bounded(long_words)
    assert len(job.last_error) <= PUBLIC_ERROR_CHARS


def test_an_unexpected_exception_is_an_internal_error_to_clients(
    factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="orewatch.worker"):
        job = _run(factory, "test_public_crash", {}, max_attempts=2)
    assert (job.state, job.last_error) == ("failed", "an internal error stopped the job")
    details = _logged(caplog, job.id)
    assert "RuntimeError" in details
    assert MARKER in details
