"""Feed sources: add, list, pause, resume, delete; and what a poll does with a feed's entries.

Each source has at most one unfinished `poll_feed` job, the one `polling_job_id` points
at. Every path that enqueues a poll job (adding a source, resuming it, a finished poll
scheduling the next) sets that pointer in the same transaction, under the source's row
lock; a poll job whose source no longer points at it does nothing. So, however many
workers run, one poller per source at a time does the work.

New entries are ingested through the ordinary article path (app.services.ingest): an
entry with its full content becomes an `html` article (its link kept as `source_url`),
an entry with only a link becomes a URL article whose page the enrichment job fetches,
and an entry with neither uses its summary. The article table's unique canonical URL and
body hash deduplicate across sources and API submissions; `feed_entry` remembers what a
source has delivered, so a repeated entry is skipped without touching the articles.
An entry that cannot become an article (a NUL character, which PostgreSQL text cannot
hold; an invalid link; a value the database refuses) is remembered too, with no article,
and counted in `entries_skipped`: it never fails the poll, so it never blocks the others.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session

from app.jobs import queue
from app.models import FeedEntry, FeedSource
from app.repositories import articles as article_repo
from app.repositories import feeds as repo
from app.schemas.articles import ArticleCreate
from app.schemas.feeds import POLL_KIND, PolledEntry, SourcePage, SourceRead
from app.services.article_identity import canonical_url
from app.services.errors import DomainError, InvalidParameterError, NotFoundError
from app.services.ingest import build_values, insert_articles
from app.services.pagination import decode_cursor, next_cursor

logger = logging.getLogger("orewatch.feeds")
POLL_MAX_ATTEMPTS = 3
MAX_ERROR_CHARS = 1_000


class SourceExistsError(DomainError):
    status = 409
    title = "Conflict"
    slug = "source-exists"


def utcnow() -> datetime:
    return datetime.now(UTC)


def source_read(source: FeedSource) -> SourceRead:
    return SourceRead.model_validate(source, from_attributes=True)


def canonical_feed_url(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError as exc:
        raise InvalidParameterError(
            "feed_url", f"feed_url is not a valid http(s) URL: {exc}.", "body"
        ) from exc


# -- scheduling -------------------------------------------------------------------------
def schedule_poll(session: Session, source: FeedSource, run_at: datetime) -> None:
    """Enqueue the source's next poll and point the source at it (same transaction)."""
    assert source.id is not None
    job = queue.enqueue(
        session,
        POLL_KIND,
        {"source_id": source.id, "feed_url": source.feed_url},
        max_attempts=POLL_MAX_ATTEMPTS,
        run_at=run_at,
    )
    source.polling_job_id = job.id
    source.next_poll_at = run_at
    session.add(source)
    session.flush()


def _cancel_pending(session: Session, source: FeedSource) -> None:
    """Drop the source's poll job unless a worker is running it (that one sees the change)."""
    if source.polling_job_id is not None and repo.delete_unstarted_job(
        session, source.polling_job_id
    ):
        source.polling_job_id = None
        source.next_poll_at = None


# -- API operations (each inside the caller's transaction) -------------------------------
def create_source(
    session: Session,
    feed_url: str,
    poll_interval_s: int,
    *,
    title: str | None = None,
    outlet: str | None = None,
    first_poll_at: datetime | None = None,
) -> SourceRead:
    """Add a source, first poll due now. The INSERT is the first statement (SQLite's write
    lock up front); a repeated feed URL fails on the unique column: IntegrityError."""
    now = utcnow()
    source = FeedSource(
        feed_url=canonical_feed_url(feed_url),
        title=title,
        outlet=outlet,
        poll_interval_s=poll_interval_s,
        created_at=now,
        updated_at=now,
    )
    session.add(source)
    session.flush()
    schedule_poll(session, source, first_poll_at or now)
    return source_read(source)


def duplicate_error(feed_url: str) -> SourceExistsError:
    return SourceExistsError(f"A source with this feed URL exists: {canonical_feed_url(feed_url)}")


def list_sources(
    session: Session, *, paused: bool | None, cursor: str | None, limit: int
) -> SourcePage:
    after = decode_cursor(cursor, 1)
    before_id = after[0] if after else None
    if before_id is not None and not isinstance(before_id, int):
        raise InvalidParameterError("cursor", "The cursor is malformed; use a next_cursor value.")
    rows = list(repo.list_sources(session, paused=paused, before_id=before_id, limit=limit + 1))
    return SourcePage(
        items=[source_read(s) for s in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda s: (s.id,)),
        total=repo.count_sources(session, paused=paused),
    )


def get_source(session: Session, source_id: int) -> SourceRead:
    source = session.get(FeedSource, source_id)
    if source is None:
        raise NotFoundError(f"No source {source_id}.")
    return source_read(source)


def _locked(session: Session, source_id: int, paused: bool) -> FeedSource:
    if not repo.set_paused(session, source_id, paused, utcnow()):
        raise NotFoundError(f"No source {source_id}.")
    source = repo.lock_source(session, source_id)
    assert source is not None
    return source


def pause_source(session: Session, source_id: int) -> SourceRead:
    source = _locked(session, source_id, True)
    _cancel_pending(session, source)
    session.add(source)
    session.flush()
    return source_read(source)


def resume_source(session: Session, source_id: int) -> SourceRead:
    """Unpause; poll now unless the source still has its poll job (a running one)."""
    source = _locked(session, source_id, False)
    pending = source.polling_job_id
    if pending is None or not repo.job_unfinished(session, pending):
        schedule_poll(session, source, utcnow())
    return source_read(source)


def delete_source(session: Session, source_id: int) -> None:
    """Delete the source and its entry memory; its articles stay."""
    source = _locked(session, source_id, True)
    _cancel_pending(session, source)
    session.delete(source)
    session.flush()


# -- polling ------------------------------------------------------------------------------
def _aware(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def _article_request(source: FeedSource, entry: PolledEntry) -> ArticleCreate | None:
    common: dict[str, Any] = {
        "title": (entry.title or "")[:1000] or None,
        "outlet": ((source.outlet or source.title or "")[:200]) or None,
        "published_at": _aware(entry.published_at),
    }
    if entry.html:
        body: dict[str, Any] = {"html": entry.html, "source_url": entry.link}
    elif entry.link:
        body = {"url": entry.link}
    elif entry.text:
        body = {"text": entry.text}
    else:
        return None
    try:
        return ArticleCreate(**body, **common)
    except ValidationError:
        if "source_url" in body:  # a link that is no http(s) URL: keep the content
            try:
                return ArticleCreate(html=entry.html, **common)
            except ValidationError:
                return None
        return None


def _ingest(session: Session, request: ArticleCreate, max_attempts: int) -> tuple[int | None, bool]:
    """Store one article with its enrichment job, or find the stored article it repeats."""
    try:
        values = build_values(request, None)
    except InvalidParameterError:
        return None, False
    try:
        with session.begin_nested():
            (outcome,) = insert_articles(session, [(values, request.url)], max_attempts)
        return outcome.article.id, True
    except DataError as exc:  # a value the database refuses: this entry alone is skipped
        logger.warning(
            "feed entry skipped: the database refused a value: %s",
            str(exc.orig or exc).splitlines()[0][:300],
        )
        return None, False
    except IntegrityError:
        found = article_repo.find_existing(
            session, idempotency_key=None, url=values["url"], content_hash=values["content_hash"]
        )
        if found is None:  # not a repeat: a concurrent write; the poll is tried again
            raise
        return found[0].id, False


def ingest_entries(
    session: Session, source: FeedSource, entries: list[PolledEntry], max_attempts: int
) -> tuple[int, int, int]:
    """Ingest the entries the source has not delivered before:
    (new entries, new articles, entries skipped as unstorable)."""
    assert source.id is not None
    seen = repo.seen_keys(session, source.id, (e.key for e in entries))
    now = utcnow()
    new = created = skipped = 0
    for entry in entries:
        if entry.key in seen:
            continue
        seen.add(entry.key)
        request = _article_request(source, entry)
        article_id, made = (
            (None, False) if request is None else _ingest(session, request, max_attempts)
        )
        if article_id is None:
            skipped += 1
            logger.info(
                "source %s: feed entry %s skipped, it cannot be stored as an article",
                source.id,
                entry.key[:12],
                extra={"source_id": source.id, "entry_key": entry.key},
            )
        session.add(
            FeedEntry(
                source_id=source.id, entry_key=entry.key, article_id=article_id, first_seen_at=now
            )
        )
        new += 1
        created += made
    session.flush()
    return new, created, skipped


def record_poll(
    session: Session,
    source: FeedSource,
    *,
    entries: list[PolledEntry] | None,
    feed_title: str | None,
    error: str | None,
    max_attempts: int,
) -> None:
    """A poll's outcome, then the next poll: `interval` from now, whatever the outcome."""
    now = utcnow()
    source.last_polled_at = now
    source.updated_at = now
    if error is not None or entries is None:
        source.last_error = (error or "the feed could not be read")[:MAX_ERROR_CHARS]
        source.consecutive_failures += 1
    else:
        new, created, skipped = ingest_entries(session, source, entries, max_attempts)
        source.entries_seen += new
        source.articles_created += created
        source.entries_skipped += skipped
        source.last_success_at = now
        source.last_error = None
        source.consecutive_failures = 0
        title = (feed_title or "").replace("\x00", "").strip()
        if not source.title and title:
            source.title = title[:300]
    schedule_poll(session, source, now + timedelta(seconds=source.poll_interval_s))


def stop_polling(session: Session, source: FeedSource) -> None:
    """A paused source's poll job ends without a successor (resume schedules one)."""
    source.polling_job_id = None
    source.next_poll_at = None
    session.add(source)
