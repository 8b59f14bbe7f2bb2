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

It declares the headers clients act on (ETag, Cache-Control and 304 on every revalidated
GET; Location and Orewatch-Duplicate-Of on the writes that send them), states security on
every operation (a key for writes; none for reads and probes,
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


# GETs whose answers change with every look (job and feed state) or that probe liveness:
# Cache-Control: no-store, no ETag. Every other GET is revalidated with its ETag.
NO_STORE = frozenset(
    {"health_live", "health_ready", "jobs_list", "jobs_get", "sources_list", "sources_get"}
)
ETAG = {
    "description": "Version of this representation; send it back as If-None-Match to get a "
    "304 while it is current.",
    "schema": {"type": "string", "examples": ['W/"v42-7f3c9a1e"']},
}
CACHE_CONTROL = {
    "description": "How long a client or proxy may reuse the answer without asking again.",
    "schema": {"type": "string", "examples": ["public, max-age=30"]},
}
LOCATION = {
    "description": "The path of the resource the request created or names.",
    "schema": {"type": "string", "examples": ["/v1/articles/12"]},
}
DUPLICATE_OF = {
    "description": "Why the article is a duplicate of a stored one: url (same canonical URL), "
    "content (same normalised body) or idempotency (a repeated Idempotency-Key).",
    "schema": {"type": "string", "enum": ["url", "content", "idempotency"], "examples": ["url"]},
}
# Headers of success responses that are not caching: operationId -> status -> headers.
SUCCESS_HEADERS: dict[str, dict[str, dict[str, Any]]] = {
    "articles_create": {
        "202": {"Location": LOCATION},
        "200": {"Location": LOCATION, "Orewatch-Duplicate-Of": DUPLICATE_OF},
    },
    "sources_create": {"201": {"Location": LOCATION}},
    "claims_review": {"201": {"Location": LOCATION}},
}


def declare_headers(operation: dict[str, Any], method: str) -> None:
    """ETag, Cache-Control and 304 on revalidated GETs; Location and Orewatch-Duplicate-Of
    where writes send them."""
    responses: dict[str, Any] = operation["responses"]
    if method == "get" and operation.get("operationId") not in NO_STORE:
        ok = responses.get("200")
        if ok is not None:
            ok.setdefault("headers", {}).update({"ETag": ETAG, "Cache-Control": CACHE_CONTROL})
        responses.setdefault(
            "304",
            {
                "description": "Not Modified: If-None-Match named the current ETag; no body.",
                "headers": {"ETag": ETAG, "Cache-Control": CACHE_CONTROL},
            },
        )
    for status, headers in SUCCESS_HEADERS.get(operation.get("operationId", ""), {}).items():
        if status in responses:
            responses[status].setdefault("headers", {}).update(headers)


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
            declare_headers(operation, method)
            operation["responses"] = dict(sorted(operation["responses"].items()))
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
