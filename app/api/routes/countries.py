"""Country endpoints: list, detail, mineral profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import CursorQuery, Iso2Path, LimitQuery, MineralQuery, ReadsDep
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.api.reads import REFERENCE_ONLY
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.reference import CountryDetail, CountryPage
from app.schemas.statistics import CountryProfile
from app.services import countries, profiles

router = APIRouter(prefix="/v1/countries", tags=["countries"])

RegionQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="UN M49 region (Africa, Americas, Asia, Europe, Oceania).",
        examples=["Africa"],
    ),
]


@router.get(
    "",
    operation_id="countries_list",
    summary="List countries",
    description="All ISO 3166-1 countries, sorted by code. `mineral` keeps countries that "
    "produce the mineral or hold reserves of it according to the official statistics.",
    response_model=CountryPage,
    responses={**problem_responses(422), **EXPORT_RESPONSES},
)
async def countries_list(
    request: Request,
    reads: ReadsDep,
    region: RegionQuery = None,
    mineral: MineralQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "countries_list",
        countries.list_countries,
        domains=REFERENCE_ONLY,
        region=region,
        mineral=mineral,
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/{iso2}",
    operation_id="countries_get",
    summary="Get a country",
    description="One country with its codes, region and the aliases the entity linker uses.",
    response_model=CountryDetail,
    responses=problem_responses(404, 422),
)
async def countries_get(request: Request, reads: ReadsDep, iso2: Iso2Path) -> Response:
    return await reads.respond(
        request, "countries_get", countries.get_country, domains=REFERENCE_ONLY, iso2=iso2.upper()
    )


@router.get(
    "/{iso2}/profile",
    operation_id="countries_profile",
    summary="A country's mineral profile",
    description="Each mineral the country produces or holds reserves of, with the latest "
    "figure per form, its share of the world total and rank, the source, and (where the "
    "statistics hold it) the country's net import reliance.",
    response_model=CountryProfile,
    responses=problem_responses(404, 422),
)
async def countries_profile(request: Request, reads: ReadsDep, iso2: Iso2Path) -> Response:
    return await reads.respond(
        request, "countries_profile", profiles.country_profile, iso2=iso2.upper()
    )
