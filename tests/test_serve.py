"""`orewatch migrate`, `seed` and `serve` as real processes, answering over loopback HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from tests.processes import orewatch, prepare_database, serving


@pytest.fixture
def served(tmp_database: str) -> Iterator[str]:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    prepare_database(env)
    with serving(env) as (base, _process):
        yield base


def test_served_api_answers_over_http(served: str) -> None:
    with httpx.Client(base_url=served, timeout=5) as http:
        assert http.get("/healthz").json() == {"status": "ok"}
        producers = http.get("/v1/minerals/rare-earths/producers").json()
        assert producers["producers"][0]["country"]["iso2"] == "CN"
        missing = http.get("/v1/countries/XQ")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        etag = http.get("/v1/countries/UA").headers["etag"]
        assert http.get("/v1/countries/UA", headers={"If-None-Match": etag}).status_code == 304


def test_seed_twice_reports_no_changes(tmp_database: str) -> None:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    prepare_database(env)
    second = orewatch(env, "seed")
    assert all(" 0 inserted, 0 updated" in line for line in second.splitlines())
