"""Read the reference data packaged with Orewatch into plain row dictionaries.

The files in this folder are copies of official facts (USGS Mineral Commodity Summaries
2025, ISO 3166 via pycountry, the US and EU critical-mineral lists); nothing here reads
anything outside the installed package.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import orjson
import pycountry

USGS_PUBLISHER = "U.S. Geological Survey"
COUNTRY_DISPLAY_NAMES = {
    "BO": "Bolivia",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CZ": "Czechia",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VN": "Vietnam",
}
_PAGES = re.compile(r"\bpp?\.\s*([\d]+(?:\s*[-\u2013]\s*\d+)?)")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_ESTIMATED_SUFFIX = re.compile(r"\s*\((\d{4}) estimated\)\s*$")


def _text(name: str) -> str:
    return resources.files("app.refdata").joinpath(name).read_text(encoding="utf-8")


@cache
def load_json(name: str) -> Any:
    return orjson.loads(_text(name))


def _csv_rows(name: str) -> Iterator[dict[str, str]]:
    # keep_default_na-style care: every cell stays a string ("NA" is Namibia, not null).
    yield from csv.DictReader(io.StringIO(_text(name)))


def parse_number(text: str) -> float | None:
    """The numeric value of a printed figure, or None for W, NA, >95 and prose."""
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


def country_rows() -> list[dict[str, Any]]:
    extra = load_json("countries.json")
    rows = []
    for record in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = record.alpha_2
        info = extra.get(code, {})
        name = (
            COUNTRY_DISPLAY_NAMES.get(code) or getattr(record, "common_name", None) or record.name
        )
        rows.append(
            {
                "iso2": code,
                "iso3": record.alpha_3,
                "numeric": record.numeric,
                "name": name,
                "official_name": getattr(record, "official_name", None),
                "region": info.get("region") or "Unknown",
                "subregion": info.get("subregion"),
            }
        )
    return rows


def country_alias_rows() -> list[dict[str, Any]]:
    extra = load_json("countries.json")
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for country in country_rows():
        record = pycountry.countries.get(alpha_2=country["iso2"])
        assert record is not None
        names = [country["name"], record.name, getattr(record, "common_name", None)]
        names.append(getattr(record, "official_name", None))
        for alias in names:
            if alias:
                rows.setdefault((country["iso2"], alias), _alias(country["iso2"], alias, "name"))
        for item in extra.get(country["iso2"], {}).get("aliases", []):
            key = (country["iso2"], item["alias"])
            rows.setdefault(key, _alias(country["iso2"], item["alias"], item["kind"]))
    return list(rows.values())


def _alias(iso2: str, alias: str, kind: str) -> dict[str, Any]:
    return {"country_iso2": iso2, "alias": alias, "kind": kind}


def mineral_rows() -> list[dict[str, Any]]:
    """Minerals with groups first, so a group row exists before its members point at it."""
    minerals = load_json("minerals.json")
    rows = [
        {
            "slug": m["slug"],
            "name": m["name"],
            "kind": m["kind"],
            "group_slug": m.get("group"),
            "symbol": m.get("symbol"),
            "uses": list(m.get("uses", [])),
        }
        for m in minerals
    ]
    return sorted(rows, key=lambda r: (r["group_slug"] is not None, r["slug"]))


def mineral_alias_rows() -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for m in load_json("minerals.json"):
        for alias in [m["name"], *m.get("aliases", [])]:
            rows.setdefault((m["slug"], alias), {"mineral_slug": m["slug"], "alias": alias})
    return list(rows.values())


def form_rows() -> list[dict[str, Any]]:
    return [
        {
            "mineral_slug": f["mineral"],
            "slug": f["slug"],
            "name": f["name"],
            "stage": f["stage"],
            "is_default": f["default"],
        }
        for f in load_json("forms.json")
    ]


def critical_list_rows() -> list[dict[str, Any]]:
    keys = ("slug", "name", "issuer", "year", "url", "size", "other_entries")
    return [{k: lst[k] for k in keys} for lst in load_json("critical_lists.json")]


def critical_membership_rows() -> list[dict[str, Any]]:
    return [
        {"list_slug": lst["slug"], "mineral_slug": m["mineral"], "entry": m["entry"]}
        for lst in load_json("critical_lists.json")
        for m in lst["members"]
    ]


@dataclass(frozen=True)
class FormTarget:
    """The mineral and commodity form a USGS series (at one stage) is counted in."""

    mineral_slug: str
    form_slug: str


RESERVES_STAGE = "reserves"


@cache
def _table_targets() -> dict[tuple[str, str], FormTarget]:
    """(series, stage) of a CSV row -> mineral and form, as forms.json declares them.

    A production row's stage is its form's `stage`; a reserves row (stage "reserves") goes to
    the form of its series marked `"reserves": true`. Each pair names one form only.
    """
    targets: dict[tuple[str, str], FormTarget] = {}
    for f in load_json("forms.json"):
        target = FormTarget(f["mineral"], f["slug"])
        stages = [f["stage"]] + ([RESERVES_STAGE] if f.get("reserves") else [])
        for series in f["series"]:
            for stage in stages:
                if (series, stage) in targets:
                    raise ValueError(f"forms.json maps {series!r} at {stage!r} to two forms")
                targets[(series, stage)] = target
    return targets


def table_form(series: str, stage: str) -> FormTarget:
    """Map a USGS series and stage of the CSVs ("aluminum", "mine") to mineral and form."""
    try:
        return _table_targets()[(series, stage)]
    except KeyError:
        raise ValueError(
            f"reference data names an unknown series and stage {series!r}, {stage!r}"
        ) from None


@cache
def _form_units() -> dict[tuple[str, str, str], str]:
    """Units forms.json gives per table where the CSV's unit describes two columns at once."""
    return {
        (f["mineral"], f["slug"], table): unit
        for f in load_json("forms.json")
        for table, unit in f.get("units", {}).items()
    }


def table_unit(target: FormTarget, table: str, printed: str) -> str:
    """The unit of a figure of `table` (production or reserves) of the form."""
    return _form_units().get((target.mineral_slug, target.form_slug, table), printed)


@cache
def _series_minerals() -> dict[str, str]:
    result: dict[str, str] = {}
    for f in load_json("forms.json"):
        names = [*f["series"], *(r["series"] for r in f.get("reliance", []))]
        for series in names:
            if result.setdefault(series, f["mineral"]) != f["mineral"]:
                raise ValueError(f"forms.json gives series {series!r} to two minerals")
    return result


def series_mineral(series: str) -> str:
    """The mineral a series belongs to: as forms.json says, else the series is the slug."""
    return _series_minerals().get(series, series)


def reliance_form(series: str, basis: str) -> str | None:
    """The form a net import reliance series measures, when forms.json names one.

    A declaration matches on the series and, when it gives one, on the start of the basis
    ("magnesium metal, % of apparent consumption"); series naming no form stay
    mineral-level (None).
    """
    for f in load_json("forms.json"):
        for declared in f.get("reliance", []):
            if declared["series"] == series and basis.startswith(declared.get("basis", "")):
                return str(f["slug"])
    return None


def statistics_notes() -> dict[str, dict[str, Any]]:
    """Per mineral slug without a world table: why none is held (and its chapter pages)."""
    notes: dict[str, dict[str, Any]] = load_json("coverage.json")
    return notes


def source_key(title: str, url: str) -> tuple[str, str]:
    return (url, title)


def _chapter_title(url: str) -> str:
    chapter = url.rsplit("/", 1)[-1].removesuffix(".pdf").removeprefix("mcs2025-")
    return f"USGS Mineral Commodity Summaries 2025, {chapter.replace('-', ' ').title()}"


def source_from(title: str, url: str) -> dict[str, Any]:
    page = _PAGES.search(title)
    year = _YEAR.search(title)
    return {
        "kind": "statistics",
        "title": title,
        "publisher": USGS_PUBLISHER,
        "year": int(year.group(0)) if year else None,
        "url": url,
        "page": page.group(1).replace(" ", "") if page else None,
    }


def figure_rows(file_name: str) -> list[dict[str, Any]]:
    """Production or reserve rows, each with its source as a nested dict."""
    table = "reserves" if file_name == "reserves.csv" else "production"
    rows = []
    for raw in _csv_rows(file_name):
        target = table_form(raw["mineral"].strip(), raw["stage"].strip())
        label = raw["country"].strip()
        kind = "world" if label == "World" else "other" if label.startswith("Other") else "country"
        rows.append(
            {
                "mineral_slug": target.mineral_slug,
                "form_slug": target.form_slug,
                "year": int(raw["year"]),
                "country_iso2": raw["iso2"].strip() or None,
                "label": label,
                "row_kind": kind,
                "value": parse_number(raw["value"]),
                "value_text": raw["value"].strip(),
                "unit": table_unit(target, table, raw["unit"].strip()),
                "estimated": raw["estimated"].strip().lower() == "true",
                "source": source_from(raw["source_title"].strip(), raw["source_url"].strip()),
            }
        )
    return rows


def _chapter_part(title: str) -> str:
    """A table's source title up to its pages, without the table's name."""
    page = _PAGES.search(title)
    return title[: page.end()] if page else title.split(" (")[0]


def _chapter_titles() -> dict[str, str]:
    """Chapter URL -> "USGS Mineral Commodity Summaries 2025, Gallium, pp. 74-75"."""
    titles = {
        r["source"]["url"]: _chapter_part(r["source"]["title"])
        for name in ("production.csv", "reserves.csv")
        for r in figure_rows(name)
    }
    for note in statistics_notes().values():
        chapter = note.get("chapter")
        if chapter:
            name = f"{chapter['title']}, pp. {chapter['pages']}"
            titles.setdefault(chapter["url"], f"USGS Mineral Commodity Summaries 2025, {name}")
    return titles


def import_reliance_rows(importer_iso2: str = "US") -> list[dict[str, Any]]:
    chapter_titles = _chapter_titles()
    rows = []
    for raw in _csv_rows("us_import_reliance.csv"):
        series = raw["mineral"].strip()
        basis = raw["nir_basis"].strip()
        estimated = bool(_ESTIMATED_SUFFIX.search(basis))
        url = raw["source_url"].strip()
        chapter = chapter_titles.get(url) or _chapter_title(url)
        title = f"{chapter} (Net Import Reliance and Import Sources)"
        rows.append(
            {
                "importer_iso2": importer_iso2,
                "mineral_slug": series_mineral(series),
                "form_slug": reliance_form(series, basis),
                "basis": _ESTIMATED_SUFFIX.sub("", basis),
                "year": int(raw["year"]),
                "value": parse_number(raw["net_import_reliance_percent"]),
                "value_text": raw["net_import_reliance_percent"].strip(),
                "estimated": estimated,
                "import_sources": raw["import_sources"].strip() or None,
                "import_sources_period": raw["import_sources_period"].strip() or None,
                "source": source_from(title, url),
            }
        )
    return rows
