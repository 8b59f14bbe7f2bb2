"""Two real `orewatch worker` processes polling the same sources: never two polls of one
source at a time, every poll's entries ingested once."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.models import Article, FeedEntry, Job
from app.schemas.feeds import POLL_KIND
from tests.feeds.helpers import add_source, source
from tests.feeds.server import FeedState, rss
from tests.jobs.live import start_worker
from tests.processes import stop_process


def _unfinished_per_source(factory: sessionmaker[Session]) -> Counter[int]:
    with factory() as session:
        jobs = session.exec(
            select(Job).where(col(Job.kind) == POLL_KIND, col(Job.finished_at).is_(None))
        ).all()
    return Counter(int(j.payload["source_id"]) for j in jobs)


def test_two_workers_never_poll_one_source_at_once(
    factory: sessionmaker[Session], live_url: str, served: tuple[str, FeedState]
) -> None:
    base, state = served
    paths = [f"/feed/{n}" for n in range(3)]
    for n, path in enumerate(paths):
        items = [
            {
                "guid": f"{path}#{i}",
                "title": f"S{n}.{i}",
                "link": f"{base}{path}/{i}",
                "content": f"<p>Feed {n} story {i}: Peru mines copper.</p>",
            }
            for i in range(3)
        ]
        state.set(path, rss(items), delay_s=0.3)  # slow: polls would overlap if allowed
    ids = [add_source(factory, base + path, interval=1) for path in paths]
    env = {"OREWATCH_FETCH_ALLOW_LOOPBACK": "true", "OREWATCH_WORKER_CLAIM_BATCH": "1"}
    workers = [start_worker(live_url, "alpha", **env), start_worker(live_url, "beta", **env)]
    samples: list[Counter[int]] = []
    try:
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline:
            samples.append(_unfinished_per_source(factory))
            if all(state.hits.get(p, 0) >= 4 for p in paths):
                break
            time.sleep(0.05)
    finally:
        for process in workers:
            stop_process(process)
    assert all(state.hits.get(p, 0) >= 4 for p in paths), state.hits
    assert all(state.max_in_flight[p] == 1 for p in paths), state.max_in_flight
    assert all(max(sample.values(), default=0) <= 1 for sample in samples)
    with factory() as session:
        assert len(session.exec(select(Article)).all()) == 9
        assert None not in session.exec(select(FeedEntry.article_id)).all()
        assert len(session.exec(select(FeedEntry)).all()) == 9
    for source_id in ids:
        polled = source(factory, source_id)
        assert (polled.entries_seen, polled.articles_created, polled.last_error) == (3, 3, None)
