"""Imported review history, when each review's record and midpoint are due, and a calendar
of working days for the reports

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from dateutil.relativedelta import relativedelta

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

RECORD_WORKING_DAYS = 20
MIDPOINT_MONTHS = 3


def upgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("advocate_spoke", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("record_written_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("record_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("midpoint_due_on", sa.Date(), nullable=True))
    calendar = op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working_days_before", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.bulk_insert(calendar, _calendar_days())
    _backfill()


def _calendar_days():
    """2000 to 2045, each day with the count of working days before it."""
    import holidays

    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2046))
    rows, count, day = [], 0, date(2000, 1, 1)
    while day <= date(2045, 12, 31):
        rows.append({"day": day, "working_days_before": count})
        count += bank_holidays.is_working_day(day)
        day += timedelta(days=1)
    return rows


def _backfill():
    """Reviews already held get the dates the reports compare; letters already sent, the day
    the record was written (UK time). Written here with the rules as they stand today."""
    import holidays

    calendar = holidays.country_holidays("GB", subdiv="ENG")
    connection = op.get_bind()
    held = connection.execute(
        sa.text(
            "SELECT review.id, review.kind, review.held_on, child_letter.sent_at "
            "FROM review LEFT JOIN child_letter ON child_letter.review_id = review.id "
            "WHERE review.held_on IS NOT NULL"
        )
    ).all()
    for review_id, kind, held_on, sent_at in held:
        held_on = date.fromisoformat(held_on) if isinstance(held_on, str) else held_on
        connection.execute(
            sa.text(
                "UPDATE review SET record_due_on = :record_due, midpoint_due_on = :midpoint_due,"
                " record_written_on = :written WHERE id = :id"
            ),
            {
                "id": review_id,
                "record_due": calendar.get_nth_working_day(held_on, RECORD_WORKING_DAYS),
                "midpoint_due": None
                if kind == "first"
                else held_on + relativedelta(months=MIDPOINT_MONTHS),
                "written": _uk_day(sent_at),
            },
        )


def _uk_day(sent_at):
    """A stored UTC time (text on SQLite) as the day it was in the UK."""
    if sent_at is None:
        return None
    if isinstance(sent_at, str):
        sent_at = datetime.fromisoformat(sent_at)
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    return sent_at.astimezone(ZoneInfo("Europe/London")).date()


def downgrade():
    op.drop_table("calendar_day")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("midpoint_due_on")
        batch_op.drop_column("record_due_on")
        batch_op.drop_column("record_written_on")
        batch_op.drop_column("advocate_spoke")
        batch_op.drop_column("imported")
