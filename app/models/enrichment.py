"""What enrichment derives from an article: mentions, claims (citations), status records."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from app.claim_status import ClaimStatus


class ClaimStatusType(TypeDecorator[ClaimStatus]):
    """A claim status stored as its plain string: adding a status needs no migration of a
    database enum type, and a value outside the vocabulary is refused before it is written."""

    impl = String(20)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else ClaimStatus(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> ClaimStatus | None:
        return None if value is None else ClaimStatus(value)


class Mention(SQLModel, table=True):
    """An article mentions a country or a mineral `count` times."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("article_id", "entity_kind", "entity_key"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    entity_kind: str = Field(max_length=10, description="country or mineral")
    entity_key: str = Field(max_length=40, description="ISO alpha-2 code or mineral slug")
    name: str = Field(max_length=120)
    count: int
    first_start: int
    first_end: int


class Claim(SQLModel, table=True):
    """A status claim with its verbatim evidence sentence: the citation of a record."""

    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_article", "article_id"),
        Index("ix_claim_pair", "country_iso2", "mineral_slug", "status"),
        Index("ix_claim_status_dated", "status", "dated_at", "id"),
        Index("ix_claim_dated", "dated_at", "id"),
        # Citations of one country or one mineral, newest first, read in index order.
        Index("ix_claim_country_dated", "country_iso2", "dated_at", "id"),
        Index("ix_claim_mineral_dated", "mineral_slug", "dated_at", "id"),
        Index("ix_claim_review_queue", "review_verdict", "confidence", "id"),
        # Ids are never reused (SQLite would hand a deleted last id out again): a review or
        # a client that names a claim replaced by a re-enrichment must not reach another.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    country_iso2: str = Field(foreign_key="country.iso2", max_length=2)
    mineral_slug: str | None = Field(default=None, foreign_key="mineral.slug", max_length=40)
    status: ClaimStatus = Field(sa_column=Column(ClaimStatusType(), nullable=False))
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    confidence: float
    extractor_version: str = Field(max_length=20)
    dated_at: datetime = Field(
        description="The article's publication time, or its ingestion time when unknown"
    )
    review_verdict: str | None = Field(
        default=None, max_length=10, description="The latest review's verdict, if any"
    )
    review_id: int | None = Field(default=None, description="The latest review, if any")


class StatusRecord(SQLModel, table=True):
    """The current, derived view of one country x mineral; never typed by hand."""

    __tablename__ = "status_record"
    __table_args__ = (
        Index("ix_status_record_mineral", "mineral_slug", "production_state"),
        Index("ix_status_record_flags", "mineral_slug", "export_restricted", "disrupted"),
    )

    country_iso2: str = Field(foreign_key="country.iso2", primary_key=True, max_length=2)
    mineral_slug: str = Field(foreign_key="mineral.slug", primary_key=True, max_length=40)
    production_state: str = Field(max_length=20)
    market_position: str = Field(max_length=20)
    reserves_state: str = Field(max_length=20)
    export_restricted: bool | None = Field(description="null: nothing known")
    disrupted: bool | None = Field(description="null: nothing known")
    import_dependent: str = Field(max_length=10, description="yes, no or unknown")
    developing: bool | None = Field(description="null: nothing known")
    facets: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime


class StatusChange(SQLModel, table=True):
    """One facet of a status record changed: from what, to what, when, on which evidence."""

    __tablename__ = "status_change"
    __table_args__ = (Index("ix_status_change_pair", "country_iso2", "mineral_slug", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    country_iso2: str = Field(foreign_key="country.iso2", max_length=2)
    mineral_slug: str = Field(foreign_key="mineral.slug", max_length=40)
    facet: str = Field(max_length=30)
    old_value: str | None = Field(default=None, max_length=30)
    new_value: str = Field(max_length=30)
    basis: str = Field(max_length=20)
    as_of: date | None = None
    reason: str = Field(sa_column=Column(Text, nullable=False))
    evidence: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    cause: str = Field(max_length=60, description="What triggered the recomputation")
    changed_at: datetime
