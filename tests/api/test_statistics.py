"""Production figures list."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_filter_production_by_country_mineral_and_year(client: TestClient) -> None:
    page = client.get(
        "/v1/production", params={"country": "au", "mineral": "lithium", "year": 2024}
    ).json()
    assert page["total"] == 1
    (item,) = page["items"]
    assert item["country"]["iso2"] == "AU"
    assert item["country"]["name"] == "Australia"
    assert item["mineral"]["slug"] == "lithium"
    assert item["form"] == "mine"
    assert item["estimated"] is True
    assert item["source"]["title"].startswith("USGS Mineral Commodity Summaries 2025, Lithium")


def test_walk_all_pages_of_production(client: TestClient) -> None:
    ids: list[int] = []
    cursor = None
    while True:
        params = {"limit": 37} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/production", params=params).json()
        ids += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(ids) == len(set(ids)) == 1076  # every row of app/refdata/production.csv


def test_filter_by_form_includes_world_rows(client: TestClient) -> None:
    page = client.get("/v1/production", params={"mineral": "titanium", "form": "rutile"}).json()
    kinds = {i["row_kind"] for i in page["items"]}
    assert "world" in kinds
    assert all(i["form"] == "rutile" for i in page["items"])
