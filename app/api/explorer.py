"""The explorer: a read-only page at / built only on the public /v1 API.

Everything it shows comes from the browser calling the same /v1 operations any client
calls (same CORS, same cache headers): the app only serves files, never data for the
page. The files are package data under app/explorer/ (an installed package serves them):

- GET /: app/explorer/index.html, with a content-hash ETag and `no-cache` (304 on reload);
- /explorer/...: its script modules, stylesheet and the vendored uPlot build (ETag,
  Last-Modified, 304; `no-cache`, so a deploy is seen on the next load).

The page runs under EXPLORER_CSP (app/api/observability.py): scripts and styles from the
app only, no inline code, calls to the same origin only, Trusted Types required.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import Response

from app.api.docs import DocAssets, conditional

EXPLORER_PATH = "/explorer"
EXPLORER_DIR = Path(str(files("app") / "explorer"))


class ExplorerAssets(DocAssets):
    """The explorer's own files change with any deploy: revalidated on every load."""

    cache_control = "no-cache"


def install_explorer(app: FastAPI) -> None:
    """Mount the explorer's files and serve its page at / (neither is in the schema)."""
    app.mount(EXPLORER_PATH, ExplorerAssets(directory=EXPLORER_DIR), name="explorer")
    page = (EXPLORER_DIR / "index.html").read_bytes()

    @app.get("/", include_in_schema=False)
    async def explorer_page(request: Request) -> Response:
        return conditional(request, page, "text/html")
