"""`orewatch citations`, `status` and `history`: readable tables from the local database or
a server, and plain errors."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

from app.db import create_db_engine, make_session_factory, transaction
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings
from tests.articles import store_and_enrich
from tests.ingest.conftest import LiveApi, live_api
from tests.processes import run_orewatch

__all__ = ["live_api"]

BAN = (
    "Kazakhstan banned exports of tungsten concentrate this week, the trade ministry said. "
    "The ban covers every licensed exporter of the metal.\n"
)


def _ore(database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    return run_orewatch(*args, database_url=database_url)


def test_local_tables_answer_the_usual_questions(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    engine = create_db_engine(Settings(database_url=tmp_database))
    factory = make_session_factory(engine)
    try:
        with transaction(factory) as session:
            seed_reference_data(session)
        article = store_and_enrich(
            factory, BAN, published=datetime(2025, 1, 15, tzinfo=UTC), url="https://news.example/kz"
        )
    finally:
        engine.dispose()

    cited = _ore(tmp_database, "citations", "--country", "KZ")
    assert cited.returncode == 0, cited.stderr
    assert "Citations (1 in all)" in cited.stdout
    assert "Kazakhstan banned exports of tungsten" in cited.stdout
    assert "https://news.example/kz" in cited.stdout

    record = _ore(tmp_database, "status", "kz", "TUNGSTEN")
    assert record.returncode == 0, record.stderr
    assert "Kazakhstan x Tungsten" in record.stdout
    restricted = next(line for line in record.stdout.splitlines() if "export_restricted" in line)
    assert "yes" in restricted
    assert "2025-01-15" in restricted
    disrupted = next(line for line in record.stdout.splitlines() if "disrupted" in line)
    assert "unknown" in disrupted

    history = _ore(tmp_database, "history", "KZ", "tungsten")
    assert history.returncode == 0, history.stderr
    assert f"article:{article}" in history.stdout
    assert "(1 changes)" in history.stdout

    for args, message in (
        (("status", "XQ", "tungsten"), "error: Unknown country 'XQ'"),
        (("history", "KZ", "unobtainium"), "error: Unknown mineral 'unobtainium'"),
        (("citations", "--status", "rumoured"), "error: unknown status 'rumoured'"),
        (("citations", "--since", "yesterday"), "error: --since 'yesterday' is not a date"),
    ):
        bad = _ore(tmp_database, *args)
        assert bad.returncode == 1, args
        assert bad.stderr.startswith(message), bad.stderr
        assert "Traceback" not in bad.stderr


def test_api_mode_reads_the_server(live_api: LiveApi) -> None:
    base = str(live_api.http.base_url)
    record = _ore(None, "status", "CN", "gallium", "--api", base)
    assert record.returncode == 0, record.stderr
    market = next(line for line in record.stdout.splitlines() if "market_position" in line)
    assert "dominant" in market
    assert "statistics" in market
    missing = _ore(None, "status", "XQ", "gallium", "--api", base)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: the server answered 404: Unknown country 'XQ'")
