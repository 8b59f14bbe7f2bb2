"""`orewatch review ...`: the review queue, verdicts and the training export, on the local
database or a server (`--api`)."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Protocol

import httpx
import typer
from rich.console import Console
from rich.table import Table

from app.cli_support import DatabaseNotReadyError, local_sessions, pair_label, problem_detail
from app.settings import get_settings

review_app = typer.Typer(
    help="Review claims: the queue, confirm, reject, export verdicts for training.",
    no_args_is_help=True,
)
ApiOption = Annotated[
    str | None, typer.Option(help="Server base URL (default: the local database).")
]
KeyOption = Annotated[
    str | None, typer.Option(envvar="OREWATCH_API_KEY", help="API key (scope review) for --api.")
]


class Backend(Protocol):
    def queue(self, params: dict[str, Any]) -> dict[str, Any]: ...

    def review(self, claim_id: int, verdict: str, note: str | None) -> dict[str, Any]: ...


class ReviewRefusedError(Exception):
    """A verdict or a queue request was refused; the message says why, plainly."""


class LocalBackend:
    def __init__(self) -> None:
        self.settings = get_settings()
        try:
            _engine, self.factory = local_sessions(self.settings)
        except DatabaseNotReadyError as exc:
            raise ReviewRefusedError(str(exc)) from exc

    def queue(self, params: dict[str, Any]) -> dict[str, Any]:
        from app.services.errors import DomainError
        from app.services.reviews import list_claims

        with self.factory() as session:
            try:
                page = list_claims(
                    session,
                    cursor=None,
                    status_threshold=self.settings.status_min_confidence,
                    **params,
                )
            except DomainError as exc:
                raise ReviewRefusedError(exc.detail) from exc
        return page.model_dump(mode="json")

    def review(self, claim_id: int, verdict: str, note: str | None) -> dict[str, Any]:
        from app.claim_status import ReviewVerdict
        from app.db import transaction
        from app.services.errors import DomainError
        from app.services.reviews import ReviewerIdentity, review_claim

        reviewer = ReviewerIdentity(key_id=None, name=f"cli:{getpass.getuser()}")
        try:
            with transaction(self.factory) as session:
                detail = review_claim(
                    session,
                    claim_id,
                    ReviewVerdict(verdict),
                    note,
                    reviewer,
                    min_confidence=self.settings.status_min_confidence,
                )
        except DomainError as exc:
            raise ReviewRefusedError(exc.detail) from exc
        return detail.model_dump(mode="json")


class RemoteBackend:
    def __init__(self, api: str, key: str | None) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(
            base_url=api.rstrip("/"), headers=headers, timeout=30.0, trust_env=False
        )

    def _answer(self, response: httpx.Response) -> dict[str, Any]:
        if response.is_success:
            body: dict[str, Any] = response.json()
            return body
        detail = problem_detail(response)
        raise ReviewRefusedError(f"the server answered {response.status_code}: {detail}")

    def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        try:
            return self._answer(self.client.request(method, path, **options))
        except httpx.HTTPError as exc:
            raise ReviewRefusedError(f"cannot reach the server: {type(exc).__name__}") from exc

    def queue(self, params: dict[str, Any]) -> dict[str, Any]:
        wanted = {k: v for k, v in params.items() if v is not None}
        return self._call("GET", "/v1/claims", params=wanted)

    def review(self, claim_id: int, verdict: str, note: str | None) -> dict[str, Any]:
        body = {"verdict": verdict} | ({"note": note} if note else {})
        return self._call("POST", f"/v1/claims/{claim_id}/review", json=body)


def _backend(api: str | None, key: str | None) -> Backend:
    return RemoteBackend(api, key) if api else LocalBackend()


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _queue_table(page: dict[str, Any]) -> Table:
    table = Table(title=f"Review queue ({page['total']} claims)", show_lines=True)
    for column in ("id", "pair", "status", "conf.", "counts", "verdict", "sentence"):
        table.add_column(column, overflow="fold")
    for item in page["items"]:
        review = item.get("review") or {}
        table.add_row(
            str(item["id"]),
            pair_label(item),
            item["status"],
            f"{item['confidence']:.2f}",
            "yes" if item["counts"] else "no",
            review.get("verdict", "-"),
            item["evidence"],
        )
    return table


@review_app.command("queue")
def queue(
    review: Annotated[
        str | None, typer.Option(help="unreviewed, confirmed or rejected.")
    ] = "unreviewed",
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 code.")] = None,
    mineral: Annotated[str | None, typer.Option(help="Mineral slug.")] = None,
    status: Annotated[str | None, typer.Option(help="Claim status.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Claims to show.")] = 20,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """The next claims to review, those a status record follows first."""
    from app.claim_status import ClaimStatus

    if status is not None and status not in set(ClaimStatus):
        raise _fail(f"unknown status {status!r}; known: {', '.join(ClaimStatus)}")
    params = {
        "review": review,
        "country": country,
        "mineral": mineral,
        "status": status,
        "min_confidence": None,
        "max_confidence": None,
        "limit": limit,
    }
    try:
        page = _backend(api, key).queue(params)
    except ReviewRefusedError as exc:
        raise _fail(str(exc)) from exc
    Console().print(_queue_table(page))


def _verdict(
    claim_id: int, verdict: str, note: str | None, api: str | None, key: str | None
) -> None:
    try:
        claim = _backend(api, key).review(claim_id, verdict, note)
    except ReviewRefusedError as exc:
        raise _fail(str(exc)) from exc
    follows = "a status record follows it" if claim["counts"] else "no status record follows it"
    typer.echo(f"claim {claim_id} {verdict} (review {claim['review']['id']}); {follows}")


@review_app.command("confirm")
def confirm(
    claim_id: Annotated[int, typer.Argument(min=1, help="Claim id.")],
    note: Annotated[str | None, typer.Option(help="Why, for other reviewers.")] = None,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """Confirm a claim: its status record follows it whatever its confidence."""
    _verdict(claim_id, "confirmed", note, api, key)


@review_app.command("reject")
def reject(
    claim_id: Annotated[int, typer.Argument(min=1, help="Claim id.")],
    note: Annotated[str | None, typer.Option(help="Why, for other reviewers.")] = None,
    api: ApiOption = None,
    key: KeyOption = None,
) -> None:
    """Reject a claim: no status record rests on it any more."""
    _verdict(claim_id, "rejected", note, api, key)


@review_app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Corpus folder to write (raw/ and gold/).")],
    since: Annotated[
        str | None, typer.Option(help="Only verdicts given on or after this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write the reviewed claims of the local database as training examples."""
    from app.services.review_export import export_reviews

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise _fail(f"--since {since!r} is not a date (YYYY-MM-DD)") from exc
    try:
        _engine, factory = local_sessions()
    except DatabaseNotReadyError as exc:
        raise _fail(str(exc)) from exc
    with factory() as session:
        report = export_reviews(session, folder, since=day)
    typer.echo(
        f"wrote {report.articles} article(s) to {folder}: {report.confirmed} confirmed, "
        f"{report.rejected} rejected claim(s); train with "
        f"`python scripts/train_confidence.py CORPUS {folder}`"
    )


def register(cli: typer.Typer) -> None:
    cli.add_typer(review_app, name="review")
