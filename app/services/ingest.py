"""Accepting an article: deduplicate, then store it and its enrichment job in one transaction.

A submission repeats a stored article when it carries the same idempotency key, the same
canonical URL or the same normalised body. Those three are unique columns, so two
concurrent identical submissions cannot both insert: the loser's transaction fails on the
constraint, is rolled back whole, and the stored winner is returned instead.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Table, insert
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import transaction
from app.db_errors import is_outage
from app.models import Article, Job
from app.repositories import articles as repo
from app.schemas.articles import ArticleCreate, ArticleRead, JobRead
from app.services.article_identity import canonical_url, content_hash
from app.services.articles import article_read, job_read
from app.services.errors import DomainError, InvalidParameterError

# The kind of app.jobs.handlers.enrich (not imported: handler modules import services).
ENRICH_KIND = "enrich_article"
logger = logging.getLogger("orewatch.ingest")


class IngestConflictError(DomainError):
    status = 409
    title = "Conflict"
    slug = "ingest-conflict"


class IdempotencyKeyReusedError(DomainError):
    status = 422
    title = "Unprocessable Content"
    slug = "idempotency-key-reused"


class ArticleRejectedError(DomainError):
    """The database refused a value of this submission (validation should have caught it)."""

    status = 422
    title = "Unprocessable Content"
    slug = "article-rejected"


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    article: ArticleRead
    job: JobRead | None
    created: bool
    reason: str | None = None  # why it was not created: idempotency, url or content


def _fingerprint(request: ArticleCreate) -> str:
    data = request.model_dump(mode="json", exclude_none=True)
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _canonical(request: ArticleCreate) -> str | None:
    raw = request.url or request.source_url
    if raw is None:
        return None
    try:
        return canonical_url(raw)
    except ValueError as exc:
        name = "url" if request.url else "source_url"
        raise InvalidParameterError(
            name, f"{name} is not a valid http(s) URL: {exc}.", "body"
        ) from exc


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value


def build_values(request: ArticleCreate, idempotency_key: str | None) -> dict[str, Any]:
    """The article row a submission makes (without its id)."""
    body = request.text if request.text is not None else request.html
    now = datetime.now(UTC)
    return {
        "url": _canonical(request),
        "source_url": request.url or request.source_url,
        "source_name": request.source_name,
        "outlet": request.outlet,
        "title": request.title,
        "author": None,
        "published_at": _aware(request.published_at),
        "language": None,
        "content_type": "text/html" if request.html is not None else "text/plain",
        "raw_body": body,
        "clean_text": None,
        "content_hash": content_hash(body) if body is not None else None,
        "ingested_at": now,
        "updated_at": now,
        "enrichment_state": "pending",
        "extractor_version": None,
        "error": None,
        "duplicate_of_id": None,
        "idempotency_key": idempotency_key,
        "request_hash": _fingerprint(request) if idempotency_key else None,
    }


def _existing(session: Session, values: dict[str, Any]) -> IngestOutcome | None:
    found = repo.find_existing(
        session,
        idempotency_key=values["idempotency_key"],
        url=values["url"],
        content_hash=values["content_hash"],
    )
    if found is None:
        return None
    article, reason = found
    if reason == "idempotency" and article.request_hash != values["request_hash"]:
        raise IdempotencyKeyReusedError(
            "This Idempotency-Key was used for a different request body."
        )
    assert article.id is not None
    job = repo.latest_job(session, article.id)
    return IngestOutcome(
        article_read(article), job_read(job) if job is not None else None, False, reason
    )


def ingest_article(
    factory: sessionmaker[Session],
    request: ArticleCreate,
    *,
    idempotency_key: str | None = None,
    max_attempts: int = 5,
) -> IngestOutcome:
    """Store a new article with its enrichment job, or return the article it repeats."""
    return ingest_values(factory, build_values(request, idempotency_key), request.url, max_attempts)


def ingest_values(
    factory: sessionmaker[Session], values: dict[str, Any], url: str | None, max_attempts: int
) -> IngestOutcome:
    """New articles are the common case, so the insert is tried first; the unique columns
    reject a repeat, and only then is the stored article looked up."""
    for _attempt in range(3):
        try:
            with transaction(factory) as session:
                (outcome,) = insert_articles(session, [(values, url)], max_attempts)
            return outcome
        except IntegrityError:
            pass  # a repeat, or a concurrent submission of the same article won
        except StatementError as exc:
            if is_outage(exc):
                raise
            # The same values fail the same way on every retry: the submission's fault. The
            # statement and its parameters go to the log only.
            logger.warning("an article's values were refused by the database", exc_info=exc)
            raise ArticleRejectedError(
                "The article could not be stored: the database refused one of its values."
            ) from exc
        with factory() as session:
            seen = _existing(session, values)
        if seen is not None:
            return seen
    raise IngestConflictError("The article conflicts with concurrent writes; retry.")


_article: Table = Article.__table__  # type: ignore[attr-defined]
_jobs: Table = Job.__table__  # type: ignore[attr-defined]
_READ_FIELDS = tuple(name for name in ArticleRead.model_fields if name != "id")
_INSERT_ARTICLES = insert(_article).returning(_article.c.id, sort_by_parameter_order=True)
_INSERT_JOBS = insert(_jobs).returning(_jobs.c.id, sort_by_parameter_order=True)


def _job_values(
    article_id: int, url: str | None, now: datetime, max_attempts: int
) -> dict[str, Any]:
    payload: dict[str, Any] = {"article_id": article_id}
    if url is not None:
        payload["url"] = url
    return {
        "kind": ENRICH_KIND,
        "payload": payload,
        "state": "queued",
        "attempts": 0,
        "max_attempts": max_attempts,
        "run_at": now,
        "locked_until": None,
        "locked_by": None,
        "last_error": None,
        "article_id": article_id,
        "created_at": now,
        "updated_at": now,
        "finished_at": None,
    }


def insert_articles(
    session: Session, items: list[tuple[dict[str, Any], str | None]], max_attempts: int
) -> list[IngestOutcome]:
    """Insert articles and their jobs in the caller's transaction, then bump the data
    version once. Raises IntegrityError when any of them repeats a stored article.

    The INSERT is the transaction's first statement: on SQLite it takes the write lock at
    once, so no earlier read can make the transaction fail later.
    """
    connection = session.connection()
    rows = [values for values, _url in items]
    article_ids = connection.execute(_INSERT_ARTICLES, rows).scalars().all()
    jobs = [
        _job_values(article_id, url, values["ingested_at"], max_attempts)
        for article_id, (values, url) in zip(article_ids, items, strict=True)
    ]
    job_ids = connection.execute(_INSERT_JOBS, jobs).scalars().all()
    outcomes = []
    for article_id, job_id, values, job in zip(article_ids, job_ids, rows, jobs, strict=True):
        read = {name: values[name] for name in _READ_FIELDS} | {"id": article_id}
        outcomes.append(
            IngestOutcome(
                ArticleRead.model_validate(read), JobRead.model_validate(job | {"id": job_id}), True
            )
        )
    return outcomes
