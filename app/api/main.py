"""Application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.api import observability
from app.api.auth import KeyCache, read_access
from app.api.bodies import BodyEncoding
from app.api.compression import GZip
from app.api.contract import install_openapi
from app.api.cors import install_cors
from app.api.docs import install_docs
from app.api.explorer import install_explorer
from app.api.fastpath import CachedReads
from app.api.head import HeadAsGet
from app.api.limits import BodySizeLimit
from app.api.params import reject_nul_parameters
from app.api.problems import install_problem_handlers
from app.api.ratelimit import RateLimit, RateLimiter
from app.api.reads import GZIP_LEVEL, ReadResponder, ResponseCache
from app.api.routes import (
    articles,
    citations,
    claims,
    countries,
    exposure,
    feeds,
    health,
    jobs,
    minerals,
    statistics,
    status,
)
from app.db import create_db_engine, make_session_factory
from app.db_reads import FactoryReadSessions, ReadSessions
from app.services.ingest_batch import IngestBatcher
from app.services.readiness import enrichment_problem
from app.settings import Settings, get_settings

DESCRIPTION = """\
Orewatch answers who produces which critical mineral, how concentrated that supply is,
and which sources say so. Statistics come from the USGS Mineral Commodity Summaries 2025;
every figure carries its source. Errors are RFC 9457 problem+json documents. Lists share
one envelope `{items, next_cursor, total}` with opaque cursors.
"""


def create_app(
    settings: Settings | None = None,
    session_factory: sessionmaker[Session] | None = None,
    *,
    embedded_worker: bool | None = None,
) -> FastAPI:
    """Build the API. Tests pass a session factory bound to their own connection.

    The embedded job worker runs (with `worker_concurrency` threads) when the app owns its
    engine, unless `embedded_worker` says otherwise.
    """
    settings = settings or get_settings()
    engine = None
    if session_factory is None:
        engine = create_db_engine(settings)
        session_factory = make_session_factory(engine)
    if embedded_worker is None:
        embedded_worker = engine is not None
    run_worker = embedded_worker and settings.worker_concurrency > 0

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Once per process: a broken install is logged now and /readyz answers 503.
        await run_in_threadpool(enrichment_problem)
        if run_worker:
            from app.jobs.service import RunningWorker

            app.state.worker = RunningWorker(
                settings, session_factory, settings.worker_concurrency, cache.invalidate
            )
            app.state.worker.start()
        yield
        await app.state.rate_limiter.aclose()
        app.state.ingest_batcher.close()
        if app.state.worker is not None:
            app.state.worker.stop(settings.worker_shutdown_grace_s)
        read_sessions.close()
        if engine is not None:
            engine.dispose()

    app = FastAPI(
        title="Orewatch",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served by app/api/docs.py from packaged assets instead of a CDN.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        # One schema per model (no -Input/-Output pairs) for the SDK generators.
        separate_input_output_schemas=False,
        # A trailing-slash redirect would run before auth and echo the Host header into its
        # Location: such paths are a 404 problem that names the path without the slash.
        redirect_slashes=False,
        dependencies=[Depends(reject_nul_parameters)],
        openapi_tags=[
            {"name": "countries", "description": "Countries and their mineral profiles."},
            {"name": "minerals", "description": "Minerals, forms, lists and producers."},
            {"name": "statistics", "description": "Official statistics with sources."},
            {"name": "status", "description": "Derived status of each country x mineral."},
            {"name": "citations", "description": "Claims from news, sentence by sentence."},
            {"name": "exposure", "description": "Supply concentration and importer exposure."},
            {"name": "articles", "description": "News articles: ingestion and state."},
            {"name": "jobs", "description": "Background jobs (enrichment) and retries."},
            {"name": "sources", "description": "RSS/Atom feed sources polled by the workers."},
            {"name": "health", "description": "Probes for orchestrators."},
        ],
    )
    cache = ResponseCache(session_factory, settings.cache_max_entries, settings.data_version_ttl_s)
    app.state.settings = settings
    app.state.session_factory = session_factory
    read_sessions = (
        ReadSessions(engine, settings.read_threads)
        if engine is not None
        else FactoryReadSessions(session_factory, settings.read_threads)
    )
    app.state.reads = ReadResponder(read_sessions, cache, settings.cache_control)
    app.state.worker = None
    app.state.key_cache = KeyCache(settings.api_key_cache_s)
    app.state.ingest_batcher = IngestBatcher(session_factory, settings.job_max_attempts)
    install_problem_handlers(app)
    install_openapi(app)
    install_docs(app)
    install_explorer(app)
    app.add_middleware(
        CachedReads,
        cache=cache,
        key_cache=app.state.key_cache,
        enabled=not settings.reads_require_key,
        gzip_minimum_size=settings.gzip_minimum_size,
    )
    # Inside the size cap: no coding but identity, and JSON only as UTF-8.
    app.add_middleware(BodyEncoding)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    if settings.gzip_minimum_size:
        # Outside CachedReads, which hands it bodies it compressed once (left alone here).
        app.add_middleware(GZip, minimum_size=settings.gzip_minimum_size, compresslevel=GZIP_LEVEL)
    # Outside the body limit and the cached-read fast path: every request is limited.
    app.state.rate_limiter = RateLimiter(settings, app.state.key_cache, session_factory)
    app.add_middleware(RateLimit, limiter=app.state.rate_limiter)
    # Outside the rate limit, so a 429 still carries CORS headers a browser can read.
    install_cors(app, settings.cors_origins)
    # Outside everything but the access log: a HEAD is served as its GET, without the body.
    app.add_middleware(HeadAsGet)
    # Outermost (even outside ServerErrorMiddleware): request id, security headers, access
    # log and latency metrics on every response; and GET /metrics.
    observability.install(
        app, session_factory, access_log=settings.access_log, metrics=settings.metrics_enabled
    )
    app.include_router(health.router)
    for router in (
        countries.router,
        status.router,
        status.mineral_router,
        minerals.router,
        statistics.router,
        citations.router,
        claims.router,
        claims.reviews_router,
        exposure.router,
        exposure.supply_router,
    ):
        app.include_router(router, dependencies=[Depends(read_access)])
    app.include_router(articles.router)
    app.include_router(jobs.router)
    app.include_router(feeds.router)
    return app
