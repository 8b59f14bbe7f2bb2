"""Time follows the evidence: history ordered by the articles' dates whatever order they
arrive in, `since` on every facet, flags null when unknown and typed in history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction
from tests.articles import store_and_enrich

BAN = (
    "Kazakhstan banned exports of {mineral} concentrate this week, the trade ministry said. "
    "The ban covers every licensed exporter of the metal.\n"
)
SUSPENSION = (
    "Kazakhstan has suspended its ban on exports of {mineral}, the trade ministry said on Monday.\n"
)
JANUARY = datetime(2025, 1, 15, tzinfo=UTC)
JUNE = datetime(2025, 6, 2, tzinfo=UTC)
NOVEMBER = datetime(2025, 11, 10, tzinfo=UTC)


def _history(client: TestClient, iso2: str, slug: str) -> list[dict[str, Any]]:
    body = client.get(f"/v1/countries/{iso2}/minerals/{slug}/history?limit=200").json()
    return body["items"]


def _timeline(items: list[dict[str, Any]], facet: str) -> list[tuple[Any, ...]]:
    return [
        (i["old_value"], i["new_value"], i["basis"], i["as_of"])
        for i in items
        if i["facet"] == facet
    ]


def test_a_late_older_article_moves_since_back_and_history_follows_dates(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    store_and_enrich(session_factory, SUSPENSION.format(mineral="tungsten"), published=NOVEMBER)
    store_and_enrich(session_factory, BAN.format(mineral="tungsten"), published=JUNE)
    late = store_and_enrich(session_factory, BAN.format(mineral="tungsten"), published=JANUARY)

    flag = client.get("/v1/countries/KZ/minerals/tungsten").json()["facets"]["export_restricted"]
    assert flag["value"] is True
    assert flag["since"] == "2025-01-15"  # the January ban, though it arrived last
    assert flag["as_of"] == "2025-06-02"
    restricted = [
        i for i in _history(client, "KZ", "tungsten") if i["facet"] == "export_restricted"
    ]
    assert len(restricted) == 1
    assert restricted[0]["old_value"] is None
    assert restricted[0]["new_value"] is True  # a real boolean, never "true"
    assert restricted[0]["as_of"] == "2025-01-15"
    assert restricted[0]["cause"] == f"article:{late}"


def test_arrival_order_gives_the_same_history(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    dated = [(BAN, JANUARY), (SUSPENSION, NOVEMBER), (BAN, JUNE)]
    for text, published in dated:
        store_and_enrich(session_factory, text.format(mineral="tungsten"), published=published)
    for text, published in reversed(dated):
        store_and_enrich(session_factory, text.format(mineral="antimony"), published=published)
    tungsten = _history(client, "KZ", "tungsten")
    antimony = _history(client, "KZ", "antimony")
    # Kazakhstan mines antimony (USGS), not tungsten: only the flag's history compares.
    assert _timeline(tungsten, "export_restricted") == [(None, True, "claims", "2025-01-15")]
    assert _timeline(antimony, "export_restricted") == _timeline(tungsten, "export_restricted")
    dates = [i["as_of"] for i in tungsten]
    assert dates == sorted(dates, reverse=True)  # newest evidence first


def test_reenrichment_rebuilds_the_same_history(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    article_id = store_and_enrich(session_factory, BAN.format(mineral="tungsten"), published=JUNE)
    store_and_enrich(session_factory, BAN.format(mineral="tungsten"), published=JANUARY)
    before = _history(client, "KZ", "tungsten")
    with session_factory() as session, session.begin():
        article = session.exec(select(Article).where(Article.id == article_id)).one()
        apply_extraction(session, article, extract(article.raw_body or ""), min_confidence=0.0)
    after = _history(client, "KZ", "tungsten")
    assert _timeline(after, "export_restricted") == _timeline(before, "export_restricted")
    assert len(after) == len(before)


def test_unknown_flags_are_null_and_statistics_pairs_say_since(client: TestClient) -> None:
    facets = client.get("/v1/countries/MZ/minerals/titanium").json()["facets"]
    for flag in ("export_restricted", "disrupted", "developing"):
        assert facets[flag]["value"] is None
        assert facets[flag]["basis"] == "none"
        assert facets[flag]["since"] is None
    assert facets["production"]["since"] == facets["production"]["as_of"] == "2024-12-31"
    for item in _history(client, "MZ", "titanium"):
        assert item["cause"] == "statistics"
        assert item["as_of"] == "2024-12-31"


def test_a_news_claim_never_overrides_market_shares(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    text = "Japan is the world's largest producer of gallium, an industry group said on Tuesday.\n"
    store_and_enrich(session_factory, text, published=NOVEMBER)
    market = client.get("/v1/countries/JP/minerals/gallium").json()["facets"]["market_position"]
    assert market["basis"] == "statistics"
    assert market["value"] == "minor"  # Japan's share of the USGS world total
    assert market["claims"] == "dominant"  # the article's word, shown beside it
