"""Status records of country x mineral pairs and their history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import CursorQuery, Iso2Path, LimitQuery, ReadsDep, SlugPath
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.status import CountryMineralStatus, StatusChangePage
from app.services import status_views

router = APIRouter(prefix="/v1/countries", tags=["status"])


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
