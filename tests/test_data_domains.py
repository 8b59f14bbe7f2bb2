"""Writes bump the version of the data they change, structurally: no write path calls
anything for it, news leaves statistics answers cached, and no write leaves an answer stale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col

from app.db import create_db_engine, make_session_factory, transaction
from app.models import Article, Country, Job, ProductionFigure, metadata
from app.models.meta import TABLE_DOMAINS, DataDomain
from app.repositories.data_version import read_versions
from app.services.migrations import upgrade_to_head
from app.settings import Settings
from tests.articles import store_and_enrich
from tests.ingest.conftest import bearer, keys

__all__ = ["keys"]

BAN = (
    "Kazakhstan banned exports of tungsten concentrate this week, the trade ministry said. "
    "The ban covers every licensed exporter of the metal.\n"
)


def test_every_table_has_a_declared_domain() -> None:
    assert set(TABLE_DOMAINS) == set(metadata.tables)


@pytest.fixture
def factory(tmp_database: str) -> Iterator[sessionmaker[Session]]:
    upgrade_to_head(tmp_database)
    engine = create_db_engine(Settings(database_url=tmp_database))
    yield make_session_factory(engine)
    engine.dispose()


def _versions(factory: sessionmaker[Session]) -> dict[DataDomain, int]:
    with factory() as session:
        return read_versions(session.connection())


def _article(session: Session, body: str) -> None:
    now = datetime.now(UTC)
    session.add(Article(content_type="text/plain", raw_body=body, ingested_at=now, updated_at=now))


def test_each_committed_write_bumps_its_own_domain_only(
    factory: sessionmaker[Session],
) -> None:
    start = _versions(factory)
    with transaction(factory) as session:  # ORM insert of news
        _article(session, "one")
    after_news = _versions(factory)
    assert after_news[DataDomain.NEWS] == start[DataDomain.NEWS] + 1
    assert after_news[DataDomain.REFERENCE] == start[DataDomain.REFERENCE]

    with transaction(factory) as session:  # Core insert of reference data
        session.add(Country(iso2="QZ", iso3="QZZ", numeric="999", name="Quartzland", region="Test"))
    after_reference = _versions(factory)
    assert after_reference[DataDomain.REFERENCE] == start[DataDomain.REFERENCE] + 1
    assert after_reference[DataDomain.NEWS] == after_news[DataDomain.NEWS]

    with transaction(factory) as session:  # rows of no cached domain: jobs
        now = datetime.now(UTC)
        session.add(Job(kind="noop", payload={}, run_at=now, created_at=now, updated_at=now))
    with transaction(factory) as session:  # a statement that touches no row
        session.execute(update(ProductionFigure).where(col(ProductionFigure.id) < 0).values(year=1))
    with factory() as session:  # rolled back
        session.begin()
        _article(session, "two")
        session.flush()
        session.rollback()
    assert _versions(factory) == after_reference


def test_news_leaves_statistics_answers_cached_and_moves_news_answers(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    country = client.get("/v1/countries/KZ")
    producers = client.get("/v1/minerals/tungsten/producers")
    citations = client.get("/v1/citations", params={"country": "KZ"})
    assert citations.json()["total"] == 0
    store_and_enrich(session_factory, BAN, published=datetime(2025, 3, 1, tzinfo=UTC))
    for answer, url in (
        (country, "/v1/countries/KZ"),
        (producers, "/v1/minerals/tungsten/producers"),
    ):
        again = client.get(url, headers={"If-None-Match": answer.headers["etag"]})
        assert again.status_code == 304, url  # statistics answers: still current
    fresh = client.get(
        "/v1/citations",
        params={"country": "KZ"},
        headers={"If-None-Match": citations.headers["etag"]},
    )
    assert fresh.status_code == 200
    assert fresh.json()["total"] == 1
    status = client.get("/v1/countries/KZ/minerals/tungsten").json()
    assert status["facets"]["export_restricted"]["value"] is True


def test_write_paths_over_http_leave_no_stale_answer(
    client: TestClient, keys: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    articles = client.get("/v1/articles")
    created = client.post("/v1/articles", json={"text": BAN}, headers=bearer(keys["ingest"]))
    assert created.status_code == 202
    listed = client.get("/v1/articles", headers={"If-None-Match": articles.headers["etag"]})
    assert listed.status_code == 200
    assert listed.json()["items"][0]["id"] == created.json()["article"]["id"]

    article_id = store_and_enrich(session_factory, BAN.replace("tungsten", "antimony"))
    (claim,) = client.get(f"/v1/articles/{article_id}").json()["claims"]
    before = client.get(f"/v1/claims/{claim['id']}")
    reviewed = client.post(
        f"/v1/claims/{claim['id']}/review",
        json={"verdict": "rejected"},
        headers=bearer(keys["review"]),
    )
    assert reviewed.status_code == 201
    after = client.get(
        f"/v1/claims/{claim['id']}", headers={"If-None-Match": before.headers["etag"]}
    )
    assert after.status_code == 200
    assert after.json()["review"]["verdict"] == "rejected"

    country = client.get("/v1/countries/DE")
    with session_factory() as session, session.begin():
        germany = session.get(Country, "DE")
        assert germany is not None
        germany.name = "Deutschland"
    renamed = client.get("/v1/countries/DE", headers={"If-None-Match": country.headers["etag"]})
    assert renamed.json()["name"] == "Deutschland"
