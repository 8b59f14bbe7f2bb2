"""Verdicts survive re-enrichment: on the claim found again, orphaned (never lost) when it
is not, and back on it when a later extraction finds it again; a replaced id is 409."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.ingest.conftest import bearer
from tests.review.conftest import ClaimSpec, StoreArticle

BAN = ClaimSpec("KZ", "tungsten", "export_restricted", 0.97, "Kazakhstan bans tungsten exports.")
OUTPUT = ClaimSpec("KZ", "tungsten", "producing", 0.9, "Kazakhstan mines tungsten.", 40)


def _reject(client: TestClient, secret: str, claim_id: int) -> int:
    response = client.post(
        f"/v1/claims/{claim_id}/review", json={"verdict": "rejected"}, headers=bearer(secret)
    )
    assert response.status_code == 201
    return int(response.json()["review"]["id"])


def test_a_verdict_stays_on_the_claim_found_again(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    article, (claim_id,) = store([BAN])
    review_id = _reject(client, keys["review"], claim_id)
    again = ClaimSpec(BAN.country, BAN.mineral, BAN.status, 0.99, BAN.sentence)
    _article, (same_id,) = store([again], article_id=article, version="test/2")
    assert same_id == claim_id
    claim = client.get(f"/v1/claims/{claim_id}").json()
    assert claim["extractor_version"] == "test/2"
    assert claim["confidence"] == 0.99
    assert claim["review"]["id"] == review_id
    assert claim["counts"] is False
    facet = client.get("/v1/countries/KZ/minerals/tungsten").json()["facets"]["export_restricted"]
    assert facet["value"] is None  # still rejected after re-enrichment


def test_a_claim_not_found_again_leaves_its_verdict_orphaned_then_relinked(
    client: TestClient, keys: dict[str, str], store: StoreArticle
) -> None:
    article, (ban_id, _output_id) = store([BAN, OUTPUT])
    review_id = _reject(client, keys["review"], ban_id)
    store([OUTPUT], article_id=article, version="test/2")  # the ban is no longer found

    gone = client.get(f"/v1/claims/{ban_id}")
    assert gone.status_code == 409
    assert gone.headers["content-type"] == "application/problem+json"
    assert f"article {article}" in gone.json()["detail"]
    orphans = client.get("/v1/reviews", params={"orphaned": "true"}).json()
    assert [r["id"] for r in orphans["items"]] == [review_id]
    assert orphans["items"][0]["orphaned"] is True
    assert orphans["items"][0]["claim_id"] is None
    late = client.post(
        f"/v1/claims/{ban_id}/review", json={"verdict": "confirmed"}, headers=bearer(keys["admin"])
    )
    assert late.status_code == 409

    store([BAN, OUTPUT], article_id=article, version="test/3")  # found again, new id
    claims = client.get("/v1/claims", params={"status": "export_restricted"}).json()["items"]
    (found,) = [c for c in claims if c["article"]["id"] == article]
    assert found["id"] != ban_id
    assert found["review"]["id"] == review_id  # the verdict moved to it
    assert found["review"]["verdict"] == "rejected"
    assert found["counts"] is False
    facet = client.get("/v1/countries/KZ/minerals/tungsten").json()["facets"]["export_restricted"]
    assert facet["value"] is None
    assert client.get("/v1/reviews", params={"orphaned": "true"}).json()["total"] == 0
    attached = client.get("/v1/reviews").json()["items"]
    assert attached[0]["claim_id"] == found["id"]
    assert attached[0]["current"] is True
