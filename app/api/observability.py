"""Request ids, security headers, access logs and Prometheus metrics.

`Observability` is pure ASGI middleware installed outside every other layer (even
Starlette's ServerErrorMiddleware), so every response, a 500 included, carries the
security headers and an `X-Request-ID`, and is logged and measured once. Per request it
costs a contextvar, a header list, a histogram observation and, when access logging is on,
one log record.

/metrics serves prometheus-client's process registry (request latency by route template,
method and status class; job outcomes; enrichment durations; rate-limit refusals) plus
the job-queue depth by state, read from the database at scrape time with one GROUP BY.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logging_config import request_id_var
from app.metrics import REQUEST_DURATION
from app.models import Job

access_logger = logging.getLogger("orewatch.access")
logger = logging.getLogger("orewatch.api")

REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}")
JOB_STATES = ("queued", "running", "succeeded", "failed", "dead")
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
DOCS_PREFIXES = ("/docs", "/redoc", "/static/")
EXPLORER_PREFIX = "/explorer/"
MAX_REMEMBERED_PATHS = 20_000

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The explorer at / (app/api/explorer.py): the API's policy plus what the page needs to
# run, all from the app itself: its script modules, its stylesheet, canvases (uPlot) and
# fetch() to the same origin. No 'unsafe-inline' anywhere (no inline script, no style
# attribute in markup; scripts set styles through CSSOM, which CSP allows), and Trusted
# Types required with no policy allowed, so no HTML string can ever reach the DOM.
EXPLORER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; "
    "require-trusted-types-for 'script'; trusted-types 'none'"
)


def docs_csp(extra_sources: str = "") -> str:
    """CSP of the interactive documentation: its own assets and inline bootstrap script."""
    src = "'self'" + (f" {extra_sources}" if extra_sources else "")
    return (
        f"default-src 'self'; script-src {src} 'unsafe-inline'; "
        f"style-src {src} 'unsafe-inline'; img-src {src} data:; font-src {src} data:; "
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )


def _security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy", csp.encode()),
    ]


def incoming_request_id(headers: Any) -> str | None:
    """The client's X-Request-ID when it is short and plain, else None."""
    for name, value in headers:
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return str(value.decode("ascii"))
            return None
    return None


class Observability:
    def __init__(
        self,
        app: ASGIApp,
        *,
        access_log: bool = True,
        metrics: bool = True,
        docs_extra_sources: str = "",
    ) -> None:
        self.app = app
        self.access_log = access_log
        self.metrics = metrics
        self.api_headers = _security_headers(API_CSP)
        self.docs_headers = _security_headers(docs_csp(docs_extra_sources))
        self.explorer_headers = _security_headers(EXPLORER_CSP)
        # path -> route template, learned from routed requests, for the responses the
        # cached-read fast path sends without routing.
        self._templates: dict[str, str] = {}
        self._children: dict[tuple[str, str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        request_id = incoming_request_id(scope["headers"]) or os.urandom(16).hex()
        token = request_id_var.set(request_id)
        path: str = scope["path"]
        if path.startswith(DOCS_PREFIXES):
            extra = self.docs_headers
        elif path == "/" or path.startswith(EXPLORER_PREFIX):
            extra = self.explorer_headers
        else:
            extra = self.api_headers
        extra = [*extra, (REQUEST_ID_HEADER, request_id.encode())]
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            self._record(scope, path, status, time.perf_counter() - start)
            request_id_var.reset(token)

    def _record(self, scope: Scope, path: str, status: int, elapsed: float) -> None:
        method = scope["method"]
        if self.metrics:
            route = self._route(scope, path, status)
            key = (route, method, str(status // 100) + "xx")
            child = self._children.get(key)
            if child is None:
                label = method if method in KNOWN_METHODS else "other"
                child = REQUEST_DURATION.labels(route, label, key[2])
                self._children[key] = child
            child.observe(elapsed)
        if self.access_log and access_logger.isEnabledFor(logging.INFO):
            duration_ms = round(elapsed * 1000, 2)
            client = scope.get("client")
            access_logger.info(
                "%s %s %s %.1f ms",
                method,
                path,
                status,
                duration_ms,
                extra={
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "client": client[0] if client else None,
                },
            )

    def _route(self, scope: Scope, path: str, status: int) -> str:
        route = scope.get("route")
        template = getattr(route, "path", None) if route is not None else None
        if isinstance(template, str):
            if isinstance(route, Mount):
                template += "/{path}"
            if status < 400 and path not in self._templates:
                if len(self._templates) >= MAX_REMEMBERED_PATHS:
                    self._templates.clear()
                self._templates[path] = template
            return template
        return self._templates.get(path, "unmatched")


class JobQueueCollector(Collector):
    """orewatch_job_queue_jobs{state}: jobs per state, counted when scraped."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = dict.fromkeys(JOB_STATES, 0)
        try:
            with self.session_factory() as session:
                rows = session.execute(
                    select(col(Job.state), func.count()).group_by(col(Job.state))
                )
                for state, count in rows:
                    counts[str(state)] = int(count)
        except Exception as exc:
            logger.warning("metrics: job queue depth unavailable (%s)", type(exc).__name__)
            return
        gauge = GaugeMetricFamily(
            "orewatch_job_queue_jobs", "Jobs in the queue table by state.", labels=("state",)
        )
        for state, count in sorted(counts.items()):
            gauge.add_metric((state,), count)
        yield gauge


def install(
    app: FastAPI,
    session_factory: sessionmaker[Session],
    *,
    access_log: bool,
    metrics: bool,
) -> None:
    """Wrap the whole middleware stack in Observability and add GET /metrics."""
    if metrics:
        scrape = CollectorRegistry(auto_describe=False)
        scrape.register(JobQueueCollector(session_factory))

        def metrics_endpoint(request: Request) -> Response:
            body = generate_latest(REGISTRY) + generate_latest(scrape)
            # A scrape must see the live values, never a cached copy.
            return Response(
                body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
            )

        app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)

    build: Callable[[], ASGIApp] = app.build_middleware_stack

    def build_observed() -> ASGIApp:
        # Documentation assets come from a CDN until the app serves them under /static.
        local_assets = any(getattr(route, "path", None) == "/static" for route in app.routes)
        return Observability(
            build(),
            access_log=access_log,
            metrics=metrics,
            docs_extra_sources="" if local_assets else "https://cdn.jsdelivr.net",
        )

    app.build_middleware_stack = build_observed  # type: ignore[method-assign]
