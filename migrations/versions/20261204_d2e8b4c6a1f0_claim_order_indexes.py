"""claims in date order per country and per mineral

Revision ID: d2e8b4c6a1f0
Revises: c4f1a9e2d7b6
Create Date: 2026-12-04 20:00:00.000000

GET /v1/citations?country= (and ?mineral=) lists claims newest first. The planner found a
country's claims through ix_claim_pair and sorted all of them for each page (a temporary
B-tree on SQLite, a Sort node on PostgreSQL); a mineral-only filter walked every claim in
date order. These two indexes serve both filters in order, so a page reads its rows and
stops.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d2e8b4c6a1f0"
down_revision: str | None = "c4f1a9e2d7b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claim_country_dated", "claim", ["country_iso2", "dated_at", "id"])
    op.create_index("ix_claim_mineral_dated", "claim", ["mineral_slug", "dated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_claim_mineral_dated", table_name="claim")
    op.drop_index("ix_claim_country_dated", table_name="claim")
