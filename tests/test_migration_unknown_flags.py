"""The upgrade stores unknown flags as null, in the columns and the stored facets, and
the downgrade as false again (issue 12, item 4)."""

from __future__ import annotations

import json

from sqlalchemy import Engine, text

from app.db import create_db_engine
from app.services.migrations import downgrade_to, upgrade_to, upgrade_to_head
from app.settings import Settings

BEFORE = "9a4c7e31b2d8"


def _facets(restricted: bool) -> dict[str, dict[str, object]]:
    unknown = {"value": False, "basis": "none", "as_of": None, "reason": "", "evidence": []}
    claimed = {**unknown, "value": True, "basis": "claims", "as_of": "2025-01-15"}
    return {
        "production": {**unknown, "value": "unknown"},
        "export_restricted": claimed if restricted else unknown,
        "disrupted": unknown,
        "developing": unknown,
    }


def _rows(engine: Engine, iso2: str) -> tuple[tuple[object, ...], dict[str, dict[str, object]]]:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT export_restricted, disrupted, developing, facets FROM status_record"
                " WHERE country_iso2 = :c"
            ),
            {"c": iso2},
        ).one()
    facets = row[3] if isinstance(row[3], dict) else json.loads(row[3])
    return tuple(row[:3]), facets


def test_unknown_flags_become_null_and_known_ones_stay(tmp_database: str) -> None:
    upgrade_to(tmp_database, BEFORE)
    engine = create_db_engine(Settings(database_url=tmp_database))
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO mineral (slug, name, kind, uses) VALUES"
                    " ('gallium', 'Gallium', 'element', '[]')"
                )
            )
            for iso2, iso3, numeric in (("CN", "CHN", "156"), ("US", "USA", "840")):
                conn.execute(
                    text(
                        "INSERT INTO country (iso2, iso3, numeric, name, region) VALUES"
                        " (:c, :c3, :n, :c, 'Test')"
                    ),
                    {"c": iso2, "c3": iso3, "n": numeric},
                )
            for iso2, restricted in (("CN", True), ("US", False)):
                conn.execute(
                    text(
                        "INSERT INTO status_record (country_iso2, mineral_slug, production_state,"
                        " market_position, reserves_state, export_restricted, disrupted,"
                        " import_dependent, developing, facets, updated_at) VALUES (:c,"
                        " 'gallium', 'unknown', 'unknown', 'unknown', :r, false, 'unknown',"
                        " false, :f, '2026-01-01 00:00:00')"
                    ),
                    {"c": iso2, "r": restricted, "f": json.dumps(_facets(restricted))},
                )
        upgrade_to_head(tmp_database)
        flags, facets = _rows(engine, "CN")
        assert flags == (True, None, None)
        assert facets["export_restricted"]["value"] is True
        assert facets["disrupted"]["value"] is None
        assert all("since" in facet for facet in facets.values())
        flags, facets = _rows(engine, "US")
        assert flags == (None, None, None)
        assert facets["export_restricted"]["value"] is None

        downgrade_to(tmp_database, BEFORE)
        flags, facets = _rows(engine, "US")
        assert [bool(f) for f in flags] == [False, False, False]
        assert None not in flags
        assert facets["export_restricted"]["value"] is False
    finally:
        engine.dispose()
