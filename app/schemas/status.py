"""Response schemas for status records, their facets and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import ClaimStatus
from app.schemas.common import ApiModel
from app.schemas.reference import (
    COUNTRY_EXAMPLE,
    MINERAL_EXAMPLE,
    SOURCE_EXAMPLE,
    CountrySummary,
    MineralSummary,
)
from app.schemas.statistics import (
    IMPORT_RELIANCE_EXAMPLE,
    LATEST_FIGURE_EXAMPLE,
    ImportRelianceItem,
    LatestFigure,
)

_EVIDENCE_SOURCE_EXAMPLE = {"title": SOURCE_EXAMPLE["title"], "url": SOURCE_EXAMPLE["url"]}
_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "kind": "production",
    "form": "primary",
    "year": 2024,
    "value_text": "750000",
    "unit": "kilograms, gallium content (primary low-purity)",
    "share": 0.986842,
    "basis": None,
    "source": _EVIDENCE_SOURCE_EXAMPLE,
    "claim_id": None,
    "article_id": None,
    "status": None,
    "sentence": None,
    "dated": None,
}
_FACET_EXAMPLE: dict[str, Any] = {
    "value": "dominant",
    "basis": "statistics",
    "as_of": "2024-12-31",
    "reason": "official statistics",
    "statistics": "dominant",
    "claims": None,
    "evidence": [_EVIDENCE_EXAMPLE],
}
_UNKNOWN_FACET: dict[str, Any] = {
    "value": False,
    "basis": "none",
    "as_of": None,
    "reason": "no statistics and no news claims",
    "statistics": None,
    "claims": None,
    "evidence": [],
}
_FACETS_EXAMPLE: dict[str, Any] = {
    "production": {**_FACET_EXAMPLE, "value": "producing", "statistics": "producing"},
    "market_position": _FACET_EXAMPLE,
    "reserves": {**_UNKNOWN_FACET, "value": "unknown"},
    "import_dependent": {**_UNKNOWN_FACET, "value": "unknown"},
    "export_restricted": _UNKNOWN_FACET,
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
    "cause": "seed",
    "changed_at": "2026-11-28T12:00:00Z",
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class EvidenceSource(ApiModel):
    model_config = _examples(_EVIDENCE_SOURCE_EXAMPLE)

    title: str
    url: str


class FacetEvidence(ApiModel):
    """A statistic or a claim a facet rests on."""

    model_config = _examples(
        _EVIDENCE_EXAMPLE,
        {
            "kind": "claim",
            "claim_id": 12,
            "article_id": 3,
            "status": "not_producing",
            "sentence": "Ukraine does not produce rare earths today.",
            "dated": "2025-02-20",
        },
    )

    kind: str = Field(description="production, reserves, import_reliance or claim.")
    form: str | None = None
    year: int | None = None
    value_text: str | None = None
    unit: str | None = None
    share: float | None = None
    basis: str | None = Field(default=None, description="Import-reliance series.")
    source: EvidenceSource | None = None
    claim_id: int | None = None
    article_id: int | None = None
    status: ClaimStatus | None = None
    sentence: str | None = Field(default=None, description="Verbatim evidence sentence.")
    dated: date | None = Field(default=None, description="Date of the claim's article.")


class StatusFacet(ApiModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "value": "not_producing",
                    "basis": "claims",
                    "as_of": "2025-02-20",
                    "reason": "news claims; no official statistics",
                    "statistics": None,
                    "claims": "not_producing",
                    "evidence": [
                        {
                            "kind": "claim",
                            "claim_id": 12,
                            "article_id": 3,
                            "status": "not_producing",
                            "sentence": "Ukraine does not produce rare earths today.",
                            "dated": "2025-02-20",
                        }
                    ],
                }
            ]
        }
    )

    value: str | bool = Field(description="The facet's current value.")
    basis: str = Field(description="statistics, claims or none: which side the value follows.")
    as_of: date | None = Field(description="Date the followed evidence speaks for.")
    reason: str = Field(description="Why the value follows that basis.")
    statistics: str | bool | None = Field(description="What official statistics alone say.")
    claims: str | bool | None = Field(description="What news claims alone say.")
    evidence: list[FacetEvidence]


class StatusFacets(ApiModel):
    model_config = _examples(_FACETS_EXAMPLE)

    production: StatusFacet = Field(description="producing, not_producing or unknown.")
    market_position: StatusFacet = Field(description="dominant, major, minor, none or unknown.")
    reserves: StatusFacet = Field(description="holds, none or unknown.")
    import_dependent: StatusFacet = Field(description="yes, no or unknown.")
    export_restricted: StatusFacet = Field(description="true when news says so.")
    disrupted: StatusFacet = Field(description="true when news says so.")
    developing: StatusFacet = Field(description="true when news reports a project.")


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
    facet: str
    old_value: str | None
    new_value: str
    basis: str
    as_of: date | None
    reason: str
    evidence: list[FacetEvidence]
    cause: str = Field(description="What triggered the change: seed, article:<id>, ...")
    changed_at: datetime


class StatusChangePage(ApiModel):
    model_config = _examples({"items": [_CHANGE_EXAMPLE], "next_cursor": "Wzc0XQ", "total": 2})

    items: list[StatusChangeItem]
    next_cursor: str | None = Field(description="Opaque cursor of the next page, or null.")
    total: int = Field(description="Number of changes of this record.")
