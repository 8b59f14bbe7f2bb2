"""Exposure of an importer to a mineral: reliance, import sources, supplier risk, a score.

score = 100 x sum(w_i x v_i) / sum(w_i), over the components i that are known, with

    import_reliance         w = 0.40  v = net import reliance percent / 100
    supply_concentration    w = 0.30  v = production HHI / 10,000
    flagged_world_supply    w = 0.15  v = share of world production from countries flagged
                                          export_restricted or disrupted
    flagged_import_sources  w = 0.15  v = share of the importer's imports from such countries

`coverage` = sum of the known weights. The score is null when import reliance is unknown (the
only importer-specific statistic) or coverage < 0.5. docs/exposure.md explains the method.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.models import Country, Mineral
from app.repositories import exposure as repo
from app.repositories import reference as refs
from app.schemas.citations import Citation
from app.schemas.exposure import (
    ExposureComponent,
    ExposurePage,
    ExposureScore,
    ExposureSummary,
    ImporterExposure,
    ImportRelianceReport,
    SupplierRiskFlag,
)
from app.schemas.reference import SourceRef
from app.services.converters import country_summary, mineral_summary
from app.services.errors import InvalidParameterError
from app.services.lookups import normalise_iso2, require_country, require_mineral
from app.services.pagination import decode_cursor, next_cursor
from app.services.reliance import Lookups, reliance_report, scoring_group
from app.services.supply import SHARE_DIGITS, CountryFlags, SupplyAnalysis, load_flags
from app.services.supply import supply_analysis as analyse_supply

WEIGHTS = {
    "import_reliance": 0.40,
    "supply_concentration": 0.30,
    "flagged_world_supply": 0.15,
    "flagged_import_sources": 0.15,
}
MIN_COVERAGE = 0.5
FORMULA = (
    "score = 100 x sum(w_i x v_i) / sum(w_i) over the known components i: import_reliance "
    "(w 0.40, v = net import reliance % / 100), supply_concentration (w 0.30, v = HHI / "
    "10,000), flagged_world_supply (w 0.15, v = share of world production from countries "
    "flagged export_restricted or disrupted), flagged_import_sources (w 0.15, v = share of "
    "imports from such countries). Null when import reliance is unknown or coverage < 0.5."
)


def _component(
    name: str,
    value: float | None,
    reason: str,
    inputs: dict[str, Any] | None = None,
    citations: list[Citation] | None = None,
    sources: list[SourceRef] | None = None,
) -> ExposureComponent:
    weight = WEIGHTS[name]
    clipped = None if value is None else min(max(value, 0.0), 1.0)
    return ExposureComponent(
        name=name,
        weight=weight,
        known=clipped is not None,
        value=round(clipped, SHARE_DIGITS) if clipped is not None else None,
        weighted=round(weight * clipped, SHARE_DIGITS) if clipped is not None else None,
        reason=reason,
        inputs=inputs or {},
        citations=citations or [],
        sources=sources or [],
    )


def _components(
    reliance: ImportRelianceReport,
    supply: SupplyAnalysis | None,
    supply_reason: str | None,
    flags: dict[str, CountryFlags],
    form: str | None,
) -> list[ExposureComponent]:
    used = next((s for s in reliance.series if s.basis == reliance.series_used), None)
    if used is not None and reliance.percent is not None:
        ir = _component(
            "import_reliance",
            reliance.percent / 100,
            f"net import reliance {used.value_text}% ({used.year}, {used.interpretation}) / 100",
            {
                "percent": reliance.percent,
                "year": used.year,
                "value_text": used.value_text,
                "basis": used.basis,
                "interpretation": used.interpretation,
            },
            sources=[used.source],
        )
    else:
        ir = _component("import_reliance", None, reliance.reason or "unknown")
    measures = supply.model.concentration if supply else None
    hhi = measures.hhi if measures else None
    if supply is not None and measures is not None and hhi is not None:
        model = supply.model
        form_label = model.form.slug if model.form else "no form"
        conc = _component(
            "supply_concentration",
            hhi / 10_000,
            f"production HHI {hhi} ({form_label}, {model.year}) / 10,000",
            {
                "hhi": hhi,
                "hhi_upper_bound": measures.hhi_upper_bound,
                "covered_share": measures.covered_share,
                "form": model.form.slug if model.form else None,
                "year": model.year,
            },
            sources=model.sources,
        )
        flagged = sorted(i for i, f in flags.items() if f.any() and i in supply.shares)
        world = _component(
            "flagged_world_supply",
            model.flagged_share,
            f"share of world production ({form_label}, {model.year}) from countries "
            "flagged export_restricted or disrupted in news"
            + ("" if flagged else "; none is flagged"),
            {"share": model.flagged_share, "countries": ", ".join(flagged) or None},
            citations=[c for i in flagged for c in flags[i].all_citations()],
            sources=model.sources,
        )
    else:
        reason = supply_reason or (measures.reason if measures else None)
        reason = reason or "supply concentration unknown"
        conc = _component("supply_concentration", None, reason)
        world = _component("flagged_world_supply", None, reason)
    picked = scoring_group(reliance, form)
    if picked is not None:
        sources, group = picked
        hits = [
            s
            for s in group.sources
            if s.country and s.country.iso2 in flags and flags[s.country.iso2].any()
        ]
        share = sum(s.percent for s in hits) / 100
        imports = _component(
            "flagged_import_sources",
            share,
            f"share of imports ({group.label or 'all'}, {sources.period or 'period unknown'}) "
            "from countries flagged export_restricted or disrupted"
            + ("" if hits else "; none is flagged"),
            {
                "share": round(share, SHARE_DIGITS),
                "group": group.label,
                "period": sources.period,
                "countries": ", ".join(s.country.iso2 for s in hits if s.country) or None,
            },
            citations=[c for s in hits if s.country for c in flags[s.country.iso2].all_citations()],
            sources=[used.source] if used else [],
        )
    else:
        imports = _component(
            "flagged_import_sources", None, "import sources of the importer are not known"
        )
    return [ir, conc, world, imports]


def _score(reliance: ImportRelianceReport, components: list[ExposureComponent]) -> ExposureScore:
    known = [c for c in components if c.known]
    coverage = round(sum(c.weight for c in known), 6)
    value = None
    reason = None
    if not reliance.known:
        reason = "Net import reliance is unknown, so no importer-specific score is given."
    elif coverage < MIN_COVERAGE:
        reason = f"Known components cover {coverage} of the weight, below {MIN_COVERAGE}."
    else:
        value = round(100 * sum(c.weighted or 0.0 for c in known) / coverage, 1)
    return ExposureScore(
        value=value, coverage=coverage, reason=reason, formula=FORMULA, components=components
    )


def _supplier_flags(
    supply: SupplyAnalysis | None,
    reliance: ImportRelianceReport,
    flags: dict[str, CountryFlags],
    form: str | None,
) -> list[SupplierRiskFlag]:
    picked = scoring_group(reliance, form)
    imports = {
        s.country.iso2: s.percent for s in (picked[1].sources if picked else []) if s.country
    }
    shares = supply.shares if supply else {}
    ranks = supply.ranks if supply else {}
    result = []
    for iso2, entry in sorted(flags.items()):
        roles = (["producer"] if iso2 in shares else []) + (
            ["import_source"] if iso2 in imports else []
        )
        if not roles or not entry.any():
            continue
        share = shares.get(iso2)
        result.append(
            SupplierRiskFlag(
                country=country_summary(entry.country),
                roles=roles,
                production_share=round(share, SHARE_DIGITS) if share is not None else None,
                production_rank=ranks.get(iso2),
                import_percent=imports.get(iso2),
                export_restricted=entry.flags.get("export_restricted", False),
                disrupted=entry.flags.get("disrupted", False),
                citations=entry.all_citations(),
            )
        )
    return result


def _exposure(
    ctx: Lookups,
    importer: Country,
    mineral: Mineral,
    form: str | None,
    analysis: SupplyAnalysis | None = None,
) -> ImporterExposure:
    """`analysis`: the mineral's supply analysis at `form`, when the caller has it."""
    if analysis is None:
        analysis = analyse_supply(ctx.session, mineral=mineral.slug, year=None, form=form)
    flags = analysis.flags
    supply: SupplyAnalysis | None = analysis if analysis.model.known else None
    supply_reason = None if supply else analysis.model.detail
    chosen = analysis.model.form.slug if analysis.model.form else None
    reliance = reliance_report(ctx, importer, mineral, chosen)
    components = _components(reliance, supply, supply_reason, flags, chosen)
    return ImporterExposure(
        importer=country_summary(importer),
        mineral=mineral_summary(mineral),
        import_reliance=reliance,
        supply=supply.model if supply else None,
        supply_reason=supply_reason,
        supplier_flags=_supplier_flags(supply, reliance, flags, chosen),
        score=_score(reliance, components),
    )


def get_exposure(
    session: Session, *, importer: str, mineral: str, form: str | None
) -> ImporterExposure:
    """GET /v1/exposure?importer=&mineral=."""
    # The rows are kept from the first lookup: the session's identity map holds them weakly,
    # so looking them up again (as country_filter then get_country did) reads them twice.
    country = refs.get_country(session, normalise_iso2(importer))
    if country is None:
        raise InvalidParameterError(
            "importer", f"Unknown country {importer!r} in parameter 'importer'."
        )
    row = refs.get_mineral(session, mineral.strip().lower())
    if row is None:
        raise InvalidParameterError(
            "mineral", f"Unknown mineral {mineral!r} in parameter 'mineral'."
        )
    return _exposure(Lookups(session), country, row, form)


def _summary(exposure: ImporterExposure) -> ExposureSummary:
    by_name = {c.name: c for c in exposure.score.components}
    return ExposureSummary(
        importer=exposure.importer,
        mineral=exposure.mineral,
        score=exposure.score.value,
        coverage=exposure.score.coverage,
        import_reliance_percent=exposure.import_reliance.percent,
        hhi=exposure.supply.concentration.hhi
        if exposure.supply and exposure.supply.concentration
        else None,
        flagged_supply_share=by_name["flagged_world_supply"].value,
        flagged_import_share=by_name["flagged_import_sources"].value,
    )


def _page(keys: list[str], cursor: str | None, limit: int) -> tuple[list[str], str | None]:
    after = decode_cursor(cursor, 1)
    remaining = [k for k in keys if after is None or k > str(after[0])]
    return remaining[:limit], next_cursor(remaining[: limit + 1], limit, lambda k: (k,))


def list_importer_exposures(
    session: Session, *, iso2: str, cursor: str | None, limit: int
) -> ExposurePage:
    """Minerals with statistics (production, or this importer's reliance), by slug."""
    importer = require_country(session, iso2)
    slugs = sorted(
        repo.minerals_with_reliance(session, importer.iso2) | repo.minerals_with_production(session)
    )
    page, cursor_out = _page(slugs, cursor, limit)
    minerals = refs.minerals_by_slug(session, set(page))
    flags = load_flags(session, set(page))
    ctx = Lookups(session)
    items = []
    for slug in page:
        analysis = analyse_supply(session, mineral=slug, year=None, form=None, flags=flags[slug])
        items.append(_summary(_exposure(ctx, importer, minerals[slug], None, analysis)))
    return ExposurePage(items=items, next_cursor=cursor_out, total=len(slugs))


def list_mineral_exposures(
    session: Session, *, slug: str, cursor: str | None, limit: int
) -> ExposurePage:
    """Importers with net import reliance statistics for the mineral, by ISO code."""
    mineral = require_mineral(session, slug)
    codes = repo.importers_of_mineral(session, mineral.slug)
    page, cursor_out = _page(codes, cursor, limit)
    countries = refs.countries_by_code(session, set(page))
    ctx = Lookups(session)
    # The supply side is the same for every importer of the mineral: analysed once.
    analysis = analyse_supply(session, mineral=mineral.slug, year=None, form=None) if page else None
    items = [_summary(_exposure(ctx, countries[c], mineral, None, analysis)) for c in page]
    return ExposurePage(items=items, next_cursor=cursor_out, total=len(codes))
