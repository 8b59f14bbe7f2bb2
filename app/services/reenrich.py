"""Queue re-enrichment of stored articles (after a new extractor version, or on demand)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, or_, select

from app.enrichment.pipeline import EXTRACTOR_VERSION
from app.jobs.queue import enqueue
from app.models import Article, Job

ENRICH_KIND = "enrich_article"
PENDING_JOB_STATES = ("queued", "running")


def queue_reenrichment(session: Session, *, every: bool, since: date | None) -> int:
    """Enqueue an enrichment job per matching article; returns how many were queued.

    By default only articles enriched by another extractor version (or never) are taken;
    `every` takes all of them. Articles with an enrichment job already pending are
    skipped, so running the command twice queues nothing new.
    """
    query = select(col(Article.id)).where(
        col(Article.enrichment_state) != "duplicate", col(Article.raw_body).is_not(None)
    )
    if not every:
        query = query.where(
            or_(
                col(Article.extractor_version).is_(None),
                col(Article.extractor_version) != EXTRACTOR_VERSION,
            )
        )
    if since is not None:
        query = query.where(col(Article.ingested_at) >= datetime.combine(since, time(), tzinfo=UTC))
    pending = select(col(Job.article_id)).where(
        col(Job.kind) == ENRICH_KIND,
        col(Job.state).in_(PENDING_JOB_STATES),
        col(Job.article_id).is_not(None),
    )
    query = query.where(col(Article.id).not_in(pending))
    queued = 0
    for article_id in session.exec(query.order_by(col(Article.id))).all():
        enqueue(
            session, ENRICH_KIND, {"article_id": article_id, "force": True}, article_id=article_id
        )
        queued += 1
    return queued
