"""A claim moves a status facet only at or above the confidence threshold; below it, it is
still stored and listed as a citation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.enrichment.pipeline import extract
from app.models import Article
from app.services.enrichment import apply_extraction
from app.services.status_records import default_min_confidence

TEXT = (
    "Export rules\n\n"
    "Bolivia banned exports of tin concentrate this week. "
    "Rwanda restricted exports of tantalum ore on Monday.\n"
)


def _store(factory: sessionmaker[Session], confidences: dict[str, float], threshold: float) -> int:
    """Ingest TEXT with the claims' confidences set by hand, so the test depends on the
    threshold logic and not on the model's weights."""
    extraction = extract(TEXT)
    claims = tuple(replace(c, confidence=confidences[c.country]) for c in extraction.claims)
    assert {c.country for c in claims} == set(confidences)
    with factory() as session, session.begin():
        now = datetime.now(UTC)
        article = Article(content_type="text/plain", raw_body=TEXT, ingested_at=now, updated_at=now)
        session.add(article)
        session.flush()
        apply_extraction(
            session, article, replace(extraction, claims=claims), min_confidence=threshold
        )
        assert article.id is not None
        return article.id


def test_only_claims_at_or_above_the_threshold_move_facets(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _store(session_factory, {"BO": 0.9, "RW": 0.4}, threshold=0.6)
    sure = client.get("/v1/countries/BO/minerals/tin").json()["facets"]["export_restricted"]
    unsure = client.get("/v1/countries/RW/minerals/tantalum").json()["facets"]
    assert sure["value"] is True
    assert sure["basis"] == "claims"
    assert unsure["export_restricted"]["basis"] != "claims"
    # the uncertain claim is kept and listed, with its confidence
    listed = client.get("/v1/citations?country=RW&mineral=tantalum").json()["items"]
    assert [(c["status"], c["confidence"]) for c in listed] == [("export_restricted", 0.4)]


def test_a_claim_exactly_at_the_threshold_counts(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _store(session_factory, {"BO": 0.6, "RW": 0.59}, threshold=0.6)
    bo = client.get("/v1/countries/BO/minerals/tin").json()["facets"]["export_restricted"]
    rw = client.get("/v1/countries/RW/minerals/tantalum").json()["facets"]["export_restricted"]
    assert bo["basis"] == "claims"
    assert rw["basis"] != "claims"


def test_default_threshold_is_the_packaged_models() -> None:
    threshold = default_min_confidence()
    assert 0.0 < threshold < 1.0
