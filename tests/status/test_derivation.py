"""Facet derivation: statistics and claims both visible, the newer one followed."""

from __future__ import annotations

from datetime import UTC, datetime

from app.schemas.reference import SourceRef
from app.schemas.statistics import ImportRelianceItem, LatestFigure
from app.services.status_derivation import ClaimEvidence, PairEvidence, derive_facets

SOURCE = SourceRef(
    id=1, title="USGS MCS 2025", publisher="USGS", year=2025, url="https://x", page="1"
)


def _figure(
    value: float | None, text: str, share: float | None = None, year: int = 2024
) -> LatestFigure:
    return LatestFigure(
        form="mine",
        year=year,
        value=value,
        value_text=text,
        unit="t",
        estimated=True,
        share=share,
        rank=1 if share else None,
        source=SOURCE,
    )


def _claim(status: str, day: str, claim_id: int = 1) -> ClaimEvidence:
    return ClaimEvidence(
        claim_id=claim_id,
        article_id=7,
        status=status,
        sentence=f"It says {status}.",
        dated_at=datetime.fromisoformat(day).replace(tzinfo=UTC),
    )


def _evidence(production=(), reserves=(), reliance=(), claims=()) -> PairEvidence:
    return PairEvidence(list(production), list(reserves), list(reliance), list(claims))


def test_nothing_known_is_unknown_with_no_basis() -> None:
    facets = derive_facets(_evidence())
    assert facets["production"]["value"] == "unknown"
    assert facets["production"]["basis"] == "none"
    assert facets["export_restricted"]["value"] is False


def test_statistics_alone_give_production_and_market_position() -> None:
    facets = derive_facets(_evidence(production=[_figure(270000, "270000", share=0.69)]))
    assert facets["production"] | {"evidence": None} == facets["production"] | {
        "value": "producing",
        "basis": "statistics",
        "as_of": "2024-12-31",
        "evidence": None,
    }
    assert facets["market_position"]["value"] == "dominant"
    assert facets["production"]["evidence"][0]["source"]["url"] == "https://x"


def test_withheld_figure_still_means_producing() -> None:
    facets = derive_facets(_evidence(production=[_figure(None, "W")]))
    assert facets["production"]["value"] == "producing"
    assert facets["market_position"]["basis"] == "none"


def test_claim_alone_sets_state_with_its_sentence() -> None:
    facets = derive_facets(_evidence(claims=[_claim("not_producing", "2025-02-20")]))
    production = facets["production"]
    assert production["value"] == "not_producing"
    assert production["basis"] == "claims"
    assert production["as_of"] == "2025-02-20"
    assert production["evidence"][0]["sentence"] == "It says not_producing."


def test_older_claim_does_not_override_statistics_but_stays_visible() -> None:
    facets = derive_facets(
        _evidence(
            production=[_figure(100, "100", share=0.01)],
            claims=[_claim("not_producing", "2023-03-01")],
        )
    )
    production = facets["production"]
    assert production["value"] == "producing"
    assert production["basis"] == "statistics"
    assert production["claims"] == "not_producing"
    assert "not older" in production["reason"]


def test_newer_claim_is_followed_and_the_reason_names_the_statistic() -> None:
    facets = derive_facets(
        _evidence(
            production=[_figure(100, "100", share=0.01)],
            claims=[_claim("not_producing", "2025-06-01")],
        )
    )
    production = facets["production"]
    assert production["value"] == "not_producing"
    assert production["basis"] == "claims"
    assert production["statistics"] == "producing"
    assert "newer than the statistics" in production["reason"]


def test_flags_come_from_claims() -> None:
    facets = derive_facets(
        _evidence(
            claims=[
                _claim("export_restricted", "2025-01-01"),
                _claim("developing", "2025-01-02", 2),
            ]
        )
    )
    assert facets["export_restricted"]["value"] is True
    assert facets["developing"]["value"] is True
    assert facets["disrupted"]["value"] is False


def test_import_reliance_thresholds() -> None:
    def item(text: str, value: float | None) -> ImportRelianceItem:
        return ImportRelianceItem(
            form=None,
            basis="% of apparent consumption",
            year=2024,
            value=value,
            value_text=text,
            estimated=True,
            import_sources=None,
            import_sources_period=None,
            source=SOURCE,
        )

    assert (
        derive_facets(_evidence(reliance=[item(">95", None)]))["import_dependent"]["value"] == "yes"
    )
    assert derive_facets(_evidence(reliance=[item("E", None)]))["import_dependent"]["value"] == "no"
    assert derive_facets(_evidence(reliance=[item("48", 48)]))["import_dependent"]["value"] == "no"
