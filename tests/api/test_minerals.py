"""Minerals: list, filters, detail, producers."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_list_filters_by_group(client: TestClient) -> None:
    page = client.get("/v1/minerals", params={"group": "rare-earths", "limit": 100}).json()
    slugs = {m["slug"] for m in page["items"]}
    assert "rare-earths" in slugs
    assert {"neodymium", "dysprosium", "yttrium"} <= slugs
    assert "gallium" not in slugs
    assert page["total"] == 18


def test_list_filters_by_critical_list(client: TestClient) -> None:
    us_2022 = client.get("/v1/minerals", params={"critical_list": "us-2022", "limit": 500}).json()
    us_2025 = client.get("/v1/minerals", params={"critical_list": "us-2025", "limit": 500}).json()
    old = {m["slug"] for m in us_2022["items"]}
    new = {m["slug"] for m in us_2025["items"]}
    assert "copper" not in old
    assert {"copper", "uranium", "silver"} <= new
    assert old <= new


def test_get_mineral_with_forms_and_lists(client: TestClient) -> None:
    body = client.get("/v1/minerals/titanium").json()
    assert {f["slug"] for f in body["forms"]} == {"sponge", "ilmenite", "rutile", "pigment"}
    assert sum(f["is_default"] for f in body["forms"]) == 1
    assert {entry["slug"] for entry in body["critical_lists"]} >= {"us-2022", "eu-crma-strategic"}
    group = client.get("/v1/minerals/rare-earths").json()
    assert len(group["members"]) == 17


def test_producers_ranked_with_shares_and_world_total(client: TestClient) -> None:
    body = client.get("/v1/minerals/gallium/producers").json()
    assert body["year"] == 2024
    assert body["form"]["slug"] == "primary"
    assert body["world_total"]["value"] == 760000
    assert body["source"]["page"] == "74-75"
    first = body["producers"][0]
    assert first["country"]["iso2"] == "CN"
    assert first["rank"] == 1
    assert abs(first["share"] - 750000 / 760000) < 1e-6
    assert body["available_years"] == [2023, 2024]


def test_producers_of_other_form_and_year(client: TestClient) -> None:
    body = client.get(
        "/v1/minerals/titanium/producers", params={"form": "ilmenite", "year": 2023}
    ).json()
    assert body["form"]["slug"] == "ilmenite"
    assert body["year"] == 2023
    assert body["producers"][0]["country"]["iso2"] == "CN"
    ranks = [p["rank"] for p in body["producers"] if p["rank"] is not None]
    assert ranks == sorted(ranks)


def test_withheld_figures_have_no_rank(client: TestClient) -> None:
    body = client.get("/v1/minerals/titanium/producers", params={"form": "sponge"}).json()
    us = next(p for p in body["producers"] if p["country"]["iso2"] == "US")
    assert us["value_text"] == "W"
    assert us["rank"] is None
    assert us["share"] is None
