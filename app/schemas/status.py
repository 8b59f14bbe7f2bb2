"""Response schemas for status records, their facets and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import (
    FacetBasis,
    FacetValue,
    ImportDependence,
    MarketPosition,
    ProductionState,
    RecordFacet,
    ReservesState,
)
from app.schemas.common import ApiModel, Page
from app.schemas.evidence import CLAIM_EVIDENCE_EXAMPLE, FIGURE_EVIDENCE_EXAMPLE, FacetEvidence
from app.schemas.reference import COUNTRY_EXAMPLE, MINERAL_EXAMPLE, CountrySummary, MineralSummary
from app.schemas.statistics import (
    IMPORT_RELIANCE_EXAMPLE,
    LATEST_FIGURE_EXAMPLE,
    ImportRelianceItem,
    LatestFigure,
)

_EVIDENCE_EXAMPLE = FIGURE_EVIDENCE_EXAMPLE
_FACET_EXAMPLE: dict[str, Any] = {
    "value": "dominant",
    "basis": "statistics",
    "as_of": "2024-12-31",
    "since": "2023-12-31",
    "reason": "official statistics",
    "statistics": "dominant",
    "claims": None,
    "evidence": [_EVIDENCE_EXAMPLE],
}
_UNKNOWN_FACET: dict[str, Any] = {
    "value": None,
    "basis": "none",
    "as_of": None,
    "since": None,
    "reason": "no statistics and no news claims",
    "statistics": None,
    "claims": None,
    "evidence": [],
}
_FLAG_EXAMPLE: dict[str, Any] = {
    "value": True,
    "basis": "claims",
    "as_of": "2025-02-20",
    "since": "2023-07-04",
    "reason": "news claims; no official statistics",
    "statistics": None,
    "claims": True,
    "evidence": [CLAIM_EVIDENCE_EXAMPLE],
}
_CLAIMS_FACET_EXAMPLE: dict[str, Any] = {
    "value": "not_producing",
    "basis": "claims",
    "as_of": "2025-02-20",
    "since": "2025-02-20",
    "reason": "news claims; no official statistics",
    "statistics": None,
    "claims": "not_producing",
    "evidence": [
        {
            **CLAIM_EVIDENCE_EXAMPLE,
            "status": "not_producing",
            "sentence": "Ukraine does not produce rare earths today.",
        }
    ],
}
_FACETS_EXAMPLE: dict[str, Any] = {
    "production": {**_FACET_EXAMPLE, "value": "producing", "statistics": "producing"},
    "market_position": _FACET_EXAMPLE,
    "reserves": {**_UNKNOWN_FACET, "value": "unknown"},
    "import_dependent": {**_UNKNOWN_FACET, "value": "unknown"},
    "export_restricted": _FLAG_EXAMPLE,
    "disrupted": _UNKNOWN_FACET,
    "developing": _UNKNOWN_FACET,
}
_CHANGE_EXAMPLE: dict[str, Any] = {
    "id": 74,
    "facet": "market_position",
    "old_value": None,
    "new_value": "dominant",
    "basis": "statistics",
    "as_of": "2024-12-31",
    "reason": "official statistics",
    "evidence": [_EVIDENCE_EXAMPLE],
    "cause": "statistics",
    "changed_at": "2026-11-28T12:00:00Z",
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class _FacetCommon(ApiModel):
    basis: FacetBasis = Field(description="Which side the value follows; none: nothing known.")
    as_of: date | None = Field(description="Date the followed evidence speaks for.")
    since: date | None = Field(
        description="Date of the evidence from which the facet has had its current value "
        "(its earliest supporting evidence since it last changed); null when unknown."
    )
    reason: str = Field(description="Why the value follows that basis.")
    evidence: list[FacetEvidence]


class ProductionFacet(_FacetCommon):
    model_config = _examples(_FACETS_EXAMPLE["production"], _CLAIMS_FACET_EXAMPLE)

    value: ProductionState = Field(description="The facet's current value.")
    statistics: ProductionState | None = Field(description="What official statistics say.")
    claims: ProductionState | None = Field(description="What news claims alone say.")


class MarketPositionFacet(_FacetCommon):
    model_config = _examples(_FACETS_EXAMPLE["market_position"])

    value: MarketPosition = Field(
        description="From the share of the world total when statistics exist (a news claim "
        "then only stands beside them in `claims`); from news claims otherwise."
    )
    statistics: MarketPosition | None = Field(description="What official statistics say.")
    claims: MarketPosition | None = Field(description="What news claims alone say.")


class ReservesFacet(_FacetCommon):
    model_config = _examples(_FACETS_EXAMPLE["reserves"])

    value: ReservesState = Field(description="The facet's current value.")
    statistics: ReservesState | None = Field(description="What official statistics say.")
    claims: ReservesState | None = Field(description="What news claims alone say.")


class ImportDependenceFacet(_FacetCommon):
    model_config = _examples(_FACETS_EXAMPLE["import_dependent"])

    value: ImportDependence = Field(description="The facet's current value.")
    statistics: ImportDependence | None = Field(description="What official statistics say.")
    claims: ImportDependence | None = Field(description="What news claims alone say.")


class FlagFacet(_FacetCommon):
    model_config = _examples(_FLAG_EXAMPLE, _UNKNOWN_FACET)

    value: bool | None = Field(
        description="true when evidence says so; null when nothing speaks for or against it "
        "(unknown, never false by default)."
    )
    statistics: bool | None = Field(description="Official statistics carry no flags: null.")
    claims: bool | None = Field(description="What news claims alone say.")


class StatusFacets(ApiModel):
    model_config = _examples(_FACETS_EXAMPLE)

    production: ProductionFacet
    market_position: MarketPositionFacet
    reserves: ReservesFacet
    import_dependent: ImportDependenceFacet
    export_restricted: FlagFacet = Field(description="The country restricts exports.")
    disrupted: FlagFacet = Field(description="Production or access there is disrupted.")
    developing: FlagFacet = Field(description="A new project for the mineral is under way.")


class PairStatistics(ApiModel):
    model_config = _examples(
        {
            "production": [LATEST_FIGURE_EXAMPLE],
            "reserves": [],
            "import_reliance": [IMPORT_RELIANCE_EXAMPLE],
        }
    )

    production: list[LatestFigure]
    reserves: list[LatestFigure]
    import_reliance: list[ImportRelianceItem]


class CountryMineralStatus(ApiModel):
    model_config = _examples(
        {
            "country": COUNTRY_EXAMPLE,
            "mineral": MINERAL_EXAMPLE,
            "facets": _FACETS_EXAMPLE,
            "statistics": {
                "production": [LATEST_FIGURE_EXAMPLE],
                "reserves": [],
                "import_reliance": [],
            },
            "updated_at": "2026-11-28T12:00:00Z",
        }
    )

    country: CountrySummary
    mineral: MineralSummary
    facets: StatusFacets
    statistics: PairStatistics = Field(description="Latest official statistics of the pair.")
    updated_at: datetime | None = Field(description="Last change of the record, if stored.")


class StatusChangeItem(ApiModel):
    model_config = _examples(_CHANGE_EXAMPLE)

    id: int
    facet: RecordFacet
    old_value: FacetValue | None = Field(
        description="The value before, typed as the facet's (a flag is a boolean); null when "
        "nothing was known."
    )
    new_value: FacetValue | None = Field(description="The value the evidence moved it to.")
    basis: FacetBasis
    as_of: date | None = Field(description="Date of the evidence that moved the facet.")
    reason: str
    evidence: list[FacetEvidence]
    cause: str = Field(
        description="The evidence that moved the facet: `statistics` or `article:<id>`."
    )
    changed_at: datetime = Field(description="When Orewatch recorded the change.")


class StatusChangePage(Page[StatusChangeItem]):
    model_config = _examples({"items": [_CHANGE_EXAMPLE], "next_cursor": "Wzc0XQ", "total": 2})
