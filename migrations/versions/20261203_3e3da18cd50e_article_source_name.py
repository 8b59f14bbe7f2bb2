"""article source name

Revision ID: 3e3da18cd50e
Revises: b5a31d21c74d
Create Date: 2026-12-03 13:47:25.148277

Where a text without a URL came from (a file name, an archive's label), so its citations
can say so. Plain ALTER TABLE both ways: a batch rebuild of article on SQLite would drop
its expression index, which SQLite cannot reflect (SQLite 3.35+ drops columns itself).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "3e3da18cd50e"
down_revision: str | None = "b5a31d21c74d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "article",
        sa.Column("source_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE article DROP COLUMN source_name")
