"""Response schemas for exposure (importer x mineral): import reliance, import sources,
supplier risk and the score."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.citations import Citation
from app.schemas.common import ApiModel, Page
from app.schemas.reference import (
    COUNTRY_EXAMPLE,
    MINERAL_EXAMPLE,
    CountrySummary,
    MineralSummary,
    SourceRef,
)
from app.schemas.supply import CITATION_EXAMPLE, SOURCE_EXAMPLE, MineralSupply


def _examples(example: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ImportSourceShare(ApiModel):
    model_config = _examples(
        {"name": "China (includes Hong Kong)", "country": COUNTRY_EXAMPLE, "percent": 70.0}
    )

    name: str = Field(description="The name as printed by the source.")
    country: CountrySummary | None = Field(
        description="The resolved country; null for 'other' or a name Orewatch cannot resolve."
    )
    percent: float = Field(description="Percent of the importer's imports (0-100).")


class ImportSourceGroup(ApiModel):
    model_config = _examples(
        {
            "label": "Metal",
            "used_for_score": True,
            "sources": [{"name": "Japan", "country": None, "percent": 24.0}],
        }
    )

    label: str | None = Field(description="What the group counts ('Metal', 'Combined total').")
    used_for_score: bool = Field(
        description="The group standing for all imports: a 'Total' group, else the first."
    )
    sources: list[ImportSourceShare]


class ImportSources(ApiModel):
    model_config = _examples(
        {
            "text": "Metal: Japan, 24%; China, 19%; Germany, 19%; Canada, 17%; and other, 21%.",
            "period": "2020-23",
            "groups": [
                {
                    "label": "Metal",
                    "used_for_score": True,
                    "sources": [{"name": "Japan", "country": None, "percent": 24.0}],
                }
            ],
        }
    )

    text: str = Field(description="The source's text, verbatim.")
    period: str | None = Field(description="Years the shares are averaged over.")
    groups: list[ImportSourceGroup] = Field(description="The text parsed; empty if unparsable.")


class RelianceSeries(ApiModel):
    model_config = _examples(
        {
            "form": None,
            "basis": "% of reported consumption (imports - exports; excludes GaAs wafers)",
            "year": 2024,
            "value_text": "100",
            "percent": 100.0,
            "interpretation": "number",
            "estimated": True,
            "import_sources": None,
            "source": SOURCE_EXAMPLE,
        }
    )

    form: str | None
    basis: str = Field(description="What the percentage is of.")
    year: int = Field(description="Latest year of this series.")
    value_text: str = Field(description="As printed: 100, >95, E (net exporter), ...")
    percent: float | None = Field(
        description="Percent used: the number; N for '>N' (a lower bound); 0 for E (net "
        "exporter); null when the text is not a figure."
    )
    interpretation: str = Field(description="number, lower_bound, net_exporter or unknown.")
    estimated: bool
    import_sources: ImportSources | None
    source: SourceRef


class ImportRelianceReport(ApiModel):
    model_config = _examples(
        {
            "known": False,
            "reason": "Orewatch holds net import reliance statistics only for US.",
            "percent": None,
            "series_used": None,
            "series": [],
        }
    )

    known: bool
    reason: str | None = Field(description="Why reliance is unknown, when it is.")
    percent: float | None = Field(description="The highest percent among the latest series.")
    series_used: str | None = Field(description="Basis of the series that gives `percent`.")
    series: list[RelianceSeries] = Field(description="Latest year of each series.")


class ExposureComponent(ApiModel):
    model_config = _examples(
        {
            "name": "import_reliance",
            "weight": 0.4,
            "known": True,
            "value": 1.0,
            "weighted": 0.4,
            "reason": "net import reliance 100% (2024): 100 / 100",
            "inputs": {"percent": 100.0, "year": 2024, "value_text": "100"},
            "citations": [],
            "sources": [SOURCE_EXAMPLE],
        }
    )

    name: str = Field(
        description="import_reliance, supply_concentration, flagged_world_supply or "
        "flagged_import_sources."
    )
    weight: float = Field(description="Weight of the component in the score.")
    known: bool = Field(description="False when Orewatch lacks the data; value is then null.")
    value: float | None = Field(description="The component, 0-1.")
    weighted: float | None = Field(description="weight x value.")
    reason: str = Field(description="How the value was computed, or why it is unknown.")
    inputs: dict[str, float | int | str | bool | None] = Field(
        description="The figures the value is computed from."
    )
    citations: list[Citation] = Field(description="News claims behind the component.")
    sources: list[SourceRef] = Field(description="Statistics behind the component.")


class ExposureScore(ApiModel):
    model_config = _examples(
        {
            "value": 82.4,
            "coverage": 1.0,
            "reason": None,
            "formula": "100 x sum(w_i x v_i) / sum(w_i) over known components",
            "components": [],
        }
    )

    value: float | None = Field(description="0-100; null when too little is known.")
    coverage: float = Field(description="Sum of the weights of known components (0-1).")
    reason: str | None = Field(description="Why the score is null, when it is.")
    formula: str
    components: list[ExposureComponent]


class SupplierRiskFlag(ApiModel):
    model_config = _examples(
        {
            "country": COUNTRY_EXAMPLE,
            "roles": ["producer", "import_source"],
            "production_share": 0.986842,
            "production_rank": 1,
            "import_percent": 19.0,
            "export_restricted": True,
            "disrupted": False,
            "citations": [CITATION_EXAMPLE],
        }
    )

    country: CountrySummary
    roles: list[str] = Field(description="producer and/or import_source.")
    production_share: float | None = Field(description="Fraction of world production.")
    production_rank: int | None
    import_percent: float | None = Field(description="Percent of the importer's imports.")
    export_restricted: bool
    disrupted: bool
    citations: list[Citation] = Field(description="The claims behind the flags.")


class ImporterExposure(ApiModel):
    model_config = _examples(
        {
            "importer": {
                "iso2": "US",
                "iso3": "USA",
                "name": "United States",
                "region": "Americas",
                "subregion": "Northern America",
            },
            "mineral": MINERAL_EXAMPLE,
            "import_reliance": {
                "known": True,
                "reason": None,
                "percent": 100.0,
                "series_used": "% of reported consumption",
                "series": [],
            },
            "supply": None,
            "supply_reason": "No production statistics are held for mineral 'germanium'.",
            "supplier_flags": [],
            "score": {
                "value": 82.4,
                "coverage": 1.0,
                "reason": None,
                "formula": "100 x sum(w_i x v_i) / sum(w_i) over known components",
                "components": [],
            },
        }
    )

    importer: CountrySummary
    mineral: MineralSummary
    import_reliance: ImportRelianceReport
    supply: MineralSupply | None = Field(description="Supply concentration; null if unknown.")
    supply_reason: str | None = Field(description="Why supply is null, when it is.")
    supplier_flags: list[SupplierRiskFlag] = Field(
        description="Producers and import sources flagged export_restricted or disrupted."
    )
    score: ExposureScore


class ExposureSummary(ApiModel):
    model_config = _examples(
        {
            "importer": {
                "iso2": "US",
                "iso3": "USA",
                "name": "United States",
                "region": "Americas",
                "subregion": "Northern America",
            },
            "mineral": MINERAL_EXAMPLE,
            "score": 82.4,
            "coverage": 1.0,
            "import_reliance_percent": 100.0,
            "hhi": 9739.6,
            "flagged_supply_share": 0.986842,
            "flagged_import_share": 0.19,
        }
    )

    importer: CountrySummary
    mineral: MineralSummary
    score: float | None = Field(description="Exposure score 0-100, as GET /v1/exposure gives.")
    coverage: float = Field(description="Sum of the weights of known components.")
    import_reliance_percent: float | None
    hhi: float | None = Field(description="Production HHI (0-10,000) of the default form.")
    flagged_supply_share: float | None
    flagged_import_share: float | None


class ExposurePage(Page[ExposureSummary]):
    model_config = _examples({"items": [], "next_cursor": None, "total": 0})
