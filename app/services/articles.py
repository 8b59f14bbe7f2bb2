"""Read services for articles and jobs, and the retry of a job."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from app.jobs import queue
from app.models import Article, Job
from app.repositories import articles as article_repo
from app.repositories import jobs as job_repo
from app.schemas.articles import ArticleDetail, ArticlePage, ArticleRead, JobPage, JobRead
from app.services import citations, pagination
from app.services.errors import DomainError, NotFoundError
from app.services.pagination import decode_cursor, next_cursor

RETRYABLE_STATES = ("failed", "dead")


class JobNotRetryableError(DomainError):
    status = 409
    title = "Conflict"
    slug = "job-not-retryable"


def article_read(article: Article) -> ArticleRead:
    return ArticleRead.model_validate(article, from_attributes=True)


def job_read(job: Job) -> JobRead:
    return JobRead.model_validate(job, from_attributes=True)


def _before(cursor: str | None) -> int | None:
    after = decode_cursor(cursor, 1, (int,))
    return int(after[0]) if after else None


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value


def list_articles(
    session: Session,
    *,
    outlet: str | None,
    state: str | None,
    since: datetime | None,
    cursor: str | None,
    limit: int,
) -> ArticlePage:
    rows = list(
        article_repo.list_articles(
            session,
            outlet=outlet,
            state=state,
            since=_aware(since),
            before_id=_before(cursor),
            limit=limit + 1,
        )
    )
    total = article_repo.count_articles(
        session, outlet=outlet, state=state, since=_aware(since), cap=pagination.TOTAL_CAP
    )
    return ArticlePage(
        items=[article_read(a) for a in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda a: (a.id,)),
        total=pagination.bounded_total(total),
    )


def get_article(session: Session, article_id: int) -> ArticleDetail:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"No article {article_id}.")
    detail = ArticleDetail.model_validate(article, from_attributes=True)
    return detail.model_copy(
        update={
            "mentions": citations.article_mentions(session, article_id),
            "claims": citations.article_claims(session, article_id),
        }
    )


def list_jobs(
    session: Session, *, state: str | None, kind: str | None, cursor: str | None, limit: int
) -> JobPage:
    rows = list(
        job_repo.list_jobs(
            session, state=state, kind=kind, before_id=_before(cursor), limit=limit + 1
        )
    )
    return JobPage(
        items=[job_read(j) for j in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda j: (j.id,)),
        total=job_repo.count_jobs(session, state=state, kind=kind),
    )


def get_job(session: Session, job_id: int) -> JobRead:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"No job {job_id}.")
    return job_read(job)


def retry_job(session: Session, job_id: int) -> JobRead:
    """Queue a failed or dead job again, inside the caller's transaction.

    The conditional UPDATE comes first, so on SQLite the write lock is taken up front.
    """
    if not queue.requeue(session, job_id, RETRYABLE_STATES):
        job = session.get(Job, job_id)
        if job is None:
            raise NotFoundError(f"No job {job_id}.")
        raise JobNotRetryableError(
            f"Job {job_id} is {job.state}; only failed or dead jobs can be retried."
        )
    job = session.get(Job, job_id, populate_existing=True)
    assert job is not None
    if job.article_id is not None:
        article = session.get(Article, job.article_id)
        if article is not None and article.enrichment_state == "failed":
            article.enrichment_state = "pending"
            article.error = None
            article.updated_at = datetime.now(UTC)
            session.add(article)
    return job_read(job)
