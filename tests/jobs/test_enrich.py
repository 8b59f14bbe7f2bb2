"""The enrich_article handler's storage steps: fetch, raw body, clean text, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import transaction
from app.enrichment.pipeline import EXTRACTOR_VERSION
from app.jobs import registry, runtime
from app.jobs.errors import JobError, PermanentJobError
from app.jobs.handlers.enrich import ENRICH_KIND, handle_enrich, mark_failed, prepare_fetch
from app.models import Article, Job
from app.models.meta import DataDomain
from app.repositories.data_version import read_versions
from app.settings import Settings
from tests.jobs.pages import page_server


def _article(factory: sessionmaker[Session], **fields: object) -> int:
    now = datetime.now(UTC)
    with transaction(factory) as session:
        article = Article(ingested_at=now, updated_at=now, **fields)  # type: ignore[arg-type]
        session.add(article)
        session.flush()
        assert article.id is not None
        return article.id


def _job(article_id: int, **payload: object) -> Job:
    now = datetime.now(UTC)
    return Job(
        id=1,
        kind=ENRICH_KIND,
        payload={"article_id": article_id, **payload},
        run_at=now,
        created_at=now,
        updated_at=now,
    )


def _get(factory: sessionmaker[Session], article_id: int) -> Article:
    with factory() as session:
        article = session.get(Article, article_id)
        assert article is not None
        return article


def test_the_builtin_handler_is_registered() -> None:
    kind = registry.lookup(ENRICH_KIND)
    assert kind is not None
    assert kind.handle is handle_enrich
    assert kind.prepare is prepare_fetch


def test_text_is_enriched_once(factory: sessionmaker[Session]) -> None:
    article_id = _article(
        factory, content_type="text/plain", raw_body="Menu\n\nNiger mines uranium.\nShare"
    )
    with factory() as session:
        before = read_versions(session.connection())[DataDomain.NEWS]
    with transaction(factory) as session:
        handle_enrich(session, _job(article_id))
    article = _get(factory, article_id)
    assert article.enrichment_state == "enriched"
    assert article.extractor_version == EXTRACTOR_VERSION
    assert article.clean_text == "Niger mines uranium."
    with factory() as session:
        assert read_versions(session.connection())[DataDomain.NEWS] == before + 1
    with transaction(factory) as session:  # idempotent: a second run changes nothing
        handle_enrich(session, _job(article_id))
    assert _get(factory, article_id).updated_at == article.updated_at


def test_cited_sources_are_kept_and_replaced_on_reenrichment(
    factory: sessionmaker[Session],
) -> None:
    article_id = _article(
        factory, content_type="text/plain", raw_body="Niger mines uranium, according to Reuters."
    )
    with transaction(factory) as session:
        handle_enrich(session, _job(article_id))
    assert _get(factory, article_id).cited_sources == ["Reuters"]
    with transaction(factory) as session:  # an article re-fetched with no attribution
        article = session.get(Article, article_id)
        assert article is not None
        article.raw_body = "Niger mines uranium."
        article.extractor_version = None
    with transaction(factory) as session:
        handle_enrich(session, _job(article_id))
    assert _get(factory, article_id).cited_sources == []


def test_a_fetched_body_already_stored_marks_a_duplicate(factory: sessionmaker[Session]) -> None:
    first = _article(factory, content_type="text/plain", url="https://a.example/1")
    second = _article(factory, content_type="text/plain", url="https://b.example/2")
    prepared = {"text": "Same words.", "content_type": "text/plain", "url": "x"}
    with transaction(factory) as session:
        handle_enrich(session, _job(first, prepared=prepared))
    with transaction(factory) as session:
        handle_enrich(session, _job(second, prepared=prepared))
    original, duplicate = _get(factory, first), _get(factory, second)
    assert original.enrichment_state == "enriched"
    assert original.content_hash is not None
    assert duplicate.enrichment_state == "duplicate"
    assert duplicate.duplicate_of_id == first


def test_dead_jobs_mark_their_article_failed(factory: sessionmaker[Session]) -> None:
    article_id = _article(factory, content_type="text/plain", url="https://c.example/")
    with transaction(factory) as session:
        mark_failed(session, _job(article_id), "refused: a private address")
    article = _get(factory, article_id)
    assert (article.enrichment_state, article.error) == ("failed", "refused: a private address")


def test_prepare_maps_fetch_errors_to_job_errors(live_settings: Settings) -> None:
    runtime.configure(live_settings.model_copy(update={"fetch_allow_loopback": False}))
    try:
        with pytest.raises(PermanentJobError):
            prepare_fetch(_job(1, url="http://10.0.0.1/"))
        with page_server() as (site, _):
            runtime.configure(live_settings.model_copy(update={"fetch_allow_loopback": True}))
            with pytest.raises(JobError):
                prepare_fetch(_job(1, url=f"{site}/busy"))
            for path in ("/to-data", "/to-javascript", "/to-credentials"):
                with pytest.raises(PermanentJobError):  # dead at once, no retries
                    prepare_fetch(_job(1, url=f"{site}{path}"))
            fetched = prepare_fetch(_job(1, url=f"{site}/plain.txt"))
        assert fetched["content_type"] == "text/plain"
        assert prepare_fetch(_job(1)) == {}
    finally:
        runtime.configure(live_settings)
