"""url credentials removed from stored rows

Revision ID: 3c0f5e2a9d41
Revises: b5b4824c123a
Create Date: 2026-12-03 09:00:00.000000

Before this revision a submitted URL's userinfo was kept: the password in `source_url` and
in job payloads, the user name (often a token) in the canonical `url`. URLs carrying
credentials are refused from now on (app/url_credentials.py); this removes those already
stored, so no reader is ever served one. Where the URL without credentials is already held
by another row (`article.url` and `feed_source.feed_url` are unique), the article keeps its
text without a `url`, and the source is paused with a fragment that keeps its URL unique.
Nothing is deleted. There is no way back: the downgrade leaves the rows as they are.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.url_credentials import without_userinfo

revision: str = "3c0f5e2a9d41"
down_revision: str | None = "b5b4824c123a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ARTICLE = sa.table("article", sa.column("id"), sa.column("url"), sa.column("source_url"))
_FEED = sa.table(
    "feed_source",
    sa.column("id"),
    sa.column("feed_url"),
    sa.column("paused"),
    sa.column("last_error"),
)
_JOB = sa.table("job", sa.column("id"), sa.column("payload", sa.JSON), sa.column("last_error"))


def _scrub(value: Any) -> Any:
    """Any string, or any string inside a JSON value, without URL userinfo."""
    if isinstance(value, str):
        return " ".join(without_userinfo(word) for word in value.split(" "))
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def _is_taken(conn: sa.Connection, column: sa.ColumnClause[Any], value: str, own: int) -> bool:
    table = column.table
    query = sa.select(table.c.id).where(column == value, table.c.id != own).limit(1)
    return conn.execute(query).first() is not None


def _articles(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.select(_ARTICLE.c.id, _ARTICLE.c.url, _ARTICLE.c.source_url).where(
            sa.or_(_ARTICLE.c.url.contains("@"), _ARTICLE.c.source_url.contains("@"))
        )
    ).all()
    for row in rows:
        url, source_url = _scrub(row.url), _scrub(row.source_url)
        if url is not None and url != row.url and _is_taken(conn, _ARTICLE.c.url, url, row.id):
            url = None  # the same page is held by another row under its plain URL
        if (url, source_url) != (row.url, row.source_url):
            conn.execute(
                _ARTICLE.update()
                .where(_ARTICLE.c.id == row.id)
                .values(url=url, source_url=source_url)
            )


def _feeds(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.select(_FEED.c.id, _FEED.c.feed_url, _FEED.c.last_error).where(
            sa.or_(_FEED.c.feed_url.contains("@"), _FEED.c.last_error.contains("@"))
        )
    ).all()
    for row in rows:
        values: dict[str, Any] = {"last_error": _scrub(row.last_error)}
        feed_url = _scrub(row.feed_url)
        if feed_url != row.feed_url:
            if _is_taken(conn, _FEED.c.feed_url, feed_url, row.id):
                feed_url, values["paused"] = f"{feed_url}#duplicate-source-{row.id}", True
            values["feed_url"] = feed_url
        conn.execute(_FEED.update().where(_FEED.c.id == row.id).values(**values))


def _jobs(conn: sa.Connection) -> None:
    suspects = sa.or_(
        sa.cast(_JOB.c.payload, sa.Text).contains("@"), _JOB.c.last_error.contains("@")
    )
    for row in conn.execute(
        sa.select(_JOB.c.id, _JOB.c.payload, _JOB.c.last_error).where(suspects)
    ).all():
        payload, last_error = _scrub(row.payload), _scrub(row.last_error)
        if (payload, last_error) != (row.payload, row.last_error):
            conn.execute(
                _JOB.update()
                .where(_JOB.c.id == row.id)
                .values(payload=payload, last_error=last_error)
            )


def upgrade() -> None:
    conn = op.get_bind()
    _articles(conn)
    _feeds(conn)
    _jobs(conn)


def downgrade() -> None:
    pass  # removed credentials cannot be restored, nor should they be
