"""The /v1/sources endpoints: create, list, get, pause, resume, delete; bad input; keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models import Job
from app.schemas.feeds import POLL_KIND
from app.services.keys import create_key, revoke_key

FEED = "https://Example.com/minerals/feed.xml?utm_source=x"
PROBLEM = "application/problem+json"


@pytest.fixture
def keys(session: Session) -> dict[str, str]:
    out = {}
    for scope in ("read", "ingest", "admin"):
        _key, out[scope] = create_key(session, f"test {scope}", [scope])
    revoked, out["revoked"] = create_key(session, "revoked", ["ingest"])
    revoke_key(session, str(revoked.id))
    session.commit()
    return out


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _create(client: TestClient, key: str, **body: object) -> dict:
    response = client.post("/v1/sources", json={"feed_url": FEED, **body}, headers=_auth(key))
    assert response.status_code == 201, response.text
    return response.json()


def test_create_list_get(client: TestClient, keys: dict[str, str], session: Session) -> None:
    created = _create(client, keys["ingest"], poll_interval_s=600, outlet="Example")
    assert created["feed_url"] == "https://example.com/minerals/feed.xml"
    assert created["poll_interval_s"] == 600
    assert created["paused"] is False
    assert created["entries_seen"] == 0
    assert created["polling_job_id"] is not None
    assert created["next_poll_at"] is not None
    job = session.get(Job, created["polling_job_id"])
    assert job is not None
    assert job.kind == POLL_KIND
    assert job.payload == {"source_id": created["id"], "feed_url": created["feed_url"]}

    listed = client.get("/v1/sources")
    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "no-store"
    assert [s["id"] for s in listed.json()["items"]] == [created["id"]]
    assert client.get("/v1/sources?paused=true").json()["items"] == []
    got = client.get(f"/v1/sources/{created['id']}")
    assert got.status_code == 200
    assert got.json() == created


def test_list_pages_with_a_cursor(client: TestClient, keys: dict[str, str]) -> None:
    ids = [
        _create(client, keys["ingest"], feed_url=f"https://example.com/{n}.xml")["id"]
        for n in range(3)
    ]
    first = client.get("/v1/sources?limit=2").json()
    assert [s["id"] for s in first["items"]] == ids[::-1][:2]
    rest = client.get(f"/v1/sources?limit=2&cursor={first['next_cursor']}").json()
    assert [s["id"] for s in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None
    bad = client.get("/v1/sources?cursor=WyJ4Il0")
    assert bad.status_code == 422
    assert bad.headers["content-type"] == PROBLEM


def test_pause_resume_delete(client: TestClient, keys: dict[str, str], session: Session) -> None:
    created = _create(client, keys["ingest"])
    sid = created["id"]
    paused = client.post(f"/v1/sources/{sid}/pause", headers=_auth(keys["ingest"]))
    assert paused.status_code == 200
    assert paused.json()["paused"] is True
    assert paused.json()["polling_job_id"] is None
    assert session.get(Job, created["polling_job_id"]) is None  # the pending poll is gone
    again = client.post(f"/v1/sources/{sid}/pause", headers=_auth(keys["ingest"]))
    assert again.status_code == 200
    resumed = client.post(f"/v1/sources/{sid}/resume", headers=_auth(keys["ingest"]))
    assert resumed.status_code == 200
    assert resumed.json()["paused"] is False
    assert resumed.json()["polling_job_id"] is not None
    twice = client.post(f"/v1/sources/{sid}/resume", headers=_auth(keys["ingest"]))
    assert twice.json()["polling_job_id"] == resumed.json()["polling_job_id"]
    polls = session.exec(select(Job).where(col(Job.kind) == POLL_KIND)).all()
    assert len([j for j in polls if j.finished_at is None]) == 1

    deleted = client.delete(f"/v1/sources/{sid}", headers=_auth(keys["ingest"]))
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert client.get(f"/v1/sources/{sid}").status_code == 404
    for method, path in (
        ("delete", f"/v1/sources/{sid}"),
        ("post", f"/v1/sources/{sid}/pause"),
        ("post", f"/v1/sources/{sid}/resume"),
    ):
        gone = client.request(method, path, headers=_auth(keys["ingest"]))
        assert gone.status_code == 404
        assert gone.headers["content-type"] == PROBLEM


def test_a_duplicate_feed_url_is_409(client: TestClient, keys: dict[str, str]) -> None:
    _create(client, keys["ingest"])
    again = client.post(
        "/v1/sources",
        json={"feed_url": "https://example.com/minerals/feed.xml#top"},
        headers=_auth(keys["ingest"]),
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    assert again.json()["type"].endswith("/source-exists")
    assert len(client.get("/v1/sources").json()["items"]) == 1


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"feed_url": "ftp://example.com/feed"}, "feed_url"),
        ({"feed_url": "feed.xml"}, "feed_url"),
        ({"feed_url": "http://"}, "feed_url"),
        ({"feed_url": "https://" + "a" * 3000}, "feed_url"),
        ({"feed_url": "http://[::1"}, "feed_url"),
        ({"feed_url": FEED, "poll_interval_s": 59}, "poll_interval_s"),
        ({"feed_url": FEED, "poll_interval_s": 604_801}, "poll_interval_s"),
        ({"feed_url": FEED, "poll_interval_s": "often"}, "poll_interval_s"),
        ({"feed_url": FEED, "poll_interval_s": 1e300}, "poll_interval_s"),
        ({"feed_url": FEED, "extra": 1}, "extra"),
        ({}, "feed_url"),
        ({"feed_url": 5}, "feed_url"),
    ],
)
def test_bad_input_is_422(
    client: TestClient, keys: dict[str, str], body: dict[str, object], name: str
) -> None:
    response = client.post("/v1/sources", json=body, headers=_auth(keys["ingest"]))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert name in {e["name"] for e in response.json()["errors"]}


def test_malformed_json_is_400_and_other_media_types_415(
    client: TestClient, keys: dict[str, str]
) -> None:
    headers = _auth(keys["ingest"]) | {"Content-Type": "application/json"}
    broken = client.post("/v1/sources", content=b"{", headers=headers)
    assert broken.status_code == 400
    form = client.post(
        "/v1/sources",
        content=b"feed_url=x",
        headers=_auth(keys["ingest"]) | {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 415
    assert form.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("path", ["/v1/sources/0", "/v1/sources/abc", "/v1/sources/99999999999"])
def test_bad_ids_are_422(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/v1/sources/424242")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/v1/sources"),
        ("post", "/v1/sources/1/pause"),
        ("post", "/v1/sources/1/resume"),
        ("delete", "/v1/sources/1"),
    ],
)
def test_writes_need_an_ingest_key(
    client: TestClient, keys: dict[str, str], method: str, path: str
) -> None:
    body = {"json": {"feed_url": FEED}} if path == "/v1/sources" else {}
    missing = client.request(method, path, **body)  # type: ignore[arg-type]
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.headers["content-type"] == PROBLEM
    for secret in ("ow_nope_nope", keys["revoked"]):
        unknown = client.request(method, path, headers=_auth(secret), **body)  # type: ignore[arg-type]
        assert unknown.status_code == 401
    wrong = client.request(method, path, headers=_auth(keys["read"]), **body)  # type: ignore[arg-type]
    assert wrong.status_code == 403
    assert wrong.headers["content-type"] == PROBLEM
    assert client.get("/v1/sources").json()["items"] == []
    # `admin` implies `ingest`.
    allowed = client.request(method, path, headers=_auth(keys["admin"]), **body)  # type: ignore[arg-type]
    assert allowed.status_code in (201, 404)


def test_openapi_declares_the_operations(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    ops = {
        op["operationId"]
        for path, item in document["paths"].items()
        if path.startswith("/v1/sources")
        for op in item.values()
    }
    assert ops == {
        "sources_create",
        "sources_list",
        "sources_get",
        "sources_pause",
        "sources_resume",
        "sources_delete",
    }
