"""RFC 9457 problem+json rendering for every error the API can produce."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Scope, Send

from app.db_errors import is_outage
from app.schemas.common import Problem
from app.services.errors import DomainError, InvalidParameterError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://orewatch.dev/problems/"
MAX_DETAIL_CHARS = 300
logger = logging.getLogger("orewatch.api")


def _shorten(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": _shorten(detail),
        "instance": _shorten(request.url.path, 80),
    }
    if errors:
        body["errors"] = errors
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


async def send_problem(
    scope: Scope,
    send: Send,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """A problem document sent by a pure ASGI middleware (outside the exception handlers)."""
    phrase = HTTPStatus(status).phrase
    body = orjson.dumps(
        {
            "type": PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-")),
            "title": phrase,
            "status": status,
            "detail": _shorten(detail),
            "instance": _shorten(scope.get("path", ""), 80),
        }
    )
    raw = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    raw += [
        (name.lower().encode(), value.encode("latin-1")) for name, value in (headers or {}).items()
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for error in exc.errors()[:20]:
        loc = [str(part) for part in error.get("loc", ())]
        out.append(
            {
                "location": loc[0] if loc else "request",
                "name": _shorten(".".join(loc[1:]) or (loc[0] if loc else ""), 100),
                # pydantic messages describe the rule, never the rejected input itself.
                "message": _shorten(str(error.get("msg", "invalid")), 200),
                "type": str(error.get("type", "invalid")),
            }
        )
    return out


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(
            request,
            400,
            "The request body is not valid JSON.",
            slug="malformed-json",
            errors=errors,
        )
    names = ", ".join(sorted({e["name"] for e in errors}))
    return problem_response(
        request,
        422,
        f"Invalid request parameters: {names}.",
        slug="invalid-parameter",
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    path = request.url.path
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No resource at {_shorten(path, 100)}."
        if len(path) > 1 and path.endswith("/"):
            # Trailing slashes are not redirected (a redirect would run before auth and
            # name a host): say what the path would be.
            detail = detail[:-1] + f"; paths have no trailing slash ({_shorten(path, 80)[:-1]})."
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:
        # Starlette names only the methods of the first route matching the path.
        headers = (headers or {}) | {"Allow": _allowed_methods(request)}
    # Exceptions raised while a body is read (app/api/bodies.py) carry their own type.
    return problem_response(
        request, exc.status_code, detail, slug=getattr(exc, "slug", None), headers=headers
    )


def _endpoints(route: BaseRoute) -> list[BaseRoute]:
    """The routes an entry of the router stands for: FastAPI (>= 0.16x) keeps an included
    router as one entry whose effective routes carry the paths and methods."""
    contexts = getattr(route, "effective_route_contexts", None)
    if callable(contexts):
        return list(contexts())
    return [route]


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (RFC 9110: the Allow of a 405); HEAD
    wherever GET is (app/api/head.py)."""
    methods: set[str] = set()
    for entry in request.app.router.routes:
        for route in _endpoints(entry):
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= set(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    errors = None
    if isinstance(exc, InvalidParameterError):
        errors = [
            {"location": exc.location, "name": exc.name, "message": exc.detail, "type": exc.slug}
        ]
    return problem_response(request, exc.status, exc.detail, slug=exc.slug, errors=errors)


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    logger.warning("database unavailable: %s", type(exc).__name__)
    return problem_response(
        request,
        503,
        "The database is unavailable; retry shortly.",
        slug="database-unavailable",
        headers={"Retry-After": "2"},
    )


async def _database_error(request: Request, exc: Exception) -> Response:
    # Only an outage (a refused or lost connection, a full or read-only server) says "retry
    # shortly"; any other error of the driver (DataError, ProgrammingError, ...) repeats on
    # every retry, so it is a 500 like any other defect (validation keeps bad values from
    # reaching the database).
    if is_outage(exc):
        return await _database_unavailable(request, exc)
    return await _unexpected(request, exc)


async def _write_conflict(request: Request, exc: Exception) -> Response:
    # The services turn the conflicts they expect into domain errors; one that still reaches
    # here lost a race with a concurrent write (a unique key taken meanwhile): retrying sees
    # the winner's row.
    logger.warning("write conflict on %s: %s", request.url.path, type(exc).__name__)
    return problem_response(
        request,
        409,
        "The request conflicted with a concurrent change; retry it.",
        slug="write-conflict",
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return problem_response(request, 500, "An unexpected error occurred.", slug="internal-error")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(DBAPIError, _database_error)
    # No pooled connection came free in time: the database is stalled or overloaded.
    app.add_exception_handler(PoolTimeoutError, _database_unavailable)
    app.add_exception_handler(IntegrityError, _write_conflict)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem responses an operation can return."""
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
