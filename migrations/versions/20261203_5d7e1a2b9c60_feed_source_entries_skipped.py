"""feed source entries_skipped

Revision ID: 5d7e1a2b9c60
Revises: 3c0f5e2a9d41
Create Date: 2026-12-03 09:00:00.000000

A feed entry that cannot be stored as an article (a NUL character, an invalid link or value)
is skipped instead of failing its source's poll; `entries_skipped` counts them per source.
Existing sources start at 0.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7e1a2b9c60"
down_revision: str | None = "3c0f5e2a9d41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feed_source") as batch:
        batch.add_column(
            sa.Column("entries_skipped", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("feed_source") as batch:
        batch.drop_column("entries_skipped")
