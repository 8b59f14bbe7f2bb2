"""article cited sources

The sources an article attributes its statements to ("according to Foreign Policy"),
kept from the extraction so the article detail can show them. Articles enriched before
this revision have none until re-enriched (`orewatch reenrich --all`).

Revision ID: b4f92f4d3ecd
Revises: 72316abde870
Create Date: 2026-11-28 15:44:57.385717
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b4f92f4d3ecd"
down_revision: str | None = "72316abde870"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cited_sources", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("cited_sources")
