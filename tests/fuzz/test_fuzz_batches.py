"""Mixed bursts: valid and poison submissions to POST /v1/articles at the same moment.

Concurrent submissions in one process share a transaction (app/services/ingest_batch.py),
so one bad submission used to fail its whole batch (issue 15, item 1: 503s on PostgreSQL,
500s on both engines). Hypothesis draws bursts of valid articles (text, HTML or URL, with
any title, outlet and a date-time anywhere in the calendar once in UTC) and poison ones
(NUL characters, date-times that overflow once in UTC, oversized fields and bodies,
credentials in URLs, lone surrogates, malformed shapes); threads release each burst at
once over real HTTP to a real server on 127.0.0.1.

The property does not depend on how the burst happens to be batched: every valid
submission gets a 202 and is stored exactly as sent, every poison one a 4xx problem+json,
never a 5xx, and nothing else is stored. Runs on both engines (derandomized, a few seconds).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.db import create_db_engine, make_session_factory, transaction
from app.models import Article
from app.services.keys import create_key
from app.settings import Settings
from tests.jobs.live import serve

EXAMPLES = int(os.environ.get("OREWATCH_BATCH_FUZZ_EXAMPLES", "20"))
MAX_BURST = 16
PROBLEM = "application/problem+json"
EDGE_DATETIMES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")


@dataclass(frozen=True)
class Submission:
    body: bytes
    valid: bool
    field: str  # the body field that carries the article (text, html or url)
    value: str  # what must be stored for a valid one (a unique marker for a URL)


# -- valid submissions ----------------------------------------------------------------------
# Any character but those no database stores (U+0000, lone surrogates).
safe_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=60
)


@st.composite
def calendar_datetimes(draw: st.DrawFn) -> str:
    """An ISO date-time with an offset whose UTC instant is inside years 1..9999."""
    instant = draw(
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30, 23, 59))
    )
    minutes = draw(st.integers(-14 * 60, 14 * 60))
    offset = timezone(timedelta(minutes=minutes))
    return instant.replace(tzinfo=UTC).astimezone(offset).isoformat()


@st.composite
def valid_submissions(draw: st.DrawFn) -> dict[str, Any]:
    marker = uuid.uuid4().hex
    kind = draw(st.sampled_from(["text", "html", "url"]))
    words = draw(safe_text)
    body: dict[str, Any]
    if kind == "url":
        body = {"url": f"https://example.com/news/{marker}?utm_source=fuzz"}
    elif kind == "html":
        body = {"html": f"<html><body><p>{marker} gallium {words}</p></body></html>"}
        body["source_url"] = f"https://example.org/{marker}"
    else:
        body = {"text": f"China restricts gallium exports. {words} {marker}"}
    for name, strategy in (
        ("title", safe_text),
        ("outlet", safe_text),
        ("published_at", calendar_datetimes()),
    ):
        if draw(st.booleans()):
            body[name] = draw(strategy)
    return body


# -- poison submissions ----------------------------------------------------------------------
def _poisons() -> list[dict[str, Any]]:
    text = {"text": "China restricts gallium exports."}
    return [
        {"text": "gallium\x00 exports"},
        {"html": "<p>gallium\x00</p>"},
        {**text, "title": "Gallium\x00"},
        {**text, "outlet": "Reuters\x00"},
        {"url": "https://example.com/a\x00b"},
        {**text, "source_url": "https://example.com/\x00"},
        *({**text, "published_at": edge} for edge in EDGE_DATETIMES),
        {"text": "x" * 1_000_001},  # over the field's cap: 422
        {"text": "y" * 2_100_000},  # over the request body cap: 413
        {**text, "title": "t" * 1001},
        {**text, "outlet": "o" * 201},
        {"url": "https://example.com/" + "p" * 5000},
        {"url": "https://user:secret@example.com/private"},
        {**text, "source_url": "https://token@example.com/feed"},
        {**text, "source_url": "https://a.example\\@b.example/"},
        {"text": "gallium \ud800 exports"},  # a lone surrogate: no UTF-8 for it
        {**text, "title": "\udfff"},
        {**text, "url": "https://example.com/both"},
        {},
        {**text, "unknown": 1},
        {"text": 12},
        {**text, "published_at": 1_700_000_000},
        {**text, "published_at": "2024-02-30T00:00:00Z"},
    ]


POISONS = _poisons()


def _encode(body: dict[str, Any]) -> bytes:
    # ensure_ascii: lone surrogates travel as \\ud800 escapes, as a client would send them.
    return json.dumps(body).encode()


@st.composite
def bursts(draw: st.DrawFn) -> list[Submission]:
    valid = draw(st.lists(valid_submissions(), min_size=1, max_size=MAX_BURST - 1))
    poison = draw(st.lists(st.sampled_from(POISONS), min_size=1, max_size=MAX_BURST - len(valid)))
    out = []
    for body in valid:
        field = next(name for name in ("text", "html", "url") if name in body)
        value = body[field] if field != "url" else body[field].split("/")[-1].split("?")[0]
        out.append(Submission(_encode(body), True, field, value))
    out += [Submission(_encode(body), False, "", "") for body in poison]
    return draw(st.permutations(out))


# -- the server --------------------------------------------------------------------------------
@dataclass
class Live:
    base: str
    key: str
    factory: sessionmaker[Session]
    client: httpx.Client


@pytest.fixture(scope="module")
def live(live_url: str) -> Iterator[Live]:
    settings = Settings(
        database_url=live_url, data_version_ttl_s=0, rate_limit_enabled=False, worker_concurrency=0
    )
    engine = create_db_engine(settings)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        _key, secret = create_key(session, "batch fuzz", ["ingest"])
    app = create_app(settings, embedded_worker=False)
    limits = httpx.Limits(max_connections=MAX_BURST, max_keepalive_connections=MAX_BURST)
    with serve(app) as base, httpx.Client(timeout=60, limits=limits) as client:
        yield Live(base, secret, factory, client)
    engine.dispose()


def _stored(live: Live) -> int:
    with live.factory() as session:
        return int(session.scalar(select(func.count()).select_from(Article)) or 0)


def _post_all(live: Live, burst: list[Submission]) -> list[httpx.Response]:
    """Every submission of the burst on its own thread, all released at one barrier."""
    start = threading.Barrier(len(burst))
    headers = {"Authorization": f"Bearer {live.key}", "Content-Type": "application/json"}

    def post(submission: Submission) -> httpx.Response:
        start.wait(timeout=30)
        return live.client.post(
            live.base + "/v1/articles", content=submission.body, headers=headers
        )

    with ThreadPoolExecutor(max_workers=len(burst)) as pool:
        return list(pool.map(post, burst))


@pytest.mark.timeout(300)
def test_a_burst_of_valid_and_poison_submissions(live: Live) -> None:
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(burst=bursts())
    def run(burst: list[Submission]) -> None:
        before = _stored(live)
        responses = _post_all(live, burst)
        created = []
        for submission, response in zip(burst, responses, strict=True):
            status = response.status_code
            assert status < 500, (status, submission.body[:200], response.text[:300])
            if submission.valid:
                assert status == 202, (submission.body[:300], response.text[:500])
                created.append((submission, response.json()["article"]["id"]))
            else:
                assert 400 <= status < 500, (status, submission.body[:200])
                assert response.headers["content-type"] == PROBLEM
                assert response.json()["status"] == status
        assert _stored(live) - before == len(created)  # poison left nothing behind
        with live.factory() as session:
            for submission, article_id in created:
                article = session.get(Article, article_id)
                assert article is not None
                if submission.field == "url":
                    assert article.url is not None
                    assert submission.value in article.url
                else:
                    assert article.raw_body == submission.value

    run()
