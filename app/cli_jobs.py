"""`orewatch worker` and `orewatch keys ...`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.settings import get_settings

keys_app = typer.Typer(
    help="API keys: create (secret shown once), list, revoke.", no_args_is_help=True
)


def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=64, help="Threads (default: worker_concurrency or 1).")
    ] = None,
) -> None:
    """Run a job worker until SIGTERM/SIGINT; it then finishes or releases its current job."""
    from app.jobs.service import run_worker_process
    from app.logging_config import configure_logging
    from app.services.readiness import enrichment_problem

    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    problem = enrichment_problem()
    if problem is not None:  # every article job would fail: refuse to start instead
        typer.echo(f"orewatch worker: not starting: {problem}", err=True)
        raise typer.Exit(1)
    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        import app.metrics  # noqa: F401  (registers the worker's metrics)

        start_http_server(settings.worker_metrics_port, addr=settings.host)
    threads = concurrency or max(1, settings.worker_concurrency)
    raise typer.Exit(run_worker_process(settings, threads, settings.worker_shutdown_grace_s))


def _factory() -> sessionmaker[Session]:
    from app.db import create_db_engine, make_session_factory

    return make_session_factory(create_db_engine(get_settings()))


@keys_app.command("create")
def keys_create(
    scope: Annotated[
        list[str], typer.Option("--scope", "-s", help="read, ingest, review or admin (repeatable).")
    ],
    name: Annotated[str, typer.Option(help="What the key is for.")] = "unnamed",
) -> None:
    """Create a key and print its secret (once: only its hash is stored)."""
    from app.db import transaction
    from app.services.keys import create_key

    scopes = [part.strip() for value in scope for part in value.split(",") if part.strip()]
    try:
        with transaction(_factory()) as session:
            key, secret = create_key(session, name, scopes)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"created key {key.id} ({key.prefix}, scopes: {','.join(key.scopes)})", err=True)
    typer.echo(secret)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (id, prefix, name, scopes, created, revoked); never secrets."""
    from app.services.keys import list_keys

    with _factory()() as session:
        rows = list_keys(session)
    for key in rows:
        revoked = key.revoked_at.isoformat() if key.revoked_at else "active"
        typer.echo(
            f"{key.id}\t{key.prefix}\t{key.name}\t{','.join(key.scopes)}\t"
            f"{key.created_at.isoformat()}\t{revoked}"
        )


@keys_app.command("revoke")
def keys_revoke(
    ident: Annotated[str, typer.Argument(help="Key id or prefix (ow_xxxxxxxx).")],
) -> None:
    """Revoke a key: it stops working at once."""
    from app.db import transaction
    from app.services.errors import NotFoundError
    from app.services.keys import revoke_key

    try:
        with transaction(_factory()) as session:
            key = revoke_key(session, ident)
    except NotFoundError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"revoked key {key.id} ({key.prefix})")


@keys_app.command("bootstrap")
def keys_bootstrap(
    file: Annotated[Path, typer.Option(help="Where to write the first key (mode 600).")] = Path(
        "var/api-key"
    ),
) -> None:
    """First run only: when no active key exists, create an ingest+admin key and save it."""
    from app.db import transaction
    from app.services.keys import create_key, has_active_key

    with transaction(_factory()) as session:
        if has_active_key(session):
            typer.echo("an API key already exists; `orewatch keys create` makes more", err=True)
            return
        _key, secret = create_key(session, "first key (make run)", ["admin", "ingest"])
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    typer.echo(f"Your first API key (scopes admin, ingest), also saved in {file}:\n  {secret}")


def register(cli: typer.Typer) -> None:
    from app.cli_ingest import ingest

    cli.command()(worker)
    cli.command()(ingest)
    cli.add_typer(keys_app, name="keys")
