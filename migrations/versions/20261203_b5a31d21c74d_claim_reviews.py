"""claim reviews

Revision ID: b5a31d21c74d
Revises: b7d2c4e8f1a3
Create Date: 2026-12-03 13:28:02.056501

Analysts' verdicts on claims (`claim_review`, every verdict kept, with the claim's identity
so a verdict survives re-enrichment), the claim's current verdict on the claim itself (for
the review queue's index), and the ids re-enrichment retired (`retired_claim`: naming one
answers 409). On SQLite the claim table is rebuilt with AUTOINCREMENT, so a deleted claim's
id is never handed out again.
"""

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.exc import SAWarning

revision: str = "b5a31d21c74d"
down_revision: str | None = "b7d2c4e8f1a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild_claim(sqlite: bool) -> None:
    with op.batch_alter_table(
        "claim",
        schema=None,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch_op:
        batch_op.add_column(
            sa.Column("review_verdict", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
        batch_op.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_claim_review_queue", ["review_verdict", "confidence", "id"], unique=False
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Rebuilding claim reflects the tables it references; SQLite cannot reflect article's
    # expression index, which the rebuild does not touch: not worth a warning on stderr.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
        )
        _rebuild_claim(sqlite)

    op.create_table(
        "retired_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_claim")),
    )
    with op.batch_alter_table("retired_claim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retired_claim_article_id"), ["article_id"], unique=False
        )

    op.create_table(
        "claim_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("country_iso2", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("mineral_slug", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer_key_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_review_claim_id_claim"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_review")),
    )
    with op.batch_alter_table("claim_review", schema=None) as batch_op:
        batch_op.create_index("ix_claim_review_article", ["article_id", "claim_id"], unique=False)
        batch_op.create_index("ix_claim_review_claim", ["claim_id", "id"], unique=False)
        batch_op.create_index("ix_claim_review_created", ["created_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_review_queue")
        batch_op.drop_column("review_id")
        batch_op.drop_column("review_verdict")

    with op.batch_alter_table("claim_review", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_review_created")
        batch_op.drop_index("ix_claim_review_claim")
        batch_op.drop_index("ix_claim_review_article")

    op.drop_table("claim_review")
    with op.batch_alter_table("retired_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retired_claim_article_id"))

    op.drop_table("retired_claim")
