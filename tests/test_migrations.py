"""The schema exists only through Alembic: up to head, down to base, no drift."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from app.db import create_db_engine
from app.services.migrations import alembic_config, downgrade_to, upgrade_to, upgrade_to_head
from app.settings import Settings

TABLES = {
    "country",
    "country_alias",
    "mineral",
    "mineral_alias",
    "commodity_form",
    "critical_list",
    "critical_list_membership",
    "source",
    "production_figure",
    "reserve_figure",
    "import_reliance",
    "data_version",
}


def _tables(url: str) -> set[str]:
    engine = create_db_engine(Settings(database_url=url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_to_head_then_downgrade_to_base(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    assert _tables(tmp_database) >= TABLES
    command.check(alembic_config(tmp_database))  # raises when models and migrations drift
    downgrade_to(tmp_database, "base")
    assert _tables(tmp_database) == set()


def test_constraints_follow_the_naming_convention(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    engine = create_db_engine(Settings(database_url=tmp_database))
    try:
        inspector = inspect(engine)
        uniques = {u["name"] for u in inspector.get_unique_constraints("production_figure")}
        foreign = {f["name"] for f in inspector.get_foreign_keys("production_figure")}
    finally:
        engine.dispose()
    assert "uq_production_figure_mineral_slug_form_slug_year_label" in uniques
    assert "fk_production_figure_source_id_source" in foreign


def test_stored_url_credentials_are_removed_by_the_upgrade(tmp_database: str) -> None:
    """Rows written before URLs with userinfo were refused lose the userinfo, and nothing
    else: an article whose plain URL another row holds keeps its text without a url, and
    a duplicate source is paused under a URL of its own."""

    upgrade_to(tmp_database, "b5b4824c123a")
    engine = create_db_engine(Settings(database_url=tmp_database))
    now = "2025-01-01 00:00:00"
    try:
        with engine.begin() as conn:
            for id_, url, source_url in [
                (1, "https://tok@example.com/a", "https://u:pw@example.com/a"),
                (2, "https://example.com/b", "https://example.com/b"),
                (3, "https://tok@example.com/b", "https://u:pw@example.com/b"),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO article (id, url, source_url, content_type, ingested_at,"
                        " updated_at, enrichment_state) VALUES (:i, :u, :s, 'text/plain',"
                        " :n, :n, 'pending')"
                    ),
                    {"i": id_, "u": url, "s": source_url, "n": now},
                )
            for id_, feed_url in [
                (1, "https://example.com/feed"),
                (2, "https://u:pw@example.com/feed"),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO feed_source (id, feed_url, poll_interval_s, paused,"
                        " created_at, updated_at, consecutive_failures, entries_seen,"
                        " articles_created) VALUES (:i, :f, 900, false, :n, :n, 0, 0, 0)"
                    ),
                    {"i": id_, "f": feed_url, "n": now},
                )
            conn.execute(
                text(
                    "INSERT INTO job (id, kind, payload, state, attempts, max_attempts, run_at,"
                    " last_error, created_at, updated_at) VALUES (1, 'fetch_article', :p,"
                    " 'failed', 5, 5, :n, :e, :n, :n)"
                ),
                {
                    "p": '{"url": "https://u:pw@example.com/a", "article_id": 1}',
                    "e": "fetch https://u:pw@example.com/a failed",
                    "n": now,
                },
            )
        upgrade_to_head(tmp_database)
        with engine.connect() as conn:
            articles = conn.execute(text("SELECT id, url, source_url FROM article ORDER BY id"))
            feeds = conn.execute(text("SELECT id, feed_url, paused FROM feed_source ORDER BY id"))
            job = conn.execute(text("SELECT payload, last_error FROM job")).one()
            assert [tuple(r) for r in articles] == [
                (1, "https://example.com/a", "https://example.com/a"),
                (2, "https://example.com/b", "https://example.com/b"),
                (3, None, "https://example.com/b"),
            ]
            assert [(r[0], r[1], bool(r[2])) for r in feeds] == [
                (1, "https://example.com/feed", False),
                (2, "https://example.com/feed#duplicate-source-2", True),
            ]
            assert "pw@" not in str(job.payload)
            assert "https://example.com/a" in str(job.payload)
            assert job.last_error == "fetch https://example.com/a failed"
    finally:
        engine.dispose()
