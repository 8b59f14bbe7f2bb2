"""CORS for browser clients on other origins: an allow-list (OREWATCH_CORS_ORIGINS).

With an empty list (the default) no CORS middleware is installed: browsers then refuse
cross-origin calls, and same-origin and server-side clients are unaffected. Preflights are
answered by Starlette's CORSMiddleware; a refused preflight (origin, method or header not
allowed) is a 400 problem+json like every other error, and a disallowed origin gets no
Access-Control-Allow-Origin on simple requests.
"""

from __future__ import annotations

import orjson
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from app.api.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

ALLOWED_METHODS = ["GET", "HEAD", "POST", "DELETE", "OPTIONS"]
# What a browser may send: the API key, JSON bodies, revalidation and idempotency.
ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept", "If-None-Match", "Idempotency-Key"]
# What frontend code may read beyond the CORS-safelisted response headers.
EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Retry-After",
    "Content-Disposition",
    "Orewatch-Total",
    "Orewatch-Duplicate-Of",
    "X-Request-ID",
]
PREFLIGHT_MAX_AGE_S = 600


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight as a problem document naming what was
    refused (its plain-text body would be the API's only non-problem error)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        body = {
            "type": PROBLEM_BASE + "cors-refused",
            "title": "Bad Request",
            "status": 400,
            "detail": f"This cross-origin request is not allowed: its {refused} "
            "(OREWATCH_CORS_ORIGINS lists the allowed origins).",
        }
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers.pop("content-type", None)
        return Response(
            orjson.dumps(body), status_code=400, media_type=PROBLEM_MEDIA_TYPE, headers=headers
        )


def install_cors(app: FastAPI, origins: list[str]) -> None:
    if not origins:
        return
    app.add_middleware(
        ProblemCORSMiddleware,
        allow_origins=origins,
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_MAX_AGE_S,
    )
