"""Request and response schemas of articles, jobs and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.schemas.citations import ArticleClaim, ArticleMention
from app.schemas.common import NO_NUL_PATTERN, ApiModel, IsoDatetime, Page, no_nul
from app.url_credentials import HTTP_URL_PATTERN, refuse_userinfo

MAX_TEXT_CHARS = 1_000_000
MAX_URL_CHARS = 2048

ArticleState = Literal["pending", "cleaned", "enriched", "failed", "duplicate"]
JobState = Literal["queued", "running", "succeeded", "failed", "dead"]
Scope = Literal["read", "ingest", "review", "admin"]

_ARTICLE_EXAMPLE: dict[str, Any] = {
    "id": 12,
    "url": "https://example.com/news/gallium-export-ban",
    "source_url": "https://example.com/news/gallium-export-ban?utm_source=x",
    "source_name": None,
    "outlet": "Example News",
    "title": "China bans gallium exports to the US",
    "author": None,
    "published_at": "2024-12-03T00:00:00Z",
    "language": None,
    "content_type": "text/html",
    "content_hash": "9f2c...e1",
    "ingested_at": "2026-11-28T12:00:00Z",
    "updated_at": "2026-11-28T12:00:01Z",
    "enrichment_state": "cleaned",
    "extractor_version": None,
    "error": None,
    "duplicate_of_id": None,
}
_JOB_EXAMPLE: dict[str, Any] = {
    "id": 40,
    "kind": "enrich_article",
    "state": "queued",
    "article_id": 12,
    "payload": {"article_id": 12},
    "attempts": 0,
    "max_attempts": 5,
    "run_at": "2026-11-28T12:00:00Z",
    "locked_until": None,
    "locked_by": None,
    "last_error": None,
    "created_at": "2026-11-28T12:00:00Z",
    "updated_at": "2026-11-28T12:00:00Z",
    "finished_at": None,
}


class ArticleCreate(BaseModel):
    """An article to ingest: exactly one of `text`, `html` or `url`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Ukraine does not produce rare earths and has not done so ...",
                    "title": "Does Ukraine have rare earths?",
                    "outlet": "Example News",
                    "published_at": "2025-02-20T00:00:00Z",
                    "source_url": "https://example.com/ukraine-rare-earths",
                },
                {"url": "https://example.com/news/gallium-export-ban"},
            ]
        },
    )

    text: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=NO_NUL_PATTERN,
        description="Plain text body.",
    )
    html: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=NO_NUL_PATTERN,
        description="HTML page.",
    )
    url: str | None = Field(
        default=None,
        min_length=8,
        max_length=MAX_URL_CHARS,
        pattern=HTTP_URL_PATTERN,
        description=(
            "http(s) URL the worker fetches (text/html or text/plain only); "
            "without credentials (`user:password@` is a 422)."
        ),
    )
    title: str | None = Field(default=None, max_length=1000, pattern=NO_NUL_PATTERN)
    outlet: str | None = Field(default=None, max_length=200, pattern=NO_NUL_PATTERN)
    published_at: IsoDatetime | None = Field(
        default=None, description="ISO 8601; without an offset it is taken as UTC."
    )
    source_url: str | None = Field(
        default=None,
        max_length=MAX_URL_CHARS,
        pattern=HTTP_URL_PATTERN,
        description=(
            "Where `text` or `html` came from (used for deduplication); "
            "without credentials (`user:password@` is a 422)."
        ),
    )

    source_name: str | None = Field(
        default=None,
        max_length=500,
        pattern=NO_NUL_PATTERN,
        description="Where `text` or `html` came from when it has no URL: a file name, an "
        "archive's label. Shown with the article's citations; `orewatch ingest` sets it to "
        "the file's path.",
        examples=["archive/2025-02/ukraine-rare-earths.txt"],
    )

    @field_validator(
        "text", "html", "url", "title", "outlet", "source_url", "source_name", mode="before"
    )
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # Before the pattern (which says the same), so the message names the character.
        return no_nul(value) if isinstance(value, str) else value

    @field_validator("url", "source_url", mode="before")
    @classmethod
    def _no_credentials(cls, value: Any) -> Any:
        # A password in a URL would be stored, put in the job payload and served to every
        # reader: refused, naming the field. Before the pattern (which says the same), so
        # the message says why.
        return refuse_userinfo(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _exactly_one_body(self) -> ArticleCreate:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class ArticleRead(ApiModel):
    """An ingested article without its bodies."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ARTICLE_EXAMPLE]})

    id: int
    url: str | None = Field(description="Canonical URL (lower-case host, no tracking).")
    source_url: str | None = Field(description="The URL as submitted.")
    source_name: str | None = Field(
        description="Where a text without a URL came from (a file name, say), as submitted."
    )
    outlet: str | None
    title: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    content_type: str = Field(description="text/plain or text/html.")
    content_hash: str | None = Field(description="SHA-256 of the normalised body.")
    ingested_at: datetime
    updated_at: datetime
    enrichment_state: ArticleState
    extractor_version: str | None
    error: str | None = Field(description="Why ingestion failed, when it did.")
    duplicate_of_id: int | None = Field(
        description="For a fetched page whose body was already stored: that article."
    )


class ArticleDetail(ArticleRead):
    """An article with its clean text."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {**_ARTICLE_EXAMPLE, "clean_text": "China ...", "cited_sources": ["Reuters"]}
            ]
        }
    )

    clean_text: str | None = Field(description="Main text, page chrome removed.")
    cited_sources: list[str] = Field(
        default_factory=list,
        description='Sources the article attributes its statements to ("according to '
        'Foreign Policy", "Reuters reported"), in order of first appearance; empty '
        "until the article is enriched.",
    )
    mentions: list[ArticleMention] = Field(
        default_factory=list, description="Countries and minerals the text names."
    )

    @field_validator("cited_sources", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    claims: list[ArticleClaim] = Field(
        default_factory=list, description="Status claims, each with its evidence sentence."
    )


class ArticlePage(Page[ArticleRead]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_ARTICLE_EXAMPLE], "next_cursor": None, "total": 1}]
        }
    )


class JobRead(ApiModel):
    """A background job and where it stands."""

    model_config = ConfigDict(json_schema_extra={"examples": [_JOB_EXAMPLE]})

    id: int
    kind: str
    state: JobState
    article_id: int | None
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    run_at: datetime = Field(description="When the job is (next) due.")
    locked_until: datetime | None = Field(description="Lease expiry while running.")
    locked_by: str | None = Field(description="Worker holding the lease.")
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobPage(Page[JobRead]):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_JOB_EXAMPLE], "next_cursor": None, "total": 1}]}
    )


class ArticleIngestResult(ApiModel):
    """The outcome of POST /v1/articles."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"created": True, "article": _ARTICLE_EXAMPLE, "job": _JOB_EXAMPLE}]
        }
    )

    created: bool = Field(description="False when the article was a duplicate or a replay.")
    article: ArticleRead
    job: JobRead | None = Field(description="The article's enrichment job.")
