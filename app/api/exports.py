"""CSV and NDJSON exports of list endpoints, negotiated by `format` or `Accept`.

A list route calls `list_response` instead of `ReadResponder.respond`. JSON (the default)
goes through the cached read path unchanged. An export runs the same list service page by
page along its keyset cursor (pages of MAX_PAGE_LIMIT rows, each in its own short
transaction on a worker thread) and streams each page as soon as it is encoded, so memory
stays flat however long the result is.

How the paging parameters apply to an export: `cursor` starts the export after that row (as
it does for a page); `limit`, when given, caps the number of rows; without it every matching
row is exported. The first page is fetched before the response starts, so a bad filter is
still a 404/422 problem and not a truncated file. An export carries a weak ETag derived from
the data version and the request, so If-None-Match answers 304 without touching the data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import types
import typing
from collections.abc import AsyncIterator, Iterable
from typing import Annotated, Any, Literal, get_args, get_origin

import orjson
from fastapi import Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app import __version__
from app.api.reads import EVERY_DOMAIN, ReadResponder, Service, etag_matches
from app.models.meta import DataDomain
from app.schemas.common import MAX_PAGE_LIMIT

ExportFormat = Literal["json", "csv", "ndjson"]
CSV_MEDIA_TYPE = "text/csv"
NDJSON_MEDIA_TYPE = "application/x-ndjson"
MEDIA_TYPES: dict[str, str] = {
    "csv": f"{CSV_MEDIA_TYPE}; charset=utf-8; header=present",
    "ndjson": NDJSON_MEDIA_TYPE,
}
# Accept media ranges that ask for each format; wildcards only ever mean JSON.
ACCEPTED: dict[str, ExportFormat] = {
    "application/json": "json",
    "application/*": "json",
    "*/*": "json",
    CSV_MEDIA_TYPE: "csv",
    NDJSON_MEDIA_TYPE: "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
}
# Spreadsheets run cells that start with these as formulas (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

ExportFormatQuery = Annotated[
    ExportFormat | None,
    Query(
        alias="format",
        description="Representation: json (the page envelope, default), csv (a header row and "
        "one row per item, nested fields as dotted columns) or ndjson (one JSON object per "
        "item and line). csv and ndjson stream every matching item, not one page: `cursor` "
        "starts after that item, `limit` (when given) caps the rows. Same as sending "
        "`Accept: text/csv` or `Accept: application/x-ndjson`; this parameter wins.",
        examples=["csv"],
    ),
]

EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page of items as JSON, or every matching item as CSV or NDJSON "
        "(streamed, see the `format` parameter).",
        "content": {
            CSV_MEDIA_TYPE: {
                "schema": {"type": "string"},
                "example": "iso2,iso3,name,region\r\nAR,ARG,Argentina,Americas\r\n",
            },
            NDJSON_MEDIA_TYPE: {
                "schema": {"type": "string"},
                "example": '{"iso2":"AR","iso3":"ARG","name":"Argentina","region":"Americas"}\n',
            },
        },
    }
}


def negotiate(request: Request, requested: ExportFormat | None) -> ExportFormat:
    """The `format` parameter if given, else the format Accept rates highest.

    JSON wins ties, and an Accept that names none of the three (or only with q=0) gets JSON
    rather than a 406: a list always has a representation.
    """
    if requested is not None:
        return requested
    accept = request.headers.get("accept")
    if not accept:
        return "json"
    scores: dict[ExportFormat, float] = {"json": -1.0, "csv": -1.0, "ndjson": -1.0}
    for media_range in accept.split(","):
        media, *params = (part.strip() for part in media_range.split(";"))
        fmt = ACCEPTED.get(media.lower())
        if fmt is None:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        scores[fmt] = max(scores[fmt], q)
    best = max(scores, key=scores.__getitem__)  # the first of equals: json
    return best if scores[best] > 0 else "json"


def _item_model(page: BaseModel) -> type[BaseModel] | None:
    annotation = type(page).model_fields["items"].annotation
    args = get_args(annotation)
    if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def csv_columns(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The item schema's scalar fields as column paths; nested models become dotted columns."""
    columns: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        inner = _unwrap_optional(info.annotation)
        path = (*prefix, name)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            columns.extend(csv_columns(inner, path))
        else:
            columns.append(path)
    return columns


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _lookup(row: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = row
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class _CsvEncoder:
    def __init__(self, columns: list[tuple[str, ...]]) -> None:
        self.columns = columns
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def _take(self) -> bytes:
        out = self.buffer.getvalue().encode()
        self.buffer.seek(0)
        self.buffer.truncate()
        return out

    def header(self) -> bytes:
        self.writer.writerow([".".join(path) for path in self.columns])
        return self._take()

    def rows(self, items: Iterable[BaseModel]) -> bytes:
        for item in items:
            row = item.model_dump(mode="json")
            self.writer.writerow([_cell(_lookup(row, path)) for path in self.columns])
        return self._take()


def _ndjson(items: Iterable[BaseModel]) -> bytes:
    return b"".join(type(i).__pydantic_serializer__.to_json(i) + b"\n" for i in items)


async def list_response(
    request: Request,
    reads: ReadResponder,
    requested: ExportFormat | None,
    operation: str,
    service: Service,
    *,
    cache_control: str | None = None,
    domains: frozenset[DataDomain] = EVERY_DOMAIN,
    **params: Any,
) -> Response:
    """JSON through the cached read path, CSV or NDJSON streamed across all pages."""
    fmt = negotiate(request, requested)
    if fmt == "json":
        return await reads.respond(
            request,
            operation,
            service,
            cache_control=cache_control,
            negotiated=True,
            domains=domains,
            **params,
        )
    settings = request.app.state.settings
    session_factory = request.app.state.session_factory
    await reads.cache.versions()
    version = reads.cache.stamp(domains)
    fingerprint = f"{__version__}|{fmt}|{request.url.path}?{request.url.query}".encode()
    etag = f'W/"{version}-{hashlib.blake2b(fingerprint, digest_size=8).hexdigest()}"'
    headers = {
        "ETag": etag,
        "Cache-Control": cache_control or settings.cache_control,
        "Vary": "Accept",
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)

    limit = params.pop("limit", None)
    cap: int | None = limit if "limit" in request.query_params else None
    start = params.pop("cursor", None)

    def fetch(cursor: str | None, size: int) -> BaseModel:
        with session_factory() as session:
            return service(session, **params, cursor=cursor, limit=size)

    first_size = min(cap, MAX_PAGE_LIMIT) if cap else MAX_PAGE_LIMIT
    first = await run_in_threadpool(fetch, start, first_size)
    total = getattr(first, "total", None)
    if total is not None:
        headers["Orewatch-Total"] = str(total if cap is None else min(total, cap))
    headers["Content-Disposition"] = f'attachment; filename="{operation}.{fmt}"'

    async def pages() -> AsyncIterator[list[Any]]:
        page: Any = first
        remaining = cap
        while True:
            items = list(page.items)
            if remaining is not None:
                items = items[:remaining]
                remaining -= len(items)
            yield items
            if page.next_cursor is None or remaining == 0:
                return
            size = MAX_PAGE_LIMIT if remaining is None else min(remaining, MAX_PAGE_LIMIT)
            page = await run_in_threadpool(fetch, page.next_cursor, size)

    async def body() -> AsyncIterator[bytes]:
        if fmt == "csv":
            model = _item_model(first)
            encoder = _CsvEncoder(csv_columns(model) if model else [])
            yield encoder.header()
            async for items in pages():
                yield encoder.rows(items)
        else:
            async for items in pages():
                yield _ndjson(items)

    return StreamingResponse(body(), media_type=MEDIA_TYPES[fmt], headers=headers)
