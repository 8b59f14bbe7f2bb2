"""data version per domain

Revision ID: c4f1a9e2d7b6
Revises: 3e3da18cd50e
Create Date: 2026-12-03 15:00:00.000000

The one data-version counter becomes one per data domain (app/models/meta.py): row 1
counts reference data and statistics, row 2 (new) news: articles, claims, status records,
reviews. Read caches drop an answer only when a domain it is built from moves, so news no
longer empties the cache of statistics answers. Row 2 starts at row 1's value, so no
ETag handed out before the upgrade can match an answer after it by accident. The downgrade
removes row 2.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c4f1a9e2d7b6"
down_revision: str | None = "3e3da18cd50e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEWS = 2
_versions = sa.table(
    "data_version",
    sa.column("id", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("updated_at", sa.DateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    current = connection.execute(sa.select(_versions.c.version).where(_versions.c.id == 1)).scalar()
    exists = connection.execute(sa.select(_versions.c.id).where(_versions.c.id == NEWS)).first()
    if exists is None:
        op.execute(
            _versions.insert().values(
                id=NEWS, version=int(current or 0), updated_at=datetime.now(UTC)
            )
        )


def downgrade() -> None:
    op.execute(_versions.delete().where(_versions.c.id == NEWS))
