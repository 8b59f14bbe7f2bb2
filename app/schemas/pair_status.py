"""The current facet values of one country x mineral status record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import ImportDependence, MarketPosition, ProductionState, ReservesState
from app.schemas.common import ApiModel

PAIR_STATUS_EXAMPLE: dict[str, Any] = {
    "production": "producing",
    "market_position": "dominant",
    "reserves": "holds",
    "import_dependent": "unknown",
    "export_restricted": True,
    "disrupted": None,
    "developing": None,
    "updated_at": "2026-11-28T12:00:00Z",
}


class PairStatus(ApiModel):
    """The current value of every facet of a country x mineral status record; the
    record itself (GET /v1/countries/{iso2}/minerals/{slug}) says why, since when and on
    which evidence."""

    model_config = ConfigDict(json_schema_extra={"examples": [PAIR_STATUS_EXAMPLE]})

    production: ProductionState
    market_position: MarketPosition
    reserves: ReservesState
    import_dependent: ImportDependence
    export_restricted: bool | None = Field(description="null: nothing known.")
    disrupted: bool | None = Field(description="null: nothing known.")
    developing: bool | None = Field(description="null: nothing known.")
    updated_at: datetime = Field(description="Last change of the record.")
