"""Interactive documentation that works without internet access.

FastAPI's own /docs and /redoc load Swagger UI and ReDoc from a CDN; the app switches them
off (docs_url=None, redoc_url=None, openapi_url=None) and serves here:

- /static/...: the Swagger UI bundle, its CSS, the ReDoc standalone bundle and a favicon,
  shipped inside the `fastapi-offline` wheel (a pinned dependency, so the assets are
  versioned with the rest of the environment and nothing is fetched at build or run time);
- /docs and /redoc: FastAPI's HTML pages pointed at those assets (no Google Fonts);
- /openapi.json: the document, with an ETag so a reload of /docs answers 304.

Every one of these GETs carries an ETag and answers If-None-Match with 304.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from os import PathLike
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from app.api.reads import etag_matches

STATIC_PATH = "/static"
OPENAPI_PATH = "/openapi.json"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
# Assets change only with the fastapi-offline version; pages and the document may change
# with any deploy, so clients revalidate them (cheap: 304).
ASSET_CACHE_CONTROL = "public, max-age=86400"
PAGE_CACHE_CONTROL = "no-cache"
SWAGGER_UI_PARAMETERS = {"displayOperationId": True, "docExpansion": "list"}


class DocAssets(StaticFiles):
    """StaticFiles (ETag, Last-Modified, 304) plus a Cache-Control header."""

    cache_control = ASSET_CACHE_CONTROL

    def file_response(
        self,
        full_path: str | PathLike[str],
        stat_result: Any,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control
        return response


def conditional(request: Request, body: bytes, media_type: str) -> Response:
    """`body` with a content-hash ETag, or 304 when the client already holds it."""
    etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
    headers = {"ETag": etag, "Cache-Control": PAGE_CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def install_docs(app: FastAPI) -> None:
    """Mount the assets and add /openapi.json, /docs and /redoc (none in the schema)."""
    app.mount(STATIC_PATH, DocAssets(directory=ASSETS_DIR), name="static")
    rendered: dict[str, bytes] = {}

    def page(name: str, root: str) -> bytes:
        # Built once per root path: the HTML depends on nothing else.
        key = f"{name}|{root}"
        if key not in rendered:
            if name == "openapi":
                rendered[key] = orjson.dumps(app.openapi())
            elif name == "docs":
                html = get_swagger_ui_html(
                    openapi_url=f"{root}{OPENAPI_PATH}",
                    title=f"{app.title} - Swagger UI",
                    swagger_js_url=f"{root}{STATIC_PATH}/swagger-ui-bundle.js",
                    swagger_css_url=f"{root}{STATIC_PATH}/swagger-ui.css",
                    swagger_favicon_url=f"{root}{STATIC_PATH}/favicon.png",
                    swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
                )
                rendered[key] = bytes(html.body)
            else:
                html = get_redoc_html(
                    openapi_url=f"{root}{OPENAPI_PATH}",
                    title=f"{app.title} - ReDoc",
                    redoc_js_url=f"{root}{STATIC_PATH}/redoc.standalone.js",
                    redoc_favicon_url=f"{root}{STATIC_PATH}/favicon.png",
                    with_google_fonts=False,
                )
                rendered[key] = bytes(html.body)
        return rendered[key]

    @app.get(OPENAPI_PATH, include_in_schema=False)
    async def openapi_document(request: Request) -> Response:
        return conditional(request, page("openapi", ""), "application/json")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> Response:
        return conditional(request, page("docs", request.scope.get("root_path", "")), "text/html")

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> Response:
        return conditional(request, page("redoc", request.scope.get("root_path", "")), "text/html")
