"""Supply concentration of a mineral: HHI, top shares, reserves, flagged supply.

HHI = sum over identified countries i of (100 x value_i / world total)^2, on 0-10,000.
Only country rows with a positive number count; the source's "Other countries" row (an
aggregate of unnamed producers) and rows that are not numbers (W, NA, "Included in World
total") are left out and listed in `notes`, so the index is a lower bound. `hhi_upper_bound`
adds (100 x u)^2 where u = 1 - covered share: the index if the unidentified remainder
belonged to one further country. A printed bound ">N" is counted at N.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from app.models import Country, ReserveFigure, Source
from app.repositories import citations as citation_repo
from app.repositories import exposure as repo
from app.repositories import reference as refs
from app.repositories import statistics as stats
from app.schemas.citations import Citation
from app.schemas.reference import SourceRef
from app.schemas.statistics import FigureValue, ProducersReport
from app.schemas.supply import (
    ConcentrationMeasures,
    ConcentrationRowNote,
    FlaggedSupplier,
    FlaggedSupply,
    MineralSupply,
    ReservesConcentration,
)
from app.services.citations import citation_of_row, summaries_of
from app.services.converters import country_summary, source_ref
from app.services.statistics import producers

FLAGS = ("export_restricted", "disrupted")
SHARE_DIGITS = 6
HHI_DIGITS = 1


@dataclass(frozen=True)
class TableRow:
    label: str
    kind: str
    iso2: str | None
    value: float | None
    value_text: str


@dataclass(frozen=True)
class Concentration:
    measures: ConcentrationMeasures
    shares: dict[str, float]
    """Exact fraction of the world total per counted country (iso2)."""


@dataclass
class CountryFlags:
    """The export_restricted / disrupted flags a country's status record carries."""

    country: Country
    flags: dict[str, bool] = field(default_factory=dict)
    as_of: dict[str, date | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    citations: dict[str, list[Citation]] = field(default_factory=dict)

    def any(self) -> bool:
        return any(self.flags.values())

    def all_citations(self) -> list[Citation]:
        seen: dict[int, Citation] = {}
        for flag in FLAGS:
            for item in self.citations.get(flag, []):
                seen.setdefault(item.id, item)
        return sorted(seen.values(), key=lambda c: (c.dated_at, c.id), reverse=True)


@dataclass(frozen=True)
class SupplyAnalysis:
    model: MineralSupply
    shares: dict[str, float]
    ranks: dict[str, int | None]
    flags: dict[str, CountryFlags]


def bounded(value: float | None, text: str) -> tuple[float | None, bool]:
    """A figure's number and whether it is a printed lower bound (">N" -> N)."""
    if value is not None:
        return value, False
    stripped = text.strip()
    if stripped.startswith(">"):
        try:
            return float(stripped[1:].replace(",", "").strip()), True
        except ValueError:
            return None, False
    return None, False


def _excluded_reason(text: str) -> str:
    if not text.strip():
        return "blank in the source; not counted"
    if text.strip().upper() == "W":
        return "withheld by the source (W); not counted"
    if text.strip().upper() == "NA":
        return "not available (NA); not counted"
    return f"not a number ({text!r}); not counted"


def _world_reason(text: str | None) -> str:
    printed = (text or "").strip()
    if printed.upper() == "XX":
        return (
            "The source prints no world total (XX, not applicable: the countries report "
            "different forms), so shares and concentration are not computed."
        )
    if not printed:
        return "No world total is held, so shares and concentration are not computed."
    return (
        f"The world total is not a number ({printed!r}), so shares and concentration are "
        "not computed."
    )


def _ranked_top(ordered: list[tuple[str, float]], places: int) -> list[str]:
    """Every country ranked within the first `places` (ties share a rank, as in the
    producers table), so a tie for third lists both, never one picked by its code."""
    if len(ordered) <= places:
        return [key for key, _ in ordered]
    cutoff = ordered[places - 1][1]
    return [key for key, share in ordered if share >= cutoff]


def concentration(
    rows: Iterable[TableRow], world_value: float | None, world_text: str | None
) -> Concentration:
    world, world_bound = bounded(world_value, world_text or "")
    notes: list[ConcentrationRowNote] = []
    counted: dict[str, float] = {}
    for row in rows:
        if row.kind != "country":
            notes.append(
                ConcentrationRowNote(
                    label=row.label,
                    value_text=row.value_text,
                    treatment="excluded",
                    reason="aggregate of unnamed countries; only hhi_upper_bound counts it",
                )
            )
            continue
        number, is_bound = bounded(row.value, row.value_text)
        if number is None:
            notes.append(
                ConcentrationRowNote(
                    label=row.label,
                    value_text=row.value_text,
                    treatment="excluded",
                    reason=_excluded_reason(row.value_text),
                )
            )
            continue
        if is_bound:
            notes.append(
                ConcentrationRowNote(
                    label=row.label,
                    value_text=row.value_text,
                    treatment="lower_bound",
                    reason="printed as a lower bound; counted at the bound",
                )
            )
        if number > 0:
            key = row.iso2 or row.label
            counted[key] = counted.get(key, 0.0) + number
    if not world or world <= 0:
        return Concentration(
            ConcentrationMeasures(
                hhi=None,
                hhi_upper_bound=None,
                top1_share=None,
                top3_share=None,
                top3=[],
                covered_share=None,
                countries_counted=len(counted),
                world_total_lower_bound=world_bound,
                notes=notes,
                reason=_world_reason(world_text),
            ),
            {},
        )
    shares = {key: value / world for key, value in counted.items()}
    ordered = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    hhi = sum((100 * share) ** 2 for share in shares.values())
    covered = sum(shares.values())
    upper = hhi + (100 * max(0.0, 1 - covered)) ** 2
    return Concentration(
        ConcentrationMeasures(
            hhi=round(hhi, HHI_DIGITS),
            hhi_upper_bound=round(upper, HHI_DIGITS),
            top1_share=round(ordered[0][1], SHARE_DIGITS) if ordered else 0.0,
            top3_share=round(sum(s for _, s in ordered[:3]), SHARE_DIGITS),
            top3=_ranked_top(ordered, 3),
            covered_share=round(covered, SHARE_DIGITS),
            countries_counted=len(counted),
            world_total_lower_bound=world_bound,
            notes=notes,
            reason=None,
        ),
        shares,
    )


def _unknown_reserves(reason: str) -> ReservesConcentration:
    return ReservesConcentration(
        known=False,
        reason=reason,
        form=None,
        year=None,
        unit=None,
        world_total=None,
        concentration=None,
        source=None,
    )


def reserves_form(session: Session, mineral: str, form: str | None) -> tuple[str | None, str]:
    """The form whose reserves go with a production form, or None and why.

    The form's own reserves when it has some; else the mineral's only reserves form
    (aluminum smelter -> bauxite, magnesium metal -> compounds, copper refinery -> mine).
    """
    held = stats.reserve_forms(session, mineral)
    if form in held:
        return form, ""
    if len(held) == 1:
        return held[0], ""
    if not held:
        return None, f"No reserves figures are held for {mineral!r}."
    return None, (
        f"Reserves of {mineral!r} are counted in forms {', '.join(held)}, none of them "
        f"{form!r}: ask for one of those forms."
    )


def reserves_concentration(
    session: Session, mineral: str, form: str | None
) -> ReservesConcentration:
    """Concentration of the latest reserves table that goes with the mineral and form."""
    chosen, reason = reserves_form(session, mineral, form)
    if chosen is None:
        return _unknown_reserves(reason)
    latest = next(
        t for t in stats.latest_tables(session, ReserveFigure, {mineral}) if t.form == chosen
    )
    year, table = latest.year, latest.rows
    world = next(((f, s) for f, s in table if f.row_kind == "world"), None)
    rows = [
        TableRow(f.label, f.row_kind, f.country_iso2, f.value, f.value_text)
        for f, _ in table
        if f.row_kind != "world"
    ]
    measures = concentration(
        rows, world[0].value if world else None, world[0].value_text if world else None
    ).measures
    source: Source = world[1] if world else table[0][1]
    return ReservesConcentration(
        known=measures.hhi is not None,
        reason=measures.reason,
        form=chosen,
        year=year,
        unit=table[0][0].unit,
        world_total=FigureValue(
            value=world[0].value,
            value_text=world[0].value_text,
            estimated=world[0].estimated,
            source=source_ref(world[1]),
        )
        if world
        else None,
        concentration=measures,
        source=source_ref(source),
    )


def _claim_ids(facet: dict[str, Any]) -> list[int]:
    return [
        int(e["claim_id"])
        for e in facet.get("evidence", [])
        if e.get("kind") == "claim" and e.get("claim_id") is not None
    ]


MineralFlags = dict[str, CountryFlags]
"""Per country (iso2), the flags of its status record for one mineral."""


def load_flags(session: Session, minerals: set[str]) -> dict[str, MineralFlags]:
    """Per mineral, the countries whose status record is flagged, with citations.

    Bounded by the stored records, not by the claims: one row per flagged record (only its
    two flag facets), then the claims those facets cite (at most a few per facet) by id;
    two statements whatever the number of minerals.
    """
    records = repo.flagged_facets(session, minerals)
    result: dict[str, MineralFlags] = {slug: {} for slug in minerals}
    if not records:
        return result
    facets = {
        (r.mineral_slug, r.country_iso2): {
            "export_restricted": r.export_restricted_facet or {},
            "disrupted": r.disrupted_facet or {},
        }
        for r in records
    }
    wanted = {
        i
        for r in records
        for flag in FLAGS
        if getattr(r, flag)
        for i in _claim_ids(facets[(r.mineral_slug, r.country_iso2)][flag])
    }
    rows = citation_repo.cited_claims(session, wanted)
    named = summaries_of(session, rows)
    cited = {row.id: citation_of_row(row, named) for row in rows}
    countries = refs.countries_by_code(session, {r.country_iso2 for r in records})
    for record in records:
        entry = CountryFlags(country=countries[record.country_iso2])
        for flag in FLAGS:
            entry.flags[flag] = bool(getattr(record, flag))
            if not entry.flags[flag]:
                continue
            facet = facets[(record.mineral_slug, record.country_iso2)][flag]
            as_of = facet.get("as_of")
            entry.as_of[flag] = date.fromisoformat(as_of) if as_of else None
            entry.reasons[flag] = str(facet.get("reason", ""))
            entry.citations[flag] = [cited[i] for i in _claim_ids(facet) if i in cited]
        result[record.mineral_slug][record.country_iso2] = entry
    return result


def _flagged_supply(
    flag: str,
    flags: dict[str, CountryFlags],
    shares: dict[str, float] | None,
    ranks: dict[str, int | None],
) -> FlaggedSupply:
    """Flagged countries and their summed share; `shares` None: no shares are known."""
    known = shares or {}
    suppliers = []
    for iso2, entry in sorted(flags.items()):
        if not entry.flags.get(flag):
            continue
        share = known.get(iso2)
        suppliers.append(
            FlaggedSupplier(
                country=country_summary(entry.country),
                share=round(share, SHARE_DIGITS) if share is not None else None,
                rank=ranks.get(iso2),
                as_of=entry.as_of.get(flag),
                reason=entry.reasons.get(flag, ""),
                citations=entry.citations.get(flag, []),
            )
        )
    suppliers.sort(key=lambda s: (-(s.share or 0), s.country.iso2))
    if shares is None:
        return FlaggedSupply(flag=flag, share=None, countries=suppliers)
    total = sum(known.get(s.country.iso2, 0.0) for s in suppliers)
    return FlaggedSupply(flag=flag, share=round(total, SHARE_DIGITS), countries=suppliers)


def _unique_sources(sources: Sequence[SourceRef | None]) -> list[SourceRef]:
    seen: dict[int, SourceRef] = {}
    for source in sources:
        if source is not None:
            seen.setdefault(source.id, source)
    return list(seen.values())


def analyse(
    session: Session, report: ProducersReport, flags: MineralFlags | None = None
) -> SupplyAnalysis:
    """Concentration, reserves and flags on top of a producers report; `flags` when the
    caller loaded them already (for several minerals at once)."""
    rows = [
        TableRow(p.country.name, "country", p.country.iso2, p.value, p.value_text)
        for p in report.producers
    ]
    if report.other is not None:
        rows.append(
            TableRow("Other countries", "other", None, report.other.value, report.other.value_text)
        )
    world = report.world_total
    production = (
        concentration(rows, world.value if world else None, world.value_text if world else None)
        if report.known
        else None
    )
    form = report.form.slug if report.form else None
    reserves = reserves_concentration(session, report.mineral.slug, form)
    if flags is None:
        flags = load_flags(session, {report.mineral.slug})[report.mineral.slug]
    ranks = {p.country.iso2: p.rank for p in report.producers}
    flagged_any = {iso2 for iso2, entry in flags.items() if entry.any()}
    # Shares exist only over a numeric world total; without one they are unknown, not 0.
    shares = production.shares if production and production.measures.hhi is not None else None
    model = MineralSupply(
        known=report.known,
        detail=report.detail,
        mineral=report.mineral,
        form=report.form,
        year=report.year,
        unit=report.unit,
        available_years=report.available_years,
        world_total=report.world_total,
        other=report.other,
        producers=report.producers,
        concentration=production.measures if production else None,
        reserves=reserves,
        export_restricted=_flagged_supply("export_restricted", flags, shares, ranks),
        disrupted=_flagged_supply("disrupted", flags, shares, ranks),
        flagged_share=round(sum(shares.get(iso2, 0.0) for iso2 in flagged_any), SHARE_DIGITS)
        if shares is not None
        else None,
        sources=_unique_sources([report.source, reserves.source]),
    )
    return SupplyAnalysis(model=model, shares=shares or {}, ranks=ranks, flags=flags)


def supply_analysis(
    session: Session,
    *,
    mineral: str,
    year: int | None,
    form: str | None,
    flags: MineralFlags | None = None,
) -> SupplyAnalysis:
    report = producers(session, mineral=mineral, year=year, form=form)
    return analyse(session, report, flags)


def mineral_supply(
    session: Session, *, mineral: str, year: int | None, form: str | None
) -> MineralSupply:
    """GET /v1/minerals/{slug}/supply."""
    return supply_analysis(session, mineral=mineral, year=year, form=form).model
