"""`orewatch ingest PATH|URL ...`: bulk ingestion, locally or against a remote server."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.article_files import ArticleFile, ArticleFileError, expand, read
from app.settings import get_settings


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    field: str  # text, html or url
    file: ArticleFile | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    status: str  # created, duplicate or failed
    detail: str = ""


def collect(targets: list[str]) -> tuple[list[Item], list[Outcome]]:
    """http(s) URLs, and the article files of app.article_files (the same rule and
    messages as `orewatch extract`); what it refuses are failures."""
    urls = [Item(t, "url") for t in targets if t.lower().startswith(("http://", "https://"))]
    paths = [Path(t) for t in targets if not t.lower().startswith(("http://", "https://"))]
    files, refused = expand(paths)
    items = urls + [Item(str(f.path), f.field, f) for f in files]
    bad = [Outcome(Item(r.target, "file"), "failed", r.reason) for r in refused]
    return items, bad


def _payload(item: Item, outlet: str | None) -> dict[str, Any]:
    if item.file is None:
        body: dict[str, Any] = {"url": item.label}
    else:
        body = {item.field: read(item.file)}
    if outlet:
        body["outlet"] = outlet
    return body


def _local_submitter() -> Callable[[Item, str | None], Outcome]:
    from app.db import create_db_engine, make_session_factory
    from app.schemas.articles import ArticleCreate
    from app.services.errors import DomainError
    from app.services.ingest import ingest_article
    from app.services.migrations import schema_problem

    settings = get_settings()
    engine = create_db_engine(settings)
    problem = schema_problem(engine)
    if problem is not None:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1)
    factory = make_session_factory(engine)

    def submit(item: Item, outlet: str | None) -> Outcome:
        try:
            request = ArticleCreate.model_validate(_payload(item, outlet))
            result = ingest_article(factory, request, max_attempts=settings.job_max_attempts)
        except ArticleFileError as exc:
            return Outcome(item, "failed", str(exc))
        except ValidationError as exc:
            return Outcome(item, "failed", exc.errors()[0]["msg"])
        except DomainError as exc:
            return Outcome(item, "failed", exc.detail)
        return Outcome(item, "created" if result.created else "duplicate")

    return submit


def _remote_submitter(api: str, key: str, timeout: float) -> Callable[[Item, str | None], Outcome]:
    client = httpx.Client(
        base_url=api.rstrip("/"),
        headers={"Authorization": f"Bearer {key}"},
        timeout=timeout,
        trust_env=False,
    )

    def submit(item: Item, outlet: str | None) -> Outcome:
        try:
            response = client.post("/v1/articles", json=_payload(item, outlet))
        except ArticleFileError as exc:
            return Outcome(item, "failed", str(exc))
        except httpx.HTTPError as exc:
            return Outcome(item, "failed", f"request failed: {type(exc).__name__}")
        if response.status_code == 202:
            return Outcome(item, "created")
        if response.status_code == 200:
            return Outcome(item, "duplicate")
        try:
            detail = str(response.json().get("detail", ""))
        except ValueError:
            detail = response.text[:200]
        return Outcome(item, "failed", f"{response.status_code}: {detail}")

    return submit


def run(
    items: list[Item],
    submit: Callable[[Item, str | None], Outcome],
    outlet: str | None,
    concurrency: int,
    console: Console,
) -> Iterator[Outcome]:
    columns = (
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with (
        Progress(*columns, console=console) as progress,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        task = progress.add_task("ingest", total=len(items))
        for outcome in pool.map(lambda item: submit(item, outlet), items):
            progress.advance(task)
            yield outcome


def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    api: Annotated[
        str | None, typer.Option(help="Remote server base URL (default: the local database).")
    ] = None,
    key: Annotated[
        str | None, typer.Option(envvar="OREWATCH_API_KEY", help="API key for --api.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every item.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Parallel submissions.")] = 4,
    timeout: Annotated[float, typer.Option(min=1, help="Per-request timeout (--api).")] = 30.0,
) -> None:
    """Ingest .txt and .html files, folders (recursively) and URLs, with a progress bar."""
    console = Console(stderr=True)
    if api and not key:
        typer.echo("error: --api needs --key (or OREWATCH_API_KEY)", err=True)
        raise typer.Exit(2)
    items, outcomes = collect(targets)
    submit = _remote_submitter(api, key or "", timeout) if api else _local_submitter()
    outcomes += list(run(items, submit, outlet, concurrency, console))
    counts = Counter(o.status for o in outcomes)
    for outcome in outcomes:
        if outcome.status == "failed":
            typer.echo(f"failed: {outcome.item.label}: {outcome.detail}", err=True)
    typer.echo(
        f"created: {counts['created']}, duplicate: {counts['duplicate']}, "
        f"failed: {counts['failed']}"
    )
    if not api and counts["created"]:
        typer.echo("queued jobs run in `orewatch serve` or `orewatch worker`", err=True)
    if counts["failed"]:
        raise typer.Exit(1)
