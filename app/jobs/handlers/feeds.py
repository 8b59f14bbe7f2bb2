"""The "poll_feed" job: fetch and parse a source's RSS/Atom feed, ingest its new entries.

prepare (outside any transaction): fetch the feed with the ordinary Fetcher (SSRF checks,
pinned addresses, size cap, deadlines) and parse it with feedparser. A fetch or parse
failure is not raised: it is handed to the handler, which records it on the source and
schedules the next poll, so a broken feed never kills its source.
handle (in the worker's transaction): lock the source; unless it was deleted, paused or
no longer points at this job, ingest the new entries (app.services.feeds), record the
outcome and enqueue the next poll `poll_interval_s` from now, all committed with the
job's completion.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

import feedparser
from sqlmodel import Session

from app.jobs import runtime
from app.jobs.errors import bounded
from app.jobs.fetch import Fetcher, FetchError, FetchPolicy
from app.jobs.registry import register
from app.models import Job
from app.repositories import feeds as repo
from app.schemas.feeds import POLL_KIND, PolledEntry
from app.services import feeds as service  # used at run time only (import cycle)
from app.settings import get_settings

logger = logging.getLogger("orewatch.worker")
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/xml",
        "text/xml",
        "text/html",  # some servers label feeds so; feedparser decides
        "text/plain",
    }
)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_REPLACEMENT = b"&#xFFFD;"


def _no_impossible_charrefs(body: bytes) -> bytes:
    """A numeric character reference to no character (a surrogate, beyond U+10FFFF) crashes
    feedparser, failing the whole feed for one entry: it becomes U+FFFD instead."""

    def fix(match: re.Match[bytes]) -> bytes:
        hex_digits, digits = match.groups()
        significant = (hex_digits or digits).lstrip(b"0")
        if len(significant) > 8:  # beyond U+10FFFF in either base
            return _REPLACEMENT
        code = int(significant or b"0", 16 if hex_digits else 10)
        return _REPLACEMENT if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match[0]

    return _CHARREF.sub(fix, body) if b"&#" in body else body


class NotAFeedError(ValueError):
    """The body is no RSS or Atom document (the details are logged)."""


def feed_policy() -> FetchPolicy:
    return replace(runtime.fetch_policy(), allowed_types=FEED_TYPES, accept=FEED_ACCEPT)


def _published(entry: Mapping[str, Any]) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC).isoformat()
            except (ValueError, OverflowError):
                return None
    return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def entry_of(entry: Mapping[str, Any]) -> PolledEntry | None:
    """What the handler needs of one parsed entry; None for an entry with nothing in it."""
    link = _text(entry.get("link"))
    title = _text(entry.get("title"))
    summary = _text(entry.get("summary"))
    html = text = None
    for content in entry.get("content") or ():
        value = _text(content.get("value"))
        if value:
            if "html" in str(content.get("type", "text/html")):
                html = value
            else:
                text = value
            break
    if html is None and text is None and link is None and summary is not None:
        html = summary
    ident = _text(entry.get("id")) or link or (title or "") + "\n" + (summary or "")
    if not ident.strip() or (link is None and html is None and text is None):
        return None
    key = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()
    return PolledEntry(key, link, title, _published(entry), html, text)


def parse_feed(body: bytes, url: str, content_type: str) -> tuple[str | None, list[PolledEntry]]:
    """(feed title, entries in feed order); NotAFeedError when the body is no feed at all."""
    parsed = feedparser.parse(  # a stream: a str would be taken for a URL or a file name
        io.BytesIO(_no_impossible_charrefs(body)),
        response_headers={"content-type": content_type, "content-location": url},
    )
    if parsed.get("bozo") and not parsed.get("version") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception")
        logger.info(
            "not an RSS or Atom feed: %s",
            f"{type(reason).__name__}: {reason}"[:500] if reason else "no feed elements",
            extra={"feed_url": url},
        )
        raise NotAFeedError("the response is not an RSS or Atom feed")
    title = _text(parsed.get("feed", {}).get("title"))
    entries = [e for e in (entry_of(raw) for raw in parsed.get("entries", ())) if e]
    return title, entries


def prepare_poll(job: Job) -> Mapping[str, Any]:
    url = job.payload.get("feed_url")
    if not isinstance(url, str):
        return {"error": "the job names no feed URL"}
    try:
        fetched = Fetcher(feed_policy()).fetch(url)
        title, entries = parse_feed(fetched.body, fetched.url, fetched.content_type)
    except FetchError as exc:  # its message is written for clients
        return {"error": bounded(f"fetching the feed failed: {exc}")}
    except NotAFeedError as exc:  # its message is written for clients
        return {"error": str(exc)}
    except Exception:  # a parser crash is the feed's fault: record it, poll again
        logger.warning("job %s: parsing the feed failed", job.id, exc_info=True)
        return {"error": "the feed could not be parsed"}
    limit = get_settings().feed_max_entries_per_poll
    # Feeds list newest first: keep the newest, ingest them oldest first.
    kept = list(reversed(entries[:limit]))
    return {"title": title, "entries": [asdict(e) for e in kept]}


def handle_poll(session: Session, job: Job) -> None:
    source_id = job.payload.get("source_id")
    source = repo.lock_source(session, source_id) if isinstance(source_id, int) else None
    if source is None or source.polling_job_id != job.id:
        return  # deleted, or this job is no longer the source's poller
    if source.paused:
        service.stop_polling(session, source)
        return
    prepared = job.payload.get("prepared") or {}
    raw = prepared.get("entries")
    entries = [PolledEntry(**e) for e in raw] if isinstance(raw, list) else None
    service.record_poll(
        session,
        source,
        entries=entries,
        feed_title=prepared.get("title"),
        error=prepared.get("error"),
        max_attempts=get_settings().job_max_attempts,
    )


def poll_gave_up(session: Session, job: Job, error: str) -> None:
    """The poll job is dead (its handler kept failing): record why, and poll again later."""
    source_id = job.payload.get("source_id")
    source = repo.lock_source(session, source_id) if isinstance(source_id, int) else None
    if source is None or source.polling_job_id != job.id:
        return
    if source.paused:
        service.stop_polling(session, source)
        return
    service.record_poll(session, source, entries=None, feed_title=None, error=error, max_attempts=1)


register(POLL_KIND, handle_poll, prepare=prepare_poll, on_dead=poll_gave_up)
