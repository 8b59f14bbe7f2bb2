"""Response schemas for citations: claims with the article that makes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import ClaimStatus
from app.schemas.common import ApiModel, Page
from app.schemas.reference import CountrySummary, MineralSummary

CITED_ARTICLE_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "title": "Ukraine's mineral wealth",
    "url": "https://news.example/ukraine-minerals",
    "source_name": None,
    "outlet": "Example News",
    "published_at": "2025-02-20T00:00:00Z",
}
_CLAIM_EXAMPLE: dict[str, Any] = {
    "id": 41,
    "country": {
        "iso2": "UA",
        "iso3": "UKR",
        "name": "Ukraine",
        "region": "Europe",
        "subregion": "Eastern Europe",
    },
    "mineral": {
        "slug": "rare-earths",
        "name": "Rare earths",
        "kind": "group",
        "group": None,
        "symbol": None,
    },
    "status": "not_producing",
    "evidence": "Ukraine does not produce rare earths today.",
    "start": 120,
    "end": 164,
    "confidence": 0.9,
    "extractor_version": "orewatch-extract/1.4",
}
_CITATION_EXAMPLE: dict[str, Any] = {
    **_CLAIM_EXAMPLE,
    "dated_at": "2025-02-20T00:00:00Z",
    "article": CITED_ARTICLE_EXAMPLE,
}


class CitedArticle(ApiModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CITED_ARTICLE_EXAMPLE]})

    id: int
    title: str | None
    url: str | None = Field(description="Canonical URL of the article, when known.")
    source_name: str | None = Field(
        description="Where a text without a URL came from (a file name), when given."
    )
    outlet: str | None
    published_at: datetime | None


class Citation(ApiModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CITATION_EXAMPLE]})

    id: int
    country: CountrySummary
    mineral: MineralSummary | None = Field(description="Null for minerals in general.")
    status: ClaimStatus = Field(description="What the claim asserts (see ClaimStatus).")
    evidence: str = Field(description="The sentence, verbatim from the article's clean text.")
    start: int = Field(description="Offset of the sentence in the article's clean text.")
    end: int
    confidence: float
    extractor_version: str
    dated_at: datetime = Field(description="Article date (publication, else ingestion).")
    article: CitedArticle


class CitationPage(Page[Citation]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_CITATION_EXAMPLE], "next_cursor": "WzQxXQ", "total": 7}]
        }
    )


class ArticleMention(ApiModel):
    """A country or mineral the article's text names, with how often and where first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "entity_kind": "country",
                    "entity_key": "UA",
                    "name": "Ukraine",
                    "count": 3,
                    "first_start": 120,
                    "first_end": 127,
                }
            ]
        }
    )

    entity_kind: str = Field(description="country or mineral.")
    entity_key: str = Field(description="ISO alpha-2 code or mineral slug.")
    name: str
    count: int
    first_start: int = Field(description="Offset of the first mention in the clean text.")
    first_end: int


class ArticleClaim(ApiModel):
    """A status claim the article makes, with its verbatim sentence and offsets."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CLAIM_EXAMPLE]})

    id: int
    country: CountrySummary
    mineral: MineralSummary | None
    status: ClaimStatus
    evidence: str
    start: int
    end: int
    confidence: float
    extractor_version: str
