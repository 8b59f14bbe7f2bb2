"""Polling feeds with a real worker and a real HTTP server: new entries ingested once,
repeats skipped, broken feeds recorded without killing the source, pause and resume."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import transaction
from app.jobs import queue, registry
from app.jobs.handlers.feeds import handle_poll, parse_feed, poll_gave_up, prepare_poll
from app.jobs.worker import Worker
from app.models import FeedEntry, FeedSource, Job
from app.schemas.articles import ArticleCreate
from app.schemas.feeds import POLL_KIND
from app.services import feeds
from app.services.ingest import ingest_article
from tests.feeds.helpers import (
    add_source,
    articles,
    poll_jobs,
    poll_now,
    run_all,
    source,
    unfinished_polls,
)
from tests.feeds.server import ATOM, FeedState, atom, rss

ARTICLE = (
    "<html><body><article><p>China, which produces most of the world's gallium, said on "
    "Tuesday that exports of gallium to the United States are banned.</p></article>"
    "</body></html>"
)


def _items(base: str, *numbers: int, content: bool = True) -> list[dict[str, str]]:
    return [
        {
            "guid": f"urn:item:{n}",
            "title": f"Story {n}",
            "link": f"{base}/story/{n}",
            **({"content": f"<p>Story {n}: Chile mines lithium; item {n}.</p>"} if content else {}),
        }
        for n in numbers
    ]


def test_the_handler_is_registered() -> None:
    kind = registry.lookup(POLL_KIND)
    assert kind is not None
    assert kind.handle is handle_poll
    assert kind.prepare is prepare_poll
    assert kind.on_dead is poll_gave_up


def test_rss_entries_are_ingested_once_as_the_feed_changes(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 1, 2)))
    source_id = add_source(factory, f"{base}/rss", outlet="Wire")
    run_all(worker)  # the first poll is due at once
    polled = source(factory, source_id)
    assert (polled.entries_seen, polled.articles_created, polled.last_error) == (2, 2, None)
    assert polled.title == "Minerals wire"
    assert polled.last_polled_at is not None
    assert polled.last_success_at is not None
    stored = articles(factory)
    assert [a.title for a in stored] == ["Story 1", "Story 2"]  # oldest first
    assert all(a.content_type == "text/html" and a.outlet == "Wire" for a in stored)
    assert stored[0].source_url == f"{base}/story/1"
    assert stored[0].published_at is not None

    state.set("/rss", rss(_items(base, 1, 2, 3)))  # one new entry, two repeated
    poll_now(worker, factory, source_id)
    polled = source(factory, source_id)
    assert (polled.entries_seen, polled.articles_created) == (3, 3)
    assert [a.title for a in articles(factory)] == ["Story 1", "Story 2", "Story 3"]

    poll_now(worker, factory, source_id)  # nothing new
    polled = source(factory, source_id)
    assert (polled.entries_seen, polled.articles_created) == (3, 3)
    assert len(articles(factory)) == 3
    assert state.hits["/rss"] == 3
    # One poll job at a time: the source points at its only unfinished one, due later.
    (pending,) = unfinished_polls(factory, source_id)
    assert polled.polling_job_id == pending.id
    assert pending.run_at > datetime.now(UTC) + timedelta(seconds=800)
    assert polled.next_poll_at is not None
    assert {j.state for j in poll_jobs(factory, source_id)} == {"succeeded", "queued"}


def test_link_only_entries_become_url_articles_fetched_by_the_worker(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 7, content=False)))
    state.set("/story/7", ARTICLE, content_type="text/html")
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)
    (article,) = articles(factory)
    assert article.url == f"{base}/story/7"
    assert article.enrichment_state == "enriched"  # the enrichment job fetched the page
    assert state.hits["/story/7"] == 1
    assert source(factory, source_id).articles_created == 1


def test_atom_entries_with_html_content(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/atom", atom(_items(base, 1, 2)), content_type=ATOM)
    source_id = add_source(factory, f"{base}/atom")
    run_all(worker)
    polled = source(factory, source_id)
    assert (polled.entries_seen, polled.articles_created) == (2, 2)
    assert polled.title == "Atom minerals"
    stored = articles(factory)
    assert [a.title for a in stored] == ["Story 1", "Story 2"]
    assert all(a.enrichment_state == "enriched" for a in stored)
    assert stored[1].published_at is not None


def test_entries_already_ingested_elsewhere_are_deduplicated(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    # Story 1 came through the API before (same canonical URL, tracking parameter aside).
    earlier = ingest_article(factory, ArticleCreate(text="x y z", source_url=f"{base}/story/1"))
    state.set("/rss", rss(_items(base, 1, 2)))
    first = add_source(factory, f"{base}/rss")
    # A second source with the same entries (another feed URL of the same site).
    state.set("/other", rss(_items(base, 1, 2)))
    second = add_source(factory, f"{base}/other")
    run_all(worker)
    assert (source(factory, first).entries_seen, source(factory, first).articles_created) == (2, 1)
    assert (source(factory, second).entries_seen, source(factory, second).articles_created) == (
        2,
        0,
    )
    assert len(articles(factory)) == 2
    with factory() as session:
        linked = session.exec(
            select(FeedEntry.article_id).where(col(FeedEntry.source_id) == second)
        ).all()
    assert earlier.article.id in linked
    assert None not in linked


def test_a_broken_feed_is_recorded_and_the_source_keeps_polling(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", "this is not a feed <<<", content_type="application/rss+xml")
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.last_error is not None
    assert polled.last_error == "the response is not an RSS or Atom feed"  # no parser internals
    assert polled.consecutive_failures == 1
    assert polled.last_success_at is None
    assert len(unfinished_polls(factory, source_id)) == 1  # the next poll is scheduled
    assert {j.state for j in poll_jobs(factory, source_id) if j.finished_at} == {"succeeded"}

    state.set("/rss", "busy", status=503, content_type="text/plain")
    poll_now(worker, factory, source_id)
    polled = source(factory, source_id)
    assert polled.last_error is not None
    assert "503" in polled.last_error
    assert polled.consecutive_failures == 2

    state.set("/rss", b"\x00\x01binary", content_type="image/png")
    poll_now(worker, factory, source_id)
    assert "content type" in (source(factory, source_id).last_error or "")

    state.set("/rss", rss(_items(base, 1)))  # fixed
    poll_now(worker, factory, source_id)
    polled = source(factory, source_id)
    assert (polled.last_error, polled.consecutive_failures, polled.entries_seen) == (None, 0, 1)
    assert polled.last_success_at is not None


def test_the_fetch_policy_refuses_private_addresses(
    factory: sessionmaker[Session], worker: Worker
) -> None:
    source_id = add_source(factory, "http://10.0.0.1/feed.xml")
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.last_error is not None
    assert "private address" in polled.last_error
    assert len(unfinished_polls(factory, source_id)) == 1


def test_pause_cancels_the_pending_poll_and_resume_polls_at_once(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 1)))
    source_id = add_source(factory, f"{base}/rss")
    with transaction(factory) as session:
        paused = feeds.pause_source(session, source_id)
    assert paused.paused
    assert paused.polling_job_id is None
    assert paused.next_poll_at is None
    assert poll_jobs(factory, source_id) == []
    run_all(worker)
    assert state.hits.get("/rss") is None
    with transaction(factory) as session:
        assert feeds.pause_source(session, source_id).paused  # idempotent

    with transaction(factory) as session:
        resumed = feeds.resume_source(session, source_id)
    with transaction(factory) as session:
        again = feeds.resume_source(session, source_id)  # no second poll job
    assert not resumed.paused
    assert resumed.polling_job_id == again.polling_job_id
    assert len(unfinished_polls(factory, source_id)) == 1
    run_all(worker)
    assert state.hits["/rss"] == 1
    assert source(factory, source_id).entries_seen == 1


def test_a_poll_running_when_paused_ends_without_a_successor(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 1)))
    source_id = add_source(factory, f"{base}/rss")
    # As if the pause came while a worker was running the job (so it was not cancelled).
    with transaction(factory) as session:
        session.execute(
            update(FeedSource).where(col(FeedSource.id) == source_id).values(paused=True)
        )
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.polling_job_id is None
    assert polled.entries_seen == 0
    assert unfinished_polls(factory, source_id) == []


def test_a_job_the_source_no_longer_points_at_does_nothing(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 1)))
    source_id = add_source(
        factory, f"{base}/rss", first_poll_at=datetime.now(UTC) + timedelta(hours=1)
    )
    with transaction(factory) as session:
        stray = queue.enqueue(
            session, POLL_KIND, {"source_id": source_id, "feed_url": f"{base}/rss"}
        )
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.entries_seen == 0
    assert polled.last_polled_at is None
    assert polled.polling_job_id != stray.id
    assert len(unfinished_polls(factory, source_id)) == 1


def test_delete_removes_the_source_its_poll_and_entries_but_not_articles(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    state.set("/rss", rss(_items(base, 1, 2)))
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)
    with transaction(factory) as session:
        feeds.delete_source(session, source_id)
    with factory() as session:
        assert session.get(FeedSource, source_id) is None
        assert session.exec(select(FeedEntry)).all() == []
    assert unfinished_polls(factory, source_id) == []
    assert len(articles(factory)) == 2


def test_a_dead_poll_job_records_the_error_and_polls_again_later(
    factory: sessionmaker[Session],
) -> None:
    source_id = add_source(factory, "http://feeds.example/rss")
    job_id = source(factory, source_id).polling_job_id
    with transaction(factory) as session:
        job = session.get(Job, job_id)
        assert job is not None
        poll_gave_up(session, job, "an internal error stopped the job")
    polled = source(factory, source_id)
    assert polled.last_error == "an internal error stopped the job"
    assert polled.polling_job_id != job_id
    assert polled.polling_job_id is not None


def test_parse_feed_resolves_relative_links_and_skips_empty_entries() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Rel</title><link>/a/1</link><guid>g1</guid></item>"
        b"<item><title>Nothing</title></item>"
        b"</channel></rss>"
    )
    title, entries = parse_feed(body, "http://example.com/feed", "application/rss+xml")
    assert title == "T"
    assert [e.link for e in entries] == ["http://example.com/a/1"]


def test_a_feed_body_that_looks_like_a_url_or_path_is_not_opened() -> None:
    for body in (b"http://169.254.169.254/latest/", b"/etc/passwd"):
        try:
            _title, entries = parse_feed(body, "http://example.com/feed", "text/plain")
        except ValueError:
            continue
        assert entries == []
