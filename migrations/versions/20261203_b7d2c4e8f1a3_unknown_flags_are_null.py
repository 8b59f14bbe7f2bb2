"""unknown flags are null

Revision ID: b7d2c4e8f1a3
Revises: 9a4c7e31b2d8
Create Date: 2026-12-03 14:00:00.000000

A status record's flags (export_restricted, disrupted, developing) said `false` when
nothing was known; nothing ever says a flag is false (no statistic, no claim status), so
false meant "unknown". The columns become nullable and an unknown flag is stored as null,
in the columns and in the stored facets. Every facet also gains `since` (null here; the
next recomputation of the pair, for example `orewatch seed`, fills it and rebuilds the
pair's history in evidence order). The downgrade stores unknown flags as false again.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "b7d2c4e8f1a3"
down_revision: str | None = "9a4c7e31b2d8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLAGS = ("export_restricted", "disrupted", "developing")
_records = sa.table(
    "status_record",
    sa.column("country_iso2", sa.String),
    sa.column("mineral_slug", sa.String),
    sa.column("facets", sa.JSON),
    *(sa.column(flag, sa.Boolean) for flag in FLAGS),
)


def _set_nullable(nullable: bool) -> None:
    with op.batch_alter_table("status_record") as batch:
        for flag in FLAGS:
            batch.alter_column(flag, existing_type=sa.Boolean(), nullable=nullable)


def _rewrite(unknown: bool | None) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_records.c.country_iso2, _records.c.mineral_slug, _records.c.facets)
    ).all()
    for iso2, slug, facets in rows:
        patched: dict[str, Any] = {}
        for name, facet in (facets or {}).items():
            facet = dict(facet)
            facet.setdefault("since", None)
            if name in FLAGS and facet.get("basis") == "none":
                facet["value"] = unknown
            patched[name] = facet
        values = {flag: patched[flag]["value"] for flag in FLAGS if flag in patched}
        connection.execute(
            _records.update()
            .where(_records.c.country_iso2 == iso2, _records.c.mineral_slug == slug)
            .values(facets=patched, **values)
        )


def upgrade() -> None:
    _set_nullable(True)
    _rewrite(None)


def downgrade() -> None:
    _rewrite(False)
    _set_nullable(False)
