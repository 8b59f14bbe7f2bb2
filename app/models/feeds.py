"""Feed sources (RSS/Atom) polled by the workers, and the entries each has seen."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models import base as _base  # noqa: F401  (installs the naming convention first)


class FeedSource(SQLModel, table=True):
    """An RSS or Atom feed and where its polling stands.

    `polling_job_id` points at the one unfinished `poll_feed` job of the source (NULL while
    paused). It is set in the same transaction as that job is enqueued, and a poll job
    does its work only while the source still points at it, under the source's row lock:
    so at most one poller per source runs, whatever the number of workers. It is unique:
    a job polls at most one source.
    """

    __tablename__ = "feed_source"

    id: int | None = Field(default=None, primary_key=True)
    feed_url: str = Field(max_length=2048, unique=True, description="Canonical feed URL")
    title: str | None = Field(default=None, max_length=300)
    outlet: str | None = Field(default=None, max_length=200)
    poll_interval_s: int
    paused: bool = Field(default=False)
    created_at: datetime
    updated_at: datetime
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    consecutive_failures: int = Field(default=0)
    entries_seen: int = Field(default=0)
    articles_created: int = Field(default=0)
    entries_skipped: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    polling_job_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("job.id", ondelete="SET NULL"), nullable=True, unique=True
        ),
    )


class FeedEntry(SQLModel, table=True):
    """An entry a source has delivered: a repeated entry is recognised and skipped."""

    __tablename__ = "feed_entry"
    __table_args__ = (UniqueConstraint("source_id", "entry_key"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("feed_source.id", ondelete="CASCADE"), nullable=False)
    )
    entry_key: str = Field(max_length=64, description="SHA-256 of the entry's id or link")
    article_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="SET NULL"), nullable=True),
    )
    first_seen_at: datetime
