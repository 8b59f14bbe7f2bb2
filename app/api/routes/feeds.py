"""Feed source endpoints: add, list, get, pause, resume, delete. Never cached (poll state
changes constantly). Writes need an API key with scope `ingest`: a source makes the
workers fetch a URL again and again, as URL ingestion does once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.auth import IngestKey, read_access
from app.api.deps import CursorQuery, LimitQuery, SessionDep
from app.api.problems import problem_responses
from app.api.routes.articles import require_json
from app.db import transaction
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.feeds import SourceCreate, SourcePage, SourceRead
from app.services import feeds

router = APIRouter(prefix="/v1/sources", tags=["sources"])
NO_STORE = {"Cache-Control": "no-store"}
T = TypeVar("T")

SourceIdPath = Annotated[int, Path(ge=1, le=2_147_483_647, description="Source id.", examples=[3])]


def _json(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        model.model_dump_json().encode(),
        status_code=status,
        media_type="application/json",
        headers=NO_STORE | (headers or {}),
    )


async def _write(request: Request, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on a worker thread; wake the embedded worker after."""

    def run() -> T:
        with transaction(request.app.state.session_factory) as session:
            return work(session)

    result = await run_in_threadpool(run)
    running = getattr(request.app.state, "worker", None)
    if running is not None:
        running.wakeup.notify()
    return result


@router.post(
    "",
    status_code=201,
    operation_id="sources_create",
    summary="Add a feed source",
    description="Adds an RSS 2.0 or Atom feed polled every `poll_interval_s` seconds (60 to "
    "604800, default 900) by the workers; the first poll is due at once. New entries "
    "are ingested as articles (deduplicated like any submission). 409 when a source "
    "with the same canonical feed URL exists. Needs an API key with scope `ingest`.",
    response_model=SourceRead,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422),
)
async def sources_create(
    request: Request,
    _key: IngestKey,
    _json_body: Annotated[None, Depends(require_json)],
    body: SourceCreate,
) -> Response:
    def create(session: Session) -> SourceRead:
        return feeds.create_source(
            session, body.feed_url, body.poll_interval_s, title=body.title, outlet=body.outlet
        )

    try:
        source = await _write(request, create)
    except IntegrityError as exc:
        raise feeds.duplicate_error(body.feed_url) from exc
    return _json(source, 201, {"Location": f"/v1/sources/{source.id}"})


@router.get(
    "",
    operation_id="sources_list",
    summary="List feed sources",
    description="Feed sources, newest first, with their poll state; filter by `paused`.",
    response_model=SourcePage,
    responses=problem_responses(401, 403, 422),
    dependencies=[Depends(read_access)],
)
def sources_list(
    session: SessionDep,
    paused: Annotated[
        bool | None,
        Query(description="Only paused (true) or active (false) sources.", examples=[False]),
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
) -> Response:
    return _json(feeds.list_sources(session, paused=paused, cursor=cursor, limit=limit))


@router.get(
    "/{source_id}",
    operation_id="sources_get",
    summary="Get a feed source",
    description="One feed source: last poll, last error, entries seen, next poll.",
    response_model=SourceRead,
    responses=problem_responses(401, 403, 404, 422),
    dependencies=[Depends(read_access)],
)
def sources_get(session: SessionDep, source_id: SourceIdPath) -> Response:
    return _json(feeds.get_source(session, source_id))


@router.post(
    "/{source_id}/pause",
    operation_id="sources_pause",
    summary="Pause a feed source",
    description="Stops polling the source (its pending poll is cancelled; a poll already "
    "running finishes without a successor). Idempotent. Needs scope `ingest`.",
    response_model=SourceRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def sources_pause(request: Request, _key: IngestKey, source_id: SourceIdPath) -> Response:
    return _json(await _write(request, lambda s: feeds.pause_source(s, source_id)))


@router.post(
    "/{source_id}/resume",
    operation_id="sources_resume",
    summary="Resume a feed source",
    description="Resumes polling; the next poll is due at once. Idempotent. Needs scope `ingest`.",
    response_model=SourceRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def sources_resume(request: Request, _key: IngestKey, source_id: SourceIdPath) -> Response:
    return _json(await _write(request, lambda s: feeds.resume_source(s, source_id)))


@router.delete(
    "/{source_id}",
    status_code=204,
    operation_id="sources_delete",
    summary="Delete a feed source",
    description="Deletes the source and its pending poll; the articles it brought stay. "
    "Needs scope `ingest`.",
    response_class=Response,
    responses=problem_responses(401, 403, 404, 422),
)
async def sources_delete(request: Request, _key: IngestKey, source_id: SourceIdPath) -> Response:
    await _write(request, lambda s: feeds.delete_source(s, source_id))
    return Response(status_code=204, headers=NO_STORE)
