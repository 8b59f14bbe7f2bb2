"""Country listing and detail."""

from __future__ import annotations

from sqlmodel import Session

from app.repositories import reference as refs
from app.schemas.reference import CountryAliasItem, CountryDetail, CountryPage
from app.services.converters import country_summary
from app.services.errors import InvalidParameterError
from app.services.lookups import mineral_filter, require_country
from app.services.pagination import decode_cursor, next_cursor


def list_countries(
    session: Session, *, region: str | None, mineral: str | None, cursor: str | None, limit: int
) -> CountryPage:
    if region is not None:
        known = refs.regions(session)
        if region.lower() not in {r.lower() for r in known}:
            raise InvalidParameterError(
                "region", f"Unknown region {region!r}; known regions: {', '.join(known)}."
            )
    mineral_slug = mineral_filter(session, mineral)
    after = decode_cursor(cursor, 1)
    rows = refs.list_countries(
        session,
        region=region,
        mineral=mineral_slug,
        after=str(after[0]) if after else None,
        limit=limit + 1,
    )
    return CountryPage(
        items=[country_summary(c) for c in rows[:limit]],
        next_cursor=next_cursor(list(rows), limit, lambda c: (c.iso2,)),
        total=refs.count_countries(session, region=region, mineral=mineral_slug),
    )


def get_country(session: Session, iso2: str) -> CountryDetail:
    country = require_country(session, iso2)
    summary = country_summary(country)
    return CountryDetail(
        **summary.model_dump(),
        numeric=country.numeric,
        official_name=country.official_name,
        aliases=[
            CountryAliasItem(alias=a.alias, kind=a.kind)
            for a in refs.country_aliases(session, country.iso2)
        ],
    )
