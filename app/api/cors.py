"""CORS for browser clients on other origins: an allow-list (OREWATCH_CORS_ORIGINS).

With an empty list (the default) no CORS middleware is installed: browsers then refuse
cross-origin calls, and same-origin and server-side clients are unaffected. Preflights are
answered by Starlette's CORSMiddleware; a disallowed origin gets a 400 preflight and no
Access-Control-Allow-Origin on simple requests.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

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


def install_cors(app: FastAPI, origins: list[str]) -> None:
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_MAX_AGE_S,
    )
