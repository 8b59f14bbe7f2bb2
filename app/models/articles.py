"""Ingested articles, the durable job queue and hashed API keys."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, Text, text
from sqlmodel import Field, SQLModel

from app.models import base as _base  # noqa: F401  (installs the naming convention first)

ARTICLE_STATES = ("pending", "cleaned", "enriched", "failed", "duplicate")
JOB_STATES = ("queued", "running", "succeeded", "failed", "dead")


class Article(SQLModel, table=True):
    """A news article: what was submitted or fetched, its clean text, its enrichment state.

    Deduplication rests on three unique columns: the canonical URL, the hash of the
    normalised body and the (key-scoped) idempotency key; NULLs never collide.
    """

    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_outlet", "outlet", "id"),
        # Citations filter on lower(outlet): this index gives the planner the expression's
        # statistics and serves the filter (INCLUDE lets PostgreSQL answer it index-only).
        Index(
            "ix_article_outlet_lower",
            text("lower(outlet)"),
            "id",
            postgresql_include=["outlet"],
        ),
        Index("ix_article_state", "enrichment_state", "id"),
        Index("ix_article_ingested", "ingested_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = Field(default=None, max_length=2048, unique=True, description="Canonical URL")
    source_url: str | None = Field(
        default=None, max_length=2048, description="The URL as submitted"
    )
    source_name: str | None = Field(
        default=None,
        max_length=500,
        description="Where a text without a URL came from: a file name, an archive's label",
    )
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=300)
    published_at: datetime | None = None
    language: str | None = Field(default=None, max_length=16)
    content_type: str = Field(max_length=40, description="text/plain or text/html")
    raw_body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    clean_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    content_hash: str | None = Field(
        default=None, max_length=64, unique=True, description="SHA-256 of the normalised body"
    )
    ingested_at: datetime
    updated_at: datetime
    enrichment_state: str = Field(default="pending", max_length=20)
    extractor_version: str | None = Field(default=None, max_length=40)
    cited_sources: list[str] | None = Field(
        default=None,
        sa_column=Column(JSON, nullable=True),
        description="Sources the text attributes statements to, set by enrichment",
    )
    error: str | None = Field(default=None, max_length=1000)
    duplicate_of_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="SET NULL"), nullable=True),
    )
    idempotency_key: str | None = Field(default=None, max_length=300, unique=True)
    request_hash: str | None = Field(default=None, max_length=64)


class Job(SQLModel, table=True):
    """A durable unit of background work, claimed by workers under a lease."""

    __tablename__ = "job"
    __table_args__ = (
        # The claim query walks this index in order: unfinished jobs by due time.
        Index(
            "ix_job_due",
            "run_at",
            "id",
            postgresql_where=text("finished_at IS NULL"),
            sqlite_where=text("finished_at IS NULL"),
        ),
        Index("ix_job_kind", "kind", "state", "id"),
        Index("ix_job_article", "article_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=60)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="queued", max_length=12)
    attempts: int = Field(default=0)
    max_attempts: int = Field(default=5)
    run_at: datetime = Field(
        description="When the job is next due; while running, when its lease expires."
    )
    locked_until: datetime | None = None
    locked_by: str | None = Field(default=None, max_length=120)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    article_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=True),
    )
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None


class ApiKey(SQLModel, table=True):
    """An API key: only the SHA-256 of the secret is stored, never the secret itself."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    prefix: str = Field(max_length=16, description="Public part of the key, for listings")
    secret_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    revoked_at: datetime | None = None
