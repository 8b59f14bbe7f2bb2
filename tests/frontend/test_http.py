"""What a browser frontend relies on: ETag/304 on every GET, gzip, CORS, CSV/NDJSON exports."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from tests.frontend.conftest import ALLOWED_ORIGIN

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}


def _raw(client: TestClient, url: str, headers: dict[str, str]) -> httpx.Response:
    """The response as sent: httpx would otherwise decode gzip transparently."""
    with client.stream("GET", url, headers=headers) as response:
        response.raw_body = b"".join(response.iter_raw())  # type: ignore[attr-defined]
        return response


# --- ETag / 304 on every GET -----------------------------------------------------------


def test_every_get_has_an_etag_or_is_deliberately_no_store(
    client: TestClient, ingest_key: str, enriched_article: int
) -> None:
    auth = {"Authorization": f"Bearer {ingest_key}"}
    created = client.post("/v1/articles", json={"text": "Chile produces lithium."}, headers=auth)
    assert created.status_code == 202, created.text
    source = client.post(
        "/v1/sources", json={"feed_url": "https://news.example/feed.xml"}, headers=auth
    )
    assert source.status_code == 201, source.text
    values = {
        "iso2": "US",
        "slug": "gallium",
        "article_id": str(enriched_article),
        "job_id": str(created.json()["job"]["id"]),
        "source_id": str(source.json()["id"]),
        "claim_id": str(client.get(f"/v1/articles/{enriched_article}").json()["claims"][0]["id"]),
    }
    queries = {"/v1/exposure": "?importer=US&mineral=gallium"}
    no_store, revalidated = [], []
    # Operations of the document, and the routes kept out of it (docs, metrics).
    document = client.get("/openapi.json").json()
    paths = sorted(
        {path for path, item in document["paths"].items() if "get" in item}
        | {
            route.path
            for route in client.app.routes  # type: ignore[attr-defined]
            if isinstance(route, Route) and "GET" in (route.methods or ())
        }
    )
    assert "/v1/countries" in paths
    for template in paths:
        url = template.format(**values) + queries.get(template, "")
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code, first.text[:200])
        cache_control = first.headers.get("cache-control", "")
        if "no-store" in cache_control:
            no_store.append(template)
            continue
        etag = first.headers.get("etag")
        assert etag, f"{url}: neither an ETag nor Cache-Control: no-store"
        assert cache_control, f"{url}: no Cache-Control"
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again.headers["etag"] == etag
        revalidated.append(template)
    # The deliberate no-store ones: probes, job and feed state, metrics.
    assert set(no_store) <= {
        "/healthz",
        "/readyz",
        "/metrics",
        "/v1/jobs",
        "/v1/jobs/{job_id}",
        "/v1/sources",
        "/v1/sources/{source_id}",
    }, no_store
    assert {"/v1/articles", "/v1/articles/{article_id}", "/docs", "/openapi.json"} <= set(
        revalidated
    )
    # The document promises exactly this: a 304 and an ETag on the revalidated operations.
    declared = {
        path
        for path, item in document["paths"].items()
        if "304" in item.get("get", {}).get("responses", {})
    }
    assert declared == {template for template in revalidated if template in document["paths"]}


def test_articles_are_revalidated_not_trusted_for_max_age(
    client: TestClient, enriched_article: int
) -> None:
    for url in ("/v1/articles", f"/v1/articles/{enriched_article}"):
        assert client.get(url).headers["cache-control"] == "no-cache"
    assert client.get("/v1/countries").headers["cache-control"] == "public, max-age=30"


def test_static_assets_answer_304(client: TestClient) -> None:
    first = client.get("/static/swagger-ui.css")
    assert first.status_code == 200
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/static/swagger-ui.css", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


# --- gzip --------------------------------------------------------------------------------


@pytest.mark.parametrize("warm", [False, True], ids=["routed", "fast-path"])
def test_gzip_is_negotiated_for_large_bodies(client: TestClient, warm: bool) -> None:
    url = "/v1/countries?limit=200"
    if warm:  # the second identical read is answered by CachedReads, before routing
        client.get(url, headers=IDENTITY)
    plain = _raw(client, url, IDENTITY)
    packed = _raw(client, url, GZIP)
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) == len(packed.raw_body)  # type: ignore[attr-defined]
    assert gzip.decompress(packed.raw_body) == plain.raw_body  # type: ignore[attr-defined]
    assert len(packed.raw_body) < len(plain.raw_body) / 3  # type: ignore[attr-defined]
    for response in (plain, packed):
        vary = {v.strip().lower() for v in response.headers["vary"].split(",")}
        assert {"accept", "accept-encoding"} <= vary, response.headers["vary"]
    assert packed.headers["etag"] == plain.headers["etag"]
    assert packed.headers["cache-control"] == plain.headers["cache-control"]


def test_tiny_bodies_are_not_compressed(client: TestClient) -> None:
    for url in ("/healthz", "/v1/countries/XQ", "/v1/countries?limit=1"):
        client.get(url)
        response = _raw(client, url, GZIP)
        assert "content-encoding" not in response.headers, url


def test_gzip_can_be_switched_off(app_client: Callable[..., TestClient]) -> None:
    client = app_client(gzip_minimum_size=0)
    for _ in range(2):
        response = _raw(client, "/v1/countries?limit=200", GZIP)
        assert "content-encoding" not in response.headers


def test_streamed_exports_are_compressed(client: TestClient) -> None:
    response = _raw(client, "/v1/production?format=ndjson", GZIP)
    assert response.headers["content-encoding"] == "gzip"
    lines = gzip.decompress(response.raw_body).splitlines()  # type: ignore[attr-defined]
    assert len(lines) == client.get("/v1/production").json()["total"]


# --- CORS --------------------------------------------------------------------------------


def test_cors_preflight_allowed_and_denied(cors_client: TestClient) -> None:
    allowed = cors_client.options(
        "/v1/articles",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()

    denied = cors_client.options(
        "/v1/articles",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
    assert denied.headers["content-type"] == "application/problem+json"
    problem = denied.json()
    assert problem["type"].endswith("/cors-refused")
    assert problem["status"] == 400
    assert "origin" in problem["detail"]
    bad_header = cors_client.options(
        "/v1/articles",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-Secret",
        },
    )
    assert bad_header.status_code == 400
    assert "headers" in bad_header.json()["detail"]


def test_cors_simple_request_exposes_etag_and_location(cors_client: TestClient) -> None:
    for _ in range(2):  # routed, then from the fast path
        response = cors_client.get("/v1/countries/DE", headers={"Origin": ALLOWED_ORIGIN})
        assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
        exposed = {
            h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
        }
        assert {"etag", "location"} <= exposed
    other = cors_client.get("/v1/countries/DE", headers={"Origin": "https://evil.example"})
    assert other.status_code == 200
    assert "access-control-allow-origin" not in other.headers


def test_no_cors_headers_without_origins(client: TestClient) -> None:
    response = client.get("/v1/countries/DE", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/v1/countries", headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_bad_cors_origin_is_refused_at_start() -> None:
    from pydantic import ValidationError

    from app.settings import Settings

    with pytest.raises(ValidationError, match="CORS origin"):
        Settings(cors_origins=["https://app.example.com/path"])


# --- CSV / NDJSON exports -----------------------------------------------------------------


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_countries_csv_by_accept_header(client: TestClient) -> None:
    response = client.get("/v1/countries?region=Europe", headers={"Accept": "text/csv"})
    rows = _csv(response)
    header = response.text.splitlines()[0].split(",")
    assert header[:2] == ["iso2", "iso3"]
    total = client.get("/v1/countries?region=Europe").json()["total"]
    assert len(rows) == total == int(response.headers["orewatch-total"])
    germany = next(r for r in rows if r["iso2"] == "DE")
    assert germany["name"] == "Germany"
    assert germany["region"] == "Europe"
    assert "attachment" in response.headers["content-disposition"]
    assert "Accept" in response.headers["vary"].split(", ")


def test_production_csv_has_nested_columns_and_every_row(client: TestClient) -> None:
    response = client.get("/v1/production", params={"format": "csv", "mineral": "gallium"})
    rows = _csv(response)
    assert len(rows) == client.get("/v1/production?mineral=gallium").json()["total"] > 0
    first = rows[0]
    assert {"mineral.slug", "year", "value_text", "source.title", "source.url"} <= set(first)
    assert {"country.iso2", "country.name", "mineral.name"} <= set(first)
    assert {r["mineral.slug"] for r in rows} == {"gallium"}
    china = next(r for r in rows if r["country.iso2"] == "CN")
    assert float(china["value"]) > 0
    assert china["estimated"] in {"true", "false"}


def test_citations_csv(client: TestClient, enriched_article: int) -> None:
    rows = _csv(client.get("/v1/citations?format=csv&mineral=gallium"))
    as_json = client.get("/v1/citations?mineral=gallium&limit=500").json()["items"]
    assert len(rows) == len(as_json) >= 2
    assert [r["status"] for r in rows] == [c["status"] for c in as_json]
    assert rows[0]["evidence"] == as_json[0]["evidence"]


def test_empty_csv_still_has_its_header(client: TestClient) -> None:
    response = client.get("/v1/citations?format=csv&since=2999-01-01")
    assert _csv(response) == []
    assert "evidence" in response.text.splitlines()[0]


def test_ndjson_is_one_object_per_line(client: TestClient) -> None:
    response = client.get("/v1/minerals", headers={"Accept": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.text.splitlines()
    assert response.text.endswith("\n")
    items = [json.loads(line) for line in lines]
    assert len(items) == client.get("/v1/minerals").json()["total"]
    assert all(isinstance(item, dict) and "slug" in item for item in items)
    assert items[0] == client.get("/v1/minerals?limit=1").json()["items"][0]


def test_export_of_all_production_figures_is_complete(client: TestClient) -> None:
    """More rows than one page (500): the export walks the keyset cursor to the end."""
    total = client.get("/v1/production").json()["total"]
    ids: list[int] = []
    cursor = None
    while True:
        params = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/production", params=params).json()
        ids += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    ndjson = client.get("/v1/production?format=ndjson")
    exported = [json.loads(line)["id"] for line in ndjson.text.splitlines()]
    assert exported == ids
    assert len(exported) == total >= 302
    assert len(_csv(client.get("/v1/production?format=csv"))) == total


def test_limit_caps_and_cursor_starts_an_export(client: TestClient) -> None:
    first = client.get("/v1/countries?limit=10").json()
    capped = client.get("/v1/countries?format=ndjson&limit=10").text.splitlines()
    assert [json.loads(line)["iso2"] for line in capped] == [c["iso2"] for c in first["items"]]
    after = client.get("/v1/countries", params={"format": "ndjson", "cursor": first["next_cursor"]})
    rest = [json.loads(line)["iso2"] for line in after.text.splitlines()]
    assert rest[0] > first["items"][-1]["iso2"]
    assert len(rest) == first["total"] - 10


def test_format_json_and_accept_precedence(client: TestClient) -> None:
    as_json = client.get("/v1/countries?format=json", headers={"Accept": "text/csv"})
    assert as_json.headers["content-type"] == "application/json"
    assert "items" in as_json.json()
    tie = client.get("/v1/countries", headers={"Accept": "text/csv, application/json"})
    assert tie.headers["content-type"] == "application/json"
    weighted = client.get("/v1/countries", headers={"Accept": "application/json;q=0.5, text/csv"})
    assert weighted.headers["content-type"].startswith("text/csv")
    browser = client.get("/v1/countries", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.headers["content-type"] == "application/json"


def test_fast_path_does_not_answer_an_export_with_cached_json(client: TestClient) -> None:
    url = "/v1/countries?region=Africa"
    client.get(url)
    client.get(url)  # now cached
    rows = _csv(client.get(url, headers={"Accept": "text/csv"}))
    assert rows
    assert "iso2" in rows[0]


def test_unknown_format_is_a_422_problem(client: TestClient) -> None:
    response = client.get("/v1/countries?format=xml")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"][0]["name"] == "format"
    assert problem["errors"][0]["location"] == "query"


def test_export_errors_are_problems_before_any_row(client: TestClient) -> None:
    missing = client.get("/v1/exposure/importers/XQ?format=csv")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    bad_cursor = client.get("/v1/countries?format=csv&cursor=nonsense")
    assert bad_cursor.status_code == 422


def test_exports_answer_304(client: TestClient) -> None:
    first = client.get("/v1/countries?format=csv")
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = client.get("/v1/countries?format=csv", headers={"If-None-Match": etag})
    assert again.status_code == 304
    other = client.get("/v1/countries?format=ndjson", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_csv_cells_cannot_become_formulas() -> None:
    from app.api.exports import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell(-5.0) == -5.0
    assert _cell(None) == ""
    assert _cell(["a", "b"]) == '["a","b"]'


def test_openapi_declares_the_export_media_types(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    lists = [
        ("/v1/countries", "countries_list"),
        ("/v1/production", "production_list"),
        ("/v1/citations", "citations_list"),
        ("/v1/articles", "articles_list"),
    ]
    for path, operation_id in lists:
        operation = document["paths"][path]["get"]
        assert operation["operationId"] == operation_id
        content = operation["responses"]["200"]["content"]
        assert {"application/json", "text/csv", "application/x-ndjson"} <= set(content)
        names = {p["name"] for p in operation["parameters"]}
        assert "format" in names
    assert "/docs" not in document["paths"]


def test_fast_path_headers_do_not_grow_across_requests(client: TestClient) -> None:
    """The cached header lists are shared: no layer may edit them in place."""
    url = "/v1/countries?limit=200"
    seen = set()
    for headers in [IDENTITY, GZIP] * 5:
        response = _raw(client, url, headers)
        seen.add((response.headers.get("content-encoding"), response.headers["vary"]))
        assert len(response.headers.get_list("vary")) == 1
    assert seen == {(None, "Accept, Accept-Encoding"), ("gzip", "Accept, Accept-Encoding")}
