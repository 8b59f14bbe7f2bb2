"""Jobs queued for the fault tests and the checks that none was lost or run twice."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from sqlalchemy import func
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.jobs import queue
from app.models import Article, Job

COUNTRIES_AND_ORES = (
    ("Indonesia", "nickel"),
    ("China", "gallium"),
    ("Chile", "lithium"),
    ("Niger", "uranium"),
    ("Zimbabwe", "lithium"),
)


@dataclass(frozen=True, slots=True)
class Queued:
    article_id: int
    job_id: int


def article_text(index: int) -> str:
    country, ore = COUNTRIES_AND_ORES[index % len(COUNTRIES_AND_ORES)]
    return f"{country} bans {ore} ore exports. Report {uuid.uuid4().hex} ({index})."


def post_articles(base_url: str, key: str, count: int) -> list[Queued]:
    """Ingest `count` new articles through the API (each makes one enrich_article job)."""
    queued = []
    with httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=15
    ) as http:
        for index in range(count):
            response = http.post("/v1/articles", json={"text": article_text(index)})
            assert response.status_code == 202, response.text
            body = response.json()
            queued.append(Queued(body["article"]["id"], body["job"]["id"]))
    return queued


def mark_jobs(
    factory: sessionmaker[Session], count: int, sleep: float, prefix: str = "m"
) -> list[Queued]:
    """`count` test_mark jobs (tests/jobs/handlers.py), each on an article of its own."""
    now = datetime.now(UTC)
    with transaction(factory) as session:
        articles = [
            Article(
                content_type="text/plain",
                raw_body=f"{prefix} {uuid.uuid4().hex} {i}",
                ingested_at=now,
                updated_at=now,
            )
            for i in range(count)
        ]
        session.add_all(articles)
        session.flush()
        queued = []
        for article in articles:
            assert article.id is not None
            job = queue.enqueue(session, "test_mark", {"article_id": article.id, "sleep": sleep})
            assert job.id is not None
            queued.append(Queued(article.id, job.id))
    return queued


def job_states(factory: sessionmaker[Session], ids: list[int]) -> Counter[str]:
    with factory() as session:
        return Counter(session.exec(select(Job.state).where(col(Job.id).in_(ids))).all())


def all_succeeded(factory: sessionmaker[Session], queued: list[Queued]) -> bool:
    ids = [q.job_id for q in queued]
    return job_states(factory, ids) == Counter({"succeeded": len(ids)})


def assert_enriched_once(factory: sessionmaker[Session], posted: list[Queued]) -> None:
    """Each posted article has exactly its one job, succeeded, and is enriched."""
    ids = [q.article_id for q in posted]
    with factory() as session:
        jobs_per_article = Counter(
            session.exec(select(Job.article_id).where(col(Job.article_id).in_(ids))).all()
        )
        states = Counter(
            session.exec(select(Article.enrichment_state).where(col(Article.id).in_(ids))).all()
        )
    assert jobs_per_article == Counter(dict.fromkeys(ids, 1))
    assert states == Counter({"enriched": len(ids)}), states


def assert_marked_once(factory: sessionmaker[Session], marked: list[Queued]) -> Counter[str]:
    """Each test_mark article carries exactly one worker's mark: its job committed once.

    Returns the marks by worker name."""
    ids = [q.article_id for q in marked]
    with factory() as session:
        authors = session.exec(select(Article.author).where(col(Article.id).in_(ids))).all()
    assert len(authors) == len(ids)
    twice = [a for a in authors if a is None or a.count("|") != 1]
    assert not twice, f"articles not marked exactly once: {twice}"
    return Counter(a.strip("|") for a in authors if a)


def count_jobs(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.exec(select(func.count()).select_from(Job)).one()
