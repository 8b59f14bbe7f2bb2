"""Review over HTTP: verdicts need `review`, records follow them at once, the history says
why, and the queue puts the claims that matter first."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.services.status_records import default_min_confidence
from tests.ingest.conftest import bearer
from tests.review.conftest import ClaimSpec, StoreArticle

BAN = ClaimSpec("KZ", "tungsten", "export_restricted", 0.97, "Kazakhstan bans tungsten exports.")
SHAKY = ClaimSpec("KZ", "tungsten", "disrupted", 0.2, "A strike may slow tungsten mines there.")


def _review(
    client: TestClient, claim_id: int, secret: str, verdict: str, note: str | None = None
) -> Any:
    body = {"verdict": verdict} | ({"note": note} if note else {})
    return client.post(f"/v1/claims/{claim_id}/review", json=body, headers=bearer(secret))


def _facet(client: TestClient, facet: str) -> dict[str, Any]:
    return client.get("/v1/countries/KZ/minerals/tungsten").json()["facets"][facet]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("revoked", 401),
        ("read", 403),
        ("ingest", 403),
        ("review", 201),
        ("admin", 201),
    ],
)
def test_a_verdict_needs_the_review_scope(
    client: TestClient, keys: dict[str, str], store: StoreArticle, who: str | None, status: int
) -> None:
    _article, (claim_id,) = store([BAN])
    headers = bearer(keys[who]) if who else {}
    response = client.post(
        f"/v1/claims/{claim_id}/review", json={"verdict": "confirmed"}, headers=headers
    )
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"


def test_rejecting_a_claim_changes_its_record_at_once_and_history_says_why(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    _article, (claim_id,) = store([BAN])
    assert _facet(client, "export_restricted")["value"] is True
    response = _review(client, claim_id, keys["review"], "rejected", "It describes a lifted ban.")
    assert response.status_code == 201
    assert response.headers["location"] == f"/v1/claims/{claim_id}"
    claim = response.json()
    assert claim["counts"] is False
    assert claim["review"]["verdict"] == "rejected"
    assert claim["review"]["reviewer"]["name"] == "test review"
    review_id = claim["review"]["id"]

    restricted = _facet(client, "export_restricted")
    assert restricted["value"] is None  # nothing else supports it
    assert restricted["basis"] == "none"
    history = client.get("/v1/countries/KZ/minerals/tungsten/history").json()["items"]
    latest = history[0]
    assert latest["facet"] == "export_restricted"
    assert latest["cause"] == f"review:{review_id}"
    assert latest["old_value"] is True
    assert latest["new_value"] is None
    assert "rejected by test review (It describes a lifted ban.)" in latest["reason"]


def test_a_new_verdict_replaces_the_old_and_both_stay(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    _article, (claim_id,) = store([BAN])
    _review(client, claim_id, keys["review"], "rejected")
    second = _review(client, claim_id, keys["admin"], "confirmed").json()
    assert [r["verdict"] for r in second["reviews"]] == ["confirmed", "rejected"]
    assert [r["current"] for r in second["reviews"]] == [True, False]
    assert second["reviews"][0]["reviewer"]["name"] == "test admin"
    assert second["counts"] is True
    assert _facet(client, "export_restricted")["value"] is True
    fetched = client.get(f"/v1/claims/{claim_id}").json()
    assert fetched == second


def test_a_confirmed_claim_counts_whatever_its_confidence(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    assert SHAKY.confidence < default_min_confidence()
    _article, (claim_id,) = store([SHAKY])
    assert _facet(client, "disrupted")["value"] is None
    review = _review(client, claim_id, keys["review"], "confirmed").json()["review"]
    disrupted = _facet(client, "disrupted")
    assert disrupted["value"] is True
    assert disrupted["evidence"][0]["claim_id"] == claim_id
    history = client.get("/v1/countries/KZ/minerals/tungsten/history").json()["items"]
    assert history[0]["cause"] == f"review:{review['id']}"


def test_unknown_claims_and_bad_bodies_are_problems(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    _article, (claim_id,) = store([BAN])
    headers = bearer(keys["review"])
    missing = client.post("/v1/claims/999999/review", json={"verdict": "rejected"}, headers=headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/claims/999999").status_code == 404
    for body in (
        {"verdict": "maybe"},
        {},
        {"verdict": "rejected", "note": "x" * 2001},
        {
            "verdict": "rejected",
            "extra": 1,
        },
    ):
        bad = client.post(f"/v1/claims/{claim_id}/review", json=body, headers=headers)
        assert bad.status_code == 422, body
        assert bad.headers["content-type"] == "application/problem+json"
    not_json = client.post(f"/v1/claims/{claim_id}/review", content="rejected", headers=headers)
    assert not_json.status_code == 415
    assert client.get(f"/v1/claims/{claim_id}").json()["reviews"] == []  # nothing half-written


def test_the_queue_puts_followed_claims_first_then_the_least_certain(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    specs = [
        ClaimSpec("CL", "lithium", "producing", 0.99, "Chile mines lithium.", 0),
        ClaimSpec("CL", "lithium", "developing", 0.90, "Chile plans a lithium plant.", 30),
        ClaimSpec("AR", "lithium", "developing", 0.10, "Argentina may plan a mine.", 60),
        ClaimSpec("AR", "lithium", "reserves", 0.40, "Argentina holds lithium brine.", 90),
    ]
    _article, ids = store(specs)
    queue = client.get("/v1/claims", params={"mineral": "lithium"}).json()
    order = [item["id"] for item in queue["items"]]
    assert order == [ids[1], ids[0], ids[2], ids[3]]
    assert [item["counts"] for item in queue["items"]] == [True, True, False, False]
    assert queue["total"] == 4

    _review(client, ids[1], keys["review"], "rejected")
    after = client.get("/v1/claims", params={"mineral": "lithium"}).json()["items"]
    assert [item["id"] for item in after] == [ids[0], ids[2], ids[3], ids[1]]
    unreviewed = client.get("/v1/claims", params={"review": "unreviewed", "mineral": "lithium"})
    assert ids[1] not in [item["id"] for item in unreviewed.json()["items"]]
    rejected = client.get("/v1/claims", params={"review": "rejected"}).json()
    assert [item["id"] for item in rejected["items"]] == [ids[1]]
    assert rejected["items"][0]["review"]["verdict"] == "rejected"
    narrow = client.get(
        "/v1/claims",
        params={
            "country": "AR",
            "min_confidence": 0.2,
            "max_confidence": 0.5,
            "status": "reserves",
        },
    ).json()
    assert [item["id"] for item in narrow["items"]] == [ids[3]]


def test_queue_cursor_pages_cover_every_claim_once(client: TestClient, store: StoreArticle) -> None:
    specs = [
        ClaimSpec("PE", "zinc", "producing", c, f"Peru mines zinc at site {n}.", n * 40)
        for n, c in enumerate((0.95, 0.3, 0.3, 0.7, 0.99, 0.1, 0.5))
    ]
    store(specs)
    everything = client.get("/v1/claims", params={"country": "PE", "limit": 100}).json()["items"]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"country": "PE", "limit": 2} | (
            {"cursor": cursor} if cursor else {}
        )
        page = client.get("/v1/claims", params=params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [item["id"] for item in everything]
    assert len(seen) == len(set(seen)) == 7


def test_bad_queue_filters_are_problems(client: TestClient) -> None:
    for params, name in (
        ({"review": "pending"}, "review"),
        ({"status": "rumoured"}, "status"),
        ({"country": "XQ"}, "country"),
        ({"min_confidence": 2}, "min_confidence"),
        ({"min_confidence": 0.8, "max_confidence": 0.2}, "min_confidence"),
        ({"cursor": "WzEsMl0"}, "cursor"),
    ):
        response = client.get("/v1/claims", params=params)
        assert response.status_code == 422, params
        assert name in {e["name"] for e in response.json()["errors"]}
