"""Table rows -> response schemas, shared by the services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from app.models import Country, Mineral, Source
from app.repositories import reference as refs
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


@dataclass(frozen=True)
class EntitySummaries:
    """The country and mineral summaries a page of items names, loaded with two queries, so
    every item embeds the same small objects the rest of the API shows."""

    countries: dict[str, CountrySummary]
    minerals: dict[str, MineralSummary]

    def country(self, iso2: str) -> CountrySummary:
        return self.countries[iso2]

    def mineral(self, slug: str | None) -> MineralSummary | None:
        return self.minerals[slug] if slug is not None else None


def entity_summaries(
    session: Session, countries: Iterable[str | None], minerals: Iterable[str | None]
) -> EntitySummaries:
    codes = {c for c in countries if c}
    slugs = {m for m in minerals if m}
    return EntitySummaries(
        countries={
            iso2: country_summary(row)
            for iso2, row in (refs.countries_by_code(session, codes) if codes else {}).items()
        },
        minerals={
            slug: mineral_summary(row)
            for slug, row in (refs.minerals_by_slug(session, slugs) if slugs else {}).items()
        },
    )
