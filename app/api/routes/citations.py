"""Citations: claims with the verbatim sentence and the article behind them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import CountryQuery, CursorQuery, LimitQuery, MineralQuery, ReadsDep
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.claim_status import ClaimStatus, described
from app.schemas.citations import CitationPage
from app.schemas.common import DEFAULT_PAGE_LIMIT, IsoDate
from app.services import citations

router = APIRouter(prefix="/v1", tags=["citations"])

StatusQuery = Annotated[
    ClaimStatus | None,
    Query(
        description="Only claims of this status. " + described(),
        examples=["export_restricted"],
    ),
]
SinceQuery = Annotated[
    IsoDate | None,
    Query(
        description="Only citations from articles dated on or after this day.",
        examples=["2025-01-01"],
    ),
]
OutletQuery = Annotated[
    str | None,
    Query(max_length=200, description="Outlet name (case-insensitive).", examples=["Reuters"]),
]


@router.get(
    "/citations",
    operation_id="citations_list",
    summary="List citations",
    description="Status claims extracted from ingested articles, each with its verbatim "
    "evidence sentence, offsets into the article's clean text, and the article's title, "
    "URL, outlet and date; newest first.",
    response_model=CitationPage,
    responses={**problem_responses(422), **EXPORT_RESPONSES},
)
async def citations_list(
    request: Request,
    reads: ReadsDep,
    country: CountryQuery = None,
    mineral: MineralQuery = None,
    status: StatusQuery = None,
    since: SinceQuery = None,
    outlet: OutletQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "citations_list",
        citations.list_citations,
        country=country,
        mineral=mineral,
        status=status,
        since=since,
        outlet=outlet,
        cursor=cursor,
        limit=limit,
    )
