"""Response schemas for status records, their facets and history."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from app.schemas.common import ApiModel
from app.schemas.reference import CountrySummary, MineralSummary
from app.schemas.statistics import ImportRelianceItem, LatestFigure


class EvidenceSource(ApiModel):
    title: str
    url: str


class FacetEvidence(ApiModel):
    """A statistic or a claim a facet rests on."""

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
    status: str | None = None
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
    production: StatusFacet = Field(description="producing, not_producing or unknown.")
    market_position: StatusFacet = Field(description="dominant, major, minor, none or unknown.")
    reserves: StatusFacet = Field(description="holds, none or unknown.")
    import_dependent: StatusFacet = Field(description="yes, no or unknown.")
    export_restricted: StatusFacet = Field(description="true when news says so.")
    disrupted: StatusFacet = Field(description="true when news says so.")
    developing: StatusFacet = Field(description="true when news reports a project.")


class PairStatistics(ApiModel):
    production: list[LatestFigure]
    reserves: list[LatestFigure]
    import_reliance: list[ImportRelianceItem]


class CountryMineralStatus(ApiModel):
    country: CountrySummary
    mineral: MineralSummary
    facets: StatusFacets
    statistics: PairStatistics = Field(description="Latest official statistics of the pair.")
    updated_at: datetime | None = Field(description="Last change of the record, if stored.")


class StatusChangeItem(ApiModel):
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
    items: list[StatusChangeItem]
    next_cursor: str | None = Field(description="Opaque cursor of the next page, or null.")
    total: int = Field(description="Number of changes of this record.")
