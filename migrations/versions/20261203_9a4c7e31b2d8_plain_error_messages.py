"""plain error messages in stored rows

Revision ID: 9a4c7e31b2d8
Revises: 5d7e1a2b9c60
Create Date: 2026-12-03 09:30:00.000000

Before this revision a failed job's `last_error`, and so a dead enrichment's article
`error` and a dead poll's source `last_error`, held the exception's class and message:
SQL with bound parameters, "PermanentJobError: ...", parser class names. These fields are
readable by anyone. From now on the worker stores a plain sentence (app/jobs/errors.py)
and logs the details; this rewrites the messages already stored the same way: a job
error keeps its words without its class name, anything else becomes the plain sentence
for its kind of trouble. Messages that name no class are left as they are. There is no
way back: the downgrade leaves the rows as they are.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9a4c7e31b2d8"
down_revision: str | None = "5d7e1a2b9c60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIMIT = 300
# A class name as the worker wrote it: IntegrityError, OSError, psycopg.errors.DataError
_CLASS = (
    r"(?:[A-Za-z_]\w*\.)*"
    r"(?:[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]\w*(?:Error|Exception)|Exception)"
)
_PREFIX = re.compile(rf"^\s*({_CLASS})(?::\s*|$)")
_SUFFIX = re.compile(rf":\s*{_CLASS}\s*$")
_OWN = frozenset({"JobError", "PermanentJobError"})
_BY_CLASS = {
    "DataError": "the database refused a value of this job's data (an invalid character or size)",
    "IntegrityError": "the job's write conflicted with another write to the same data",
    "OperationalError": "the database was unavailable or out of resources",
    "InterfaceError": "the database was unavailable or out of resources",
    "TimeoutError": "the database was unavailable or out of resources",
}
_DATABASE = "the database refused the job's write"
_INTERNAL = "an internal error stopped the job"
_FEED_PREFIXES = {
    "parsing the feed failed:": "the feed could not be parsed",
    "not an RSS or Atom feed": "the response is not an RSS or Atom feed",
}


def _bounded(message: str) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= LIMIT else flat[: LIMIT - 3].rstrip() + "..."


def plain(message: str) -> str:
    """The stored message as the worker would write it now."""
    for prefix, replacement in _FEED_PREFIXES.items():
        if message.startswith(prefix):
            return replacement
    outer = ""
    if message.startswith("fetching the feed failed: "):
        outer, message = "fetching the feed failed: ", message[len("fetching the feed failed: ") :]
    match = _PREFIX.match(message)
    if match is not None:
        name = match.group(1).rsplit(".", 1)[-1]
        if name not in _OWN:
            return _BY_CLASS.get(name) or (_DATABASE if "[SQL:" in message else _INTERNAL)
        message = message[match.end() :]
    if "[SQL:" in message:
        return _DATABASE
    return _bounded(outer + _SUFFIX.sub("", message.strip())) or _INTERNAL


def _rewrite(conn: sa.Connection, table: str, column: str) -> None:
    rows = sa.table(table, sa.column("id"), sa.column(column))
    value = rows.c[column]
    stored = conn.execute(sa.select(rows.c.id, value).where(value.is_not(None))).all()
    for row_id, message in stored:
        fixed = plain(message)
        if fixed != message:
            conn.execute(rows.update().where(rows.c.id == row_id).values({column: fixed}))


def upgrade() -> None:
    conn = op.get_bind()
    _rewrite(conn, "job", "last_error")
    _rewrite(conn, "feed_source", "last_error")
    _rewrite(conn, "article", "error")


def downgrade() -> None:
    pass  # the details were never the clients' to read; the logs have them
