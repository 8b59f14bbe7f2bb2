"""GET /v1/minerals/{slug}/supply: HHI, top shares, reserves, flagged supply, bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import ProductionFigure, ReserveFigure
from tests.exposure.conftest import GALLIUM_NEWS, Enrich
from tests.exposure.expected import expected


def test_gallium_concentration_from_seeded_figures(client: TestClient, session: Session) -> None:
    want = expected(session, ProductionFigure, "gallium", "primary", 2024)
    response = client.get("/v1/minerals/gallium/supply")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["form"]["slug"]) == (2024, "primary")
    concentration = body["concentration"]
    assert concentration["hhi"] == pytest.approx(want.hhi, abs=0.05)
    assert 9700 < concentration["hhi"] < 9800
    assert concentration["top1_share"] == pytest.approx(want.top(1), abs=1e-6)
    assert concentration["top3_share"] == pytest.approx(want.top(3), abs=1e-6)
    assert concentration["top3"][0] == "CN"
    # Japan and South Korea both made 3,000 kg in 2024: tied for third, both listed, in the
    # order of the producers table's ranks.
    assert concentration["top3"] == ["CN", "RU", "JP", "KR"]
    assert concentration["covered_share"] == pytest.approx(want.covered, abs=1e-6)
    assert concentration["countries_counted"] == len(want.shares)
    upper = want.hhi + (100 * max(0.0, 1 - want.covered)) ** 2
    assert concentration["hhi_upper_bound"] == pytest.approx(upper, abs=0.05)
    notes = {n["label"]: n for n in concentration["notes"]}
    assert notes["Other countries"]["treatment"] == "excluded"
    producers = {p["country"]["iso2"]: p for p in body["producers"]}
    assert producers["CN"]["rank"] == 1
    assert producers["CN"]["value"] == want.shares["CN"] * want.world
    assert body["flagged_share"] == 0
    assert body["export_restricted"] == {"flag": "export_restricted", "share": 0, "countries": []}
    assert body["sources"][0]["url"].endswith("mcs2025-gallium.pdf")


def test_gallium_has_no_reserves_and_says_so(client: TestClient) -> None:
    reserves = client.get("/v1/minerals/gallium/supply").json()["reserves"]
    assert reserves["known"] is False
    assert reserves["concentration"] is None
    assert "No reserves figures" in reserves["reason"]


def test_reserves_concentration_of_graphite(client: TestClient, session: Session) -> None:
    want = expected(session, ReserveFigure, "graphite", "mine")
    reserves = client.get("/v1/minerals/graphite/supply").json()["reserves"]
    assert reserves["known"] is True
    assert reserves["form"] == "mine"
    measures = reserves["concentration"]
    assert measures["hhi"] == pytest.approx(want.hhi, abs=0.05)
    assert measures["top3_share"] == pytest.approx(want.top(3), abs=1e-6)
    assert measures["covered_share"] == pytest.approx(want.covered, abs=1e-6)
    excluded = {n["label"] for n in measures["notes"] if n["treatment"] == "excluded"}
    assert "United States" in excluded  # "Included in World total"
    assert reserves["world_total"]["value"] == want.world


def test_world_total_printed_as_a_bound(client: TestClient, session: Session) -> None:
    want = expected(session, ReserveFigure, "rare-earths", "mine")
    measures = client.get("/v1/minerals/rare-earths/supply").json()["reserves"]["concentration"]
    assert measures["world_total_lower_bound"] is True
    assert measures["hhi"] == pytest.approx(want.hhi, abs=0.05)


def test_upper_bound_counts_the_other_countries_row(client: TestClient, session: Session) -> None:
    want = expected(session, ProductionFigure, "titanium", "ilmenite", 2023)
    body = client.get("/v1/minerals/titanium/supply", params={"form": "ilmenite", "year": 2023})
    concentration = body.json()["concentration"]
    assert body.json()["year"] == 2023
    assert want.covered < 1
    upper = want.hhi + (100 * (1 - want.covered)) ** 2
    assert concentration["hhi"] == pytest.approx(want.hhi, abs=0.05)
    assert concentration["hhi_upper_bound"] == pytest.approx(upper, abs=0.05)
    assert concentration["hhi_upper_bound"] > concentration["hhi"]


def test_flagged_supply_with_citations(
    client: TestClient, session: Session, enrich: Enrich
) -> None:
    article_id = enrich(GALLIUM_NEWS)
    want = expected(session, ProductionFigure, "gallium", "primary", 2024)
    body = client.get("/v1/minerals/gallium/supply").json()
    restricted = body["export_restricted"]
    assert restricted["share"] == pytest.approx(want.shares["CN"], abs=1e-6)
    (china,) = restricted["countries"]
    assert china["country"]["iso2"] == "CN"
    assert china["rank"] == 1
    assert china["as_of"] == "2025-03-01"
    citation = china["citations"][0]
    assert citation["status"] == "export_restricted"
    assert citation["evidence"].startswith("China imposed export controls on gallium")
    assert citation["article"]["id"] == article_id
    assert citation["article"]["title"] == "Gallium curbs tighten"
    assert citation["article"]["url"].startswith("https://news.example/exposure-")
    assert isinstance(citation["id"], int)
    disrupted = body["disrupted"]
    assert [c["country"]["iso2"] for c in disrupted["countries"]] == ["RU"]
    assert disrupted["share"] == pytest.approx(want.shares["RU"], abs=1e-6)
    assert "Pikalevo" in disrupted["countries"][0]["citations"][0]["evidence"]
    assert body["flagged_share"] == pytest.approx(want.shares["CN"] + want.shares["RU"], abs=1e-6)


@pytest.mark.parametrize(
    ("path", "params", "status", "name"),
    [
        ("/v1/minerals/unobtainium/supply", {}, 404, None),
        ("/v1/minerals/germanium/supply", {"form": "mine"}, 422, "form"),
        ("/v1/minerals/gallium/supply", {"form": "sponge"}, 422, "form"),
        ("/v1/minerals/gallium/supply", {"year": 1999}, 422, "year"),
        ("/v1/minerals/gallium/supply", {"year": "last"}, 422, "year"),
        ("/v1/minerals/gal%20lium/supply", {}, 422, "slug"),
    ],
)
def test_bad_supply_requests(
    client: TestClient, path: str, params: dict[str, object], status: int, name: str | None
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    if name is None:
        assert path.split("/")[3] in problem["detail"]
    else:
        assert name in {e["name"] for e in problem["errors"]}
