"""Response schemas for supply concentration of a mineral: HHI, top shares, reserves, and
the share of supply from flagged countries."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.citations import Citation
from app.schemas.common import ApiModel
from app.schemas.reference import (
    COUNTRY_EXAMPLE,
    MINERAL_EXAMPLE,
    CommodityFormItem,
    CountrySummary,
    MineralSummary,
    SourceRef,
)
from app.schemas.statistics import (
    DETAIL_HELP,
    KNOWN_HELP,
    NO_TABLE_EXAMPLE,
    VALUE_TEXT_HELP,
    FigureValue,
    ProducerShare,
)

SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "title": "USGS Mineral Commodity Summaries 2025, Gallium, pp. 74-75",
    "publisher": "U.S. Geological Survey",
    "year": 2025,
    "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-gallium.pdf",
    "page": "74-75",
}
CITATION_EXAMPLE: dict[str, Any] = {
    "id": 41,
    "country": COUNTRY_EXAMPLE,
    "mineral": MINERAL_EXAMPLE,
    "status": "export_restricted",
    "evidence": "China restricted exports of gallium in 2023 with a licence rule.",
    "start": 0,
    "end": 64,
    "confidence": 0.9,
    "extractor_version": "orewatch-extract/1.4",
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
            "country": COUNTRY_EXAMPLE,
            "share": 0.986842,
            "rank": 1,
            "as_of": "2025-01-10",
            "reason": "news claims; no official statistics",
            "citations": [CITATION_EXAMPLE],
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
                "source": SOURCE_EXAMPLE,
            },
            "concentration": _CONCENTRATION_EXAMPLE,
            "source": SOURCE_EXAMPLE,
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
    "mineral": MINERAL_EXAMPLE,
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
        "source": SOURCE_EXAMPLE,
    },
    "other": None,
    "producers": [
        {
            "rank": 1,
            "country": COUNTRY_EXAMPLE,
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
    "sources": [SOURCE_EXAMPLE],
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
