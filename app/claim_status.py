"""The claim statuses: one closed vocabulary and one declarative spec per status.

Every layer reads the statuses from here: the extractor labels claims with them, the tables
store them, the schemas publish them as an enum in OpenAPI, and the status records learn
from each spec which facet a claim moves and to what. Adding a status is one member, one
spec, the cues that find it (app/enrichment/cues.py) and tests.

This module imports nothing of the application, so every package may depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ClaimStatus(StrEnum):
    PRODUCING = "producing"
    DOMINANT = "dominant"
    NOT_PRODUCING = "not_producing"
    RESERVES = "reserves"
    DISRUPTED = "disrupted"
    EXPORT_RESTRICTED = "export_restricted"
    IMPORT_DEPENDENT = "import_dependent"
    DEVELOPING = "developing"

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # Hooked by name, so this module needs no pydantic import to give OpenAPI an example.
        schema: dict[str, Any] = handler.resolve_ref_schema(handler(core_schema))
        schema["examples"] = [cls.EXPORT_RESTRICTED.value]
        return schema


class RecordFacet(StrEnum):
    """The facets of a status record that claims can move."""

    PRODUCTION = "production"
    MARKET_POSITION = "market_position"
    RESERVES = "reserves"
    IMPORT_DEPENDENT = "import_dependent"
    EXPORT_RESTRICTED = "export_restricted"
    DISRUPTED = "disrupted"
    DEVELOPING = "developing"


FacetValue = str | bool


@dataclass(frozen=True)
class StatusSpec:
    status: ClaimStatus
    meaning: str
    """What a claim of this status asserts, as the annotation guideline defines it."""
    moves: tuple[tuple[RecordFacet, FacetValue], ...]
    """The record facets a claim of this status supports, with the value it supports."""
    located: bool
    """The claim is about where the mineral is (mines, deposits), so a company named in
    the sentence stands for its mines' country, not for its own nationality."""
    vetoes_production: bool = False
    """A sentence saying this about a country is not also a production claim for it."""

    @property
    def is_flag(self) -> bool:
        """Flags are true or false on a record; the other facets take named values."""
        return all(isinstance(value, bool) for _, value in self.moves)


SPECS: dict[ClaimStatus, StatusSpec] = {
    spec.status: spec
    for spec in (
        StatusSpec(
            ClaimStatus.PRODUCING,
            "The country mines, refines or otherwise produces the mineral today.",
            ((RecordFacet.PRODUCTION, "producing"),),
            located=True,
        ),
        StatusSpec(
            ClaimStatus.DOMINANT,
            "The country leads world supply or processing: first place, control, or half or more.",
            ((RecordFacet.PRODUCTION, "producing"), (RecordFacet.MARKET_POSITION, "dominant")),
            located=True,
        ),
        StatusSpec(
            ClaimStatus.NOT_PRODUCING,
            "The country produces none of the mineral, or has stopped producing it.",
            ((RecordFacet.PRODUCTION, "not_producing"),),
            located=True,
            vetoes_production=True,
        ),
        StatusSpec(
            ClaimStatus.RESERVES,
            "The country has deposits, reserves or resources of the mineral.",
            ((RecordFacet.RESERVES, "holds"),),
            located=True,
        ),
        StatusSpec(
            ClaimStatus.DISRUPTED,
            "Production or access there is interrupted: conflict, strikes, shutdowns, sanctions.",
            ((RecordFacet.DISRUPTED, True),),
            located=False,
            vetoes_production=True,
        ),
        StatusSpec(
            ClaimStatus.EXPORT_RESTRICTED,
            "The country bans, licenses, caps or controls exports of the mineral, still in force.",
            ((RecordFacet.EXPORT_RESTRICTED, True),),
            located=False,
        ),
        StatusSpec(
            ClaimStatus.IMPORT_DEPENDENT,
            "The country relies on imports, or on another country, for its supply of the mineral.",
            ((RecordFacet.IMPORT_DEPENDENT, "yes"),),
            located=False,
        ),
        StatusSpec(
            ClaimStatus.DEVELOPING,
            "A new mine, refinery or plant for the mineral is planned, financed or built there.",
            ((RecordFacet.DEVELOPING, True),),
            located=True,
        ),
    )
}

FLAG_FACETS: tuple[RecordFacet, ...] = tuple(
    facet for spec in SPECS.values() if spec.is_flag for facet, _ in spec.moves
)


def claim_values(facet: RecordFacet) -> dict[ClaimStatus, FacetValue]:
    """Which claim statuses move `facet`, and to which value."""
    return {
        spec.status: value
        for spec in SPECS.values()
        for moved, value in spec.moves
        if moved is facet
    }


def described() -> str:
    """One line per status, for OpenAPI descriptions and docs."""
    return "; ".join(f"`{s.status}`: {s.meaning}" for s in SPECS.values())


# Pydantic publishes an enum's docstring as its description in OpenAPI, so the spec list
# is the one place a client reads what each status means.
ClaimStatus.__doc__ = "What a claim asserts. " + described()
