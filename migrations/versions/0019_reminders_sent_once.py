"""Reminders already sent, one row each, so several outbox workers never send one twice

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint(
            "kind", "subject_id", "occasion", name=op.f("uq_reminder_kind_subject_id_occasion")
        ),
    )


def downgrade():
    op.drop_table("reminder")
