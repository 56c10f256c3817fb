"""Bringing a council's review history in from its old system, so reports cover the years
before the portal (`flask --app wsgi import-reviews FILE.csv --organisation NAME`).

The file is UTF-8 CSV with a header row naming the columns in COLUMNS, in any order. Every row
is checked before anything is written; a file with any bad row is refused whole, each problem
reported with its line number, and a good file goes in as one transaction. Children are matched
(or created) by their case reference and reviews by child and the day they were held, so
importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from portal import audit, child_letters, reviews
from portal.extensions import db
from portal.models import (
    Child,
    Organisation,
    ParticipationCode,
    Review,
    ReviewFormat,
    ReviewKind,
    ReviewStatus,
    StaffUser,
)

COLUMNS = (
    "child_reference",
    "date_of_birth",
    "looked_after_since",
    "review_kind",
    "due_date",
    "held_on",
    "format",
    "participation_code",
    "advocate_spoke",
    "record_written_on",
    "iro_email",
)
OPTIONAL = {"participation_code", "advocate_spoke", "record_written_on"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_REFERENCE = 50
UNDER_FOUR = 4  # PN0: the child was under 4 on the day of the review
MIDPOINT_MONTHS = 3  # as portal/consultation/purposes.midpoint_due


class ImportRefused(Exception):
    """The file was not imported; `problems` says why, by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class HistoryRow:
    line: int
    child_reference: str
    date_of_birth: date
    looked_after_since: date
    kind: ReviewKind
    due_date: date
    held_on: date
    format: ReviewFormat
    participation_code: ParticipationCode | None
    advocate_spoke: bool | None
    record_written_on: date | None
    iro_email: str


@dataclass(frozen=True)
class Imported:
    children_created: int
    reviews_created: int
    reviews_updated: int


def import_reviews(organisation: Organisation, data: bytes, today: date) -> Imported:
    """Check the whole file, then write it in one transaction. ImportRefused, with nothing
    written, if any row is bad."""
    rows = read(data, today)
    staff = _staff_by_email(organisation)
    existing = _children(organisation, {row.child_reference for row in rows})
    problems = _cross_check(rows, staff, existing)
    if problems:
        raise ImportRefused(problems)
    try:
        result = _write(organisation, rows, staff, existing)
        audit.record(
            "reviews.imported",
            organisation_id=organisation.id,
            children_created=result.children_created,
            reviews_created=result.reviews_created,
            reviews_updated=result.reviews_updated,
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def read(data: bytes, today: date) -> list[HistoryRow]:
    """Every row of the file, checked on its own; ImportRefused listing every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(["the file is not UTF-8 text"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    problems = _check_header(reader.fieldnames)
    if problems:
        raise ImportRefused(problems)
    rows: list[HistoryRow] = []
    try:
        for record in reader:
            line = reader.line_num
            row_problems: list[str] = []
            row = _row(line, record, today, row_problems)
            if row_problems:
                problems.extend(f"line {line}: {problem}" for problem in row_problems)
            elif row is not None:
                rows.append(row)
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: not valid CSV ({error})")
    if not rows and not problems:
        problems.append("the file has no reviews in it")
    if problems:
        raise ImportRefused(problems)
    return rows


def _check_header(names: Any) -> list[str]:
    if not names:
        return ["line 1: the header row is missing"]
    cleaned = [str(name).strip() for name in names]
    problems = []
    if missing := [column for column in COLUMNS if column not in cleaned]:
        problems.append(f"line 1: missing columns: {', '.join(missing)}")
    if unknown := sorted(set(cleaned) - set(COLUMNS)):
        problems.append(f"line 1: unknown columns: {', '.join(unknown)}")
    if len(set(cleaned)) != len(cleaned):
        problems.append("line 1: a column is named twice")
    return problems


def _row(line: int, record: dict[str, Any], today: date, problems: list[str]) -> HistoryRow | None:
    if None in record:  # more cells than columns
        problems.append("more values than columns")
        return None
    values = {key.strip(): (value or "").strip() for key, value in record.items()}
    for column in COLUMNS:
        if CONTROL.search(values.get(column, "")):
            problems.append(f"{column} has a control character in it")
        elif not values.get(column) and column not in OPTIONAL:
            problems.append(f"{column} is empty")
    if problems:
        return None
    field = _Fields(values, problems)
    row = HistoryRow(
        line=line,
        child_reference=field.reference(),
        date_of_birth=field.day("date_of_birth"),
        looked_after_since=field.day("looked_after_since"),
        kind=field.choice("review_kind", ReviewKind),
        due_date=field.day("due_date"),
        held_on=field.day("held_on"),
        format=field.choice("format", ReviewFormat),
        participation_code=field.optional("participation_code", ParticipationCode),
        advocate_spoke=field.yes_no("advocate_spoke"),
        record_written_on=field.optional_day("record_written_on"),
        iro_email=values["iro_email"].lower(),
    )
    if not problems:
        problems.extend(_dates_agree(row, today))
    return None if problems else row


class _Fields:
    """Reading one row's cells; each problem is added to `problems` and a stand-in returned."""

    def __init__(self, values: dict[str, str], problems: list[str]) -> None:
        self.values, self.problems = values, problems

    def reference(self) -> str:
        value = self.values["child_reference"]
        if len(value) > MAX_REFERENCE:
            self.problems.append(f"child_reference is longer than {MAX_REFERENCE} characters")
        return value

    def day(self, column: str) -> date:
        value = self.values[column]
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{column} is not a date written YYYY-MM-DD: {value!r}")
            return date.min

    def optional_day(self, column: str) -> date | None:
        return self.day(column) if self.values.get(column) else None

    def choice(self, column: str, kind: Callable[[str], Any]) -> Any:
        try:
            return kind(self.values[column])
        except ValueError:
            self.problems.append(
                f"{column} is not one of the allowed values: {self.values[column]!r}"
            )
            return None

    def optional(self, column: str, kind: Callable[[str], Any]) -> Any:
        return self.choice(column, kind) if self.values.get(column) else None

    def yes_no(self, column: str) -> bool | None:
        value = self.values.get(column, "").lower()
        if value not in {"", "yes", "no"}:
            self.problems.append(f"{column} must be yes, no or empty: {self.values[column]!r}")
        return {"yes": True, "no": False}.get(value)


def _dates_agree(row: HistoryRow, today: date) -> list[str]:
    problems = []
    if row.date_of_birth > row.looked_after_since:
        problems.append("looked_after_since is before date_of_birth")
    if row.held_on < row.looked_after_since:
        problems.append("held_on is before looked_after_since")
    if row.held_on > today:
        problems.append("held_on is in the future: only reviews already held can be imported")
    if row.record_written_on is not None and row.record_written_on < row.held_on:
        problems.append("record_written_on is before held_on")
    age = _age_on(row.date_of_birth, row.held_on)
    code = row.participation_code
    if code is ParticipationCode.PN0 and age >= UNDER_FOUR:
        problems.append(f"PN0 is for a child under 4, and this child was {age} on held_on")
    if code not in (None, ParticipationCode.PN0) and age < UNDER_FOUR:
        problems.append(f"a child under 4 on held_on is coded PN0, not {code}")
    return problems


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _staff_by_email(organisation: Organisation) -> dict[str, StaffUser]:
    people = db.session.execute(
        select(StaffUser).where(StaffUser.organisation_id == organisation.id)
    ).scalars()
    return {person.email.lower(): person for person in people}


def _children(organisation: Organisation, references: set[str]) -> dict[str, Child]:
    found = db.session.execute(
        select(Child).where(
            Child.organisation_id == organisation.id, Child.case_reference.in_(references)
        )
    ).scalars()
    return {child.case_reference: child for child in found}


def _cross_check(
    rows: list[HistoryRow], staff: dict[str, StaffUser], existing: dict[str, Child]
) -> list[str]:
    """What only the whole file (and what is already stored) can show."""
    problems = []
    born: dict[str, date] = {ref: child.date_of_birth for ref, child in existing.items()}
    held: set[tuple[str, date]] = set()
    for row in rows:
        if row.iro_email not in staff:
            problems.append(f"line {row.line}: no staff account has the email in iro_email")
        if born.setdefault(row.child_reference, row.date_of_birth) != row.date_of_birth:
            problems.append(
                f"line {row.line}: date_of_birth differs from the same child's elsewhere"
            )
        if (row.child_reference, row.held_on) in held:
            problems.append(f"line {row.line}: this child already has a review held that day")
        held.add((row.child_reference, row.held_on))
    return problems


def _write(
    organisation: Organisation,
    rows: list[HistoryRow],
    staff: dict[str, StaffUser],
    existing: dict[str, Child],
) -> Imported:
    children = dict(existing)
    for row in sorted(rows, key=lambda r: r.held_on):
        if row.child_reference not in children:
            children[row.child_reference] = _new_child(organisation, row, staff)
        elif row.child_reference not in existing:
            # A child new to the portal gets the IRO of their latest review in the file.
            children[row.child_reference].iro = staff[row.iro_email]
    created = len(children) - len(existing)
    db.session.flush()
    held = _held_reviews([child.id for child in children.values()])
    new = updated = 0
    for row in rows:
        child = children[row.child_reference]
        review = held.get((child.id, row.held_on))
        if review is None:
            review = _new_review(child, row)
            db.session.add(review)
            new += 1
        else:
            updated += _apply(review, row)
    return Imported(created, new, updated)


def _new_child(organisation: Organisation, row: HistoryRow, staff: dict[str, StaffUser]) -> Child:
    child = Child(
        organisation=organisation,
        # The old system's reference stands in for a name: the portal never needed one for
        # history, and reports never show it.
        name=row.child_reference,
        case_reference=row.child_reference,
        date_of_birth=row.date_of_birth,
        looked_after_since=row.looked_after_since,
        iro=staff[row.iro_email],
    )
    db.session.add(child)
    return child


def _held_reviews(child_ids: list[int]) -> dict[tuple[int, date], Review]:
    found = db.session.execute(
        select(Review).where(Review.child_id.in_(child_ids), Review.held_on.is_not(None))
    ).scalars()
    return {(review.child_id, review.held_on): review for review in found if review.held_on}


def _new_review(child: Child, row: HistoryRow) -> Review:
    noon = datetime.combine(row.held_on, time(12), tzinfo=reviews.local_zone())
    review = Review(
        child=child,
        kind=row.kind,
        due_date=row.due_date,
        scheduled_at=noon,
        venue="",
        format=row.format,
        status=ReviewStatus.HELD,
        held_on=row.held_on,
        imported=True,
    )
    _apply(review, row)
    return review


def _apply(review: Review, row: HistoryRow) -> int:
    """Set what the file says about a review; 1 if anything changed."""
    wanted = {
        "kind": row.kind,
        "due_date": row.due_date,
        "format": row.format,
        "participation_code": row.participation_code,
        "advocate_spoke": row.advocate_spoke,
        "record_written_on": row.record_written_on,
        "record_due_on": child_letters.record_due_for(row.held_on),
        "midpoint_due_on": None
        if row.kind is ReviewKind.FIRST
        else row.held_on + relativedelta(months=MIDPOINT_MONTHS),
    }
    changed = any(getattr(review, name) != value for name, value in wanted.items())
    for name, value in wanted.items():
        setattr(review, name, value)
    return int(changed and review.id is not None)
