"""A feed entry the database cannot store is skipped and counted; the others are stored,
the poll succeeds and the source keeps polling (issue 15, item 3)."""

from __future__ import annotations

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.jobs.worker import Worker
from app.models import FeedEntry
from tests.feeds.helpers import add_source, articles, poll_now, run_all, source, unfinished_polls
from tests.feeds.server import FeedState, rss


def _item(base: str, n: int, **overrides: str) -> dict[str, str]:
    item = {
        "guid": f"urn:poison:{n}",
        "title": f"Smelter report {n}",
        "link": f"{base}/report/{n}",
        "content": f"<p>Report {n}: Bolivia ships tin concentrate; lot {n}.</p>",
    }
    return {**item, **overrides}


def test_entries_with_nul_are_skipped_counted_and_the_rest_stored(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    items = [
        _item(base, 1),
        _item(base, 2, title="Smelter\x00report 2"),
        _item(base, 3, content="<p>Report 3 \x00 tin.</p>"),
        _item(base, 4, link=f"{base}/report/\x004", content=""),  # nothing else to store
        _item(base, 5, link=f"{base}/report/\x005"),  # its content is kept, not its link
        _item(base, 6),
    ]
    state.set("/rss", rss(items, title="Tin\x00wire"))
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)

    polled = source(factory, source_id)
    assert polled.last_error is None
    assert polled.consecutive_failures == 0
    assert polled.last_success_at is not None
    assert (polled.entries_seen, polled.articles_created, polled.entries_skipped) == (6, 3, 3)
    assert polled.title == "Tinwire"  # the feed's own title, NUL removed
    stored = {a.title: a for a in articles(factory)}
    assert sorted(t or "" for t in stored) == [f"Smelter report {n}" for n in (1, 5, 6)]
    assert stored["Smelter report 5"].source_url is None
    assert stored["Smelter report 6"].source_url == f"{base}/report/6"
    assert all("\x00" not in (a.raw_body or "") for a in articles(factory))
    with factory() as session:
        skipped = session.exec(
            select(FeedEntry).where(
                col(FeedEntry.source_id) == source_id, col(FeedEntry.article_id).is_(None)
            )
        ).all()
    assert len(skipped) == 3  # remembered: not retried, not counted again

    # The next poll (one more good entry) stores it and counts nothing twice.
    state.set("/rss", rss([*items, _item(base, 7)], title="Tin\x00wire"))
    poll_now(worker, factory, source_id)
    polled = source(factory, source_id)
    assert polled.last_error is None
    assert (polled.entries_seen, polled.articles_created, polled.entries_skipped) == (7, 4, 3)
    assert len(unfinished_polls(factory, source_id)) == 1


def test_an_entry_too_long_for_its_columns_is_skipped(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    long_link = f"{base}/report/" + "x" * 5000  # longer than the URL column allows
    state.set("/rss", rss([_item(base, 1, link=long_link, content=""), _item(base, 2)]))
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.last_error is None
    assert (polled.entries_seen, polled.articles_created, polled.entries_skipped) == (2, 1, 1)


def test_a_reference_to_no_character_does_not_fail_the_feed(
    factory: sessionmaker[Session], worker: Worker, served: tuple[str, FeedState]
) -> None:
    base, state = served
    items = [
        _item(base, 1),
        _item(base, 2, title="Smelter report 2 SURROGATE"),
        _item(base, 3, title="Smelter report 3 BEYOND"),
        _item(base, 4),
    ]
    # A surrogate and a code point beyond U+10FFFF: references to no character at all.
    body = rss(items).replace("SURROGATE", "&#xD800;").replace("BEYOND", "&#1114112;")
    state.set("/rss", body)
    source_id = add_source(factory, f"{base}/rss")
    run_all(worker)
    polled = source(factory, source_id)
    assert polled.last_error is None
    assert (polled.entries_seen, polled.articles_created, polled.entries_skipped) == (4, 4, 0)
    titles = sorted(a.title or "" for a in articles(factory))
    assert titles[1:3] == ["Smelter report 2 \ufffd", "Smelter report 3 \ufffd"]
