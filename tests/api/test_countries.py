"""Countries: list, filters, pagination, detail, profile."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_list_is_sorted_and_paginated_with_opaque_cursors(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/countries", params=params).json()
        seen += [c["iso2"] for c in page["items"]]
        assert page["total"] == 249
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 249
    assert seen == sorted(seen)
    assert len(set(seen)) == 249


def test_filter_by_region(client: TestClient) -> None:
    page = client.get("/v1/countries", params={"region": "europe", "limit": 500}).json()
    codes = {c["iso2"] for c in page["items"]}
    assert {"UA", "DE", "FR"} <= codes
    assert "CN" not in codes
    assert all(c["region"] == "Europe" for c in page["items"])


def test_filter_by_mineral_produced_or_held(client: TestClient) -> None:
    page = client.get("/v1/countries", params={"mineral": "rare-earths", "limit": 500}).json()
    codes = {c["iso2"] for c in page["items"]}
    assert {"CN", "US", "MM"} <= codes  # producers
    assert {"GL", "CA", "ZA"} <= codes  # reserves only ("—" production)
    assert "UA" not in codes


def test_get_country_with_aliases(client: TestClient) -> None:
    response = client.get("/v1/countries/ua")
    assert response.status_code == 200
    body = response.json()
    assert body["iso2"] == "UA"
    assert body["iso3"] == "UKR"
    assert {"alias": "Kyiv", "kind": "capital"} in body["aliases"]


def test_profile_lists_latest_figures_with_share_rank_and_source(client: TestClient) -> None:
    body = client.get("/v1/countries/CN/profile").json()
    minerals = {m["mineral"]["slug"]: m for m in body["minerals"]}
    assert "rare-earths" in minerals
    production = minerals["rare-earths"]["production"][0]
    assert production["year"] == 2024
    assert production["value"] == 270000
    assert production["rank"] == 1
    assert 0.6 < production["share"] < 0.75
    assert production["source"]["url"].endswith("mcs2025-rare-earths.pdf")
    assert minerals["rare-earths"]["reserves"][0]["value"] == 44000000


def test_profile_of_importer_includes_import_reliance(client: TestClient) -> None:
    body = client.get("/v1/countries/US/profile").json()
    rare_earths = next(m for m in body["minerals"] if m["mineral"]["slug"] == "rare-earths")
    bases = {r["basis"]: r for r in rare_earths["import_reliance"]}
    assert any(r["year"] == 2024 for r in bases.values())


def test_profile_of_country_without_statistics_is_empty(client: TestClient) -> None:
    body = client.get("/v1/countries/UA/profile").json()
    assert body["country"]["name"] == "Ukraine"
    assert all(m["mineral"]["slug"] != "rare-earths" for m in body["minerals"])
