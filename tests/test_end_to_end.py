"""End to end over real processes: serve with its embedded worker, ingest, enrich, read.

Runs on the engine under test (SQLite file, or PostgreSQL when OREWATCH_TEST_DATABASE_URL
is set). The article is our own paraphrase of a scraped news page, page chrome included.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.processes import create_key, prepare_database, serving

SCRAPED_PAGE = """ru
arm
Home | World | Economy
Share
Kyiv's rare earth hopes rest on deposits, not on mines
By Olena Petrenko
February 20, 2025
Ukraine currently does not produce rare-earth minerals and has not done so for decades, \
according to the country's geological survey.
The country holds deposits of lithium, titanium and graphite, officials say.
China produces about 70% of the world's rare earths and restricts exports of gallium.
Views: 93
Copyright 2025 Example Wire. All rights reserved.
"""


@pytest.fixture
def server(tmp_database: str) -> Iterator[tuple[str, str]]:
    env = os.environ | {
        "OREWATCH_DATABASE_URL": tmp_database,
        "OREWATCH_WORKER_POLL_INTERVAL_S": "0.2",
        # every claim moves the records here; the threshold has tests of its own
        "OREWATCH_STATUS_MIN_CONFIDENCE": "0",
    }
    prepare_database(env)
    key = create_key(env, "ingest", name="e2e")
    with serving(env) as (base, _process):
        yield base, key


def _wait_for_job(http: httpx.Client, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = http.get(f"/v1/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "dead", "failed"):
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} did not finish")


def test_ingested_article_becomes_cited_status(server: tuple[str, str]) -> None:
    base, key = server
    with httpx.Client(base_url=base, timeout=10) as http:
        created = http.post(
            "/v1/articles",
            json={
                "text": SCRAPED_PAGE,
                "outlet": "Example Wire",
                "source_url": "https://news.example/ukraine-rare-earths?utm_source=feed",
            },
            headers={"Authorization": f"Bearer {key}"},
        )
        assert created.status_code == 202, created.text
        body = created.json()
        job = _wait_for_job(http, body["job"]["id"])
        assert job["state"] == "succeeded", job

        article = http.get(f"/v1/articles/{body['article']['id']}").json()
        assert article["enrichment_state"] == "enriched"
        assert article["title"].startswith("Kyiv's rare earth hopes")
        assert article["author"] == "Olena Petrenko"
        assert article["published_at"].startswith("2025-02-20")
        assert "Views: 93" not in article["clean_text"]
        mentioned = {(m["entity_kind"], m["entity_key"]) for m in article["mentions"]}
        assert {("country", "UA"), ("mineral", "rare-earths"), ("country", "CN")} <= mentioned
        assert ("country", "RU") not in mentioned  # the "ru" language link is chrome
        claims = {
            (c["country"]["iso2"], c["mineral"]["slug"] if c["mineral"] else None, c["status"])
            for c in article["claims"]
        }
        assert ("UA", "rare-earths", "not_producing") in claims
        for claim in article["claims"]:
            assert article["clean_text"][claim["start"] : claim["end"]] == claim["evidence"]

        citations = http.get(
            "/v1/citations", params={"country": "UA", "mineral": "rare-earths"}
        ).json()
        assert citations["items"][0]["article"]["url"] == "https://news.example/ukraine-rare-earths"
        assert citations["items"][0]["evidence"].startswith("Ukraine currently does not produce")

        status = http.get("/v1/countries/UA/minerals/rare-earths").json()
        assert status["facets"]["production"]["value"] == "not_producing"
        assert status["facets"]["production"]["basis"] == "claims"

        # A titanium-concentrate producer with statistics and no news keeps its state.
        mozambique = http.get("/v1/countries/MZ/minerals/titanium").json()
        assert mozambique["facets"]["production"]["value"] == "producing"
        assert mozambique["facets"]["production"]["basis"] == "statistics"
