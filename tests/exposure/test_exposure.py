"""GET /v1/exposure and its lists: reliance, import sources, flags, score, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import ProductionFigure
from app.services.exposure import MIN_COVERAGE, WEIGHTS
from tests.exposure.conftest import GALLIUM_NEWS, Enrich
from tests.exposure.expected import expected


def _exposure(client: TestClient, importer: str, mineral: str) -> dict[str, Any]:
    response = client.get("/v1/exposure", params={"importer": importer, "mineral": mineral})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _components(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in body["score"]["components"]}


def _recomputed_score(body: dict[str, Any]) -> float:
    known = [c for c in body["score"]["components"] if c["known"]]
    weight = sum(WEIGHTS[c["name"]] for c in known)
    return 100 * sum(WEIGHTS[c["name"]] * c["value"] for c in known) / weight


def test_us_gallium_reliance_and_import_sources(client: TestClient, session: Session) -> None:
    body = _exposure(client, "us", "Gallium")
    assert body["importer"]["iso2"] == "US"
    reliance = body["import_reliance"]
    assert reliance["known"] is True
    assert reliance["percent"] == 100
    (series,) = reliance["series"]
    assert series["year"] == 2024
    assert series["interpretation"] == "number"
    sources = series["import_sources"]
    assert sources["text"].startswith("Metal: Japan, 24%")
    assert sources["period"] == "2020-23"
    (group,) = sources["groups"]
    assert group["label"] == "Metal"
    parsed = [
        (s["country"]["iso2"] if s["country"] else None, s["percent"]) for s in group["sources"]
    ]
    assert parsed == [("JP", 24), ("CN", 19), ("DE", 19), ("CA", 17), (None, 21)]

    want = expected(session, ProductionFigure, "gallium", "primary", 2024)
    components = _components(body)
    assert components["import_reliance"]["value"] == 1.0
    assert components["import_reliance"]["sources"][0]["url"].endswith("mcs2025-gallium.pdf")
    assert components["supply_concentration"]["value"] == pytest.approx(want.hhi / 10_000, abs=1e-5)
    assert components["flagged_world_supply"]["value"] == 0
    assert components["flagged_import_sources"]["value"] == 0
    score = body["score"]
    assert score["coverage"] == 1.0
    assert score["value"] == pytest.approx(_recomputed_score(body), abs=0.05)
    assert body["supply"]["concentration"]["hhi"] == pytest.approx(want.hhi, abs=0.05)
    assert "0.40" in score["formula"]


def test_names_with_parentheticals_and_several_series(client: TestClient) -> None:
    reliance = _exposure(client, "US", "rare-earths")["import_reliance"]
    by_interpretation = {s["interpretation"]: s for s in reliance["series"]}
    assert by_interpretation["net_exporter"]["percent"] == 0
    assert reliance["percent"] == by_interpretation["number"]["percent"] == 80
    assert reliance["series_used"] == by_interpretation["number"]["basis"]
    group = by_interpretation["number"]["import_sources"]["groups"][0]
    assert group["sources"][0]["name"] == "China (includes Hong Kong)"
    assert group["sources"][0]["country"]["iso2"] == "CN"


def test_mineral_without_production_statistics(client: TestClient) -> None:
    body = _exposure(client, "US", "germanium")
    assert body["supply"] is None
    assert "No production statistics" in body["supply_reason"]
    components = _components(body)
    assert components["supply_concentration"]["known"] is False
    assert components["supply_concentration"]["value"] is None
    assert components["supply_concentration"]["reason"] == body["supply_reason"]
    assert components["import_reliance"]["inputs"]["interpretation"] == "lower_bound"
    groups = body["import_reliance"]["series"][0]["import_sources"]["groups"]
    assert [g["label"] for g in groups if g["used_for_score"]] == ["Combined total"]
    score = body["score"]
    assert score["coverage"] == pytest.approx(
        WEIGHTS["import_reliance"] + WEIGHTS["flagged_import_sources"]
    )
    assert score["coverage"] >= MIN_COVERAGE
    assert score["value"] == pytest.approx(_recomputed_score(body), abs=0.05)


def _form_exposure(client: TestClient, mineral: str, form: str) -> dict[str, Any]:
    params = {"importer": "US", "mineral": mineral, "form": form}
    response = client.get("/v1/exposure", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["supply"] is None or body["supply"]["form"]["slug"] == form
    return body


def test_reliance_is_read_for_the_form_asked_for(client: TestClient) -> None:
    """A series of one form (magnesium compounds vs metal) speaks for that form only; every
    series is still listed."""
    metal = _exposure(client, "US", "magnesium")
    assert metal["supply"]["form"]["slug"] == "metal"  # the default
    reliance = metal["import_reliance"]
    assert {s["form"] for s in reliance["series"]} == {"compounds", "metal"}
    assert reliance["series_used"].startswith("magnesium metal")
    assert reliance["percent"] == 75  # ">75", a lower bound
    compounds = _form_exposure(client, "magnesium", "compounds")["import_reliance"]
    assert compounds["series_used"].startswith("magnesium compounds")
    assert compounds["percent"] == 52
    ferro = _form_exposure(client, "silicon", "ferrosilicon")["import_reliance"]
    assert ferro["series_used"].startswith("ferrosilicon")
    silicon = _exposure(client, "US", "silicon")["import_reliance"]
    assert silicon["series_used"].startswith("silicon metal")  # its own before the total's


def test_mineral_level_series_apply_to_every_form(client: TestClient) -> None:
    # Zinc: the ores-and-concentrates series (E) is the mine form's, refined zinc (73) the
    # mineral's; the highest that applies is used, as for rare earths.
    zinc = _exposure(client, "US", "zinc")["import_reliance"]
    by_form = {s["form"]: s for s in zinc["series"]}
    assert by_form["mine"]["interpretation"] == "net_exporter"
    assert zinc["percent"] == 73
    assert zinc["series_used"] == by_form[None]["basis"]
    # Copper's one series (refined basis) is the mineral's: it serves mine and refinery.
    for form in ("mine", "refinery"):
        assert _form_exposure(client, "copper", form)["import_reliance"]["percent"] == 45


def test_no_reliance_of_another_form_is_borrowed(client: TestClient) -> None:
    body = _form_exposure(client, "titanium", "ilmenite")
    reliance = body["import_reliance"]
    assert reliance["known"] is False
    assert "other forms only (pigment, sponge)" in reliance["reason"]
    assert {s["form"] for s in reliance["series"]} == {"pigment", "sponge"}
    components = _components(body)
    assert components["import_reliance"]["known"] is False
    assert components["flagged_import_sources"]["known"] is False  # not sponge's sources
    assert body["score"]["value"] is None
    sponge = _exposure(client, "US", "titanium")["import_reliance"]
    assert sponge["series_used"].startswith("titanium sponge")


def test_importer_without_reliance_data_says_so(client: TestClient) -> None:
    body = _exposure(client, "DE", "gallium")
    reliance = body["import_reliance"]
    assert reliance == {
        "known": False,
        "reason": reliance["reason"],
        "percent": None,
        "series_used": None,
        "series": [],
    }
    assert "only for US" in reliance["reason"]
    components = _components(body)
    assert components["import_reliance"]["known"] is False
    assert components["import_reliance"]["value"] is None
    assert components["flagged_import_sources"]["known"] is False
    assert components["supply_concentration"]["known"] is True
    score = body["score"]
    assert score["value"] is None
    assert "import reliance is unknown" in score["reason"]
    assert score["coverage"] == pytest.approx(
        WEIGHTS["supply_concentration"] + WEIGHTS["flagged_world_supply"]
    )


def test_flags_of_suppliers_raise_the_score(
    client: TestClient, session: Session, enrich: Enrich
) -> None:
    before = _exposure(client, "US", "gallium")["score"]["value"]
    article_id = enrich(GALLIUM_NEWS)
    body = _exposure(client, "US", "gallium")
    want = expected(session, ProductionFigure, "gallium", "primary", 2024)
    flags = {f["country"]["iso2"]: f for f in body["supplier_flags"]}
    assert set(flags) == {"CN", "RU"}
    china = flags["CN"]
    assert china["roles"] == ["producer", "import_source"]
    assert china["export_restricted"] is True
    assert china["disrupted"] is False
    assert china["import_percent"] == 19
    assert china["production_rank"] == 1
    assert china["citations"][0]["article"]["id"] == article_id
    assert flags["RU"]["roles"] == ["producer"]
    assert flags["RU"]["disrupted"] is True

    components = _components(body)
    world = components["flagged_world_supply"]
    assert world["value"] == pytest.approx(want.shares["CN"] + want.shares["RU"], abs=1e-5)
    assert {c["country"]["iso2"] for c in world["citations"]} == {"CN", "RU"}
    imports = components["flagged_import_sources"]
    assert imports["value"] == pytest.approx(0.19)
    assert imports["inputs"]["countries"] == "CN"
    assert imports["citations"][0]["evidence"].startswith("China imposed export controls")
    assert body["score"]["value"] == pytest.approx(_recomputed_score(body), abs=0.05)
    assert body["score"]["value"] > before


def test_list_minerals_of_an_importer_walks_all_pages(client: TestClient) -> None:
    slugs: list[str] = []
    cursor = None
    totals = set()
    while True:
        params: dict[str, Any] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/exposure/importers/us", params=params).json()
        totals.add(page["total"])
        slugs += [item["mineral"]["slug"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert slugs == sorted(set(slugs))
    assert totals == {len(slugs)}
    assert {"gallium", "germanium", "graphite", "rare-earths"} <= set(slugs)

    full = client.get("/v1/exposure/importers/US", params={"limit": 500}).json()
    gallium = next(i for i in full["items"] if i["mineral"]["slug"] == "gallium")
    single = _exposure(client, "US", "gallium")
    assert gallium["score"] == single["score"]["value"]
    assert gallium["hhi"] == single["supply"]["concentration"]["hhi"]
    assert gallium["import_reliance_percent"] == 100


def test_list_for_an_importer_without_reliance(client: TestClient) -> None:
    page = client.get("/v1/exposure/importers/DE").json()
    assert page["total"] == len(page["items"]) > 0
    assert all(i["score"] is None and i["import_reliance_percent"] is None for i in page["items"])


def test_list_importers_of_a_mineral(client: TestClient) -> None:
    page = client.get("/v1/exposure/minerals/gallium").json()
    assert page["total"] == 1
    assert page["next_cursor"] is None
    (item,) = page["items"]
    assert item["importer"]["iso2"] == "US"
    assert item["mineral"]["slug"] == "gallium"
    # Hafnium has a US reliance series (printed NA) but no production table.
    (hafnium,) = client.get("/v1/exposure/minerals/hafnium").json()["items"]
    assert hafnium["importer"]["iso2"] == "US"
    assert (hafnium["score"], hafnium["import_reliance_percent"], hafnium["hhi"]) == (None,) * 3
    empty = client.get("/v1/exposure/minerals/cerium").json()
    assert empty == {"items": [], "next_cursor": None, "total": 0}


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"mineral": "gallium"}, "importer"),
        ({"importer": "US"}, "mineral"),
        ({}, "importer"),
        ({"importer": "XQ", "mineral": "gallium"}, "importer"),
        ({"importer": "USA", "mineral": "gallium"}, "importer"),
        ({"importer": "US", "mineral": "unobtainium"}, "mineral"),
        ({"importer": "US", "mineral": "gal lium"}, "mineral"),
        ({"importer": "US", "mineral": "gallium", "form": "sponge"}, "form"),
    ],
)
def test_bad_exposure_queries_are_422(
    client: TestClient, params: dict[str, str], name: str
) -> None:
    response = client.get("/v1/exposure", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert name in {e["name"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("path", "params", "status", "named"),
    [
        ("/v1/exposure/importers/XQ", {}, 404, "XQ"),
        ("/v1/exposure/minerals/unobtainium", {}, 404, "unobtainium"),
        ("/v1/exposure/importers/U1", {}, 422, "iso2"),
        ("/v1/exposure/importers/US", {"cursor": "not-a-cursor"}, 422, "cursor"),
        ("/v1/exposure/importers/US", {"limit": 0}, 422, "limit"),
        ("/v1/exposure/minerals/gallium", {"limit": 501}, 422, "limit"),
    ],
)
def test_bad_list_requests(
    client: TestClient, path: str, params: dict[str, object], status: int, named: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    problem = response.json()
    if status == 404:
        assert named in problem["detail"]
    else:
        assert named in {e["name"] for e in problem["errors"]}


def test_openapi_documents_the_operations(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operations = {
        op["operationId"]: op for path in document["paths"].values() for op in path.values()
    }
    for name in (
        "minerals_supply",
        "exposure_get",
        "exposure_importer_list",
        "exposure_mineral_list",
    ):
        assert name in operations
        assert operations[name]["summary"]
    assert "w 0.40" in operations["exposure_get"]["description"]
    schemas = document["components"]["schemas"]
    for name in ("MineralSupply", "ImporterExposure", "ExposurePage", "ExposureComponent"):
        assert schemas[name].get("examples"), name
