"""The upgrade rewrites error messages already stored with class names and SQL into the
plain sentences the worker writes now (issue 15, item 9)."""

from __future__ import annotations

from sqlalchemy import text

from app.db import create_db_engine
from app.services.migrations import upgrade_to, upgrade_to_head
from app.settings import Settings

LEAKED_SQL = (
    "IntegrityError: (psycopg.errors.UniqueViolation) duplicate key value violates unique "
    'constraint "pk_status_record"\nDETAIL:  Key (country_iso2, mineral_slug)=(CL, lithium) '
    "already exists.\n[SQL: INSERT INTO status_record (country_iso2) VALUES (%(c)s)]\n"
    "[parameters: {'c': 'CL'}]"
)
BEFORE_AND_AFTER = [
    (LEAKED_SQL, "the job's write conflicted with another write to the same data"),
    (
        "DataError: (psycopg.errors.UntranslatableCharacter) ... [SQL: UPDATE article ...]",
        "the database refused a value of this job's data (an invalid character or size)",
    ),
    ("PermanentJobError: refused: the URL has no host", "refused: the URL has no host"),
    ("JobError: cannot connect to news.example: ConnectError", "cannot connect to news.example"),
    (
        "PermanentJobError: extraction failed: HTML could not be parsed: ValueError",
        "extraction failed: HTML could not be parsed",
    ),
    ("RuntimeError: internal detail 42", "an internal error stopped the job"),
    ("OSError: [Errno 28] No space left on device", "an internal error stopped the job"),
    (
        "parsing the feed failed: UnicodeEncodeError: 'utf-8' codec can't encode",
        "the feed could not be parsed",
    ),
    (
        "not an RSS or Atom feed: SAXParseException: <unknown>:1:0: syntax error",
        "the response is not an RSS or Atom feed",
    ),
    (
        "fetching the feed failed: reading the body failed: ReadError",
        "fetching the feed failed: reading the body failed",
    ),
    ("the server answered 503", "the server answered 503"),  # already plain: kept
]


def test_stored_error_messages_become_plain(tmp_database: str) -> None:
    upgrade_to(tmp_database, "5d7e1a2b9c60")
    engine = create_db_engine(Settings(database_url=tmp_database))
    now = "2026-01-01 00:00:00"
    try:
        with engine.begin() as conn:
            for n, (before, _after) in enumerate(BEFORE_AND_AFTER, start=1):
                conn.execute(
                    text(
                        "INSERT INTO job (id, kind, payload, state, attempts, max_attempts,"
                        " run_at, last_error, created_at, updated_at) VALUES (:i, 'poll_feed',"
                        " '{}', 'dead', 1, 1, :n, :e, :n, :n)"
                    ),
                    {"i": n, "e": before, "n": now},
                )
                conn.execute(
                    text(
                        "INSERT INTO feed_source (id, feed_url, poll_interval_s, paused,"
                        " created_at, updated_at, last_error, consecutive_failures,"
                        " entries_seen, articles_created) VALUES"
                        " (:i, :f, 900, false, :n, :n, :e, 1, 0, 0)"
                    ),
                    {"i": n, "f": f"https://feeds.example/{n}", "e": before, "n": now},
                )
                conn.execute(
                    text(
                        "INSERT INTO article (id, content_type, ingested_at, updated_at,"
                        " enrichment_state, error) VALUES (:i, 'text/plain', :n, :n,"
                        " 'failed', :e)"
                    ),
                    {"i": n, "e": before, "n": now},
                )
        upgrade_to_head(tmp_database)
        expected = [after for _before, after in BEFORE_AND_AFTER]
        with engine.connect() as conn:
            for query in (
                "SELECT last_error FROM job ORDER BY id",
                "SELECT last_error FROM feed_source ORDER BY id",
                "SELECT error FROM article ORDER BY id",
            ):
                assert list(conn.execute(text(query)).scalars()) == expected, query
    finally:
        engine.dispose()
