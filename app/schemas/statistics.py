"""Response schemas for production, reserves, producers and country profiles."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.common import ApiModel, Page
from app.schemas.pair_status import PAIR_STATUS_EXAMPLE, PairStatus
from app.schemas.reference import (
    COUNTRY_EXAMPLE,
    FORM_EXAMPLE,
    MINERAL_EXAMPLE,
    SOURCE_EXAMPLE,
    CommodityFormItem,
    CountrySummary,
    MineralSummary,
    SourceRef,
)

VALUE_TEXT_HELP = "The figure as printed by the source: a number, W (withheld), NA, >95, ..."
_UNIT = "kilograms, gallium content (primary low-purity)"
_FIGURE_EXAMPLE: dict[str, Any] = {
    "id": 39,
    "mineral": MINERAL_EXAMPLE,
    "form": "primary",
    "year": 2024,
    "country": COUNTRY_EXAMPLE,
    "label": "China",
    "row_kind": "country",
    "value": 750000.0,
    "value_text": "750000",
    "unit": _UNIT,
    "estimated": True,
    "source": SOURCE_EXAMPLE,
}
_VALUE_EXAMPLE: dict[str, Any] = {
    "value": 760000.0,
    "value_text": "760000",
    "estimated": True,
    "source": SOURCE_EXAMPLE,
}
_PRODUCER_EXAMPLE: dict[str, Any] = {
    "rank": 1,
    "country": COUNTRY_EXAMPLE,
    "value": 750000.0,
    "value_text": "750000",
    "share": 0.986842,
    "estimated": True,
}
LATEST_FIGURE_EXAMPLE: dict[str, Any] = {
    "form": "primary",
    "year": 2024,
    "value": 750000.0,
    "value_text": "750000",
    "unit": _UNIT,
    "estimated": True,
    "share": 0.986842,
    "rank": 1,
    "source": SOURCE_EXAMPLE,
}
IMPORT_RELIANCE_EXAMPLE: dict[str, Any] = {
    "form": None,
    "basis": "% of reported consumption (imports - exports; excludes GaAs wafers)",
    "year": 2024,
    "value": 100.0,
    "value_text": "100",
    "estimated": True,
    "import_sources": "Metal: Japan, 24%; China, 19%; Germany, 19%; Canada, 17%; and other, 21%.",
    "import_sources_period": "2020-23",
    "source": {**SOURCE_EXAMPLE, "id": 13},
}
_MINERAL_PROFILE_EXAMPLE: dict[str, Any] = {
    "mineral": MINERAL_EXAMPLE,
    "production": [LATEST_FIGURE_EXAMPLE],
    "reserves": [],
    "import_reliance": [],
    "status": PAIR_STATUS_EXAMPLE,
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class ProductionFigureItem(ApiModel):
    model_config = _examples(_FIGURE_EXAMPLE)

    id: int
    mineral: MineralSummary
    form: str = Field(description="Commodity form slug.")
    year: int
    country: CountrySummary | None = Field(description="Null for world and other rows.")
    label: str = Field(description="Row label as printed by the source.")
    row_kind: str = Field(description="country, other or world.")
    value: float | None = Field(description="Numeric value, when the printed figure is one.")
    value_text: str = Field(description=VALUE_TEXT_HELP)
    unit: str
    estimated: bool
    source: SourceRef


class ProductionFigurePage(Page[ProductionFigureItem]):
    model_config = _examples({"items": [_FIGURE_EXAMPLE], "next_cursor": "WzM5XQ", "total": 14})


class FigureValue(ApiModel):
    model_config = _examples(_VALUE_EXAMPLE)

    value: float | None
    value_text: str = Field(description=VALUE_TEXT_HELP)
    estimated: bool
    source: SourceRef


class ProducerShare(ApiModel):
    model_config = _examples(_PRODUCER_EXAMPLE)

    rank: int | None = Field(description="1 = largest; null when the figure is not a number.")
    country: CountrySummary
    value: float | None
    value_text: str = Field(description=VALUE_TEXT_HELP)
    share: float | None = Field(
        description="Fraction (0-1) of the world total; null when the figure or the world "
        "total is not a number."
    )
    estimated: bool


KNOWN_HELP = (
    "True when a production table is held for the mineral and form; false for a known mineral "
    "(or form) without one: then `detail` says why and the figures are empty or null."
)
DETAIL_HELP = "Why no production table is held, when `known` is false; null otherwise."
NO_TABLE_DETAIL = (
    "No production statistics are held for 'germanium': MCS 2025 gives no germanium figures "
    "by country: most producers do not publish their output, so the chapter only names the "
    "producing countries (China the leading one)."
)
GERMANIUM_EXAMPLE: dict[str, Any] = {
    "slug": "germanium",
    "name": "Germanium",
    "kind": "element",
    "group": None,
    "symbol": "Ge",
}
# The table-less fields of a known: false answer (producers and supply share them).
NO_TABLE_EXAMPLE: dict[str, Any] = {
    "known": False,
    "detail": NO_TABLE_DETAIL,
    "mineral": GERMANIUM_EXAMPLE,
    "form": None,
    "year": None,
    "unit": None,
    "available_years": [],
    "world_total": None,
    "other": None,
    "producers": [],
}


class ProducersReport(ApiModel):
    model_config = _examples(
        {
            "known": True,
            "detail": None,
            "mineral": MINERAL_EXAMPLE,
            "form": FORM_EXAMPLE,
            "year": 2024,
            "unit": _UNIT,
            "available_years": [2023, 2024],
            "world_total": _VALUE_EXAMPLE,
            "other": {**_VALUE_EXAMPLE, "value": 0.0, "value_text": "0"},
            "producers": [_PRODUCER_EXAMPLE],
            "source": SOURCE_EXAMPLE,
        },
        {**NO_TABLE_EXAMPLE, "source": None},
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
    world_total: FigureValue | None = Field(
        description="The source's World row; its value is null when the source prints no "
        "number (XX: not applicable, NA)."
    )
    other: FigureValue | None = Field(description="The source's 'Other countries' row.")
    producers: list[ProducerShare] = Field(description="Every country row, ranked by value.")
    source: SourceRef | None


class LatestFigure(ApiModel):
    model_config = _examples(LATEST_FIGURE_EXAMPLE)

    form: str
    year: int
    value: float | None
    value_text: str = Field(description=VALUE_TEXT_HELP)
    unit: str
    estimated: bool
    share: float | None = Field(description="Fraction (0-1) of the world total.")
    rank: int | None = Field(description="Rank among countries; null when not a number.")
    source: SourceRef


class ImportRelianceItem(ApiModel):
    model_config = _examples(IMPORT_RELIANCE_EXAMPLE)

    form: str | None
    basis: str = Field(description="What the percentage is of.")
    year: int
    value: float | None = Field(description="Percent, when the printed figure is a number.")
    value_text: str = Field(description="As printed: 100, >95, E (net exporter), ...")
    estimated: bool
    import_sources: str | None
    import_sources_period: str | None
    source: SourceRef


class CountryMineralProfile(ApiModel):
    model_config = _examples(_MINERAL_PROFILE_EXAMPLE)

    mineral: MineralSummary
    production: list[LatestFigure] = Field(description="Latest production figure per form.")
    reserves: list[LatestFigure] = Field(description="Latest reserves figure per form.")
    import_reliance: list[ImportRelianceItem] = Field(
        description="Latest net import reliance per series, for importers with data."
    )
    status: PairStatus | None = Field(
        description="The pair's status record (facet values and flags); null when none is stored."
    )


class CountryProfile(ApiModel):
    model_config = _examples({"country": COUNTRY_EXAMPLE, "minerals": [_MINERAL_PROFILE_EXAMPLE]})

    country: CountrySummary
    minerals: list[CountryMineralProfile]
