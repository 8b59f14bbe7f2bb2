"""article outlet lower index

Citations and articles filter on lower(outlet); without an index on that expression
PostgreSQL had no statistics for it and, at 100k articles, chose a parallel plan for a
50-row page and scanned the raw-outlet index for the count (docs/scale.md).

Revision ID: b5b4824c123a
Revises: b4f92f4d3ecd
Create Date: 2026-11-28 17:17:07.173645
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5b4824c123a"
down_revision: str | None = "b4f92f4d3ecd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_article_outlet_lower",
        "article",
        [sa.literal_column("lower(outlet)"), "id"],
        unique=False,
        postgresql_include=["outlet"],
    )


def downgrade() -> None:
    op.drop_index("ix_article_outlet_lower", table_name="article", postgresql_include=["outlet"])
