"""The OpenAPI document as SDK generators need it: every error an operation can produce is
declared, with the problem+json media type only.

Routes declare the problems of their own logic (404, 409, ...) with `problem_responses`;
`install_openapi` adds, once per document, those that come from the layers around them:

- 422 (invalid parameters) for an operation with parameters or a body;
- 400 (malformed JSON), 413 (body too large) and 415 (not JSON) for one with a body;
- 401 and 403 for one that takes an API key (a read does: a bad key presented is a 401, and
  with OREWATCH_READS_REQUIRE_KEY on a missing one too);
- 409 (a write that lost a race with a concurrent one) for every operation that writes;
- 429 (rate limited) and 500 for every operation; 503 (database unavailable) for every
  operation that reads the database, that is all but the liveness probe.

It also states security on every operation (a key for writes; none for reads and probes,
whose 401 and 403 say when a key matters) and puts back the schema examples
FastAPI's encoder stripped of their null values (an example missing a required nullable
field does not validate against its own schema).
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from app.api.problems import PROBLEM_MEDIA_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
NO_DATABASE = frozenset({"health_live"})
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 0, "examples": [2]},
    }
}
DESCRIPTIONS = {
    400: "Malformed request: the body is not valid JSON.",
    401: "Missing, unknown or revoked API key.",
    403: "The API key lacks the scope this operation needs.",
    404: "No such resource.",
    409: "Conflict with the current state of the resource.",
    413: "The request body exceeds the configured limit.",
    415: "The body is not declared as JSON.",
    422: "Invalid parameters or body; `errors` lists each.",
    429: "Too many requests; retry after the Retry-After delay.",
    500: "Unexpected error.",
    503: "The database is unavailable; retry after the Retry-After delay.",
}


def _problem(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}},
    }
    if status in (429, 503):
        response["headers"] = dict(RETRY_AFTER)
    return response


def common_statuses(operation: dict[str, Any], method: str) -> list[int]:
    """The problem statuses the layers around a route can answer for this operation."""
    statuses = [429, 500]
    if operation.get("operationId") not in NO_DATABASE:
        statuses.append(503)
    if method != "get":
        statuses.append(409)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if operation.get("requestBody"):
        statuses += [400, 413, 415]
    if operation.get("security"):
        statuses += [401, 403]
    return statuses


def _app_models(base: type[BaseModel] = BaseModel) -> dict[str, type[BaseModel]]:
    """Every pydantic model defined in the app package, by class name (= schema name)."""
    found: dict[str, type[BaseModel]] = {}
    for model in base.__subclasses__():
        if model.__module__.startswith("app."):
            found.setdefault(model.__name__, model)
        found.update({k: v for k, v in _app_models(model).items() if k not in found})
    return found


def restore_schema_examples(document: dict[str, Any]) -> None:
    models = _app_models()
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        model = models.get(name)
        extra = model.model_config.get("json_schema_extra") if model else None
        if "examples" in schema and isinstance(extra, dict) and "examples" in extra:
            schema["examples"] = json.loads(json.dumps(extra["examples"]))


def state_security(operation: dict[str, Any], method: str) -> None:
    """Writes need a key; reads and the probes state no requirement. A read is open unless
    OREWATCH_READS_REQUIRE_KEY is on, and says so with its declared 401 and 403; stating the
    key as optional instead (`[{ApiKey: []}, {}]`) makes openapi-python-client demand an
    AuthenticatedClient for every read, so a plain client could not call an open API."""
    if method == "get" or not operation.get("security"):
        operation["security"] = []


def complete_problem_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Declare the common problems on every operation; 4xx/5xx carry problem+json only."""
    restore_schema_examples(document)
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in common_statuses(operation, method):
                responses.setdefault(str(status), _problem(status))
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    # FastAPI adds application/json next to a declared model: an error
                    # body is always application/problem+json.
                    content = response.setdefault("content", {})
                    for media in [m for m in content if m != PROBLEM_MEDIA_TYPE]:
                        del content[media]
                    content.setdefault(PROBLEM_MEDIA_TYPE, {"schema": dict(PROBLEM_REF)})
                    if code in ("429", "503"):
                        response.setdefault("headers", dict(RETRY_AFTER))
            operation["responses"] = dict(sorted(responses.items()))
            state_security(operation, method)
    return document


def install_openapi(app: FastAPI) -> None:
    """Post-process the generated document once, when it is first asked for."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_problem_responses(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
