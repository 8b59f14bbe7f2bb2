"""Response schemas for supply concentration (per mineral) and exposure (importer x mineral)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.citations import Citation
from app.schemas.common import ApiModel, Page
from app.schemas.reference import CommodityFormItem, CountrySummary, MineralSummary, SourceRef
from app.schemas.statistics import (
    DETAIL_HELP,
    KNOWN_HELP,
    NO_TABLE_EXAMPLE,
    VALUE_TEXT_HELP,
    FigureValue,
    ProducerShare,
)

_SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "title": "USGS Mineral Commodity Summaries 2025, Gallium, pp. 74-75",
    "publisher": "U.S. Geological Survey",
    "year": 2025,
    "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-gallium.pdf",
    "page": "74-75",
}
_COUNTRY_EXAMPLE: dict[str, Any] = {
    "iso2": "CN",
    "iso3": "CHN",
    "name": "China",
    "region": "Asia",
    "subregion": "Eastern Asia",
}
_MINERAL_EXAMPLE: dict[str, Any] = {
    "slug": "gallium",
    "name": "Gallium",
    "kind": "element",
    "group": None,
    "symbol": "Ga",
}
_CITATION_EXAMPLE: dict[str, Any] = {
    "id": 41,
    "country": _COUNTRY_EXAMPLE,
    "mineral": _MINERAL_EXAMPLE,
    "status": "export_restricted",
    "evidence": "China restricted exports of gallium in 2023 with a licence rule.",
    "start": 0,
    "end": 64,
    "confidence": 0.9,
    "extractor_version": "orewatch-extract/1.3",
    "dated_at": "2025-01-10T00:00:00Z",
    "article": {
        "id": 7,
        "title": "China tightens gallium exports",
        "url": "https://news.example/gallium",
        "source_name": None,
        "outlet": "Example Wire",
        "published_at": "2025-01-10T00:00:00Z",
    },
}
_CONCENTRATION_EXAMPLE: dict[str, Any] = {
    "hhi": 9739.6,
    "hhi_upper_bound": 9739.6,
    "top1_share": 0.986842,
    "top3_share": 0.998684,
    "top3": ["CN", "RU", "JP", "KR"],
    "covered_share": 1.002632,
    "countries_counted": 4,
    "world_total_lower_bound": False,
    "notes": [
        {
            "label": "Other countries",
            "value_text": "0",
            "treatment": "excluded",
            "reason": "aggregate of unnamed countries; only the upper bound counts it",
        }
    ],
    "reason": None,
}
_FLAGGED_EXAMPLE: dict[str, Any] = {
    "flag": "export_restricted",
    "share": 0.986842,
    "countries": [
        {
            "country": _COUNTRY_EXAMPLE,
            "share": 0.986842,
            "rank": 1,
            "as_of": "2025-01-10",
            "reason": "news claims; no official statistics",
            "citations": [_CITATION_EXAMPLE],
        }
    ],
}


def _examples(example: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ConcentrationRowNote(ApiModel):
    """How a row that is not a plain positive number was treated in a concentration measure."""

    model_config = _examples(_CONCENTRATION_EXAMPLE["notes"][0])

    label: str = Field(description="Row label as printed by the source.")
    value_text: str = Field(description=VALUE_TEXT_HELP)
    treatment: str = Field(description="excluded, or lower_bound (counted at the printed bound).")
    reason: str = Field(description="Why the row was treated so.")


class ConcentrationMeasures(ApiModel):
    """Concentration of one table of figures (production or reserves) among countries."""

    model_config = _examples(_CONCENTRATION_EXAMPLE)

    hhi: float | None = Field(
        description="Herfindahl-Hirschman index, 0-10,000: sum over identified countries of "
        "(100 x value / world total)^2. 'Other countries' and rows that are not numbers "
        "(W, NA, 'Included in World total') are left out, so this is a lower bound."
    )
    hhi_upper_bound: float | None = Field(
        description="hhi plus (100 x unidentified share)^2: the index if the world total not "
        "covered by identified countries belonged to a single further country."
    )
    top1_share: float | None = Field(description="Largest country's fraction of the world total.")
    top3_share: float | None = Field(
        description="Fraction of the world total of the three largest figures (a tie for "
        "third does not change it)."
    )
    top3: list[str] = Field(
        description="ISO alpha-2 codes of every country ranked first to third, largest first; "
        "countries with equal figures share a rank, so a tie for third lists them all (more "
        "than three codes)."
    )
    covered_share: float | None = Field(
        description="Fraction of the world total covered by identified countries' figures "
        "(may exceed 1 slightly: the source rounds its world total)."
    )
    countries_counted: int = Field(description="Countries with a positive number counted.")
    world_total_lower_bound: bool = Field(
        description="True when the world total is printed as a lower bound ('>N') and N was "
        "used: shares are then upper bounds."
    )
    notes: list[ConcentrationRowNote] = Field(
        description="Rows excluded or counted at a bound, with the reason."
    )
    reason: str | None = Field(description="Why the measures are null, when they are.")


class ReservesConcentration(ApiModel):
    """Concentration of reserves, latest year: of the form asked for when reserves are counted
    in it, else of the mineral's one reserves form (aluminum smelter -> bauxite)."""

    model_config = _examples(
        {
            "known": True,
            "reason": None,
            "form": "mine",
            "year": 2024,
            "unit": "metric tons",
            "world_total": {
                "value": 290000000,
                "value_text": "290000000",
                "estimated": False,
                "source": _SOURCE_EXAMPLE,
            },
            "concentration": _CONCENTRATION_EXAMPLE,
            "source": _SOURCE_EXAMPLE,
        }
    )

    known: bool = Field(description="False when no reserves figures are held.")
    reason: str | None = Field(description="Why reserves concentration is unknown.")
    form: str | None = Field(
        description="Commodity form the reserves table is counted in (may differ from the "
        "production table's: bauxite reserves for aluminum)."
    )
    year: int | None
    unit: str | None
    world_total: FigureValue | None
    concentration: ConcentrationMeasures | None
    source: SourceRef | None


class FlaggedSupplier(ApiModel):
    """A country whose status record carries a flag, with its share and the news behind it."""

    model_config = _examples(_FLAGGED_EXAMPLE["countries"][0])

    country: CountrySummary
    share: float | None = Field(
        description="Fraction of the world total of this production table; null when the "
        "country has no numeric figure in it."
    )
    rank: int | None = Field(description="Rank among producers of the table, when ranked.")
    as_of: date | None = Field(description="Date of the newest claim behind the flag.")
    reason: str = Field(description="Why the status record carries the flag.")
    citations: list[Citation] = Field(
        description="The claims behind the flag, newest first: sentence and article."
    )


class FlaggedSupply(ApiModel):
    """Share of world supply from countries flagged export_restricted or disrupted."""

    model_config = _examples(_FLAGGED_EXAMPLE)

    flag: str = Field(description="export_restricted or disrupted.")
    share: float | None = Field(
        description="Sum of the flagged countries' fractions of the world total (0 when none); "
        "null when no production table with a numeric world total is held."
    )
    countries: list[FlaggedSupplier]


def _no_reserves_example(mineral: str) -> dict[str, Any]:
    return {
        "known": False,
        "reason": f"No reserves figures are held for {mineral!r}.",
        "form": None,
        "year": None,
        "unit": None,
        "world_total": None,
        "concentration": None,
        "source": None,
    }


_SUPPLY_EXAMPLE: dict[str, Any] = {
    "known": True,
    "detail": None,
    "mineral": _MINERAL_EXAMPLE,
    "form": {
        "slug": "primary",
        "name": "Primary low-purity production (gallium content)",
        "stage": "primary",
        "is_default": True,
    },
    "year": 2024,
    "unit": "kilograms",
    "available_years": [2023, 2024],
    "world_total": {
        "value": 760000,
        "value_text": "760000",
        "estimated": True,
        "source": _SOURCE_EXAMPLE,
    },
    "other": None,
    "producers": [
        {
            "rank": 1,
            "country": _COUNTRY_EXAMPLE,
            "value": 750000,
            "value_text": "750000",
            "share": 0.986842,
            "estimated": True,
        }
    ],
    "concentration": _CONCENTRATION_EXAMPLE,
    "reserves": _no_reserves_example("gallium"),
    "export_restricted": _FLAGGED_EXAMPLE,
    "disrupted": {"flag": "disrupted", "share": 0.0, "countries": []},
    "flagged_share": 0.986842,
    "sources": [_SOURCE_EXAMPLE],
}
_UNKNOWN_SUPPLY_EXAMPLE: dict[str, Any] = {
    **NO_TABLE_EXAMPLE,
    "concentration": None,
    "reserves": _no_reserves_example("germanium"),
    "export_restricted": {"flag": "export_restricted", "share": None, "countries": []},
    "disrupted": {"flag": "disrupted", "share": None, "countries": []},
    "flagged_share": None,
    "sources": [],
}


class MineralSupply(ApiModel):
    """Producers, concentration, reserves concentration and flagged supply of one mineral."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [_SUPPLY_EXAMPLE, _UNKNOWN_SUPPLY_EXAMPLE]}
    )

    known: bool = Field(description=KNOWN_HELP)
    detail: str | None = Field(description=DETAIL_HELP)
    mineral: MineralSummary
    form: CommodityFormItem | None = Field(
        description="The form of the table; null for a mineral without forms."
    )
    year: int | None = Field(description="Year of the table; null when none is held.")
    unit: str | None
    available_years: list[int]
    world_total: FigureValue | None
    other: FigureValue | None = Field(description="The source's 'Other countries' row.")
    producers: list[ProducerShare] = Field(description="Every country row, ranked by value.")
    concentration: ConcentrationMeasures | None = Field(
        description="Concentration of production; null when no production table is held."
    )
    reserves: ReservesConcentration
    export_restricted: FlaggedSupply
    disrupted: FlaggedSupply
    flagged_share: float | None = Field(
        description="Fraction of the world total from countries flagged export_restricted or "
        "disrupted (each country counted once); null when no production table is held."
    )
    sources: list[SourceRef] = Field(description="Publications of the figures used.")


class ImportSourceShare(ApiModel):
    model_config = _examples(
        {"name": "China (includes Hong Kong)", "country": _COUNTRY_EXAMPLE, "percent": 70.0}
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
            "source": _SOURCE_EXAMPLE,
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
            "sources": [_SOURCE_EXAMPLE],
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
            "country": _COUNTRY_EXAMPLE,
            "roles": ["producer", "import_source"],
            "production_share": 0.986842,
            "production_rank": 1,
            "import_percent": 19.0,
            "export_restricted": True,
            "disrupted": False,
            "citations": [_CITATION_EXAMPLE],
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
            "mineral": _MINERAL_EXAMPLE,
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
            "mineral": _MINERAL_EXAMPLE,
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
