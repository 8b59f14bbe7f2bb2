"""Response schemas for countries, minerals and their reference attributes."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from app.claim_status import Vocabulary
from app.schemas.common import ApiModel, Page

SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 2,
    "title": "USGS Mineral Commodity Summaries 2025, Gallium, pp. 74-75",
    "publisher": "U.S. Geological Survey",
    "year": 2025,
    "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-gallium.pdf",
    "page": "74-75",
}
COUNTRY_EXAMPLE: dict[str, Any] = {
    "iso2": "CN",
    "iso3": "CHN",
    "name": "China",
    "region": "Asia",
    "subregion": "Eastern Asia",
}
MINERAL_EXAMPLE: dict[str, Any] = {
    "slug": "gallium",
    "name": "Gallium",
    "kind": "element",
    "group": None,
    "symbol": "Ga",
}
FORM_EXAMPLE: dict[str, Any] = {
    "slug": "primary",
    "name": "Primary low-purity production (gallium content)",
    "stage": "primary",
    "is_default": True,
}
FORM_COVERAGE_EXAMPLE: dict[str, Any] = {
    **FORM_EXAMPLE,
    "available_years": [2023, 2024],
    "reserves_years": [],
}
MINERAL_COVERAGE_EXAMPLE: dict[str, Any] = {
    **MINERAL_EXAMPLE,
    "has_statistics": True,
    "available_years": [2023, 2024],
    "forms": [FORM_COVERAGE_EXAMPLE],
    "statistics_note": None,
}
_NO_STATISTICS_EXAMPLE: dict[str, Any] = {
    "slug": "germanium",
    "name": "Germanium",
    "kind": "element",
    "group": None,
    "symbol": "Ge",
    "has_statistics": False,
    "available_years": [],
    "forms": [],
    "statistics_note": "MCS 2025 gives no germanium figures by country: most producers do not "
    "publish their output, so the chapter only names the producing countries (China the "
    "leading one).",
}
_ALIAS_EXAMPLE = {"alias": "Beijing", "kind": "capital"}
_CRITICAL_LIST_EXAMPLE = {
    "slug": "us-2025",
    "name": "Final 2025 List of Critical Minerals",
    "entry": "gallium",
}


def _examples(*examples: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Region(Vocabulary):
    """UN M49 region of a country; Unknown for the few codes M49 places nowhere."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ANTARCTICA = "Antarctica"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"
    UNKNOWN = "Unknown"


class CriticalListSlug(Vocabulary):
    """The critical-mineral lists Orewatch holds."""

    US_2022 = "us-2022"
    US_2025 = "us-2025"
    EU_CRMA_CRITICAL = "eu-crma-critical"
    EU_CRMA_STRATEGIC = "eu-crma-strategic"


class SourceRef(ApiModel):
    """The publication a figure comes from."""

    model_config = _examples(SOURCE_EXAMPLE)

    id: int
    title: str
    publisher: str
    year: int | None
    url: str
    page: str | None = Field(description="Page or page range in the publication.")


class CountrySummary(ApiModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "iso2": "UA",
                    "iso3": "UKR",
                    "name": "Ukraine",
                    "region": "Europe",
                    "subregion": "Eastern Europe",
                }
            ]
        }
    )

    iso2: str = Field(description="ISO 3166-1 alpha-2 code.")
    iso3: str = Field(description="ISO 3166-1 alpha-3 code.")
    name: str
    region: Region = Field(description="UN M49 region.")
    subregion: str | None = Field(description="UN M49 sub-region.")


class CountryAliasItem(ApiModel):
    model_config = _examples(_ALIAS_EXAMPLE)

    alias: str
    kind: str = Field(description="name, short, adjective, demonym, capital or abbreviation.")


class CountryDetail(CountrySummary):
    model_config = _examples(
        {
            **COUNTRY_EXAMPLE,
            "numeric": "156",
            "official_name": "People's Republic of China",
            "aliases": [_ALIAS_EXAMPLE, {"alias": "Chinese", "kind": "adjective"}],
        }
    )

    numeric: str = Field(description="ISO 3166-1 numeric code.")
    official_name: str | None
    aliases: list[CountryAliasItem] = Field(
        description="Surface forms the entity linker maps to this country."
    )


class CountryPage(Page[CountrySummary]):
    model_config = _examples({"items": [COUNTRY_EXAMPLE], "next_cursor": "WyJDTiJd", "total": 249})


class MineralSummary(ApiModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "gallium",
                    "name": "Gallium",
                    "kind": "element",
                    "group": None,
                    "symbol": "Ga",
                }
            ]
        }
    )

    slug: str = Field(description="Identifier used in paths and filters.")
    name: str
    kind: str = Field(description="element, group or commodity.")
    group: str | None = Field(description="Slug of the group this mineral belongs to.")
    symbol: str | None = Field(description="Chemical symbol, for elements.")


class CommodityFormItem(ApiModel):
    model_config = _examples(FORM_EXAMPLE)

    slug: str = Field(
        description="Form identifier (mine, refinery, smelter, primary, sponge, ilmenite, ...)."
    )
    name: str
    stage: str = Field(description="Stage of the USGS table: mine, refinery, smelter, ...")
    is_default: bool = Field(description="Form used when a request names none.")


class CommodityFormCoverage(CommodityFormItem):
    """A form with the years of official figures held for it."""

    model_config = _examples(FORM_COVERAGE_EXAMPLE)

    available_years: list[int] = Field(
        description="Years of the production table held for this form (empty: none)."
    )
    reserves_years: list[int] = Field(
        description="Years of the reserves table counted in this form (empty: none)."
    )


class MineralListItem(MineralSummary):
    """A mineral with what official statistics Orewatch holds for it."""

    model_config = _examples(MINERAL_COVERAGE_EXAMPLE, _NO_STATISTICS_EXAMPLE)

    has_statistics: bool = Field(
        description="True when a USGS world production table is held: producers and supply "
        "then answer `known: true` for the default form."
    )
    available_years: list[int] = Field(
        description="Years with production figures, over all forms (empty: none)."
    )
    forms: list[CommodityFormCoverage] = Field(
        description="Forms the statistics are counted in, the default one first."
    )
    statistics_note: str | None = Field(
        description="Why no production table is held, when none is; null otherwise."
    )


class CriticalListEntry(ApiModel):
    model_config = _examples(_CRITICAL_LIST_EXAMPLE)

    slug: CriticalListSlug = Field(description="List identifier.")
    name: str
    entry: str = Field(description="The list's own wording of the entry.")


class MineralDetail(MineralListItem):
    model_config = _examples(
        {
            **MINERAL_COVERAGE_EXAMPLE,
            "uses": ["semiconductors", "LEDs", "radar"],
            "aliases": ["Gallium", "gallium nitride"],
            "members": [],
            "critical_lists": [_CRITICAL_LIST_EXAMPLE],
        }
    )

    uses: list[str]
    aliases: list[str] = Field(description="Surface forms the entity linker maps to it.")
    members: list[str] = Field(description="Slugs of the members, for a group.")
    critical_lists: list[CriticalListEntry]


class MineralPage(Page[MineralListItem]):
    model_config = _examples(
        {"items": [MINERAL_COVERAGE_EXAMPLE], "next_cursor": "WyJnYWxsaXVtIl0", "total": 61}
    )
