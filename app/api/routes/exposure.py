"""Supply concentration of a mineral and exposure of an importer to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import (
    CursorQuery,
    FormQuery,
    Iso2Path,
    LimitQuery,
    ReadsDep,
    SlugPath,
    YearQuery,
)
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.exposure import ExposurePage, ImporterExposure
from app.schemas.supply import MineralSupply
from app.services import exposure, supply

router = APIRouter(tags=["exposure"])
# Supply is a view of a mineral: its operation sits with the minerals' (SDK generators make
# one module per first tag).
supply_router = APIRouter(tags=["minerals"])

ImporterQuery = Annotated[
    str,
    Query(
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 code of the importing country.",
        examples=["US"],
    ),
]
RequiredMineralQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Mineral slug, as listed by GET /v1/minerals.",
        examples=["gallium"],
    ),
]

SUPPLY_DESCRIPTION = """\
How concentrated the supply of a mineral is, for one production table (year and form;
defaults: the latest year and the mineral's default form):

- `producers`: every country row with value, share of the world total and rank;
- `concentration`: HHI = sum over identified countries of (100 x value / world total)^2,
  on 0-10,000. The "Other countries" row and rows that are not numbers (W, NA,
  "Included in World total") are left out and listed in `notes`, so `hhi` is a lower bound;
  `hhi_upper_bound` adds (100 x (1 - covered_share))^2. Also top-1 and top-3 shares and
  `covered_share`, the fraction of the world total covered by identified countries;
- `reserves`: the same measures over the latest reserves table that goes with the form (its
  own, else the mineral's one reserves form: bauxite for aluminum, magnesite for magnesium;
  `reserves.form` names it), or `known: false` with a reason;
- `export_restricted`, `disrupted`: share of world production from countries whose status
  record carries that flag (from news claims), each with the citations behind it;
  `flagged_share` counts a country flagged both ways once;
- `sources`: the publications of the figures.

A known mineral (or form) without a production table answers 200 with `known: false`, a
`detail` saying why, no producers and null measures (flagged countries are still listed,
with null shares); an unknown slug is a 404. Without a numeric world total (boron: XX)
shares, HHI and flagged shares are null, with the reason in `concentration.reason`.
"""

EXPOSURE_DESCRIPTION = f"""\
Exposure of an importing country to one mineral: net import reliance (latest year of each
series, with its basis) and import sources parsed into countries and percents, the supply
concentration of the mineral (as GET /v1/minerals/{{slug}}/supply, default form unless
`form` is given), the export restrictions and disruptions of its suppliers (producers and
import sources) with citations, and a 0-100 exposure score.

Score: {exposure.FORMULA}

Each component comes back with its weight, value (0-1), inputs, citations and sources; a
component Orewatch lacks data for has `known: false`, a null value and the reason (Orewatch
holds net import reliance for the United States only). `coverage` is the sum of the known
weights. See docs/exposure.md for the comparison with the EU supply-risk indicator.
"""


@supply_router.get(
    "/v1/minerals/{slug}/supply",
    operation_id="minerals_supply",
    summary="Supply concentration of a mineral",
    description=SUPPLY_DESCRIPTION,
    response_model=MineralSupply,
    responses=problem_responses(404, 422),
)
async def minerals_supply(
    request: Request,
    reads: ReadsDep,
    slug: SlugPath,
    year: YearQuery = None,
    form: FormQuery = None,
) -> Response:
    return await reads.respond(
        request,
        "minerals_supply",
        supply.mineral_supply,
        mineral=slug.lower(),
        year=year,
        form=form,
    )


@router.get(
    "/v1/exposure",
    operation_id="exposure_get",
    summary="Exposure of an importer to a mineral",
    description=EXPOSURE_DESCRIPTION,
    response_model=ImporterExposure,
    responses=problem_responses(422),
)
async def exposure_get(
    request: Request,
    reads: ReadsDep,
    importer: ImporterQuery,
    mineral: RequiredMineralQuery,
    form: FormQuery = None,
) -> Response:
    return await reads.respond(
        request,
        "exposure_get",
        exposure.get_exposure,
        importer=importer.upper(),
        mineral=mineral.lower(),
        form=form,
    )


@router.get(
    "/v1/exposure/importers/{iso2}",
    operation_id="exposure_importer_list",
    summary="Exposures of an importer",
    description="One exposure summary (score, coverage, reliance, HHI, flagged shares) per "
    "mineral Orewatch holds statistics for (production, or the importer's net import "
    "reliance), sorted by slug. Scores are computed as GET /v1/exposure does.",
    response_model=ExposurePage,
    responses={**problem_responses(404, 422), **EXPORT_RESPONSES},
)
async def exposure_importer_list(
    request: Request,
    reads: ReadsDep,
    iso2: Iso2Path,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "exposure_importer_list",
        exposure.list_importer_exposures,
        iso2=iso2.upper(),
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/v1/exposure/minerals/{slug}",
    operation_id="exposure_mineral_list",
    summary="Importers exposed to a mineral",
    description="One exposure summary per importer with net import reliance statistics for "
    "the mineral (the United States in the USGS data), sorted by ISO code.",
    response_model=ExposurePage,
    responses={**problem_responses(404, 422), **EXPORT_RESPONSES},
)
async def exposure_mineral_list(
    request: Request,
    reads: ReadsDep,
    slug: SlugPath,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "exposure_mineral_list",
        exposure.list_mineral_exposures,
        slug=slug.lower(),
        cursor=cursor,
        limit=limit,
    )
