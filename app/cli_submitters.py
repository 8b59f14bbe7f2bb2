"""Where `orewatch ingest` sends articles: the local database, or a server's API; and how
it learns that they are enriched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from pydantic import ValidationError

from app.article_files import ArticleFileError
from app.cli_support import DatabaseNotReadyError, local_sessions, problem_detail
from app.settings import get_settings

FINISHED = ("enriched", "failed", "duplicate")
Payload = Callable[[], dict[str, Any]]


class KeyRefusedError(Exception):
    """The server refused the key (401 or 403), or the local database is unusable: every
    further request would fail the same way, so the run stops."""


@dataclass(frozen=True, slots=True)
class Submitted:
    status: str  # created, duplicate or failed
    detail: str = ""
    article_id: int | None = None


@dataclass(frozen=True, slots=True)
class Enrichment:
    state: str  # enriched, failed or duplicate
    claims: int
    error: str | None


class Submitter(Protocol):
    def submit(self, payload: Payload) -> Submitted: ...

    def enrichment(self, article_id: int) -> Enrichment | None:
        """The article's finished enrichment, or None while it is pending."""

    def work(self) -> bool:
        """Run due jobs here once (locally); True when one ran."""


def plain(error: ValidationError) -> str:
    """A request validation error as a sentence, without pydantic's wording."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


class LocalSubmitter:
    def __init__(self) -> None:
        from app.jobs import registry, runtime
        from app.jobs.worker import Worker, config_from_settings

        self.settings = get_settings()
        try:
            _engine, self.factory = local_sessions(self.settings)
        except DatabaseNotReadyError as exc:
            raise KeyRefusedError(str(exc)) from exc
        runtime.configure(self.settings)
        registry.load_modules(self.settings.job_handler_modules)
        self.worker = Worker(self.factory, config_from_settings(self.settings, 1))

    def submit(self, payload: Payload) -> Submitted:
        from app.schemas.articles import ArticleCreate
        from app.services.errors import DomainError
        from app.services.ingest import ingest_article

        try:
            request = ArticleCreate.model_validate(payload())
            result = ingest_article(
                self.factory, request, max_attempts=self.settings.job_max_attempts
            )
        except ArticleFileError as exc:
            return Submitted("failed", str(exc))
        except ValidationError as exc:
            return Submitted("failed", plain(exc))
        except DomainError as exc:
            return Submitted("failed", exc.detail)
        if result.created:
            return Submitted("created", article_id=result.article.id)
        return Submitted("duplicate", _same(result.reason), result.article.id)

    def enrichment(self, article_id: int) -> Enrichment | None:
        from app.models import Article
        from app.repositories.citations import count_claims_of_article

        # Polled until done: the state and a count, not the article with its text.
        with self.factory() as session:
            article = session.get(Article, article_id)
            if article is None or article.enrichment_state not in FINISHED:
                return None
            claims = count_claims_of_article(session, article_id)
            return Enrichment(article.enrichment_state, claims, article.error)

    def work(self) -> bool:
        return self.worker.run_once()


def _same(reason: str | None) -> str:
    return {
        "url": "same canonical URL",
        "content": "same text",
        "idempotency": "same Idempotency-Key",
    }.get(reason or "", "already stored")


class RemoteSubmitter:
    def __init__(self, api: str, key: str, timeout: float) -> None:
        self.client = httpx.Client(
            base_url=api.rstrip("/"),
            headers={"Authorization": f"Bearer {key}"},
            timeout=timeout,
            trust_env=False,
        )

    def submit(self, payload: Payload) -> Submitted:
        try:
            response = self.client.post("/v1/articles", json=payload())
        except ArticleFileError as exc:
            return Submitted("failed", str(exc))
        except httpx.HTTPError as exc:
            return Submitted("failed", f"the server could not be reached ({type(exc).__name__})")
        if response.status_code in (401, 403):
            raise KeyRefusedError(f"{response.status_code} {problem_detail(response)}")
        if response.status_code in (200, 202):
            body = response.json()
            article_id = int(body["article"]["id"])
            if response.status_code == 202:
                return Submitted("created", article_id=article_id)
            reason = response.headers.get("Orewatch-Duplicate-Of")
            return Submitted("duplicate", _same(reason), article_id)
        return Submitted("failed", f"{response.status_code}: {problem_detail(response)}")

    def enrichment(self, article_id: int) -> Enrichment | None:
        try:
            response = self.client.get(f"/v1/articles/{article_id}")
        except httpx.HTTPError:
            return None  # asked again on the next round
        if not response.is_success:
            return None
        body = response.json()
        if body["enrichment_state"] not in FINISHED:
            return None
        return Enrichment(body["enrichment_state"], len(body.get("claims", [])), body["error"])

    def work(self) -> bool:
        return False  # the server's workers do it


def local() -> Submitter:
    return LocalSubmitter()


def remote(api: str, key: str, timeout: float) -> Submitter:
    return RemoteSubmitter(api, key, timeout)
