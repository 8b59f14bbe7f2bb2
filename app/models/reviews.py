"""Analysts' verdicts on claims, and the claims re-enrichment replaced."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel


class ClaimReview(SQLModel, table=True):
    """One verdict on one claim. A claim's later verdict replaces the earlier one as its
    current verdict; every verdict stays. The claim's identity (article, country, mineral,
    status, offsets) is kept beside its id, so a verdict survives re-enrichment: it moves to
    the new claim with the same identity, or stays, orphaned, when there is none."""

    __tablename__ = "claim_review"
    __table_args__ = (
        Index("ix_claim_review_claim", "claim_id", "id"),
        Index("ix_claim_review_article", "article_id", "claim_id"),
        Index("ix_claim_review_created", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int | None = Field(
        sa_column=Column(Integer, ForeignKey("claim.id", ondelete="SET NULL"), nullable=True),
        default=None,
    )
    article_id: int
    country_iso2: str = Field(max_length=2)
    mineral_slug: str | None = Field(default=None, max_length=40)
    status: str = Field(max_length=20)
    start: int
    end: int
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(max_length=10)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reviewer_key_id: int | None = None
    reviewer_name: str = Field(max_length=100)
    created_at: datetime


class RetiredClaim(SQLModel, table=True):
    """A claim id a re-enrichment removed: naming it answers 409, not 404."""

    __tablename__ = "retired_claim"

    id: int = Field(primary_key=True)
    article_id: int = Field(index=True)
    retired_at: datetime
