"""The `orewatch` command line: serve, worker-free admin tasks and offline extraction."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import orjson
import typer

from app import cli_jobs
from app.enrichment import cli as enrichment_cli
from app.settings import get_settings

cli = typer.Typer(
    name="orewatch",
    help="Orewatch: critical-minerals supply intelligence API.",
    no_args_is_help=True,
    add_completion=False,
)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
    migrate_first: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Apply migrations before serving.")
    ] = True,
    worker: Annotated[
        bool, typer.Option("--worker/--no-worker", help="Run the embedded job worker.")
    ] = True,
    worker_concurrency: Annotated[
        int | None, typer.Option(min=1, max=64, help="Embedded worker threads.")
    ] = None,
) -> None:
    """Serve the HTTP API with uvicorn (one process) and, by default, a job worker."""
    import os

    import uvicorn

    from app.services.migrations import upgrade_to_head

    if not worker or worker_concurrency is not None:
        os.environ["OREWATCH_WORKER_CONCURRENCY"] = str(worker_concurrency if worker else 0)
        get_settings.cache_clear()
    settings = get_settings()
    if migrate_first:
        upgrade_to_head(settings.database_url)
    uvicorn.run(
        "app.api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level,
        proxy_headers=False,
    )


@cli.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Upgrade the database schema (Alembic) to REVISION."""
    from app.services.migrations import upgrade_to

    upgrade_to(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@cli.command()
def seed() -> None:
    """Load the packaged reference data; idempotent (a second run changes nothing)."""
    from app.db import create_db_engine, make_session_factory, transaction
    from app.services.seed import seed_reference_data

    settings = get_settings()
    engine = create_db_engine(settings)
    try:
        with transaction(make_session_factory(engine)) as session:
            report = seed_reference_data(session)
    finally:
        engine.dispose()
    for table, counts in report.items():
        typer.echo(f"{table}: {counts['inserted']} inserted, {counts['updated']} updated")


@cli.command()
def openapi() -> None:
    """Print the OpenAPI document as JSON."""
    from app.api.main import create_app

    document = create_app().openapi()
    sys.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")


@cli.command()
def reenrich(
    every: Annotated[
        bool, typer.Option("--all", help="Every stored article, whatever its extractor version.")
    ] = False,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only articles ingested on or after DATE."),
    ] = None,
) -> None:
    """Queue re-enrichment of stored articles.

    Without --all, only articles enriched by another extractor version (or never) are
    queued. Articles with an enrichment job already pending are skipped.
    """
    from app.db import create_db_engine, make_session_factory, transaction
    from app.services.reenrich import queue_reenrichment

    engine = create_db_engine(get_settings())
    try:
        with transaction(make_session_factory(engine)) as session:
            queued = queue_reenrichment(session, every=every, since=since.date() if since else None)
    finally:
        engine.dispose()
    typer.echo(f"queued {queued} article(s) for enrichment")


enrichment_cli.register(cli)
cli_jobs.register(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
