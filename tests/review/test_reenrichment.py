"""Verdicts survive re-enrichment: on the claim found again, orphaned (never lost) when it
is not, and back on it when a later extraction finds it again; a replaced id is 409."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction
from tests.articles import store_and_enrich
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


def test_verdicts_survive_reenrichment_by_the_real_extractor(
    client: TestClient, keys: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    text = (
        "Kazakhstan banned exports of tungsten concentrate this week, the trade ministry said. "
        "The ban covers every licensed exporter of the metal.\n"
    )
    article_id = store_and_enrich(session_factory, text, published=datetime(2025, 4, 1, tzinfo=UTC))
    (claim,) = client.get(f"/v1/articles/{article_id}").json()["claims"]
    review_id = _reject(client, keys["review"], claim["id"])
    with session_factory() as session, session.begin():  # what `orewatch reenrich` runs
        article = session.get(Article, article_id)
        assert article is not None
        apply_extraction(session, article, extract(article.raw_body or ""), min_confidence=0.0)
    after = client.get(f"/v1/claims/{claim['id']}").json()
    assert after["review"]["id"] == review_id
    facet = client.get("/v1/countries/KZ/minerals/tungsten").json()["facets"]["export_restricted"]
    assert facet["value"] is None
