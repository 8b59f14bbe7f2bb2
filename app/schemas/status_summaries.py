"""Compact status records: the facet values of a pair, for lists and country profiles."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.common import ApiModel, Page
from app.schemas.evidence import FacetEvidence
from app.schemas.pair_status import PAIR_STATUS_EXAMPLE, PairStatus
from app.schemas.reference import COUNTRY_EXAMPLE, CountrySummary

_LATEST_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "kind": "claim",
    "claim_id": 41,
    "article_id": 9,
    "status": "export_restricted",
    "sentence": "Beijing requires licences for every graphite shipment abroad.",
    "dated": "2025-10-09",
}
_ITEM_EXAMPLE: dict[str, Any] = {
    "country": COUNTRY_EXAMPLE,
    "status": PAIR_STATUS_EXAMPLE,
    "latest_evidence": _LATEST_EVIDENCE_EXAMPLE,
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class MineralStatusItem(ApiModel):
    model_config = _examples(_ITEM_EXAMPLE)

    country: CountrySummary
    status: PairStatus
    latest_evidence: FacetEvidence | None = Field(
        description="The newest news claim behind any facet, else the first statistic."
    )


class MineralStatusPage(Page[MineralStatusItem]):
    model_config = _examples({"items": [_ITEM_EXAMPLE], "next_cursor": "WyJDTiJd", "total": 1})
