"""The "enrich_article" job: fetch (URL submissions), store, extract, persist, recompute.

prepare (outside any transaction): fetch the page of a URL submission.
handle (in the worker's transaction): store the raw body (deduplicating fetched pages by
content hash), run the extraction pipeline (app.enrichment.pipeline, with a per-article
time limit), replace the article's mentions and claims and recompute the status records
they touch (app.services.enrichment), all committed with the job's completion.

Idempotent: an article already enriched by the current extractor version is left alone
unless the job says `force` (re-enrichment).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.enrichment.pipeline import EXTRACTOR_VERSION, ExtractionError, extract
from app.jobs import runtime
from app.jobs.errors import JobError, PermanentJobError
from app.jobs.fetch import Fetcher, FetchError
from app.jobs.registry import register
from app.metrics import ENRICHMENT_DURATION
from app.models import Article, Job
from app.repositories.articles import find_by_hash
from app.services.article_identity import content_hash
from app.services.enrichment import apply_extraction

logger = logging.getLogger("orewatch.worker")
ENRICH_KIND = "enrich_article"


def prepare_fetch(job: Job) -> Mapping[str, Any]:
    """For a URL submission, fetch the page (outside any transaction)."""
    url = job.payload.get("url")
    if not isinstance(url, str):
        return {}
    try:
        fetched = Fetcher(runtime.fetch_policy()).fetch(url)
    except FetchError as exc:
        raise (PermanentJobError if exc.permanent else JobError)(str(exc)) from exc
    return {"url": fetched.url, "content_type": fetched.content_type, "text": fetched.text}


def handle_enrich(session: Session, job: Job) -> None:
    article_id = job.payload.get("article_id")
    article = session.get(Article, article_id) if isinstance(article_id, int) else None
    if article is None:
        return  # deleted since: nothing to do
    if _is_done(article) and not job.payload.get("force"):
        return
    now = datetime.now(UTC)
    prepared = job.payload.get("prepared") or {}
    if article.raw_body is None:
        if not prepared.get("text"):
            raise JobError("the page could not be fetched")
        article.raw_body = str(prepared["text"])
        article.content_type = str(prepared.get("content_type") or "text/plain")
        digest = content_hash(article.raw_body)
        assert article.id is not None
        original = find_by_hash(session, digest, article.id)
        if original is not None:
            article.enrichment_state = "duplicate"
            article.duplicate_of_id = original.id
            article.updated_at = now
            session.add(article)
            return
        article.content_hash = digest
    started = time.perf_counter()
    try:
        extraction = extract(
            article.raw_body,
            content_type=article.content_type,
            time_limit=runtime.enrichment_time_limit(),
        )
    except ExtractionError as exc:
        ENRICHMENT_DURATION.labels("failed").observe(time.perf_counter() - started)
        # The same input fails the same way again: no point retrying.
        raise PermanentJobError(f"extraction failed: {exc}") from exc
    apply_extraction(session, article, extraction, min_confidence=runtime.status_min_confidence())
    ENRICHMENT_DURATION.labels("enriched").observe(time.perf_counter() - started)
    article.enrichment_state = "enriched"
    article.error = None
    article.updated_at = now
    session.add(article)


def _is_done(article: Article) -> bool:
    if article.enrichment_state == "duplicate":
        return True
    return article.enrichment_state == "enriched" and article.extractor_version == EXTRACTOR_VERSION


def mark_failed(session: Session, job: Job, error: str) -> None:
    """The job is dead: record why on the article."""
    article_id = job.payload.get("article_id")
    article = session.get(Article, article_id) if isinstance(article_id, int) else None
    if article is None:
        return
    article.enrichment_state = "failed"
    article.error = error[:1000]
    article.updated_at = datetime.now(UTC)
    session.add(article)


register(ENRICH_KIND, handle_enrich, prepare=prepare_fetch, on_dead=mark_failed)
