"""What statistics a mineral has, visible to clients: has_statistics, forms, years, known."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

# Minerals with a USGS world production table in app/refdata/production.csv.
WITH_TABLES = {
    "aluminum", "antimony", "arsenic", "barite", "beryllium", "bismuth", "boron", "chromium",
    "cobalt", "copper", "gallium", "graphite", "indium", "lead", "lithium", "magnesium",
    "manganese", "nickel", "niobium", "palladium", "platinum", "potash", "rare-earths",
    "rhenium", "silicon", "silver", "tantalum", "tellurium", "tin", "titanium", "tungsten",
    "vanadium", "zinc", "zirconium",
}  # fmt: skip


def _all(client: TestClient, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/v1/minerals", params={"limit": 500, **params}).json()
    return body


def test_has_statistics_filters_the_vocabulary(client: TestClient) -> None:
    everything = _all(client)
    held = _all(client, has_statistics="true")
    missing = _all(client, has_statistics="false")
    assert {m["slug"] for m in held["items"]} == WITH_TABLES
    assert held["total"] == len(WITH_TABLES) == 34
    assert missing["total"] == everything["total"] - held["total"]
    assert all(m["has_statistics"] is False for m in missing["items"])
    assert {"germanium", "cerium", "fluorspar", "uranium"} <= {m["slug"] for m in missing["items"]}
    assert all(m["has_statistics"] is (m["slug"] in WITH_TABLES) for m in everything["items"])
    bad = client.get("/v1/minerals", params={"has_statistics": "maybe"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["name"] == "has_statistics"


def test_list_walks_pages_with_the_filter(client: TestClient) -> None:
    slugs, cursor = [], None
    while True:
        params = {"has_statistics": "true", "limit": 7} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/minerals", params=params).json()
        slugs += [m["slug"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert slugs == sorted(WITH_TABLES)


def test_list_items_carry_forms_with_years(client: TestClient) -> None:
    items = {m["slug"]: m for m in _all(client, has_statistics="true")["items"]}
    aluminum = items["aluminum"]
    assert aluminum["available_years"] == [2023, 2024]
    assert aluminum["statistics_note"] is None
    forms = aluminum["forms"]
    assert [f["slug"] for f in forms] == ["smelter", "alumina", "bauxite"]  # default first
    assert [f["is_default"] for f in forms] == [True, False, False]
    by_slug = {f["slug"]: f for f in forms}
    assert by_slug["bauxite"]["stage"] == "mine"
    assert by_slug["bauxite"]["reserves_years"] == [2024]
    assert by_slug["smelter"]["reserves_years"] == []
    assert all(f["available_years"] == [2023, 2024] for f in forms)
    titanium = {f["slug"]: f for f in items["titanium"]["forms"]}
    assert titanium["pigment"]["available_years"] == []  # a reliance series, no table
    assert titanium["ilmenite"]["reserves_years"] == [2024]


@pytest.mark.parametrize(
    ("slug", "default", "others"),
    [
        ("aluminum", "smelter", {"bauxite", "alumina"}),
        ("copper", "mine", {"refinery"}),
        ("magnesium", "metal", {"compounds"}),
        ("silicon", "metal", {"ferrosilicon"}),
        ("boron", "all-forms", set()),
    ],
)
def test_default_forms_and_the_others_on_request(
    client: TestClient, slug: str, default: str, others: set[str]
) -> None:
    detail = client.get(f"/v1/minerals/{slug}").json()
    assert detail["has_statistics"] is True
    assert {f["slug"] for f in detail["forms"]} == {default} | others
    assert next(f["slug"] for f in detail["forms"] if f["is_default"]) == default
    assert client.get(f"/v1/minerals/{slug}/producers").json()["form"]["slug"] == default
    for form in others:
        body = client.get(f"/v1/minerals/{slug}/producers", params={"form": form}).json()
        assert (body["known"], body["form"]["slug"]) == (True, form)


def test_mineral_detail_without_statistics_says_why(client: TestClient) -> None:
    germanium = client.get("/v1/minerals/germanium").json()
    assert (germanium["has_statistics"], germanium["forms"], germanium["available_years"]) == (
        False,
        [],
        [],
    )
    assert "most producers do not publish" in germanium["statistics_note"]
    cerium = client.get("/v1/minerals/cerium").json()
    assert cerium["has_statistics"] is False
    assert "/v1/minerals/rare-earths/producers" in cerium["statistics_note"]
    uranium = client.get("/v1/minerals/uranium").json()
    assert "fuel mineral" in uranium["statistics_note"]


@pytest.mark.parametrize("slug", ["germanium", "cerium", "fluorspar", "rhodium", "uranium"])
@pytest.mark.parametrize("operation", ["producers", "supply"])
def test_known_mineral_without_a_table_is_known_false(
    client: TestClient, slug: str, operation: str
) -> None:
    response = client.get(f"/v1/minerals/{slug}/{operation}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["known"] is False
    assert body["detail"].startswith(f"No production statistics are held for '{slug}'")
    assert body["mineral"]["slug"] == slug
    assert (body["form"], body["year"], body["unit"], body["world_total"]) == (None,) * 4
    assert (body["producers"], body["available_years"]) == ([], [])
    if operation == "supply":
        assert body["concentration"] is None
        assert body["flagged_share"] is None
        assert body["reserves"]["known"] is False
        assert body["export_restricted"]["share"] is None
    else:
        assert body["source"] is None


def test_known_answers_say_known_true(client: TestClient) -> None:
    for operation in ("producers", "supply"):
        body = client.get(f"/v1/minerals/gallium/{operation}").json()
        assert (body["known"], body["detail"]) == (True, None)


def test_a_form_without_a_table_is_known_false_too(client: TestClient) -> None:
    body = client.get("/v1/minerals/titanium/producers", params={"form": "pigment"}).json()
    assert body["known"] is False
    assert body["form"]["slug"] == "pigment"
    assert body["detail"].endswith("forms with tables: sponge, ilmenite, rutile.")
    assert (body["producers"], body["world_total"]) == ([], None)


@pytest.mark.parametrize("operation", ["producers", "supply"])
def test_unknown_slug_stays_a_404_problem(client: TestClient, operation: str) -> None:
    response = client.get(f"/v1/minerals/unobtainium/{operation}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "'unobtainium'" in response.json()["detail"]
    no_form = client.get(f"/v1/minerals/germanium/{operation}", params={"form": "mine"})
    assert no_form.status_code == 422
    assert no_form.json()["errors"][0]["name"] == "form"


def test_known_false_is_cached_with_an_etag_and_served_by_the_fast_path(
    client: TestClient,
) -> None:
    url = "/v1/minerals/germanium/producers"
    first = client.get(url)
    etag = first.headers["etag"]
    cache = client.app.state.reads.cache  # type: ignore[attr-defined]
    assert cache.get((url, b"")) is not None  # the next identical GET is answered before routing
    again = client.get(url)
    assert (again.content, again.headers["etag"]) == (first.content, etag)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    head = client.head(url)
    assert (head.status_code, head.headers["etag"]) == (200, etag)


def test_no_world_total_means_no_shares_and_no_hhi(client: TestClient) -> None:
    """Boron's world total is printed XX (not applicable: each country reports another
    form); shares of a sum of the rows would look like world shares, so none are given."""
    producers = client.get("/v1/minerals/boron/producers").json()
    assert producers["known"] is True
    assert producers["world_total"]["value_text"] == "XX"
    assert producers["world_total"]["value"] is None
    assert all(p["share"] is None for p in producers["producers"])
    turkey = next(p for p in producers["producers"] if p["country"]["iso2"] == "TR")
    assert turkey["rank"] == 1  # ranks follow the printed values
    supply = client.get("/v1/minerals/boron/supply").json()
    assert supply["concentration"]["hhi"] is None
    assert "XX" in supply["concentration"]["reason"]
    assert supply["flagged_share"] is None
    assert supply["reserves"]["known"] is False
    assert "XX" in supply["reserves"]["reason"]
    exposure = client.get("/v1/exposure", params={"importer": "US", "mineral": "boron"})
    assert exposure.status_code == 200
    components = {c["name"]: c for c in exposure.json()["score"]["components"]}
    assert components["supply_concentration"]["known"] is False
    assert "XX" in components["supply_concentration"]["reason"]


def test_reserves_of_another_form_go_with_the_default(client: TestClient) -> None:
    aluminum = client.get("/v1/minerals/aluminum/supply").json()
    assert aluminum["form"]["slug"] == "smelter"
    assert aluminum["reserves"]["form"] == "bauxite"
    assert aluminum["reserves"]["known"] is True
    magnesium = client.get("/v1/minerals/magnesium/supply").json()
    assert (magnesium["form"]["slug"], magnesium["reserves"]["form"]) == ("metal", "compounds")
    titanium = client.get("/v1/minerals/titanium/supply").json()["reserves"]
    assert titanium["known"] is False
    assert "ilmenite, rutile" in titanium["reason"]


def test_minerals_export_as_csv_keeps_the_coverage(client: TestClient) -> None:
    response = client.get("/v1/minerals", params={"format": "csv", "has_statistics": "false"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert {r["has_statistics"] for r in rows} == {"false"}
    assert all(r["statistics_note"] for r in rows)
