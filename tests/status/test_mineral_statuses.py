"""GET /v1/minerals/{slug}/statuses: one mineral's status records, filtered and paged; and
the country profile carrying each pair's status."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tests.articles import store_and_enrich

BAN = (
    "Kazakhstan banned exports of gallium this week, the trade ministry said. The ban covers "
    "every licensed exporter of the metal.\n"
)
PUBLISHED = datetime(2025, 4, 1, tzinfo=UTC)


def test_flag_filter_lists_who_restricts_with_the_evidence(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    assert client.get("/v1/minerals/gallium/statuses?flag=export_restricted").json()["total"] == 0
    article_id = store_and_enrich(session_factory, BAN, published=PUBLISHED)
    body = client.get("/v1/minerals/gallium/statuses", params={"flag": "export_restricted"}).json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["country"]["iso2"] == "KZ"
    assert item["status"]["export_restricted"] is True
    assert item["status"]["disrupted"] is None
    evidence = item["latest_evidence"]
    assert evidence["kind"] == "claim"
    assert evidence["article_id"] == article_id
    assert evidence["sentence"].startswith("Kazakhstan banned exports of gallium")


def test_facet_filters_match_the_records(client: TestClient) -> None:
    dominant = client.get("/v1/minerals/gallium/statuses?market_position=dominant").json()
    assert [i["country"]["iso2"] for i in dominant["items"]] == ["CN"]
    producing = client.get("/v1/minerals/gallium/statuses?production=producing").json()
    assert producing["total"] >= 4
    assert {i["status"]["production"] for i in producing["items"]} == {"producing"}
    for item in producing["items"]:
        record = client.get(f"/v1/countries/{item['country']['iso2']}/minerals/gallium").json()
        assert record["facets"]["production"]["value"] == "producing"
        assert record["facets"]["market_position"]["value"] == item["status"]["market_position"]


def test_cursor_pages_cover_every_record_once(client: TestClient) -> None:
    everything = client.get("/v1/minerals/rare-earths/statuses?limit=200").json()
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/minerals/rare-earths/statuses", params=params).json()
        seen += [i["country"]["iso2"] for i in page["items"]]
        assert page["total"] == everything["total"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [i["country"]["iso2"] for i in everything["items"]]
    assert seen == sorted(seen)
    assert len(seen) == everything["total"] > 3


def test_bad_filters_are_problems(client: TestClient) -> None:
    for params, name in (
        ({"flag": "banned"}, "flag"),
        ({"production": "maybe"}, "production"),
        ({"market_position": "huge"}, "market_position"),
        ({"cursor": "WzEsMl0"}, "cursor"),
    ):
        response = client.get("/v1/minerals/gallium/statuses", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith("application/problem+json")
        assert name in {e["name"] for e in response.json()["errors"]}
    missing = client.get("/v1/minerals/unobtainium/statuses")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_profile_carries_each_pairs_status(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    profile = client.get("/v1/countries/CN/profile").json()
    gallium = next(m for m in profile["minerals"] if m["mineral"]["slug"] == "gallium")
    assert gallium["status"]["market_position"] == "dominant"
    assert gallium["status"]["export_restricted"] is None
    store_and_enrich(session_factory, BAN, published=PUBLISHED)
    kazakhstan = client.get("/v1/countries/KZ/profile").json()
    news_only = next(m for m in kazakhstan["minerals"] if m["mineral"]["slug"] == "gallium")
    assert news_only["production"] == []  # no USGS row: listed for its status record
    assert news_only["status"]["export_restricted"] is True
