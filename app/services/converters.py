"""Table rows -> response schemas, shared by the services."""

from __future__ import annotations

from app.models import Country, Mineral, Source
from app.schemas.reference import CountrySummary, MineralSummary, SourceRef


def source_ref(source: Source) -> SourceRef:
    assert source.id is not None
    return SourceRef(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        year=source.year,
        url=source.url,
        page=source.page,
    )


def country_summary(country: Country) -> CountrySummary:
    return CountrySummary(
        iso2=country.iso2,
        iso3=country.iso3,
        name=country.name,
        region=country.region,
        subregion=country.subregion,
    )


def mineral_summary(mineral: Mineral) -> MineralSummary:
    return MineralSummary(
        slug=mineral.slug,
        name=mineral.name,
        kind=mineral.kind,
        group=mineral.group_slug,
        symbol=mineral.symbol,
    )
