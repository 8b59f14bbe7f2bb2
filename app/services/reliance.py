"""Net import reliance of an importer and its import sources, resolved to countries.

The latest year of each reliance series is read; a printed figure becomes a percent (the
number; N for ">N", a lower bound; 0 for "E", net exporter). The import-sources text is
parsed (app.services.import_sources) and each name resolved with the country table and its
aliases; "other" stays unresolved (country null).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Country, Mineral
from app.repositories import exposure as repo
from app.repositories import statistics as stats
from app.schemas.exposure import (
    ImportRelianceReport,
    ImportSourceGroup,
    ImportSources,
    ImportSourceShare,
    RelianceSeries,
)
from app.schemas.statistics import ImportRelianceItem
from app.services.converters import country_summary
from app.services.import_sources import parse_import_sources, scoring_group_index
from app.services.profiles import latest_reliance


def interpret_percent(value: float | None, text: str) -> tuple[float | None, str]:
    """Percent used for a printed reliance figure, and how it was read."""
    if value is not None:
        return value, "number"
    stripped = text.strip().upper()
    if stripped == "E":
        return 0.0, "net_exporter"
    if stripped[:1] in {">", "<"}:
        try:
            number = float(stripped[1:].strip())
        except ValueError:
            return None, "unknown"
        return number, "lower_bound" if stripped[0] == ">" else "upper_bound"
    return None, "unknown"


@dataclass
class Lookups:
    """Lookups shared by every exposure computed in one request."""

    session: Session
    _names: dict[str, str] | None = None
    _countries: dict[str, Country] | None = None

    def resolve(self, lookup: str) -> Country | None:
        if self._names is None:
            self._names, self._countries = repo.country_index(self.session)
        iso2 = self._names.get(lookup) or self._names.get(lookup.removeprefix("the "))
        return (self._countries or {}).get(iso2) if iso2 else None


def import_sources_of(ctx: Lookups, item: ImportRelianceItem) -> ImportSources | None:
    if not item.import_sources:
        return None
    parsed = parse_import_sources(item.import_sources)
    chosen = scoring_group_index(parsed)
    groups = []
    for index, group in enumerate(parsed):
        shares = []
        for entry in group.entries:
            country = None if entry.is_other else ctx.resolve(entry.lookup)
            shares.append(
                ImportSourceShare(
                    name=entry.name,
                    country=country_summary(country) if country else None,
                    percent=entry.percent,
                )
            )
        groups.append(
            ImportSourceGroup(label=group.label, used_for_score=index == chosen, sources=shares)
        )
    return ImportSources(text=item.import_sources, period=item.import_sources_period, groups=groups)


def _applicable(series: list[RelianceSeries], form: str | None) -> list[RelianceSeries]:
    """The series that speak for a form: its own and the mineral-level ones (form null).

    With no form (a mineral without statistics), every series applies.
    """
    if form is None:
        return series
    return [s for s in series if s.form in (None, form)]


def reliance_report(
    ctx: Lookups, importer: Country, mineral: Mineral, form: str | None = None
) -> ImportRelianceReport:
    """The importer's reliance on the mineral, read for one form of it.

    Every latest series is listed; `percent` is the highest among those that apply to the
    form (ties: the form's own series first). A series of another form (magnesium compounds
    when the metal is asked for) is listed but not used.
    """
    rows = stats.import_reliance_of(ctx.session, importer.iso2, {mineral.slug})
    series = []
    for item in latest_reliance(rows).get(mineral.slug, []):
        percent, interpretation = interpret_percent(item.value, item.value_text)
        series.append(
            RelianceSeries(
                form=item.form,
                basis=item.basis,
                year=item.year,
                value_text=item.value_text,
                percent=percent,
                interpretation=interpretation,
                estimated=item.estimated,
                import_sources=import_sources_of(ctx, item),
                source=item.source,
            )
        )
    applicable = _applicable(series, form)
    usable = [s for s in applicable if s.percent is not None]
    if usable:
        best = max(usable, key=lambda s: (s.percent or 0.0, s.form is not None))
        return ImportRelianceReport(
            known=True, reason=None, percent=best.percent, series_used=best.basis, series=series
        )
    importers = repo.reliance_importers(ctx.session)
    if series and not applicable:
        others = sorted({s.form for s in series if s.form})
        reason = f"The net import reliance of {importer.iso2} for {mineral.slug!r} is published "
        reason += f"for other forms only ({', '.join(others)}), none for form {form!r}."
    elif series:
        reason = f"The net import reliance of {importer.iso2} for {mineral.slug!r} is not a figure."
    elif importer.iso2 not in importers:
        held = ", ".join(importers) or "no importer"
        reason = f"Orewatch holds net import reliance statistics only for {held}; none for "
        reason += f"{importer.name} ({importer.iso2})."
    else:
        reason = f"No net import reliance statistics for {importer.iso2} x {mineral.slug!r}."
    return ImportRelianceReport(
        known=False, reason=reason, percent=None, series_used=None, series=series
    )


def scoring_group(
    reliance: ImportRelianceReport, form: str | None = None
) -> tuple[ImportSources, ImportSourceGroup] | None:
    """The import-source group the score reads: of the series used, else of another series
    that applies to the form."""
    applicable = _applicable(reliance.series, form)
    ordered = sorted(applicable, key=lambda s: s.basis != reliance.series_used)
    for series in ordered:
        if series.import_sources:
            for group in series.import_sources.groups:
                if group.used_for_score:
                    return series.import_sources, group
    return None
