"""Request and response schemas of feed sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.schemas.common import NO_NUL_PATTERN, ApiModel, Page, no_nul
from app.url_credentials import HTTP_URL_PATTERN, refuse_userinfo

POLL_KIND = "poll_feed"
MIN_POLL_INTERVAL_S = 60
MAX_POLL_INTERVAL_S = 7 * 86_400
DEFAULT_POLL_INTERVAL_S = 900
MAX_FEED_URL_CHARS = 2048

_SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "feed_url": "https://example.com/minerals/feed.xml",
    "title": "Example News: minerals",
    "outlet": "Example News",
    "poll_interval_s": 900,
    "paused": False,
    "created_at": "2026-11-28T12:00:00Z",
    "updated_at": "2026-11-28T12:15:00Z",
    "next_poll_at": "2026-11-28T12:30:00Z",
    "last_polled_at": "2026-11-28T12:15:00Z",
    "last_success_at": "2026-11-28T12:15:00Z",
    "last_error": None,
    "consecutive_failures": 0,
    "entries_seen": 42,
    "articles_created": 40,
    "entries_skipped": 1,
    "polling_job_id": 118,
}


@dataclass(frozen=True, slots=True)
class PolledEntry:
    """One feed entry as a poll job's `prepare` hands it to its handler (JSON-safe)."""

    key: str
    link: str | None
    title: str | None
    published_at: str | None
    html: str | None
    text: str | None


class SourceCreate(BaseModel):
    """A feed to poll: an RSS or Atom URL and how often to poll it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "feed_url": "https://example.com/minerals/feed.xml",
                    "poll_interval_s": 900,
                    "outlet": "Example News",
                }
            ]
        },
    )

    feed_url: str = Field(
        min_length=8,
        max_length=MAX_FEED_URL_CHARS,
        pattern=HTTP_URL_PATTERN,
        description=(
            "http(s) URL of an RSS 2.0 or Atom feed, without credentials "
            "(`user:password@` is a 422)."
        ),
    )
    poll_interval_s: int = Field(
        default=DEFAULT_POLL_INTERVAL_S,
        ge=MIN_POLL_INTERVAL_S,
        le=MAX_POLL_INTERVAL_S,
        description=f"Seconds between polls ({MIN_POLL_INTERVAL_S} to {MAX_POLL_INTERVAL_S}).",
    )
    title: str | None = Field(
        default=None,
        max_length=300,
        pattern=NO_NUL_PATTERN,
        description="A name; the feed's own title otherwise.",
    )
    outlet: str | None = Field(
        default=None,
        max_length=200,
        pattern=NO_NUL_PATTERN,
        description="Outlet recorded on the articles; the feed's title otherwise.",
    )

    @field_validator("feed_url", "title", "outlet", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # Before the pattern (which says the same), so the message names the character.
        return no_nul(value) if isinstance(value, str) else value

    @field_validator("feed_url", mode="before")
    @classmethod
    def _no_credentials(cls, value: Any) -> Any:
        # Sources are readable by anyone: a feed URL's password would be served to them.
        # Before the pattern (which says the same), so the message says why.
        return refuse_userinfo(value) if isinstance(value, str) else value


class SourceRead(ApiModel):
    """A feed source and where its polling stands."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SOURCE_EXAMPLE]})

    id: int
    feed_url: str = Field(description="Canonical feed URL (lower-case host, no tracking).")
    title: str | None
    outlet: str | None
    poll_interval_s: int = Field(description="Seconds between polls.")
    paused: bool = Field(description="A paused source is not polled until resumed.")
    created_at: datetime
    updated_at: datetime
    next_poll_at: datetime | None = Field(description="When the next poll is due (null: paused).")
    last_polled_at: datetime | None = Field(description="When the feed was last fetched.")
    last_success_at: datetime | None = Field(description="Last poll that read the feed.")
    last_error: str | None = Field(description="Why the last poll failed, when it did.")
    consecutive_failures: int = Field(description="Failed polls since the last success.")
    entries_seen: int = Field(description="Distinct entries the feed has delivered.")
    articles_created: int = Field(description="Entries that became new articles.")
    entries_skipped: int = Field(
        description=(
            "Entries that could not be stored as articles (a NUL character, an invalid link "
            "or value) and were skipped; each is counted once, and also in entries_seen."
        )
    )
    polling_job_id: int | None = Field(description="The source's pending poll_feed job.")


class SourcePage(Page[SourceRead]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_SOURCE_EXAMPLE], "next_cursor": None, "total": 1}]
        }
    )
