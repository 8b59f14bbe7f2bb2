"""The API served for real with its embedded worker: concurrency, pick-up time, URL ingest."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.db import transaction
from app.models import Article, Job
from app.services.keys import create_key
from app.settings import Settings
from tests.jobs.live import serve
from tests.jobs.pages import page_server


@pytest.fixture
def api(live_settings: Settings, factory: sessionmaker[Session]) -> Iterator[tuple[str, str]]:
    """(base URL, ingest key) of a served app with a 2-thread embedded worker."""
    with transaction(factory) as session:
        _key, secret = create_key(session, "live", ["ingest", "admin"])
    settings = live_settings.model_copy(update={"worker_concurrency": 2})
    with serve(create_app(settings)) as base:
        yield base, secret


def _wait_job(http: httpx.Client, job_id: int, states: set[str], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = http.get(f"/v1/jobs/{job_id}").json()
        if job["state"] in states or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


def test_twenty_concurrent_identical_requests_make_one_article_and_one_job(
    api: tuple[str, str], factory: sessionmaker[Session]
) -> None:
    base, key = api
    body = {"text": f"Indonesia bans nickel ore exports. {uuid.uuid4().hex}"}
    headers = {"Authorization": f"Bearer {key}"}

    def post(_: int) -> httpx.Response:
        return httpx.post(f"{base}/v1/articles", json=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(post, range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 19 + [202], [r.text for r in responses if r.status_code >= 300]
    assert len({r.json()["article"]["id"] for r in responses}) == 1
    with factory() as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(Job)).scalar_one() == 1


def test_a_queued_job_starts_within_a_second_and_cleans_the_text(
    api: tuple[str, str],
) -> None:
    base, key = api
    text = "Menu\nHome\n\nChina produces most of the world's gallium.\nShare\n"
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as http:
        time.sleep(1.0)  # the worker is idle, waiting for work
        created = http.post("/v1/articles", json={"text": text}).json()
        started = time.monotonic()
        job = _wait_job(http, created["job"]["id"], {"running", "succeeded"}, 5)
        assert job["state"] in ("running", "succeeded")
        assert time.monotonic() - started < 1.0
        job = _wait_job(http, created["job"]["id"], {"succeeded", "dead"}, 10)
        assert job["state"] == "succeeded", job
        article = http.get(f"/v1/articles/{created['article']['id']}").json()
    assert article["enrichment_state"] == "enriched"
    assert "gallium" in article["clean_text"]
    assert "Share" not in article["clean_text"]


def test_url_ingestion_fetches_in_the_worker(api: tuple[str, str]) -> None:
    base, key = api
    with (
        page_server() as (site, _hits),
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as http,
    ):
        good = http.post("/v1/articles", json={"url": f"{site}/article.html?utm_medium=x"})
        assert good.status_code == 202, good.text
        image = http.post("/v1/articles", json={"url": f"{site}/image"}).json()
        job = _wait_job(http, good.json()["job"]["id"], {"succeeded", "dead"}, 15)
        assert job["state"] == "succeeded", job
        bad = _wait_job(http, image["job"]["id"], {"succeeded", "dead"}, 15)
        article = http.get(f"/v1/articles/{good.json()['article']['id']}").json()
        failed = http.get(f"/v1/articles/{image['article']['id']}").json()
        # the same page submitted as text afterwards is a duplicate of the fetched one
        again = http.post("/v1/articles", json={"url": f"{site}/article.html"})
    assert article["url"] == f"{site}/article.html"
    assert article["content_type"] == "text/html"
    assert article["content_hash"]
    assert "gallium" in article["clean_text"]
    assert "Home | World" not in article["clean_text"]
    assert bad["state"] == "dead"
    assert "content type" in bad["last_error"]
    assert failed["enrichment_state"] == "failed"
    assert "content type" in failed["error"]
    assert again.status_code == 200
