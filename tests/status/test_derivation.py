"""Facet derivation: statistics and claims both visible, the newer one followed, and the
history a replay of the evidence in date order."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.claim_status import ClaimStatus
from app.schemas.reference import SourceRef
from app.schemas.statistics import ImportRelianceItem, LatestFigure
from app.services.status_derivation import ClaimEvidence, PairEvidence
from app.services.status_timeline import derive, derive_facets

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
        article_id=100 + claim_id,
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
    assert facets["export_restricted"]["value"] is None  # unknown, not false
    assert facets["export_restricted"]["since"] is None


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
    assert facets["disrupted"]["value"] is None


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
    for text, expected in (("<50", "no"), ("<25", "no"), (">50", "yes"), ("<60", "unknown")):
        facet = derive_facets(_evidence(reliance=[item(text, None)]))["import_dependent"]
        assert facet["value"] == expected, text
    assert derive_facets(_evidence(reliance=[item("NA", None)]))["import_dependent"]["basis"] == (
        "none"
    )


def test_market_position_follows_statistics_even_when_news_is_newer() -> None:
    facets = derive_facets(
        _evidence(
            production=[_figure(100, "100", share=0.04)],
            claims=[_claim("dominant", "2025-06-01")],
        )
    )
    market = facets["market_position"]
    assert market["value"] == "minor"
    assert market["basis"] == "statistics"
    assert market["claims"] == "dominant"  # shown beside the statistics, not deciding
    assert "statistics decide" in market["reason"]
    assert facets["production"]["value"] == "producing"


def test_news_decides_market_position_only_without_statistics() -> None:
    facets = derive_facets(_evidence(claims=[_claim("dominant", "2025-06-01")]))
    assert facets["market_position"]["value"] == "dominant"
    assert facets["market_position"]["basis"] == "claims"


def test_since_is_the_earliest_supporting_evidence() -> None:
    facets = derive_facets(
        _evidence(
            claims=[
                _claim("export_restricted", "2025-03-01", 2),
                _claim("export_restricted", "2023-08-01", 1),
                _claim("export_restricted", "2025-09-01", 3),
            ]
        )
    )
    restricted = facets["export_restricted"]
    assert restricted["value"] is True
    assert restricted["since"] == "2023-08-01"
    assert restricted["as_of"] == "2025-09-01"


def test_history_is_in_evidence_order_with_the_evidence_as_cause() -> None:
    derivation = derive(
        _evidence(
            production=[_figure(100, "100", share=0.01, year=2024)],
            claims=[
                _claim("not_producing", "2025-06-01", 2),
                _claim("producing", "2020-05-01", 1),
            ],
        )
    )
    production = [c for c in derivation.changes if c.facet == "production"]
    assert [(c.as_of.isoformat(), c.new_value, c.basis) for c in production] == [
        ("2020-05-01", "producing", "claims"),
        ("2024-12-31", "producing", "statistics"),
        ("2025-06-01", "not_producing", "claims"),
    ]
    assert [c.cause for c in production] == ["article:101", "statistics", "article:102"]
    assert production[0].old_value is None
    assert production[2].old_value == "producing"
    assert derivation.facets["production"]["since"] == "2025-06-01"


_STATUSES = st.sampled_from(sorted(ClaimStatus))
_DAYS = st.dates(min_value=datetime(2019, 1, 1).date(), max_value=datetime(2026, 12, 1).date())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_STATUSES, _DAYS), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=2**32),
    st.booleans(),
)
def test_arrival_order_changes_neither_record_nor_history(
    claims: list[tuple[str, object]], seed: int, with_statistics: bool
) -> None:
    evidence = [_claim(status, str(day), i + 1) for i, (status, day) in enumerate(claims)]
    shuffled = evidence[:]
    random.Random(seed).shuffle(shuffled)
    production = [_figure(100, "100", share=0.2)] if with_statistics else []
    first = derive(_evidence(production=production, claims=evidence))
    second = derive(_evidence(production=production, claims=shuffled))
    assert first == second
    for facet in first.facets.values():
        assert (facet["since"] is None) == (facet["basis"] == "none")
    dates = [c.as_of for c in first.changes]
    assert dates == sorted(dates)
