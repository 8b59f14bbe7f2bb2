"""Request and response schemas of claim reviews and the review queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import ReviewVerdict
from app.schemas.citations import Citation
from app.schemas.common import ApiModel, Page
from app.schemas.reference import COUNTRY_EXAMPLE, MINERAL_EXAMPLE

NOTE_MAX = 2000
_REVIEW_EXAMPLE: dict[str, Any] = {
    "id": 5,
    "claim_id": 41,
    "verdict": "rejected",
    "note": "The sentence describes a lifted ban.",
    "reviewer": {"key_id": 2, "name": "analyst desk"},
    "created_at": "2026-12-03T10:00:00Z",
    "current": True,
    "orphaned": False,
}
_CLAIM_EXAMPLE: dict[str, Any] = {
    "id": 41,
    "country": COUNTRY_EXAMPLE,
    "mineral": MINERAL_EXAMPLE,
    "status": "export_restricted",
    "evidence": "Beijing has suspended its ban on gallium shipments to the United States.",
    "start": 120,
    "end": 193,
    "confidence": 0.87,
    "extractor_version": "orewatch-extract/1.4",
    "dated_at": "2025-11-10T00:00:00Z",
    "article": {
        "id": 3,
        "title": "Gallium curbs paused",
        "url": "https://news.example/gallium-pause",
        "source_name": None,
        "outlet": "Example News",
        "published_at": "2025-11-10T00:00:00Z",
    },
    "counts": False,
    "review": _REVIEW_EXAMPLE,
    "reviews": [_REVIEW_EXAMPLE],
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class ReviewCreate(ApiModel):
    """A verdict on a claim; a new verdict on the same claim replaces the old one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"verdict": "rejected", "note": "The sentence describes a lifted ban."}]
        },
    )

    verdict: ReviewVerdict
    note: str | None = Field(default=None, max_length=NOTE_MAX, description="Why, for others.")


class Reviewer(ApiModel):
    model_config = _examples({"key_id": 2, "name": "analyst desk"})

    key_id: int | None = Field(description="The API key that gave the verdict.")
    name: str = Field(description="That key's name.")


class ReviewItem(ApiModel):
    model_config = _examples(_REVIEW_EXAMPLE)

    id: int
    claim_id: int | None = Field(description="The claim it is on; null when orphaned.")
    verdict: ReviewVerdict
    note: str | None
    reviewer: Reviewer
    created_at: datetime
    current: bool = Field(description="The claim's current verdict (its latest one).")
    orphaned: bool = Field(
        description="Its claim no longer exists: a re-enrichment found no claim with the same "
        "article, country, mineral, status and offsets. Kept, never lost."
    )


class ClaimDetail(Citation):
    model_config = _examples(_CLAIM_EXAMPLE)

    counts: bool = Field(
        description="A status record follows this claim: it is confirmed, or confident enough "
        "(at least the status threshold) and not rejected."
    )
    review: ReviewItem | None = Field(description="The current verdict, if any.")
    reviews: list[ReviewItem] = Field(description="Every verdict on the claim, newest first.")


class ClaimQueueItem(Citation):
    model_config = _examples({k: v for k, v in _CLAIM_EXAMPLE.items() if k != "reviews"})

    counts: bool = Field(description="A status record follows this claim.")
    review: ReviewItem | None = Field(description="The current verdict, if any.")


class ClaimPage(Page[ClaimQueueItem]):
    model_config = _examples(
        {
            "items": [{k: v for k, v in _CLAIM_EXAMPLE.items() if k != "reviews"}],
            "next_cursor": "WzAsMC44Nyw0MV0",
            "total": 12,
        }
    )


class ReviewPage(Page[ReviewItem]):
    model_config = _examples({"items": [_REVIEW_EXAMPLE], "next_cursor": None, "total": 1})
