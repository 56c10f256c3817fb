"""Working days as a table, so reports count them in SQL: for each day, how many working days
(England and Wales bank holidays excluded) came before it. The working days from one day to
another are the difference of their two counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2045, 12, 31)


class CalendarDay(Base):
    __tablename__ = "calendar_day"
    # Filled by its migration, never by the app: tests that empty tables leave it alone.
    __table_args__ = {"info": {"reference_data": True}}  # noqa: RUF012  (SQLAlchemy reads it)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working_days_before: Mapped[int]
