"""The midpoint check-in: a consultation may be for the midpoint

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_consultation_consultation_purpose'), type_='check')
        batch_op.create_check_constraint(
            'consultation_purpose', "purpose IN ('views', 'feedback', 'midpoint')"
        )


def downgrade():
    op.execute("DELETE FROM consultation WHERE purpose = 'midpoint'")
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_consultation_consultation_purpose'), type_='check')
        batch_op.create_check_constraint(
            'consultation_purpose', "purpose IN ('views', 'feedback')"
        )
