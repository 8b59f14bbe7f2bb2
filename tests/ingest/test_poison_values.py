"""Values no database can store are refused at the edge: a 422 naming the field, never a 503
telling the client to retry, never a 500 (issue 15, items 2 and 4). On both engines: SQLite
would store a NUL, PostgreSQL refuses it; every engine overflows on year 1 at +01:00.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.ingest.conftest import bearer

PROBLEM = "application/problem+json"
EDGE_DATETIMES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


def _assert_names(response, location: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "retry-after" not in response.headers
    errors = response.json()["errors"]
    assert [(e["location"], e["name"]) for e in errors] == [(location, name)]


def _article(field: str, value: str) -> dict[str, str]:
    body = {"text": "China restricts gallium exports."}
    if field == "url":
        body = {"url": value}
    elif field == "html":
        body = {"html": value}
    elif field == "text":
        body = {"text": value}
    else:
        body[field] = value
    return body


@pytest.mark.parametrize("field", ["text", "html", "title", "outlet", "url", "source_url"])
def test_nul_in_an_article_field_is_a_422_naming_it(
    client: TestClient, keys: dict[str, str], field: str
) -> None:
    value = "https://example.com/a\x00b" if "url" in field else "gallium\x00 exports"
    response = client.post(
        "/v1/articles", json=_article(field, value), headers=bearer(keys["ingest"])
    )
    _assert_names(response, "body", field)


@pytest.mark.parametrize("field", ["feed_url", "title", "outlet"])
def test_nul_in_a_source_field_is_a_422_naming_it(
    client: TestClient, keys: dict[str, str], field: str
) -> None:
    body = {"feed_url": "https://example.com/feed.xml"}
    body[field] = "https://example.com/f\x00.xml" if field == "feed_url" else "News\x00"
    response = client.post("/v1/sources", json=body, headers=bearer(keys["ingest"]))
    _assert_names(response, "body", field)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/articles?outlet=%00", "outlet"),
        ("/v1/citations?outlet=Reu%00ters", "outlet"),
        ("/v1/jobs?kind=enrich%00", "kind"),
        ("/v1/articles?cursor=%00", "cursor"),
    ],
)
def test_nul_in_a_query_parameter_is_a_422_naming_it(
    client: TestClient, path: str, name: str
) -> None:
    _assert_names(client.get(path), "query", name)


@pytest.mark.parametrize("value", EDGE_DATETIMES)
def test_published_at_at_the_calendar_edge_is_a_422(
    client: TestClient, keys: dict[str, str], value: str
) -> None:
    body = {"text": "China restricts gallium exports.", "published_at": value}
    response = client.post("/v1/articles", json=body, headers=bearer(keys["ingest"]))
    _assert_names(response, "body", "published_at")


@pytest.mark.parametrize("value", EDGE_DATETIMES)
def test_since_at_the_calendar_edge_is_a_422(client: TestClient, value: str) -> None:
    _assert_names(client.get("/v1/articles", params={"since": value}), "query", "since")


def test_the_calendar_edges_in_utc_are_accepted(client: TestClient, keys: dict[str, str]) -> None:
    for value in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59-00:00"):
        assert client.get("/v1/articles", params={"since": value}).status_code == 200
    body = {"text": "Gallium at the edge of time.", "published_at": "0001-01-01T01:00:00+01:00"}
    response = client.post("/v1/articles", json=body, headers=bearer(keys["ingest"]))
    assert response.status_code == 202, response.text
