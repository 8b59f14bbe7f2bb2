"""Mineral endpoints: list, detail, producers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import CursorQuery, FormQuery, LimitQuery, ReadsDep, SlugPath, YearQuery
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.api.reads import REFERENCE_ONLY
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.reference import MineralDetail, MineralPage
from app.schemas.statistics import ProducersReport
from app.services import minerals, statistics

router = APIRouter(prefix="/v1/minerals", tags=["minerals"])

GroupQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Group slug; keeps the group and its members.",
        examples=["rare-earths"],
    ),
]
CriticalListQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="Critical-mineral list: us-2022, us-2025, eu-crma-critical, eu-crma-strategic.",
        examples=["us-2025"],
    ),
]
HasStatisticsQuery = Annotated[
    bool | None,
    Query(
        description="true: only minerals with a USGS world production table held; false: only "
        "those without one (their producers and supply answer `known: false`).",
        examples=[True],
    ),
]


@router.get(
    "",
    operation_id="minerals_list",
    summary="List minerals",
    description="The mineral vocabulary, sorted by slug, filterable by group, critical list and "
    "whether statistics are held. Each item says `has_statistics`, its forms (the default "
    "one first, each with the years of its production and reserves tables) and the years "
    "held; `statistics_note` says why a mineral has no table.",
    response_model=MineralPage,
    responses={**problem_responses(422), **EXPORT_RESPONSES},
)
async def minerals_list(
    request: Request,
    reads: ReadsDep,
    group: GroupQuery = None,
    critical_list: CriticalListQuery = None,
    has_statistics: HasStatisticsQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "minerals_list",
        minerals.list_minerals,
        domains=REFERENCE_ONLY,
        group=group,
        critical_list=critical_list,
        has_statistics=has_statistics,
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/{slug}",
    operation_id="minerals_get",
    summary="Get a mineral",
    description="One mineral with its statistics coverage (has_statistics, forms with their "
    "years, the default form), critical-list memberships, aliases and uses.",
    response_model=MineralDetail,
    responses=problem_responses(404, 422),
)
async def minerals_get(request: Request, reads: ReadsDep, slug: SlugPath) -> Response:
    return await reads.respond(
        request, "minerals_get", minerals.get_mineral, domains=REFERENCE_ONLY, slug=slug.lower()
    )


@router.get(
    "/{slug}/producers",
    operation_id="minerals_producers",
    summary="Producers of a mineral",
    description="Every country row of the official production table for one year and form, "
    "ranked, with its share of the world total, plus the world total and its source. "
    "Defaults: the latest year and the mineral's default form. A known mineral (or form) "
    "without a production table answers 200 with `known: false`, empty `producers`, null "
    "figures and a `detail` saying why; an unknown slug is a 404. Where the source prints no "
    "numeric world total (boron: XX, not applicable) shares are null and ranks follow the "
    "printed values.",
    response_model=ProducersReport,
    responses=problem_responses(404, 422),
)
async def minerals_producers(
    request: Request,
    reads: ReadsDep,
    slug: SlugPath,
    year: YearQuery = None,
    form: FormQuery = None,
) -> Response:
    return await reads.respond(
        request,
        "minerals_producers",
        statistics.producers,
        domains=REFERENCE_ONLY,
        mineral=slug.lower(),
        year=year,
        form=form,
    )
