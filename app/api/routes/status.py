"""Status records of country x mineral pairs and their history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import CursorQuery, Iso2Path, LimitQuery, ReadsDep, SlugPath
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.claim_status import MarketPosition, ProductionState, StatusFlag
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.status import CountryMineralStatus, StatusChangePage
from app.schemas.status_summaries import MineralStatusPage
from app.services import status_summaries, status_views

router = APIRouter(prefix="/v1/countries", tags=["status"])
mineral_router = APIRouter(prefix="/v1/minerals", tags=["status"])

FlagQuery = Annotated[
    StatusFlag | None,
    Query(description="Only records where this flag is true.", examples=["export_restricted"]),
]
ProductionQuery = Annotated[
    ProductionState | None,
    Query(description="Only records in this production state.", examples=["producing"]),
]
MarketPositionQuery = Annotated[
    MarketPosition | None,
    Query(description="Only records with this market position.", examples=["dominant"]),
]


@router.get(
    "/{iso2}/minerals/{slug}",
    operation_id="countries_mineral_status",
    summary="Status of a country x mineral",
    description="The derived status record of the pair: production state, market position, "
    "reserves and the flags export_restricted, disrupted, import_dependent and developing. "
    "Each facet gives its value, the basis it follows (statistics or claims), as-of date, "
    "reason and evidence, and what statistics and news claims each say on their own. The "
    "latest official statistics of the pair come with it.",
    response_model=CountryMineralStatus,
    responses=problem_responses(404, 422),
)
async def countries_mineral_status(
    request: Request, reads: ReadsDep, iso2: Iso2Path, slug: SlugPath
) -> Response:
    return await reads.respond(
        request,
        "countries_mineral_status",
        status_views.get_status,
        iso2=iso2.upper(),
        slug=slug.lower(),
    )


@router.get(
    "/{iso2}/minerals/{slug}/history",
    operation_id="countries_mineral_history",
    summary="History of a country x mineral status",
    description="Every change of a facet of the pair's status record, newest first: old and "
    "new value, basis, reason, evidence and what triggered it.",
    response_model=StatusChangePage,
    responses={**problem_responses(404, 422), **EXPORT_RESPONSES},
)
async def countries_mineral_history(
    request: Request,
    reads: ReadsDep,
    iso2: Iso2Path,
    slug: SlugPath,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "countries_mineral_history",
        status_views.list_history,
        iso2=iso2.upper(),
        slug=slug.lower(),
        cursor=cursor,
        limit=limit,
    )


@mineral_router.get(
    "/{slug}/statuses",
    operation_id="minerals_statuses",
    summary="Status records of a mineral",
    description="Every country's status record for one mineral, by country code: each facet's "
    "current value and the newest evidence behind the record, filterable by flag, production "
    "state and market position (who restricts graphite exports: `flag=export_restricted`; "
    "where copper is disrupted: `flag=disrupted`). Countries nothing is known about for the "
    "mineral have no record and are not listed.",
    response_model=MineralStatusPage,
    responses={**problem_responses(404, 422), **EXPORT_RESPONSES},
)
async def minerals_statuses(
    request: Request,
    reads: ReadsDep,
    slug: SlugPath,
    flag: FlagQuery = None,
    production: ProductionQuery = None,
    market_position: MarketPositionQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "minerals_statuses",
        status_summaries.list_mineral_statuses,
        slug=slug.lower(),
        flag=flag,
        production=production,
        market_position=market_position,
        cursor=cursor,
        limit=limit,
    )
