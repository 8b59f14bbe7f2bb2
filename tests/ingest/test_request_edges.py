"""What a request must be before a route reads it, over real HTTP on 127.0.0.1.

Compressed request bodies, JSON that is not UTF-8, paths with a trailing slash and wrong
methods each get a problem document of their own, and nothing is stored.
"""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from tests.ingest.conftest import bearer

BODY = {"text": "Chile mines copper and lithium; Bolivia exports tin."}


def _problem(response: httpx.Response, status: int, slug: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if slug is not None:
        assert body["type"].endswith("/" + slug), body
    return body


def _stored(api: httpx.Client) -> int:
    return len(api.get("/v1/articles?limit=100").json()["items"])


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate, identity"])
def test_a_compressed_body_is_a_415_naming_the_coding(
    api: httpx.Client, live_keys: dict[str, str], coding: str
) -> None:
    content = gzip.compress(json.dumps(BODY).encode())
    before = _stored(api)
    response = api.post(
        "/v1/articles",
        content=content,
        headers=bearer(live_keys["ingest"])
        | {"content-type": "application/json", "content-encoding": coding},
    )
    body = _problem(response, 415, "unsupported-content-encoding")
    assert coding.split(",")[0] in body["detail"]
    assert response.headers["accept-encoding"] == "identity"
    assert _stored(api) == before


def test_identity_coding_is_a_plain_body(api: httpx.Client, live_keys: dict[str, str]) -> None:
    response = api.post(
        "/v1/articles",
        content=json.dumps(BODY).encode(),
        headers=bearer(live_keys["ingest"])
        | {"content-type": "application/json", "content-encoding": "identity"},
    )
    assert response.status_code == 202, response.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "latin-1"])
def test_json_that_is_not_utf8_is_a_400(
    api: httpx.Client, live_keys: dict[str, str], encoding: str
) -> None:
    text = json.dumps({"text": "Gabon mines manganese at Moanda \u00e9\u00e9."}, ensure_ascii=False)
    before = _stored(api)
    response = api.post(
        "/v1/articles",
        content=text.encode(encoding),
        headers=bearer(live_keys["ingest"]) | {"content-type": "application/json"},
    )
    _problem(response, 400, "malformed-json")
    assert _stored(api) == before


def test_utf8_json_with_non_ascii_text_is_accepted(
    api: httpx.Client, live_keys: dict[str, str]
) -> None:
    text = json.dumps({"text": "C\u00f4te d\u2019Ivoire mines manganese."}, ensure_ascii=False)
    response = api.post(
        "/v1/articles",
        content=text.encode(),
        headers=bearer(live_keys["ingest"]) | {"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 202, response.text


def test_a_trailing_slash_is_a_404_naming_the_path_without_it(api: httpx.Client) -> None:
    response = api.get("/v1/countries/", headers={"host": "attacker.example"})
    body = _problem(response, 404)
    assert "location" not in response.headers
    assert "attacker.example" not in response.text
    assert "(/v1/countries)" in body["detail"]


def test_a_wrong_method_names_every_method_of_the_path(api: httpx.Client) -> None:
    response = api.delete("/v1/articles")
    _problem(response, 405)
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "DELETE" not in allowed
