"""Application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app import __version__
from app.api.problems import install_problem_handlers
from app.api.reads import ReadResponder, ResponseCache
from app.api.routes import citations, countries, health, minerals, statistics, status
from app.db import create_db_engine, make_session_factory
from app.settings import Settings, get_settings

DESCRIPTION = """\
Orewatch answers who produces which critical mineral, how concentrated that supply is,
and which sources say so. Statistics come from the USGS Mineral Commodity Summaries 2025;
every figure carries its source. Errors are RFC 9457 problem+json documents. Lists share
one envelope `{items, next_cursor, total}` with opaque cursors.
"""


def create_app(
    settings: Settings | None = None, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    """Build the API. Tests pass a session factory bound to their own connection."""
    settings = settings or get_settings()
    engine = None
    if session_factory is None:
        engine = create_db_engine(settings)
        session_factory = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if engine is not None:
            engine.dispose()

    app = FastAPI(
        title="Orewatch",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "countries", "description": "Countries and their mineral profiles."},
            {"name": "minerals", "description": "Minerals, forms, lists and producers."},
            {"name": "statistics", "description": "Official statistics with sources."},
            {"name": "status", "description": "Derived status of each country x mineral."},
            {"name": "citations", "description": "Claims from news, sentence by sentence."},
            {"name": "health", "description": "Probes for orchestrators."},
        ],
    )
    cache = ResponseCache(session_factory, settings.cache_max_entries, settings.data_version_ttl_s)
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.state.reads = ReadResponder(session_factory, cache, settings.cache_control)
    install_problem_handlers(app)
    for router in (
        health.router,
        countries.router,
        status.router,
        minerals.router,
        statistics.router,
        citations.router,
    ):
        app.include_router(router)
    return app
