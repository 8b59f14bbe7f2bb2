"""`orewatch citations`, `orewatch status ISO2 SLUG`, `orewatch history ISO2 SLUG`: the
answers an analyst asks most, as readable tables, from the local database or a server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from app.cli_support import DatabaseNotReadyError, local_sessions, pair_label, problem_detail

ApiOption = Annotated[
    str | None, typer.Option(help="Server base URL (default: the local database).")
]
KeyOption = Annotated[
    str | None, typer.Option(envvar="OREWATCH_API_KEY", help="API key, if the server wants one.")
]
LimitOption = Annotated[int, typer.Option(min=1, max=500, help="Rows to show.")]
PATHS = {
    "citations": "/v1/citations",
    "status": "/v1/countries/{iso2}/minerals/{slug}",
    "history": "/v1/countries/{iso2}/minerals/{slug}/history",
}


class QueryError(Exception):
    """The question cannot be answered; the message says why, plainly."""


def _local(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    from app.services import citations, status_views
    from app.services.errors import DomainError

    services: dict[str, Callable[..., Any]] = {
        "citations": citations.list_citations,
        "status": status_views.get_status,
        "history": status_views.list_history,
    }
    try:
        _engine, factory = local_sessions()
    except DatabaseNotReadyError as exc:
        raise QueryError(str(exc)) from exc
    with factory() as session:
        try:
            answer = services[operation](session, **params)
        except DomainError as exc:
            raise QueryError(exc.detail) from exc
    result: dict[str, Any] = answer.model_dump(mode="json")
    return result


def _remote(api: str, key: str | None, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    template = PATHS[operation]
    path = template.format(**params)
    query = {
        name: str(value)
        for name, value in params.items()
        if value is not None and f"{{{name}}}" not in template
    }
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        response = httpx.get(
            api.rstrip("/") + path, params=query, headers=headers, timeout=30, trust_env=False
        )
    except httpx.HTTPError as exc:
        raise QueryError(f"cannot reach the server: {type(exc).__name__}") from exc
    if not response.is_success:
        detail = problem_detail(response)
        raise QueryError(f"the server answered {response.status_code}: {detail}")
    body: dict[str, Any] = response.json()
    return body


def _ask(api: str | None, key: str | None, operation: str, **params: Any) -> dict[str, Any]:
    try:
        return _remote(api, key, operation, params) if api else _local(operation, params)
    except QueryError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def citations(
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 code.")] = None,
    mineral: Annotated[str | None, typer.Option(help="Mineral slug.")] = None,
    status: Annotated[str | None, typer.Option(help="Claim status.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Articles dated on or after (YYYY-MM-DD).")
    ] = None,
    limit: LimitOption = 20,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """The latest citations: who said what about which country and mineral, and where."""
    from app.claim_status import ClaimStatus

    if status is not None and status not in set(ClaimStatus):
        typer.echo(f"error: unknown status {status!r}; known: {', '.join(ClaimStatus)}", err=True)
        raise typer.Exit(1)
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        typer.echo(f"error: --since {since!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(1) from None
    page = _ask(
        api,
        key,
        "citations",
        country=country,
        mineral=mineral,
        status=status,
        since=day,
        outlet=None,
        cursor=None,
        limit=limit,
    )
    table = Table(title=f"Citations ({_shown(page['total'])} in all)", show_lines=True)
    for column in ("date", "pair", "status", "sentence", "article"):
        table.add_column(column, overflow="fold")
    for item in page["items"]:
        article = item["article"]
        where = article.get("url") or article.get("source_name") or f"article {article['id']}"
        table.add_row(
            item["dated_at"][:10],
            pair_label(item),
            item["status"],
            item["evidence"],
            f"{article.get('outlet') or ''} {where}".strip(),
        )
    Console().print(table)


def status(
    iso2: Annotated[str, typer.Argument(help="ISO alpha-2 code.")],
    slug: Annotated[str, typer.Argument(help="Mineral slug.")],
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """A country x mineral status record: each facet, what it follows, since when, why."""
    record = _ask(api, key, "status", iso2=iso2.upper(), slug=slug.lower())
    title = f"{record['country']['name']} x {record['mineral']['name']}"
    table = Table(title=title, show_lines=True)
    for column in ("facet", "value", "basis", "since", "as of", "reason", "latest evidence"):
        table.add_column(column, overflow="fold")
    for name, facet in record["facets"].items():
        evidence = facet["evidence"][0] if facet["evidence"] else {}
        said = evidence.get("sentence") or evidence.get("value_text") or ""
        table.add_row(
            name,
            _shown(facet["value"]),
            facet["basis"],
            facet.get("since") or "",
            facet["as_of"] or "",
            facet["reason"],
            said,
        )
    Console().print(table)


def history(
    iso2: Annotated[str, typer.Argument(help="ISO alpha-2 code.")],
    slug: Annotated[str, typer.Argument(help="Mineral slug.")],
    limit: LimitOption = 50,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """A country x mineral record's history, newest evidence first."""
    page = _ask(api, key, "history", iso2=iso2.upper(), slug=slug.lower(), cursor=None, limit=limit)
    table = Table(title=f"History of {iso2.upper()} x {slug.lower()} ({page['total']} changes)")
    for column in ("as of", "facet", "from", "to", "basis", "cause", "reason"):
        table.add_column(column, overflow="fold")
    for item in page["items"]:
        table.add_row(
            item["as_of"] or "",
            item["facet"],
            _shown(item["old_value"]),
            _shown(item["new_value"]),
            item["basis"],
            item["cause"],
            item["reason"],
        )
    Console().print(table)


def register(cli: typer.Typer) -> None:
    for command in (citations, status, history):
        cli.command()(command)
