"""The bare reference endpoint of bench/read.py: FastAPI returning a constant JSON body.

The body is read once, at import time, from the JSON file named by BENCH_BARE_BODY_PATH
(read.py saves the real `/v1/countries?limit=50` response there, so both bodies are the
same size). The endpoint returns the parsed dict and FastAPI serialises it on every
request, the normal way, so this measures the framework and server with no database,
no cache and no application code.

    BENCH_BARE_BODY_PATH=body.json python -m uvicorn bare_app:app --app-dir bench
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI

BODY_PATH_ENV = "BENCH_BARE_BODY_PATH"
ROUTE = "/bare"


def load_body() -> dict[str, Any]:
    path = os.environ.get(BODY_PATH_ENV)
    if not path:
        raise RuntimeError(f"set {BODY_PATH_ENV} to a JSON file holding the constant body")
    body = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(body, dict):
        raise RuntimeError(f"{path} must hold a JSON object")
    return body


BODY = load_body()
app = FastAPI(title="bare", openapi_url=None, docs_url=None, redoc_url=None)


@app.get(ROUTE)
async def bare() -> dict[str, Any]:
    return BODY
