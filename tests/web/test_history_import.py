"""`flask --app wsgi import-reviews`: a council's review history from its old system, all of a
file or none of it, and the same file twice changes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Child, ParticipationCode, Review, ReviewKind, ReviewStatus, Role
from tests import factories

HEADER = (
    "child_reference,date_of_birth,looked_after_since,review_kind,due_date,held_on,format,"
    "participation_code,advocate_spoke,record_written_on,iro_email"
)
GOOD = [
    "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,2023-02-20,{iro}",
    "MOS-1,2012-03-01,2023-01-10,second,2023-05-06,2023-05-02,virtual,PN2,yes,,{iro}",
    "MOS-2,2022-05-04,2022-06-01,subsequent,2025-05-04,2025-05-04,hybrid,PN0,,2025-07-01,{iro}",
    "MOS-3,2009-11-30,2020-01-01,subsequent,2024-12-01,2024-12-10,in_person,,,,{iro}",
]


def staff_with_email(organisation, email):
    person = factories.staff(organisation, Role.IRO)
    person.email = email
    db.session.commit()
    return person


@pytest.fixture
def iro(organisation):
    return staff_with_email(organisation, "priya@example.org")


def run(app, tmp_path, organisation, lines, header=HEADER, raw=None):
    path = tmp_path / "reviews.csv"
    if raw is not None:
        path.write_bytes(raw)
    else:
        text = "\n".join([header, *(line.format(iro="priya@example.org") for line in lines)])
        path.write_text(text + "\n", encoding="utf-8")
    return app.test_cli_runner().invoke(
        args=["import-reviews", str(path), "--organisation", organisation.name]
    )


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_a_good_file_goes_in_whole(app, tmp_path, organisation, iro):
    result = run(app, tmp_path, organisation, GOOD)
    assert result.exit_code == 0, result.output
    assert "3 children added, 4 reviews added, 0 reviews changed" in result.output
    children = db.session.execute(select(Child).order_by(Child.case_reference)).scalars().all()
    assert [c.case_reference for c in children] == ["MOS-1", "MOS-2", "MOS-3"]
    assert all(child.iro_id == iro.id for child in children)
    first = db.session.execute(
        select(Review).where(Review.held_on == date(2023, 2, 6))
    ).scalar_one()
    assert first.status is ReviewStatus.HELD
    assert first.imported
    assert first.kind is ReviewKind.FIRST
    assert first.participation_code is ParticipationCode.PN1
    assert first.advocate_spoke is False
    assert first.record_written_on == date(2023, 2, 20)
    # 20 working days after Monday 6 February 2023 (no bank holidays between).
    assert first.record_due_on == date(2023, 3, 6)
    uncoded = db.session.execute(select(Review).where(Review.held_on == date(2024, 12, 10)))
    review = uncoded.scalar_one()
    assert review.participation_code is None
    assert review.advocate_spoke is None
    assert review.record_written_on is None


def test_importing_the_same_file_again_changes_nothing(app, tmp_path, organisation, iro):
    assert run(app, tmp_path, organisation, GOOD).exit_code == 0
    again = run(app, tmp_path, organisation, GOOD)
    assert again.exit_code == 0, again.output
    assert "0 children added, 0 reviews added, 0 reviews changed" in again.output
    assert (count(Child), count(Review)) == (3, 4)


def test_a_corrected_row_updates_its_review(app, tmp_path, organisation, iro):
    assert run(app, tmp_path, organisation, GOOD).exit_code == 0
    corrected = [GOOD[0].replace(",PN1,", ",PN3,"), *GOOD[1:]]
    result = run(app, tmp_path, organisation, corrected)
    assert "0 reviews added, 1 reviews changed" in result.output
    review = db.session.execute(select(Review).where(Review.held_on == date(2023, 2, 6)))
    assert review.scalar_one().participation_code is ParticipationCode.PN3


def test_columns_may_come_in_any_order_with_a_byte_order_mark(app, tmp_path, organisation, iro):
    columns = HEADER.split(",")
    order = list(reversed(range(len(columns))))
    lines = [
        ",".join(columns[i] for i in order),
        *(
            ",".join(line.format(iro="priya@example.org").split(",")[i] for i in order)
            for line in GOOD
        ),
    ]
    raw = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
    result = run(app, tmp_path, organisation, [], raw=raw)
    assert result.exit_code == 0, result.output
    assert count(Review) == 4


def test_an_existing_child_is_matched_by_reference(app, tmp_path, organisation, iro):
    child = factories.child(organisation, iro, name="Amira", age=14)
    child.case_reference = "MOS-9"
    child.date_of_birth = date(2012, 3, 1)
    db.session.commit()
    row = "MOS-9,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,{iro}"
    result = run(app, tmp_path, organisation, [row])
    assert "0 children added, 1 reviews added" in result.output
    db.session.refresh(child)
    assert child.name == "Amira"
    assert [review.held_on for review in child.reviews] == [date(2023, 2, 6)]


BAD_ROWS = [
    ("MOS-1,2012-03-01,2023-01-10,first,07/02/2023,2023-02-06,in_person,PN1,no,,{iro}", "due_date"),
    (
        "MOS-1,2012-03-01,2023-01-10,fourth,2023-02-07,2023-02-06,in_person,PN1,no,,{iro}",
        "review_kind",
    ),
    ("MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,zoom,PN1,no,,{iro}", "format"),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN9,no,,{iro}",
        "participation_code",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,maybe,,{iro}",
        "advocate_spoke",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,2023-01-01,{iro}",
        "record_written_on is before held_on",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2099-02-06,in_person,PN1,no,,{iro}",
        "in the future",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,nobody@example.org",
        "no staff account",
    ),
    ("MOS-1,2012-03-01,2023-01-10,first,2023-02-07,,in_person,PN1,no,,{iro}", "held_on is empty"),
    (
        "MOS-1\x00,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,{iro}",
        "control character",
    ),
    (
        "X" * 51 + ",2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,{iro}",
        "longer than 50",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,{iro},extra",
        "more values",
    ),
    (
        "MOS-1,2024-03-01,2023-01-10,first,2023-02-07,2023-02-06,in_person,PN1,no,,{iro}",
        "before date_of_birth",
    ),
    (
        "MOS-1,2012-03-01,2023-01-10,first,2023-02-07,2023-02-30,in_person,PN1,no,,{iro}",
        "held_on is not a date",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_by_line_and_nothing_goes_in(
    app, tmp_path, organisation, iro, bad, message
):
    result = run(app, tmp_path, organisation, [*GOOD[:2], bad, *GOOD[2:]])
    assert result.exit_code == 1
    assert "line 4: " in result.output
    assert message in result.output
    assert "Nothing was imported" in result.output
    assert (count(Child), count(Review)) == (0, 0)


def test_pn0_is_for_under_fours_and_a_fourth_birthday_counts(app, tmp_path, organisation, iro):
    # Born 4 May 2021: 4 years old on Sunday 4 May 2025, the day of the review.
    birthday = "MOS-5,2021-05-04,2022-06-01,subsequent,2025-05-04,2025-05-04,hybrid,{code},,,{iro}"
    too_old = run(app, tmp_path, organisation, [birthday.replace("{code}", "PN0")])
    assert too_old.exit_code == 1
    assert "line 2: PN0 is for a child under 4, and this child was 4 on held_on" in too_old.output
    day_before = birthday.replace("2025-05-04,2025-05-04", "2025-05-03,2025-05-03")
    coded = run(app, tmp_path, organisation, [day_before.replace("{code}", "PN3")])
    assert "a child under 4 on held_on is coded PN0, not PN3" in coded.output
    assert count(Review) == 0
    assert run(app, tmp_path, organisation, [day_before.replace("{code}", "PN0")]).exit_code == 0
    assert run(app, tmp_path, organisation, [birthday.replace("{code}", "PN1")]).exit_code == 0
    assert count(Review) == 2


def test_every_problem_in_a_file_is_listed(app, tmp_path, organisation, iro):
    lines = [BAD_ROWS[0][0], GOOD[0], BAD_ROWS[1][0]]
    result = run(app, tmp_path, organisation, lines)
    assert "line 2: due_date" in result.output
    assert "line 4: review_kind" in result.output
    assert "2 problem(s)" in result.output


def test_the_same_review_twice_in_a_file_is_refused(app, tmp_path, organisation, iro):
    result = run(app, tmp_path, organisation, [GOOD[0], GOOD[0]])
    assert "line 3: this child already has a review held that day" in result.output
    assert count(Review) == 0


def test_one_child_with_two_birthdays_is_refused(app, tmp_path, organisation, iro):
    other = GOOD[1].replace("2012-03-01", "2012-03-02")
    result = run(app, tmp_path, organisation, [GOOD[0], other])
    assert "line 3: date_of_birth differs" in result.output
    assert count(Child) == 0


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (HEADER.replace(",iro_email", ""), "missing columns: iro_email"),
        (HEADER + ",notes", "unknown columns: notes"),
    ],
)
def test_a_wrong_header_is_refused(app, tmp_path, organisation, iro, header, message):
    result = run(app, tmp_path, organisation, GOOD[:1], header=header)
    assert result.exit_code == 1
    assert f"line 1: {message}" in result.output


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the header row is missing"),
        (HEADER.encode() + b"\n", "the file has no reviews in it"),
        ("MOS,é".encode("latin-1"), "not UTF-8"),
    ],
)
def test_an_empty_or_foreign_file_is_refused(app, tmp_path, organisation, iro, raw, message):
    result = run(app, tmp_path, organisation, [], raw=raw)
    assert result.exit_code == 1
    assert message in result.output


def test_an_unknown_organisation_is_refused(app, tmp_path, organisation, iro):
    path = tmp_path / "reviews.csv"
    path.write_text(HEADER + "\n")
    result = app.test_cli_runner().invoke(
        args=["import-reviews", str(path), "--organisation", "Nowhere"]
    )
    assert result.exit_code == 1
    assert "No organisation is called 'Nowhere'" in result.output


def test_another_organisations_staff_and_children_are_not_used(app, tmp_path, organisation, iro):
    other = factories.organisation(name="Elsewhere Council")
    stranger = staff_with_email(other, "stranger@example.org")
    theirs = factories.child(other, stranger, name="Sam", age=10)
    theirs.case_reference = "MOS-1"
    db.session.commit()
    row = GOOD[0].replace("{iro}", "stranger@example.org")
    assert "no staff account" in run(app, tmp_path, organisation, [row]).output
    assert run(app, tmp_path, organisation, GOOD[:1]).exit_code == 0
    mine = db.session.execute(select(Child).where(Child.organisation_id == organisation.id))
    assert mine.scalar_one().case_reference == "MOS-1"
    assert theirs.reviews == []
