"""POST /v1/articles: 202 with a job, duplicates 200, idempotency, reads and filters."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.ingest.conftest import bearer


def _text(tag: str = "") -> str:
    return f"China restricts gallium exports. {tag or uuid.uuid4().hex} Germanium too."


def test_text_article_is_accepted_with_its_job(client: TestClient, keys: dict[str, str]) -> None:
    response = client.post(
        "/v1/articles",
        json={
            "text": _text(),
            "title": "Gallium",
            "outlet": "Example",
            "published_at": "2025-01-02",
        },
        headers=bearer(keys["ingest"]),
    )
    assert response.status_code == 202, response.text
    body = response.json()
    article, job = body["article"], body["job"]
    assert body["created"] is True
    assert response.headers["location"] == f"/v1/articles/{article['id']}"
    assert article["enrichment_state"] == "pending"
    assert article["content_type"] == "text/plain"
    assert article["published_at"].startswith("2025-01-02T00:00:00")
    assert job["kind"] == "enrich_article"
    assert job["state"] == "queued"
    assert job["article_id"] == article["id"]
    got = client.get(response.headers["location"])
    assert got.status_code == 200
    assert got.json()["title"] == "Gallium"
    assert client.get(f"/v1/jobs/{job['id']}").json()["state"] == "queued"


def test_same_body_is_a_duplicate(client: TestClient, keys: dict[str, str]) -> None:
    text = _text()
    first = client.post("/v1/articles", json={"text": text}, headers=bearer(keys["ingest"]))
    # whitespace and case do not make a new article
    again = client.post(
        "/v1/articles",
        json={"text": "  " + text.upper().replace(" ", "\n ")},
        headers=bearer(keys["ingest"]),
    )
    assert first.status_code == 202
    assert again.status_code == 200, again.text
    assert again.json()["created"] is False
    assert again.json()["article"]["id"] == first.json()["article"]["id"]
    assert again.headers["orewatch-duplicate-of"] == "content"
    jobs = client.get("/v1/jobs", params={"kind": "enrich_article"}).json()["items"]
    assert [j["article_id"] for j in jobs].count(first.json()["article"]["id"]) == 1


def test_same_canonical_url_is_a_duplicate(client: TestClient, keys: dict[str, str]) -> None:
    first = client.post(
        "/v1/articles",
        json={"url": "https://News.Example.com/a/story?id=7&utm_source=x#top"},
        headers=bearer(keys["ingest"]),
    )
    assert first.status_code == 202, first.text
    assert first.json()["article"]["url"] == "https://news.example.com/a/story?id=7"
    same = client.post(
        "/v1/articles",
        json={"text": _text(), "source_url": "https://news.example.com/a/story?fbclid=1&id=7"},
        headers=bearer(keys["ingest"]),
    )
    assert same.status_code == 200
    assert same.json()["article"]["id"] == first.json()["article"]["id"]
    assert same.json()["job"]["id"] == first.json()["job"]["id"]


def test_idempotency_key_replays_and_refuses_a_different_body(
    client: TestClient, keys: dict[str, str]
) -> None:
    headers = bearer(keys["ingest"]) | {"Idempotency-Key": "abc-123"}
    payload = {"text": _text()}
    first = client.post("/v1/articles", json=payload, headers=headers)
    replay = client.post("/v1/articles", json=payload, headers=headers)
    assert (first.status_code, replay.status_code) == (202, 200)
    assert replay.json()["article"]["id"] == first.json()["article"]["id"]
    assert replay.headers["orewatch-duplicate-of"] == "idempotency"
    other = client.post("/v1/articles", json={"text": _text()}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")
    # another key's identical Idempotency-Key is its own namespace
    mine = client.post(
        "/v1/articles",
        json={"text": _text()},
        headers=bearer(keys["admin"]) | {"Idempotency-Key": "abc-123"},
    )
    assert mine.status_code == 202


def test_list_filters_and_pagination(client: TestClient, keys: dict[str, str]) -> None:
    outlet = f"Outlet {uuid.uuid4().hex[:6]}"
    ids = []
    for _ in range(3):
        r = client.post(
            "/v1/articles", json={"text": _text(), "outlet": outlet}, headers=bearer(keys["ingest"])
        )
        ids.append(r.json()["article"]["id"])
    page = client.get("/v1/articles", params={"outlet": outlet, "limit": 2}).json()
    assert [a["id"] for a in page["items"]] == ids[::-1][:2]
    rest = client.get(
        "/v1/articles", params={"outlet": outlet, "limit": 2, "cursor": page["next_cursor"]}
    ).json()
    assert [a["id"] for a in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None
    assert (
        client.get("/v1/articles", params={"outlet": outlet, "state": "cleaned"}).json()["items"]
        == []
    )
    future = client.get("/v1/articles", params={"since": "2999-01-01T00:00:00Z"}).json()
    assert future["items"] == []
    bad = client.get("/v1/articles", params={"state": "nope"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


def test_unknown_article_and_job_are_404(client: TestClient) -> None:
    for path in ("/v1/articles/999999", "/v1/jobs/999999"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/articles/99999999999").status_code == 422


def test_jobs_list_filters(client: TestClient, keys: dict[str, str]) -> None:
    client.post("/v1/articles", json={"text": _text()}, headers=bearer(keys["ingest"]))
    queued = client.get("/v1/jobs", params={"state": "queued", "kind": "enrich_article"})
    assert queued.status_code == 200
    assert queued.headers["cache-control"] == "no-store"
    assert queued.json()["items"]
    assert all(j["state"] == "queued" for j in queued.json()["items"])
    assert client.get("/v1/jobs", params={"kind": "other"}).json()["items"] == []
    assert client.get("/v1/jobs", params={"state": "bogus"}).status_code == 422
