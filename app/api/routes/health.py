"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ConfigDict
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.problems import problem_response, problem_responses
from app.schemas.common import ApiModel
from app.services.readiness import enrichment_problem

router = APIRouter(tags=["health"])
OK_BODY = b'{"status":"ok"}'
# Probes must reach the process every time: never answered from a cache.
NO_STORE = {"Cache-Control": "no-store"}


class HealthStatus(ApiModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: str


@router.get(
    "/healthz",
    operation_id="health_live",
    summary="Liveness",
    description="Answers 200 while the process is up; touches nothing else.",
    response_model=HealthStatus,
)
async def healthz() -> Response:
    return Response(OK_BODY, media_type="application/json", headers=NO_STORE)


@router.get(
    "/readyz",
    operation_id="health_ready",
    summary="Readiness",
    description="Answers 200 when the enrichment pipeline can run (its libraries import; "
    "checked at start-up) and the database is reachable, 503 problem+json otherwise.",
    response_model=HealthStatus,
    responses=problem_responses(503),
)
async def readyz(request: Request) -> Response:
    def check() -> str | None:
        problem = enrichment_problem()  # computed once per process, at start-up
        if problem is None:
            with request.app.state.session_factory() as session:
                session.execute(text("SELECT 1"))
        return problem

    problem = await run_in_threadpool(check)
    if problem is not None:
        return problem_response(
            request,
            503,
            f"Not ready: {problem}.",
            slug="enrichment-unavailable",
            headers=NO_STORE,
        )
    return Response(OK_BODY, media_type="application/json", headers=NO_STORE)
