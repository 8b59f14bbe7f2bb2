"""The claim-status vocabulary: one enum and one spec per status, shared by every layer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from app.api.main import create_app
from app.claim_status import FLAG_FACETS, SPECS, ClaimStatus, RecordFacet, claim_values
from app.enrichment import cues
from app.models import Article, Claim
from app.services.status_derivation import ClaimEvidence, PairEvidence
from app.services.status_timeline import derive_facets
from app.settings import Settings


def _only(status: ClaimStatus) -> dict:
    claim = ClaimEvidence(
        claim_id=1,
        article_id=1,
        status=status,
        sentence="A sentence.",
        dated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    return derive_facets(PairEvidence([], [], [], [claim]))


def test_every_status_has_a_spec_and_a_cue() -> None:
    assert set(SPECS) == set(ClaimStatus)
    assert {cue.status for cue in cues.CUES} == set(ClaimStatus)
    assert all(spec.moves and spec.meaning for spec in SPECS.values())


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_a_claim_moves_exactly_the_facets_its_spec_names(status: ClaimStatus) -> None:
    facets = _only(status)
    moved = {name: f["claims"] for name, f in facets.items() if f["claims"] is not None}
    assert moved == {str(facet): value for facet, value in SPECS[status].moves}


def test_flags_default_to_null_and_the_others_to_unknown() -> None:
    facets = derive_facets(PairEvidence([], [], [], []))
    for facet in RecordFacet:
        assert facets[facet]["value"] == (None if facet in FLAG_FACETS else "unknown")
        assert facets[facet]["basis"] == "none"


def test_claim_values_list_the_statuses_behind_a_facet() -> None:
    assert claim_values(RecordFacet.PRODUCTION) == {
        ClaimStatus.PRODUCING: "producing",
        ClaimStatus.DOMINANT: "producing",
        ClaimStatus.NOT_PRODUCING: "not_producing",
    }


def test_openapi_publishes_the_enum_with_every_meaning() -> None:
    document = create_app(Settings(database_url="sqlite:///:memory:")).openapi()
    schema = document["components"]["schemas"]["ClaimStatus"]
    assert schema["enum"] == [s.value for s in ClaimStatus]
    assert all(spec.meaning in schema["description"] for spec in SPECS.values())
    citation = document["components"]["schemas"]["Citation"]["properties"]["status"]
    assert citation["$ref"].endswith("/ClaimStatus")
    parameters = document["paths"]["/v1/citations"]["get"]["parameters"]
    status_parameter = next(p for p in parameters if p["name"] == "status")
    refs = [s.get("$ref", "") for s in status_parameter["schema"]["anyOf"]]
    assert any(r.endswith("/ClaimStatus") for r in refs)


def test_an_unknown_status_filter_is_a_problem_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/v1/citations?status=thriving")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert [e["name"] for e in errors] == ["status"]
    assert "export_restricted" in errors[0]["message"]


def test_the_table_refuses_a_status_outside_the_vocabulary(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        now = datetime.now(UTC)
        article = Article(content_type="text/plain", raw_body="x", ingested_at=now, updated_at=now)
        session.add(article)
        session.flush()
        assert article.id is not None
        session.add(
            Claim(
                article_id=article.id,
                country_iso2="CN",
                mineral_slug="gallium",
                status="thriving",  # type: ignore[arg-type]
                evidence="x",
                start=0,
                end=1,
                confidence=0.5,
                extractor_version="test",
                dated_at=datetime(2025, 1, 1, tzinfo=UTC),
            )
        )
        with pytest.raises(StatementError, match="thriving"):
            session.flush()
