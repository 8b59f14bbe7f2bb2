"""The claim statuses: one closed vocabulary and one declarative spec per status.

Every layer reads the statuses from here: the extractor labels claims with them, the tables
store them, the schemas publish them as an enum in OpenAPI, and the status records learn
from each spec which facet a claim moves and to what. Adding a status is one member, one
spec, the cues that find it (app/enrichment/supply_cues.py, change_cues.py) and tests.

This module imports nothing of the application, so every package may depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Vocabulary(StrEnum):
    """A closed vocabulary, published in OpenAPI as an enum with an example."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # Hooked by name, so this module needs no pydantic import to give OpenAPI an example.
        schema: dict[str, Any] = handler.resolve_ref_schema(handler(core_schema))
        schema["examples"] = [cls.example().value]
        return schema

    @classmethod
    def example(cls) -> Vocabulary:
        return next(iter(cls))


class ClaimStatus(Vocabulary):
    PRODUCING = "producing"
    DOMINANT = "dominant"
    NOT_PRODUCING = "not_producing"
    RESERVES = "reserves"
    DISRUPTED = "disrupted"
    EXPORT_RESTRICTED = "export_restricted"
    IMPORT_DEPENDENT = "import_dependent"
    DEVELOPING = "developing"

    @classmethod
    def example(cls) -> Vocabulary:
        return cls.EXPORT_RESTRICTED


class ReviewVerdict(Vocabulary):
    """An analyst's verdict on a claim: a rejected claim never supports a facet; a confirmed
    one does whatever its confidence."""

    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class RecordFacet(Vocabulary):
    """The facets of a status record that claims can move."""

    PRODUCTION = "production"
    MARKET_POSITION = "market_position"
    RESERVES = "reserves"
    IMPORT_DEPENDENT = "import_dependent"
    EXPORT_RESTRICTED = "export_restricted"
    DISRUPTED = "disrupted"
    DEVELOPING = "developing"


class ProductionState(Vocabulary):
    """Whether the country produces the mineral."""

    PRODUCING = "producing"
    NOT_PRODUCING = "not_producing"
    UNKNOWN = "unknown"


class MarketPosition(Vocabulary):
    """The country's place in world supply: dominant (half or more, or first place),
    major (a tenth or more), minor, none."""

    DOMINANT = "dominant"
    MAJOR = "major"
    MINOR = "minor"
    NONE = "none"
    UNKNOWN = "unknown"


class ReservesState(Vocabulary):
    """Whether the country holds reserves of the mineral."""

    HOLDS = "holds"
    NONE = "none"
    UNKNOWN = "unknown"


class ImportDependence(Vocabulary):
    """Whether the country relies on imports for the mineral: net import reliance of 50%
    or more, or news saying so."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class EvidenceKind(Vocabulary):
    """What a piece of a facet's evidence is: a production or reserves figure, an import
    reliance figure, or a news claim."""

    PRODUCTION = "production"
    RESERVES = "reserves"
    IMPORT_RELIANCE = "import_reliance"
    CLAIM = "claim"


class FacetBasis(Vocabulary):
    """Which side a facet's value follows."""

    STATISTICS = "statistics"
    CLAIMS = "claims"
    NONE = "none"


FacetValue = str | bool
UNKNOWN_VALUE: dict[RecordFacet, FacetValue | None] = {
    RecordFacet.PRODUCTION: ProductionState.UNKNOWN,
    RecordFacet.MARKET_POSITION: MarketPosition.UNKNOWN,
    RecordFacet.RESERVES: ReservesState.UNKNOWN,
    RecordFacet.IMPORT_DEPENDENT: ImportDependence.UNKNOWN,
    # A flag nothing speaks for is unknown (null), not false: no statistic says a country
    # does not restrict exports, and no claim status says so either.
    RecordFacet.EXPORT_RESTRICTED: None,
    RecordFacet.DISRUPTED: None,
    RecordFacet.DEVELOPING: None,
}
STATISTICS_DECIDE: frozenset[RecordFacet] = frozenset({RecordFacet.MARKET_POSITION})
"""Facets where official statistics, when there are any, decide over news: a share of the
world total says more about market position than an article's wording does."""


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
            ((RecordFacet.PRODUCTION, ProductionState.PRODUCING),),
            located=True,
        ),
        StatusSpec(
            ClaimStatus.DOMINANT,
            "The country leads world supply or processing: first place, control, or half or more.",
            (
                (RecordFacet.PRODUCTION, ProductionState.PRODUCING),
                (RecordFacet.MARKET_POSITION, MarketPosition.DOMINANT),
            ),
            located=True,
        ),
        StatusSpec(
            ClaimStatus.NOT_PRODUCING,
            "The country produces none of the mineral, or has stopped producing it.",
            ((RecordFacet.PRODUCTION, ProductionState.NOT_PRODUCING),),
            located=True,
            vetoes_production=True,
        ),
        StatusSpec(
            ClaimStatus.RESERVES,
            "The country has deposits, reserves or resources of the mineral.",
            ((RecordFacet.RESERVES, ReservesState.HOLDS),),
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
            ((RecordFacet.IMPORT_DEPENDENT, ImportDependence.YES),),
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


class StatusFlag(Vocabulary):
    """A flag of a status record: true when evidence says so, null when nothing does."""

    EXPORT_RESTRICTED = "export_restricted"
    DISRUPTED = "disrupted"
    DEVELOPING = "developing"


if {str(f) for f in StatusFlag} != {str(f) for f in FLAG_FACETS}:  # pragma: no cover
    raise RuntimeError("StatusFlag must name exactly the facets the specs make flags")


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
