"""`orewatch ingest PATH|URL ...`: bulk ingestion, locally or against a remote server, and
with `--wait` until every new article is enriched."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.article_files import ArticleFile, expand, read
from app.cli_submitters import Enrichment, KeyRefusedError, Submitter, local, remote

POLL_S = 0.5  # how often --wait asks a server again; never a correctness bound


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    field: str  # text, html or url
    file: ArticleFile | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    status: str  # created, duplicate, failed; refused (the key) or skipped (not sent after)
    detail: str = ""
    article_id: int | None = None


def collect(targets: list[str]) -> tuple[list[Item], list[Outcome]]:
    """http(s) URLs, and the article files of app.article_files (the same rule and
    messages as `orewatch extract`); what it refuses are failures."""
    urls = [Item(t, "url") for t in targets if t.lower().startswith(("http://", "https://"))]
    paths = [Path(t) for t in targets if not t.lower().startswith(("http://", "https://"))]
    files, refused = expand(paths)
    items = urls + [Item(str(f.path), f.field, f) for f in files]
    bad = [Outcome(Item(r.target, "file"), "failed", r.reason) for r in refused]
    return items, bad


def payload(item: Item, outlet: str | None) -> dict[str, Any]:
    """The POST /v1/articles body of an item; a file keeps its path as the source name."""
    if item.file is None:
        body: dict[str, Any] = {"url": item.label}
    else:
        body = {item.field: read(item.file), "source_name": item.label}
    if outlet:
        body["outlet"] = outlet
    return body


class _Run:
    """Submits items in parallel; once the server refuses the key, sends nothing more."""

    def __init__(self, submitter: Submitter, outlet: str | None) -> None:
        self.submitter = submitter
        self.outlet = outlet
        self.refused = threading.Event()
        self.refusal = ""

    def submit(self, item: Item) -> Outcome:
        if self.refused.is_set():
            return Outcome(item, "skipped")
        try:
            answer = self.submitter.submit(lambda: payload(item, self.outlet))
        except KeyRefusedError as exc:
            self.refusal = str(exc)
            self.refused.set()
            return Outcome(item, "refused", str(exc))
        return Outcome(item, answer.status, answer.detail, answer.article_id)


def run(items: list[Item], work: _Run, concurrency: int, console: Console) -> Iterator[Outcome]:
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        Progress(*columns, console=console) as progress,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        task = progress.add_task("ingest", total=len(items))
        for outcome in pool.map(work.submit, items):
            progress.advance(task)
            yield outcome


def wait_for(
    submitter: Submitter, article_ids: list[int], timeout: float
) -> dict[int, Enrichment | None]:
    """Each article's finished enrichment, or None if it was still pending at `timeout`."""
    results: dict[int, Enrichment | None] = dict.fromkeys(article_ids)
    pending = set(article_ids)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for article_id in sorted(pending):
            finished = submitter.enrichment(article_id)
            if finished is not None:
                results[article_id] = finished
                pending.discard(article_id)
        if pending and not submitter.work():
            time.sleep(POLL_S)
    return results


def _report_submissions(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        label = outcome.item.label
        if outcome.status == "created":
            typer.echo(f"created article {outcome.article_id}: {label}")
        elif outcome.status == "duplicate":
            typer.echo(f"duplicate of article {outcome.article_id} ({outcome.detail}): {label}")
        elif outcome.status == "failed":
            typer.echo(f"failed: {label}: {outcome.detail}", err=True)


def _report_enrichment(outcomes: list[Outcome], results: dict[int, Enrichment | None]) -> bool:
    """Prints each article's enrichment; True when every one was enriched."""
    labels = {o.article_id: o.item.label for o in outcomes if o.article_id is not None}
    counts: Counter[str] = Counter()
    claims = 0
    for article_id, finished in results.items():
        label = labels.get(article_id, "")
        if finished is None:
            counts["still pending"] += 1
            typer.echo(f"article {article_id}: still pending: {label}", err=True)
        elif finished.state == "enriched":
            counts["enriched"] += 1
            claims += finished.claims
            typer.echo(f"article {article_id}: enriched, {finished.claims} claim(s): {label}")
        else:
            counts["enrichment failed"] += 1
            typer.echo(
                f"article {article_id}: {finished.state}: {finished.error}: {label}", err=True
            )
    typer.echo(
        f"enriched: {counts['enriched']} ({claims} claims), enrichment failed: "
        f"{counts['enrichment failed']}, still pending: {counts['still pending']}"
    )
    return counts["enriched"] == len(results)


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
    wait: Annotated[
        bool,
        typer.Option(
            "--wait",
            help="Wait until every new article is enriched and print its claim count (locally "
            "the queued jobs run in this process).",
        ),
    ] = False,
    wait_timeout: Annotated[
        float, typer.Option(min=1, help="How long --wait waits in all, in seconds.")
    ] = 600.0,
) -> None:
    """Ingest .txt and .html files, folders (recursively) and URLs, with a progress bar."""
    console = Console(stderr=True)
    if api and not key:
        typer.echo("error: --api needs --key (or OREWATCH_API_KEY)", err=True)
        raise typer.Exit(2)
    items, outcomes = collect(targets)
    try:
        submitter = remote(api, key or "", timeout) if api else local()
    except KeyRefusedError as exc:  # the local database is not usable
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    work = _Run(submitter, outlet)
    outcomes += list(run(items, work, concurrency, console))
    _report_submissions(outcomes)
    counts = Counter(o.status for o in outcomes)
    typer.echo(
        f"created: {counts['created']}, duplicate: {counts['duplicate']}, "
        f"failed: {counts['failed']}"
    )
    if work.refused.is_set():
        typer.echo(
            f"error: the server refused the key: {work.refusal}; {counts['skipped']} item(s) "
            "not sent",
            err=True,
        )
        raise typer.Exit(1)
    created = [o.article_id for o in outcomes if o.status == "created" and o.article_id]
    enriched = True
    if wait and created:
        enriched = _report_enrichment(outcomes, wait_for(submitter, created, wait_timeout))
    elif not api and counts["created"]:
        typer.echo(
            "queued jobs run in `orewatch serve` or `orewatch worker` (or use --wait)", err=True
        )
    if counts["failed"] or not enriched:
        raise typer.Exit(1)
