"""HEAD on every GET route, over real HTTP: the GET's status and headers, no body."""

from __future__ import annotations

import httpx
import pytest

PATHS = [
    "/v1/countries?limit=5",
    "/v1/minerals/gallium",
    "/v1/minerals/gallium/producers",
    "/v1/citations",
    "/healthz",
]


@pytest.mark.parametrize("path", PATHS)
def test_head_answers_with_the_gets_status_and_headers(api: httpx.Client, path: str) -> None:
    got = api.get(path, headers={"accept-encoding": "identity"})
    head = api.head(path, headers={"accept-encoding": "identity"})
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_revalidates_with_the_etag(api: httpx.Client) -> None:
    etag = api.get("/v1/countries?limit=5").headers["etag"]
    head = api.head("/v1/countries?limit=5", headers={"if-none-match": etag})
    assert head.status_code == 304
    assert head.content == b""


def test_head_on_an_unknown_path_is_a_404_without_a_body(api: httpx.Client) -> None:
    head = api.head("/v1/minerals/unobtainium")
    assert head.status_code == 404
    assert head.headers["content-type"] == "application/problem+json"
    assert head.content == b""


def test_allow_names_head_wherever_get_is(api: httpx.Client) -> None:
    response = api.delete("/v1/countries")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}
