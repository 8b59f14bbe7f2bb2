"""Official statistics endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import (
    CountryQuery,
    CursorQuery,
    FormQuery,
    LimitQuery,
    MineralQuery,
    ReadsDep,
    YearQuery,
)
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.api.reads import REFERENCE_ONLY
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.statistics import ProductionFigurePage
from app.services import statistics

router = APIRouter(prefix="/v1", tags=["statistics"])


@router.get(
    "/production",
    operation_id="production_list",
    summary="List production figures",
    description="Official production figures (USGS MCS 2025), each with its source, sorted "
    "by mineral, form, year and row label. World and 'Other countries' rows are included "
    "with row_kind world/other.",
    response_model=ProductionFigurePage,
    responses={**problem_responses(422), **EXPORT_RESPONSES},
)
async def production_list(
    request: Request,
    reads: ReadsDep,
    country: CountryQuery = None,
    mineral: MineralQuery = None,
    form: FormQuery = None,
    year: YearQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "production_list",
        statistics.list_production,
        domains=REFERENCE_ONLY,
        country=country,
        mineral=mineral,
        form=form,
        year=year,
        cursor=cursor,
        limit=limit,
    )
