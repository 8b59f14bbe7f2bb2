"""The packaged USGS MCS 2025 tables, row by row: seeded faithfully and served.

The CSVs and forms.json are read here with the csv and json modules, not with the loader, so
the seed is checked against the files rather than against itself. Runs on both engines.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

import app.refdata
from app.models import ImportReliance, Mineral, ProductionFigure, ReserveFigure, Source

REFDATA = Path(app.refdata.__file__).parent
FORMS: list[dict[str, Any]] = json.loads((REFDATA / "forms.json").read_text(encoding="utf-8"))
PAGES = re.compile(r"\bpp\. (\d+-\d+)")


def _csv(name: str) -> list[dict[str, str]]:
    with (REFDATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _form_of(series: str, stage: str) -> dict[str, Any]:
    """The forms.json entry a CSV row belongs to: by stage, or the reserves form."""
    found = [
        f
        for f in FORMS
        if series in f["series"]
        and (f["stage"] == stage or (stage == "reserves" and f.get("reserves")))
    ]
    assert len(found) == 1, (series, stage, found)
    return found[0]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


PRODUCTION = _csv("production.csv")
RESERVES = _csv("reserves.csv")
RELIANCE = _csv("us_import_reliance.csv")


def _world_rows(rows: list[dict[str, str]]) -> list[tuple[str, str, int, str]]:
    """(mineral, form, year, printed World value) of every table."""
    result = []
    for row in rows:
        if row["country"] == "World":
            form = _form_of(row["mineral"], row["stage"])
            result.append((form["mineral"], form["slug"], int(row["year"]), row["value"]))
    return result


# -- forms.json ----------------------------------------------------------------------------


def test_forms_declare_one_default_per_mineral_and_one_reserves_form_per_series() -> None:
    defaults: dict[str, int] = defaultdict(int)
    for form in FORMS:
        defaults[form["mineral"]] += form["default"]
        # The column lengths of commodity_form.
        lengths = (len(form["name"]), len(form["slug"]), len(form["stage"]))
        assert all(n <= cap for n, cap in zip(lengths, (120, 40, 20), strict=True)), form
    assert all(count == 1 for count in defaults.values()), defaults
    for row in PRODUCTION + RESERVES:  # every row's (series, stage) names exactly one form
        _form_of(row["mineral"], row["stage"])
    vocabulary = {m["slug"] for m in json.loads((REFDATA / "minerals.json").read_text())}
    assert {f["mineral"] for f in FORMS} <= vocabulary


def test_defaults_are_the_documented_forms() -> None:
    default = {f["mineral"]: f["slug"] for f in FORMS if f["default"]}
    assert default["aluminum"] == "smelter"
    assert default["copper"] == "mine"
    assert default["magnesium"] == "metal"
    assert default["silicon"] == "metal"
    assert default["titanium"] == "sponge"
    reserves = {(f["mineral"], f["slug"]) for f in FORMS if f.get("reserves")}
    assert {("aluminum", "bauxite"), ("magnesium", "compounds"), ("copper", "mine")} <= reserves
    assert {("titanium", "ilmenite"), ("titanium", "rutile")} <= reserves


def test_unit_overrides_only_split_units_that_describe_two_columns() -> None:
    """Three CSV units describe the production and the reserves column at once (chromium's
    is longer than the column); forms.json gives each table its own part."""
    overridden = {(f["mineral"], f["slug"]): f["units"] for f in FORMS if "units" in f}
    assert set(overridden) == {("chromium", "mine"), ("vanadium", "mine"), ("zirconium", "mine")}
    for row in PRODUCTION + RESERVES:
        form = _form_of(row["mineral"], row["stage"])
        if (form["mineral"], form["slug"]) in overridden:
            assert "reserves" in row["unit"], row
    assert all(len(r["unit"]) <= 120 for r in PRODUCTION + RESERVES if "reserves" not in r["unit"])


def test_every_reliance_declaration_matches_a_series() -> None:
    for form in FORMS:
        for declared in form.get("reliance", []):
            assert any(
                r["mineral"] == declared["series"]
                and r["nir_basis"].startswith(declared.get("basis", ""))
                for r in RELIANCE
            ), declared


# -- every row, seeded ---------------------------------------------------------------------


def _expected_unit(row: dict[str, str], table: str) -> str:
    form = _form_of(row["mineral"], row["stage"])
    return str(form.get("units", {}).get(table, row["unit"]))


@pytest.mark.parametrize(
    ("rows", "model", "table"),
    [(PRODUCTION, ProductionFigure, "production"), (RESERVES, ReserveFigure, "reserves")],
    ids=["production", "reserves"],
)
def test_every_figure_row_is_seeded_with_its_source_and_page(
    session: Session,
    rows: list[dict[str, str]],
    model: type[ProductionFigure] | type[ReserveFigure],
    table: str,
) -> None:
    seeded = {
        (f.mineral_slug, f.form_slug, f.year, f.label): (f, s)
        for f, s in session.exec(
            select(model, Source).join(Source, col(Source.id) == model.source_id)
        ).all()
    }
    assert len(seeded) == len(rows)
    for row in rows:
        form = _form_of(row["mineral"], row["stage"])
        key = (form["mineral"], form["slug"], int(row["year"]), row["country"])
        figure, source = seeded[key]
        assert figure.value_text == row["value"], key
        assert figure.value == _number(row["value"]), key
        assert figure.unit == _expected_unit(row, table), key
        assert figure.estimated is (row["estimated"] == "true"), key
        assert figure.country_iso2 == (row["iso2"] or None), key
        assert (source.title, source.url) == (row["source_title"], row["source_url"]), key
        page = PAGES.search(row["source_title"])
        assert source.page == (page.group(1) if page else None), key
        if row["source_url"].endswith(".pdf"):
            assert source.page, key  # every chapter figure names its pages


def _reliance_form(row: dict[str, str]) -> tuple[str, str | None]:
    for form in FORMS:
        for declared in form.get("reliance", []):
            if row["mineral"] == declared["series"] and row["nir_basis"].startswith(
                declared.get("basis", "")
            ):
                return form["mineral"], form["slug"]
    owners = {f["mineral"] for f in FORMS if row["mineral"] in f["series"]}
    return (owners.pop() if owners else row["mineral"]), None


def test_every_reliance_row_is_seeded(session: Session) -> None:
    seeded = {
        (r.mineral_slug, r.basis, r.year): (r, s)
        for r, s in session.exec(
            select(ImportReliance, Source).join(Source, col(Source.id) == ImportReliance.source_id)
        ).all()
    }
    assert len(seeded) == len(RELIANCE)
    for row in RELIANCE:
        mineral, form = _reliance_form(row)
        basis = re.sub(r" \(\d{4} estimated\)$", "", row["nir_basis"])
        reliance, source = seeded[(mineral, basis, int(row["year"]))]
        assert reliance.form_slug == form, row
        assert reliance.value_text == row["net_import_reliance_percent"], row
        assert reliance.estimated is (basis != row["nir_basis"]), row
        assert reliance.import_sources == (row["import_sources"] or None), row
        assert source.url == row["source_url"]
        assert source.page, row  # the chapter's pages, also for chapters without a table


def test_reliance_points_at_the_form_its_basis_names(session: Session) -> None:
    forms = {
        (r.mineral_slug, r.basis.split(",")[0]): r.form_slug
        for r in session.exec(select(ImportReliance)).all()
    }
    assert forms[("magnesium", "magnesium compounds")] == "compounds"
    assert forms[("magnesium", "magnesium metal")] == "metal"
    assert forms[("silicon", "ferrosilicon")] == "ferrosilicon"
    assert forms[("silicon", "silicon metal (metallurgical grade)")] == "metal"
    assert forms[("silicon", "total (ferrosilicon and silicon metal)")] is None
    assert forms[("zinc", "ores and concentrates")] == "mine"
    assert forms[("zinc", "refined zinc")] is None
    (copper,) = {f for (m, _), f in forms.items() if m == "copper"}
    assert copper is None  # one series (refined basis) speaks for the whole mineral


# -- served --------------------------------------------------------------------------------


def _every_world_row(rows: list[dict[str, str]]) -> Any:
    """Parametrize a test over the World row of every table of a CSV."""
    worlds = _world_rows(rows)
    return pytest.mark.parametrize(
        ("mineral", "form", "year", "world"), worlds, ids=[f"{m}-{f}-{y}" for m, f, y, _ in worlds]
    )


@_every_world_row(PRODUCTION)
def test_world_total_of_every_table_is_the_printed_one(
    client: TestClient, mineral: str, form: str, year: int, world: str
) -> None:
    params = {"form": form, "year": year}
    for operation in ("producers", "supply"):
        response = client.get(f"/v1/minerals/{mineral}/{operation}", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["known"] is True
        assert (body["form"]["slug"], body["year"]) == (form, year)
        assert body["world_total"]["value_text"] == world
        assert body["world_total"]["value"] == _number(world)
        if _number(world) is None:
            assert all(p["share"] is None for p in body["producers"])


@_every_world_row(RESERVES)
def test_reserves_world_total_of_every_table_is_the_printed_one(
    client: TestClient, mineral: str, form: str, year: int, world: str
) -> None:
    body = client.get(f"/v1/minerals/{mineral}/supply", params={"form": form}).json()
    reserves = body["reserves"]
    assert (reserves["form"], reserves["year"]) == (form, year)
    assert reserves["world_total"]["value_text"] == world
    assert reserves["known"] is (_number(world.lstrip(">")) is not None)


def test_every_mineral_with_rows_answers_with_its_default_form(
    client: TestClient, session: Session
) -> None:
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for mineral, form, year, world in _world_rows(PRODUCTION):
        if (mineral, form) not in latest or latest[(mineral, form)][0] < year:
            latest[(mineral, form)] = (year, world)
    default = {f["mineral"]: f["slug"] for f in FORMS if f["default"]}
    minerals = {m for m, _ in latest}
    assert len(minerals) == 34
    for mineral in sorted(minerals):
        year, world = latest[(mineral, default[mineral])]
        for operation in ("producers", "supply"):
            response = client.get(f"/v1/minerals/{mineral}/{operation}")
            assert response.status_code == 200, response.text
            body = response.json()
            assert (body["known"], body["detail"]) == (True, None)
            assert (body["form"]["slug"], body["year"]) == (default[mineral], year), mineral
            assert body["world_total"]["value_text"] == world
    without = set(session.exec(select(Mineral.slug)).all()) - minerals
    for mineral in sorted(without):
        for operation in ("producers", "supply"):
            response = client.get(f"/v1/minerals/{mineral}/{operation}")
            assert response.status_code == 200, response.text
            assert response.json()["known"] is False, mineral
