"""Job endpoints: list, detail, retry. Jobs change constantly, so they are never cached."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.auth import AdminKey, read_access
from app.api.deps import CursorQuery, LimitQuery, SessionDep
from app.api.problems import problem_responses
from app.db import transaction
from app.schemas.articles import JobPage, JobRead, JobState
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.services import articles

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])
NO_STORE = {"Cache-Control": "no-store"}

JobIdPath = Annotated[int, Path(ge=1, le=2_147_483_647, description="Job id.", examples=[40])]


def _json(model: BaseModel, status: int = 200) -> Response:
    return Response(
        model.model_dump_json().encode(),
        status_code=status,
        media_type="application/json",
        headers=NO_STORE,
    )


@router.get(
    "",
    operation_id="jobs_list",
    summary="List jobs",
    description="Background jobs, newest first; filter by `state` and `kind`.",
    response_model=JobPage,
    responses=problem_responses(401, 403, 422),
    dependencies=[Depends(read_access)],
)
def jobs_list(
    session: SessionDep,
    state: Annotated[JobState | None, Query(description="Job state.", examples=["dead"])] = None,
    kind: Annotated[
        str | None, Query(max_length=60, description="Job kind.", examples=["enrich_article"])
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
) -> Response:
    return _json(articles.list_jobs(session, state=state, kind=kind, cursor=cursor, limit=limit))


@router.get(
    "/{job_id}",
    operation_id="jobs_get",
    summary="Get a job",
    description="One job: state, attempts, lease, last error.",
    response_model=JobRead,
    responses=problem_responses(401, 403, 404, 422),
    dependencies=[Depends(read_access)],
)
def jobs_get(session: SessionDep, job_id: JobIdPath) -> Response:
    return _json(articles.get_job(session, job_id))


@router.post(
    "/{job_id}/retry",
    operation_id="jobs_retry",
    summary="Retry a job",
    description="Queues a failed or dead job again with a fresh set of attempts (409 for a "
    "job in any other state). Needs an API key with scope `admin`.",
    response_model=JobRead,
    status_code=202,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def jobs_retry(request: Request, _key: AdminKey, job_id: JobIdPath) -> Response:
    def retry() -> JobRead:
        with transaction(request.app.state.session_factory) as session:
            return articles.retry_job(session, job_id)

    job = await run_in_threadpool(retry)
    running = getattr(request.app.state, "worker", None)
    if running is not None:
        running.wakeup.notify()
    return _json(job, 202)
