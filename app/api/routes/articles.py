"""Article endpoints: ingest (202 + job), list, detail."""

from __future__ import annotations

from email.message import Message
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from app.api.auth import IngestKey, read_access
from app.api.deps import CursorQuery, LimitQuery, ReadsDep
from app.api.exports import EXPORT_RESPONSES, ExportFormatQuery, list_response
from app.api.problems import problem_responses
from app.schemas.articles import (
    ArticleCreate,
    ArticleDetail,
    ArticleIngestResult,
    ArticlePage,
    ArticleState,
)
from app.schemas.common import DEFAULT_PAGE_LIMIT, IsoDatetime
from app.services import articles
from app.services.ingest import build_values
from app.services.ingest_batch import IngestBatcher

router = APIRouter(prefix="/v1/articles", tags=["articles"])
MAX_ID = 2_147_483_647
# An article's enrichment state moves (queued -> enriched): clients may keep a copy but must
# revalidate it (ETag -> 304) instead of trusting it for the default max-age.
ARTICLE_CACHE_CONTROL = "no-cache"

ArticleIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Article id.", examples=[12])]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Repeat a request safely: the same key and body return the same article.",
        examples=["ingest-2026-11-28-0001"],
    ),
]


async def require_json(request: Request) -> None:
    """415 unless the body is declared as JSON."""
    message = Message()
    message["content-type"] = request.headers.get("content-type", "")
    media = message.get_content_type() if request.headers.get("content-type") else ""
    if media != "application/json" and not media.endswith("+json"):
        raise HTTPException(415, "Send the article as JSON (Content-Type: application/json).")


def _wake_worker(request: Request) -> None:
    running = getattr(request.app.state, "worker", None)
    if running is not None:
        running.wakeup.notify()


@router.post(
    "",
    status_code=202,
    operation_id="articles_create",
    summary="Ingest an article",
    description="Accepts one of `text`, `html` or `url` (fetched by a worker) and answers 202 "
    "with the article and its enrichment job, and a Location header. A duplicate (same "
    "canonical URL, same normalised body, or a repeated Idempotency-Key) answers 200 with "
    "the stored article and creates no job. Needs an API key with scope `ingest`.",
    response_model=ArticleIngestResult,
    responses={
        200: {"model": ArticleIngestResult, "description": "A duplicate: the stored article."},
        **problem_responses(400, 401, 403, 409, 413, 415, 422),
    },
)
async def articles_create(
    request: Request,
    key: IngestKey,
    _json: Annotated[None, Depends(require_json)],
    body: ArticleCreate,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    scoped_key = f"{key.key_id}:{idempotency_key}" if idempotency_key else None
    batcher: IngestBatcher = request.app.state.ingest_batcher
    outcome = await batcher.submit(build_values(body, scoped_key), body.url)
    result = ArticleIngestResult(
        created=outcome.created,
        article=outcome.article,
        job=outcome.job,
    )
    headers = {"Location": f"/v1/articles/{outcome.article.id}", "Cache-Control": "no-store"}
    if outcome.created:
        _wake_worker(request)
    elif outcome.reason:
        headers["Orewatch-Duplicate-Of"] = outcome.reason
    return Response(
        result.model_dump_json().encode(),
        status_code=202 if outcome.created else 200,
        media_type="application/json",
        headers=headers,
    )


@router.get(
    "",
    operation_id="articles_list",
    summary="List articles",
    description="Ingested articles, newest first. Filters: `outlet` (exact), `state` "
    "(enrichment state), `since` (ingested at or after, ISO 8601).",
    response_model=ArticlePage,
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSES},
    dependencies=[Depends(read_access)],
)
async def articles_list(
    request: Request,
    reads: ReadsDep,
    outlet: Annotated[
        str | None, Query(max_length=200, description="Outlet name.", examples=["Reuters"])
    ] = None,
    state: Annotated[
        ArticleState | None, Query(description="Enrichment state.", examples=["cleaned"])
    ] = None,
    since: Annotated[
        IsoDatetime | None,
        Query(description="Ingested at or after.", examples=["2026-11-01T00:00:00Z"]),
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
    format_: ExportFormatQuery = None,
) -> Response:
    return await list_response(
        request,
        reads,
        format_,
        "articles_list",
        articles.list_articles,
        cache_control=ARTICLE_CACHE_CONTROL,
        outlet=outlet,
        state=state,
        since=since,
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/{article_id}",
    operation_id="articles_get",
    summary="Get an article",
    description="One article with its clean text and enrichment state.",
    response_model=ArticleDetail,
    responses=problem_responses(401, 403, 404, 422),
    dependencies=[Depends(read_access)],
)
async def articles_get(request: Request, reads: ReadsDep, article_id: ArticleIdPath) -> Response:
    return await reads.respond(
        request,
        "articles_get",
        articles.get_article,
        cache_control=ARTICLE_CACHE_CONTROL,
        article_id=article_id,
    )
