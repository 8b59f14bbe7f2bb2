"""Status records over HTTP: statistics-only pairs, news claims, citations and history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tests.articles import store_and_enrich

SEED_LIKE_PAGE = """ru
arm
Share on Facebook
Tweet
Kyiv has no rare earth output today, officials say
20 February 2025
Ukraine currently does not produce rare-earth minerals and has not done so for decades, \
the ministry said on Thursday. The country holds deposits of titanium and lithium, and \
analysts said Washington wants access to them.
China controls around 70% of the world's rare earth mining.
Views: 93
"""


def _enrich(factory: sessionmaker[Session], text: str, published: datetime | None = None) -> int:
    return store_and_enrich(factory, text, published=published)


def test_statistics_only_pair_has_a_statistics_based_state(client: TestClient) -> None:
    body = client.get("/v1/countries/MZ/minerals/titanium").json()
    production = body["facets"]["production"]
    assert production["value"] == "producing"
    assert production["basis"] == "statistics"
    assert production["claims"] is None
    assert body["statistics"]["production"]
    assert body["updated_at"] is not None


def test_dominant_producer_by_share(client: TestClient) -> None:
    facets = client.get("/v1/countries/CN/minerals/gallium").json()["facets"]
    assert facets["market_position"]["value"] == "dominant"
    assert facets["market_position"]["evidence"][0]["share"] > 0.9


def test_import_dependence_from_reliance_statistics(client: TestClient) -> None:
    facets = client.get("/v1/countries/US/minerals/gallium").json()["facets"]
    assert facets["import_dependent"]["value"] == "yes"
    assert facets["import_dependent"]["basis"] == "statistics"


def test_pair_without_any_knowledge_is_unknown(client: TestClient) -> None:
    body = client.get("/v1/countries/IS/minerals/hafnium").json()
    assert body["facets"]["production"]["value"] == "unknown"
    assert body["updated_at"] is None


def test_news_claim_creates_cited_status_and_history(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    article_id = _enrich(session_factory, SEED_LIKE_PAGE)
    body = client.get("/v1/countries/UA/minerals/rare-earths").json()
    production = body["facets"]["production"]
    assert production["value"] == "not_producing"
    assert production["basis"] == "claims"
    sentence = production["evidence"][0]["sentence"]
    assert sentence.startswith("Ukraine currently does not produce rare-earth minerals")
    assert production["evidence"][0]["article_id"] == article_id
    # The cited article comes with the claim: no further call to show it.
    assert production["evidence"][0]["article"]["id"] == article_id
    assert production["evidence"][0]["article"]["outlet"] == "Example Wire"

    citations = client.get(
        "/v1/citations", params={"country": "UA", "mineral": "rare-earths"}
    ).json()
    assert citations["total"] >= 1
    item = citations["items"][0]
    assert item["status"] == "not_producing"
    assert item["article"]["outlet"] == "Example Wire"
    assert "ru" not in item["evidence"].split()

    history = client.get("/v1/countries/UA/minerals/rare-earths/history").json()
    facet_changes = {c["facet"]: c for c in history["items"]}
    assert facet_changes["production"]["new_value"] == "not_producing"
    assert facet_changes["production"]["cause"] == f"article:{article_id}"
    claim_piece = facet_changes["production"]["evidence"][0]
    assert claim_piece["kind"] == "claim"
    assert claim_piece["article"]["url"].startswith("https://news.example/")
    statistics_only = client.get("/v1/countries/MZ/minerals/titanium").json()["facets"]
    figure = statistics_only["production"]["evidence"][0]
    assert figure["kind"] == "production"
    assert "article" not in figure  # each kind has its own fields


def test_claim_older_than_statistics_keeps_statistics_but_shows_both(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    text = "Mozambique does not produce titanium, a local newspaper claimed.\n"
    _enrich(session_factory, text, published=datetime(2020, 5, 1, tzinfo=UTC))
    production = client.get("/v1/countries/MZ/minerals/titanium").json()["facets"]["production"]
    assert production["value"] == "producing"
    assert production["basis"] == "statistics"
    assert production["claims"] == "not_producing"


def test_citation_filters_and_bad_values(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _enrich(session_factory, SEED_LIKE_PAGE)
    since_future = client.get("/v1/citations", params={"since": "2999-01-01"}).json()
    assert since_future["total"] == 0
    by_outlet = client.get("/v1/citations", params={"outlet": "example wire"}).json()
    assert by_outlet["total"] >= 1
    for params, name in (
        ({"status": "rumoured"}, "status"),
        ({"since": "yesterday"}, "since"),
        ({"country": "XQ"}, "country"),
        ({"cursor": "WzEsMl0"}, "cursor"),
    ):
        response = client.get("/v1/citations", params=params)
        assert response.status_code == 422, params
        assert name in {e["name"] for e in response.json()["errors"]}


def test_unknown_pair_parts_are_404(client: TestClient) -> None:
    assert client.get("/v1/countries/XQ/minerals/gallium").status_code == 404
    assert client.get("/v1/countries/US/minerals/unobtainium/history").status_code == 404


def test_citation_total_is_null_beyond_the_cap(
    client: TestClient, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import pagination

    _enrich(session_factory, SEED_LIKE_PAGE)
    monkeypatch.setattr(pagination, "TOTAL_CAP", 1)
    everything = client.get("/v1/citations").json()
    assert len(everything["items"]) >= 2
    assert everything["total"] is None
    narrow = client.get(
        "/v1/citations",
        params={"country": "UA", "mineral": "rare-earths", "status": "not_producing"},
    ).json()
    assert narrow["total"] == 1
