"""The evidence a status facet rests on: one schema per kind, a union discriminated on
`kind`, so a client switches on it and gets the right fields typed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, TypeAdapter

from app.claim_status import ClaimStatus, EvidenceKind
from app.schemas.citations import CITED_ARTICLE_EXAMPLE, CitedArticle
from app.schemas.common import ApiModel
from app.schemas.reference import SOURCE_EXAMPLE

_SOURCE_EXAMPLE = {"title": SOURCE_EXAMPLE["title"], "url": SOURCE_EXAMPLE["url"]}
FIGURE_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "kind": "production",
    "form": "primary",
    "year": 2024,
    "value_text": "750000",
    "unit": "kilograms, gallium content (primary low-purity)",
    "share": 0.986842,
    "source": _SOURCE_EXAMPLE,
}
RELIANCE_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "kind": "import_reliance",
    "basis": "% of reported consumption",
    "year": 2024,
    "value_text": "100",
    "source": _SOURCE_EXAMPLE,
}
CLAIM_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "kind": "claim",
    "claim_id": 12,
    "article_id": 3,
    "status": "export_restricted",
    "sentence": "China has required export licences for gallium since August 2023.",
    "dated": "2025-02-20",
    "article": CITED_ARTICLE_EXAMPLE,
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class EvidenceSource(ApiModel):
    model_config = _examples(_SOURCE_EXAMPLE)

    title: str
    url: str


class FigureEvidence(ApiModel):
    """A production or reserves figure of the official statistics."""

    model_config = _examples(FIGURE_EVIDENCE_EXAMPLE)

    kind: Literal[EvidenceKind.PRODUCTION, EvidenceKind.RESERVES]
    form: str = Field(description="The commodity form the figure is of.")
    year: int
    value_text: str = Field(description="As printed: a number, W (withheld), NA, >N.")
    unit: str
    share: float | None = Field(description="Fraction (0-1) of the world total, if known.")
    source: EvidenceSource


class RelianceEvidence(ApiModel):
    """A net import reliance figure of the official statistics."""

    model_config = _examples(RELIANCE_EVIDENCE_EXAMPLE)

    kind: Literal[EvidenceKind.IMPORT_RELIANCE]
    basis: str = Field(description="What the percentage is of.")
    year: int
    value_text: str = Field(description="As printed: 100, >95, <50, E (net exporter), ...")
    source: EvidenceSource


class ClaimFacetEvidence(ApiModel):
    """A news claim, with its verbatim sentence and the article that makes it."""

    model_config = _examples(CLAIM_EVIDENCE_EXAMPLE)

    kind: Literal[EvidenceKind.CLAIM]
    claim_id: int
    article_id: int
    status: ClaimStatus
    sentence: str = Field(description="Verbatim evidence sentence.")
    dated: date = Field(description="Date of the claim's article.")
    article: CitedArticle | None = Field(
        default=None, description="The cited article; null only if it has been deleted."
    )


FacetEvidence = Annotated[
    FigureEvidence | RelianceEvidence | ClaimFacetEvidence, Field(discriminator="kind")
]
FACET_EVIDENCE: TypeAdapter[FigureEvidence | RelianceEvidence | ClaimFacetEvidence] = TypeAdapter(
    FacetEvidence
)
