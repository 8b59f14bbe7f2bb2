"""Response schemas for production, reserves, producers and country profiles."""

from __future__ import annotations

from pydantic import Field

from app.schemas.common import ApiModel
from app.schemas.reference import (
    CommodityFormItem,
    CountrySummary,
    MineralSummary,
    SourceRef,
)

VALUE_TEXT_HELP = "The figure as printed by the source: a number, W (withheld), NA, >95, ..."


class ProductionFigureItem(ApiModel):
    id: int
    mineral: str = Field(description="Mineral slug.")
    form: str = Field(description="Commodity form slug.")
    year: int
    country: str | None = Field(description="ISO alpha-2 code; null for world or other rows.")
    label: str = Field(description="Row label as printed by the source.")
    row_kind: str = Field(description="country, other or world.")
    value: float | None = Field(description="Numeric value, when the printed figure is one.")
    value_text: str = Field(description=VALUE_TEXT_HELP)
    unit: str
    estimated: bool
    source: SourceRef


class ProductionFigurePage(ApiModel):
    items: list[ProductionFigureItem]
    next_cursor: str | None = Field(description="Opaque cursor of the next page, or null.")
    total: int = Field(description="Number of figures matching the filters.")


class FigureValue(ApiModel):
    value: float | None
    value_text: str = Field(description=VALUE_TEXT_HELP)
    estimated: bool
    source: SourceRef


class ProducerShare(ApiModel):
    rank: int | None = Field(description="1 = largest; null when the figure is not a number.")
    country: CountrySummary
    value: float | None
    value_text: str = Field(description=VALUE_TEXT_HELP)
    share: float | None = Field(description="Fraction (0-1) of the world total.")
    estimated: bool


class ProducersReport(ApiModel):
    mineral: MineralSummary
    form: CommodityFormItem
    year: int
    unit: str
    available_years: list[int]
    world_total: FigureValue | None
    other: FigureValue | None = Field(description="The source's 'Other countries' row.")
    producers: list[ProducerShare] = Field(description="Every country row, ranked by value.")
    source: SourceRef


class LatestFigure(ApiModel):
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
    mineral: MineralSummary
    production: list[LatestFigure] = Field(description="Latest production figure per form.")
    reserves: list[LatestFigure] = Field(description="Latest reserves figure per form.")
    import_reliance: list[ImportRelianceItem] = Field(
        description="Latest net import reliance per series, for importers with data."
    )


class CountryProfile(ApiModel):
    country: CountrySummary
    minerals: list[CountryMineralProfile]
