"""The `orewatch` command line: serve, worker-free admin tasks and offline extraction."""

from __future__ import annotations

import math
import signal
import sys
from datetime import datetime
from types import FrameType
from typing import Annotated

import orjson
import typer

from app import cli_jobs, cli_query, cli_review
from app.enrichment import cli as enrichment_cli
from app.settings import ConfigurationError, get_settings

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

    from app.logging_config import configure_logging, log_config
    from app.services.migrations import upgrade_to_head

    if not worker or worker_concurrency is not None:
        os.environ["OREWATCH_WORKER_CONCURRENCY"] = str(worker_concurrency if worker else 0)
        get_settings.cache_clear()
    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    if migrate_first:
        upgrade_to_head(settings.database_url)
    # uvicorn stops on SIGTERM/SIGINT: it stops accepting, waits up to shutdown_timeout_s
    # for open requests, then runs the lifespan shutdown (the embedded worker finishes or
    # gives back its jobs). It then re-raises the signal against the handler that was in
    # place before it started: ours turns a SIGTERM, a requested stop, into exit status 0.
    signal.signal(signal.SIGTERM, _exit_zero)
    uvicorn.run(
        "app.api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level,
        log_config=log_config(settings.log_format, settings.log_level),
        access_log=False,  # the app logs each request itself, with its request id
        proxy_headers=False,
        timeout_graceful_shutdown=math.ceil(settings.shutdown_timeout_s),
    )


def _exit_zero(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


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
            report = seed_reference_data(session, min_confidence=settings.status_min_confidence)
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


@cli.command("config-reference")
def config_reference(
    write: Annotated[
        str | None,
        typer.Option(help="Replace the table between the settings markers in this file."),
    ] = None,
) -> None:
    """Print every setting (OREWATCH_* variable, default, meaning) as a markdown table."""
    from pathlib import Path

    from app import config_reference as reference

    if write is None:
        sys.stdout.write(reference.markdown_table())
        return
    changed = reference.write(Path(write))
    typer.echo(f"{write}: {'updated' if changed else 'already up to date'}")


enrichment_cli.register(cli)
cli_jobs.register(cli)
cli_review.register(cli)
cli_query.register(cli)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except ConfigurationError as exc:
        typer.echo(f"orewatch: invalid configuration: {exc}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
