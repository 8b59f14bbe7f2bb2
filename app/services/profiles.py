"""A country's mineral profile: latest production, reserves and import reliance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session

from app.models import ImportReliance, ProductionFigure, ReserveFigure, Source
from app.repositories import reference as refs
from app.repositories import statistics as stats
from app.repositories import status as status_repo
from app.repositories.reference_snapshot import LatestTable
from app.schemas.statistics import (
    CountryMineralProfile,
    CountryProfile,
    ImportRelianceItem,
    LatestFigure,
)
from app.services.converters import country_summary, mineral_summary, source_ref
from app.services.lookups import require_country
from app.services.ranking import table_standings
from app.services.status_summaries import pair_status


def latest_for_country(tables: Sequence[LatestTable], iso2: str) -> dict[str, list[LatestFigure]]:
    """Per mineral, the country's figure of the latest year of each form, with standing."""
    result: dict[str, list[LatestFigure]] = defaultdict(list)
    for table in tables:
        own = table.by_country.get(iso2)
        if own is None or own[0].value_text == "0":
            continue
        figure, source = own
        standing = table_standings(table)[figure.label]
        result[table.mineral].append(
            LatestFigure(
                form=table.form,
                year=table.year,
                value=figure.value,
                value_text=figure.value_text,
                unit=figure.unit,
                estimated=figure.estimated,
                share=standing.share,
                rank=standing.rank,
                source=source_ref(source),
            )
        )
    return result


def latest_reliance(
    rows: Sequence[tuple[ImportReliance, Source]],
) -> dict[str, list[ImportRelianceItem]]:
    latest: dict[tuple[str, str], tuple[ImportReliance, Source]] = {}
    for reliance, source in rows:
        key = (reliance.mineral_slug, reliance.basis)
        if key not in latest or latest[key][0].year < reliance.year:
            latest[key] = (reliance, source)
    result: dict[str, list[ImportRelianceItem]] = defaultdict(list)
    for (mineral, _), (reliance, source) in sorted(latest.items()):
        result[mineral].append(
            ImportRelianceItem(
                form=reliance.form_slug,
                basis=reliance.basis,
                year=reliance.year,
                value=reliance.value,
                value_text=reliance.value_text,
                estimated=reliance.estimated,
                import_sources=reliance.import_sources,
                import_sources_period=reliance.import_sources_period,
                source=source_ref(source),
            )
        )
    return result


def country_profile(session: Session, iso2: str) -> CountryProfile:
    country = require_country(session, iso2)
    produced = stats.minerals_of_country(session, ProductionFigure, country.iso2)
    held = stats.minerals_of_country(session, ReserveFigure, country.iso2)
    slugs = produced | held
    production = latest_for_country(
        stats.latest_tables(session, ProductionFigure, produced), country.iso2
    )
    reserves = latest_for_country(stats.latest_tables(session, ReserveFigure, held), country.iso2)
    reliance = latest_reliance(stats.import_reliance_of(session, country.iso2, slugs))
    records = status_repo.record_summaries_of_country(session, country.iso2)
    # A mineral is listed when statistics hold a figure for the country or news made a
    # status record of it (Ukraine x rare earths has no USGS row but a record).
    listed = {s for s in slugs if production.get(s) or reserves.get(s)} | set(records)
    minerals = refs.minerals_by_slug(session, listed)
    return CountryProfile(
        country=country_summary(country),
        minerals=[
            CountryMineralProfile(
                mineral=mineral_summary(minerals[slug]),
                production=production.get(slug, []),
                reserves=reserves.get(slug, []),
                import_reliance=reliance.get(slug, []),
                status=pair_status(records[slug]) if slug in records else None,
            )
            for slug in sorted(listed)
        ],
    )
