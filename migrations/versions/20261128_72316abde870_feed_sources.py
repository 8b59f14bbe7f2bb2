"""feed sources

RSS/Atom sources polled by the workers (`poll_feed` jobs; `polling_job_id` points at the
one unfinished poll job of a source) and the entries each source has delivered.

Revision ID: 72316abde870
Revises: 638edf1e1817
Create Date: 2026-11-28 13:23:50.062350
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "72316abde870"
down_revision: str | None = "638edf1e1817"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_url", sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("outlet", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("poll_interval_s", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("next_poll_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_polled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_success_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("entries_seen", sa.Integer(), nullable=False),
        sa.Column("articles_created", sa.Integer(), nullable=False),
        sa.Column("polling_job_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["polling_job_id"],
            ["job.id"],
            name=op.f("fk_feed_source_polling_job_id_job"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_source")),
        sa.UniqueConstraint("feed_url", name=op.f("uq_feed_source_feed_url")),
        sa.UniqueConstraint("polling_job_id", name=op.f("uq_feed_source_polling_job_id")),
    )
    op.create_table(
        "feed_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("first_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_feed_entry_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["feed_source.id"],
            name=op.f("fk_feed_entry_source_id_feed_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_entry")),
        sa.UniqueConstraint(
            "source_id", "entry_key", name=op.f("uq_feed_entry_source_id_entry_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("feed_entry")
    op.drop_table("feed_source")
