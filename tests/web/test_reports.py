"""The annual report's figures from known data: every figure checked exactly, for a manager
(the organisation) and an IRO (their caseload), including an empty range, a range crossing a
year, reviews without a code and a birthday on the review date; small groups suppressed; the
CSV the same as the page; and a fixed number of queries."""

from datetime import UTC, date, datetime
from itertools import count

import pytest
from sqlalchemy import select

from portal import history_import
from portal.extensions import db
from portal.models import (
    Consultation,
    ParticipantRole,
    Purpose,
    RequestEvent,
    RequestKind,
    RequestSource,
    RequestStatus,
    Review,
    Role,
    Submission,
    SupportRequest,
)
from portal.reports import ReportScope, figures, sections
from portal.reports.csv_export import from_csv
from tests import factories
from tests.querycount import counting_queries

TODAY = date(2026, 12, 4)
YEAR = (date(2025, 4, 1), date(2026, 3, 31))  # a financial year: it crosses a calendar year
HEADER = ",".join(history_import.COLUMNS)
HISTORY = """\
MOS-1,2012-03-01,2025-04-01,first,2025-05-07,2025-05-06,in_person,PN1,no,2025-05-20,priya@example.org
MOS-1,2012-03-01,2025-04-01,second,2025-08-06,2025-08-10,virtual,PN2,yes,,priya@example.org
MOS-2,2010-06-01,2019-01-01,subsequent,2026-01-02,2025-12-30,hybrid,,,2026-01-05,priya@example.org
MOS-3,2023-01-15,2023-02-01,subsequent,2026-01-20,2026-01-15,in_person,PN0,,2026-03-30,priya@example.org
MOS-4,2013-09-09,2020-02-02,subsequent,2025-10-01,2025-10-01,in_person,PN5,,2025-10-02,omar@example.org
MOS-5,2011-11-11,2020-02-02,subsequent,2024-03-01,2024-03-01,in_person,PN7,,,omar@example.org
"""
_keys = count()


def staff_with_email(organisation, role, email):
    person = factories.staff(organisation, role)
    person.email = email
    db.session.commit()
    return person


@pytest.fixture
def people(organisation):
    return {
        "priya": staff_with_email(organisation, Role.IRO, "priya@example.org"),
        "omar": staff_with_email(organisation, Role.IRO, "omar@example.org"),
        "manager": staff_with_email(organisation, Role.MANAGER, "boss@example.org"),
    }


@pytest.fixture
def history(organisation, people):
    data = (HEADER + "\n" + HISTORY).encode()
    history_import.import_reviews(organisation, data, TODAY)
    return people


def scope(organisation, who=None, since=YEAR[0], until=YEAR[1]):
    return ReportScope(organisation.id, who.id if who else None, since, until, TODAY)


def rows(table):
    return [tuple(row) for row in table.rows]


# ---- Reviews held and participation ----


def test_reviews_held_by_kind_and_format(organisation, history):
    whole = scope(organisation)
    assert rows(figures.reviews_by_kind(whole)) == [
        ("First review", 1, 20.0),
        ("Second review", 1, 20.0),
        ("Subsequent review", 3, 60.0),
    ]
    assert rows(figures.reviews_by_format(whole)) == [
        ("In person", 3, 60.0),
        ("Virtual", 1, 20.0),
        ("Hybrid", 1, 20.0),
    ]


def test_participation_as_the_report_groups_it(organisation, history):
    summary, codes = figures.participation(scope(organisation))
    assert rows(summary) == [
        ("Reviews held", 5, 100.0),
        ("With a participation code recorded", 4, 80.0),
        ("Attended (PN1 to PN4)", 2, 40.0),
        ("Attended, with an advocate speaking for them (PN2)", 1, 20.0),
        ("Did not attend but conveyed their views (PN5, PN6)", 1, 20.0),
        ("Under 4 (PN0)", 1, 20.0),
        ("Did not contribute (PN7)", 0, 0.0),
        ("No code recorded", 1, 20.0),
    ]
    assert [(code[:3], n) for code, n, _share in rows(codes)] == [
        ("PN0", 1),
        ("PN1", 1),
        ("PN2", 1),
        ("PN3", 0),
        ("PN4", 0),
        ("PN5", 1),
        ("PN6", 0),
        ("PN7", 0),
    ]


def test_an_iro_sees_only_their_caseload(organisation, history):
    mine = scope(organisation, history["priya"])
    summary, _codes = figures.participation(mine)
    assert rows(summary)[0] == ("Reviews held", 4, 100.0)
    assert ("Did not attend but conveyed their views (PN5, PN6)", 0, 0.0) in rows(summary)
    theirs = scope(organisation, history["omar"], date(2020, 1, 1), YEAR[1])
    assert rows(figures.reviews_by_kind(theirs)) == [
        ("First review", 0, 0.0),
        ("Second review", 0, 0.0),
        ("Subsequent review", 2, 100.0),
    ]


def test_an_empty_range_has_zeros_and_no_percentages(organisation, history):
    empty = scope(organisation, since=date(2021, 1, 1), until=date(2021, 12, 31))
    summary, codes = figures.participation(empty)
    assert rows(summary)[0] == ("Reviews held", 0, None)
    assert {share for _title, _n, share in rows(codes)} == {None}
    assert rows(figures.timeliness(empty)) == [
        ("First reviews", 0, 0, None),
        ("Second and subsequent reviews", 0, 0, None),
        ("Records written", 0, 0, None),
    ]
    assert all(table.rows == [] for table in figures.themes(empty))


def test_a_range_of_one_day_counts_the_review_held_that_day(organisation, history):
    day = scope(organisation, since=date(2025, 12, 30), until=date(2025, 12, 30))
    assert rows(figures.reviews_by_format(day))[2] == ("Hybrid", 1, 100.0)


# ---- Timeliness ----


def test_timeliness_of_reviews_and_records(organisation, history):
    assert rows(figures.timeliness(scope(organisation))) == [
        # The first review was held the day before it was due.
        ("First reviews", 1, 1, 100.0),
        # The second was four days late; MOS-2's and MOS-3's were early, MOS-4's on the day.
        ("Second and subsequent reviews", 3, 4, 75.0),
        # Records: MOS-1's first in 10 working days, MOS-2's in 3, MOS-4's in 1; MOS-1's second
        # was never written (and is past due); MOS-3's took 52 days.
        ("Records written", 3, 5, 60.0),
    ]


# ---- Invitations, feedback, requests, alerts, midpoints ----


def portal_review(organisation, iro, *, held_on=None):
    child = factories.child(organisation, iro, name="Kai", age=15)
    review = factories.review(child, in_days=-30)
    if held_on:
        factories.hold(review, held_on)
    return review


def test_invitations_by_role_and_language(organisation, people):
    review = portal_review(organisation, people["priya"])
    made = [
        factories.invitation(review, ParticipantRole.CHILD, language="ti").invitation,
        factories.invitation(review, ParticipantRole.PARENT, language="ti").invitation,
        factories.invitation(review, ParticipantRole.CARER, language="en").invitation,
        factories.invitation(review, ParticipantRole.PARENT, language="ar").invitation,
    ]
    now = datetime.now(UTC)
    made[0].first_opened_at = made[0].submitted_at = now
    made[1].first_opened_at = now
    made[3].revoked_at = now  # revoked: not counted
    db.session.commit()
    this_year = scope(organisation, since=date(2026, 4, 1), until=date(2027, 3, 31))
    by_role, by_language = figures.invitations(this_year)
    assert rows(by_role) == [
        ("Child or young person", 1, 1, 1, 100.0),
        ("Parent", 1, 1, 0, 0.0),
        ("Carer", 1, 0, 0, 0.0),
        ("Someone else", 0, 0, 0, None),
    ]
    assert rows(by_language) == [("Tigrinya", 2, 2, 1, 50.0), ("English", 1, 0, 0, 0.0)]
    assert rows(figures.invitations(scope(organisation))[0])[0] == (
        "Child or young person",
        0,
        0,
        0,
        None,
    )


def feedback_from(invitation, answers, *, sent, number=1):
    consultation = db.session.execute(
        select(Consultation).where(
            Consultation.invitation_id == invitation.id, Consultation.purpose == Purpose.FEEDBACK
        )
    ).scalar_one_or_none() or Consultation(
        invitation=invitation, purpose=Purpose.FEEDBACK, form_key="feedback_child", form_version=1
    )
    db.session.add(consultation)
    db.session.add(
        Submission(
            consultation=consultation,
            number=number,
            idempotency_key=f"key-{next(_keys)}",
            form_key="feedback_child",
            form_version=1,
            answers={
                key: {"value": value, "visibility": "iro_only"} for key, value in answers.items()
            },
            language="en",
            submitted_at=sent,
        )
    )
    db.session.commit()


def test_feedback_returned_ratings_thanks_and_complaints(organisation, people):
    review = portal_review(organisation, people["priya"], held_on=date(2025, 6, 1))
    child = factories.invitation(review).invitation
    parent = factories.invitation(review, ParticipantRole.PARENT).invitation
    june = datetime(2025, 6, 3, 12, tzinfo=UTC)
    feedback_from(child, {"feedback.listened": "no", "feedback.say": "complaint"}, sent=june)
    # Sent again: the latest version counts, once.
    feedback_from(
        child, {"feedback.listened": "a_bit", "feedback.say": "nothing"}, sent=june, number=2
    )
    feedback_from(
        parent,
        {"feedback.listened": "yes", "feedback.explained": "partly", "feedback.say": "thank_you"},
        sent=june,
    )
    other = portal_review(organisation, people["omar"], held_on=date(2025, 6, 1))
    feedback_from(factories.invitation(other).invitation, {"feedback.say": "complaint"}, sent=june)
    returned, ratings = figures.feedback(scope(organisation))
    assert rows(returned) == [("Feedback returned", 3), ("Thank-yous", 1), ("Complaints", 1)]
    assert rows(ratings)[1] == ("They felt listened to", 1, 1, 0, 0, 0)
    assert rows(ratings)[3] == ("The IRO explained things clearly (adults)", 0, 0, 1, 0, 0)
    mine, _ratings = figures.feedback(scope(organisation, people["priya"]))
    assert rows(mine) == [("Feedback returned", 2), ("Thank-yous", 1), ("Complaints", 0)]


def support_request(organisation, child, kind, created, steps=()):
    request = SupportRequest(
        organisation_id=organisation.id,
        child_id=child.id if child else None,
        kind=kind,
        source=RequestSource.SESSION,
        fingerprint=f"fp-{next(_keys)}",
        minute=next(_keys),
        created_at=created,
        status=steps[-1][0] if steps else RequestStatus.RECEIVED,
    )
    db.session.add(request)
    db.session.flush()
    for status, at in steps:
        db.session.add(RequestEvent(request_id=request.id, status=status, at=at))
    db.session.commit()
    return request


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_requests_median_working_days_and_the_waiting_list(organisation, people):
    child = factories.child(organisation, people["priya"], name="Kai")
    advocate, visitor = RequestKind.ADVOCATE, RequestKind.INDEPENDENT_VISITOR
    ack, allocated, waiting = (
        RequestStatus.ACKNOWLEDGED,
        RequestStatus.ALLOCATED,
        RequestStatus.WAITING_LIST,
    )
    # Friday 22 August 2025, then Tuesday 26th: the Monday between is a bank holiday, so 1
    # working day. Allocated on Friday 29th: 4 working days.
    friday = date(2025, 8, 22)
    support_request(
        organisation,
        child,
        advocate,
        at(friday),
        [(ack, at(date(2025, 8, 26))), (allocated, at(date(2025, 8, 29)))],
    )
    # Acknowledged the same day (0), allocated 2 working days later.
    support_request(
        organisation,
        child,
        advocate,
        at(date(2025, 9, 1)),
        [(ack, at(date(2025, 9, 1), 15)), (allocated, at(date(2025, 9, 3)))],
    )
    # Acknowledged after 3 working days, not allocated.
    support_request(
        organisation, child, advocate, at(date(2025, 9, 8)), [(ack, at(date(2025, 9, 11)))]
    )
    # Straight to the waiting list (its first answer) after 1 working day; one more waits.
    support_request(
        organisation, child, visitor, at(date(2025, 9, 8)), [(waiting, at(date(2025, 9, 9)))]
    )
    support_request(
        organisation, None, visitor, at(date(2024, 1, 8)), [(waiting, at(date(2024, 1, 9)))]
    )
    support_request(organisation, child, RequestKind.TALK_TO_IRO, at(date(2025, 9, 8)))
    table = figures.requests(scope(organisation))
    assert rows(table) == [
        ("An advocate", 3, 1.0, 3.0, None),
        ("An Independent Visitor", 1, 1.0, None, 2),
        ("To talk to their IRO", 1, None, None, None),
        ("An interpreter", 0, None, None, None),
    ]
    # An IRO's caseload has the child's requests, not the self-referral without a child.
    assert rows(figures.requests(scope(organisation, people["priya"])))[1][4] == 1


def test_safety_alerts_and_the_median_hours_to_acknowledge(organisation, people):
    child = factories.child(organisation, people["priya"], name="Kai")
    alert, ack = RequestKind.SAFETY_ALERT, RequestStatus.ACKNOWLEDGED
    day = date(2025, 10, 6)
    support_request(organisation, child, alert, at(day, 9), [(ack, at(day, 10))])
    support_request(organisation, child, alert, at(day, 9), [(ack, at(day, 12))])
    support_request(organisation, child, alert, at(day, 9), [(ack, at(day, 21))])
    support_request(organisation, child, alert, at(day, 9))
    assert rows(figures.alerts(scope(organisation))) == [(4, 3, 3.0)]


def test_midpoints_due_done_and_overdue(organisation, history):
    # Second and later reviews have midpoints three months on: MOS-1 (10 Nov 2025), MOS-2
    # (30 Mar 2026), MOS-3 (15 Apr 2026, after the range), MOS-4 (1 Jan 2026).
    assert rows(figures.midpoints(scope(organisation))) == [
        ("Due in the period", 3),
        ("Done", 0),
        ("Overdue", 3),
        ("Not due yet", 0),
    ]
    due = db.session.execute(
        select(Review.midpoint_due_on).where(Review.held_on == date(2025, 8, 10))
    )
    assert due.scalar_one() == date(2025, 11, 10)


# ---- What children are telling us ----


def views(organisation, iro, face, *, held_on, question="home.feeling"):
    review = portal_review(organisation, iro, held_on=held_on)
    invitation = factories.invitation(review).invitation
    consultation = Consultation(
        invitation=invitation,
        purpose=Purpose.VIEWS,
        form_key="young_person_13_plus",
        form_version=1,
    )
    db.session.add(consultation)
    db.session.add(
        Submission(
            consultation=consultation,
            number=1,
            idempotency_key=f"key-{next(_keys)}",
            form_key="young_person_13_plus",
            form_version=1,
            answers={
                question: {"value": face, "visibility": "iro_only"},
                "home.words": {"value": "SECRET WORDS", "visibility": "iro_only"},
            },
            language="en",
        )
    )
    db.session.commit()


def test_faces_by_theme_and_quarter_with_small_groups_suppressed(organisation, people):
    iro = people["priya"]
    for face in (5, 5, 5, 4, 4, 1):  # six children in the summer of 2025
        views(organisation, iro, face, held_on=date(2025, 7, 1))
    for face in (3, 3, 3, 3):  # four in the winter: too few to show
        views(organisation, iro, face, held_on=date(2026, 1, 10))
    for face in (2, 2):  # two say how they feel about their health: too few
        views(organisation, iro, face, held_on=date(2025, 7, 2), question="health.feeling")
    tables = {table.key: table for table in figures.themes(scope(organisation))}
    home = tables["themes-home"]
    # Very sad 1 child and Happy 2 are fewer than 5: suppressed, not shown as counts.
    assert rows(home) == [("2025 Q3", None, 0, 0, None, None)]
    assert home.suppressed == 1
    assert rows(tables["themes-health"]) == []
    assert tables["themes-health"].suppressed == 1
    words = str([table.rows for table in tables.values()])
    assert "SECRET" not in words


def test_faces_groups_of_five_are_shown(organisation, people):
    for _child in range(5):
        views(organisation, people["priya"], 4, held_on=date(2025, 5, 20))
    home = next(t for t in figures.themes(scope(organisation)) if t.key == "themes-home")
    assert rows(home) == [("2025 Q2", 0, 0, 0, 5, 0)]


# ---- The page, the CSV, access and queries ----


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


def test_the_page_and_every_csv_show_the_same_figures(app, organisation, history):
    browser = signed_in(app, history["manager"])
    query = {"from": "2025-04-01", "to": "2026-03-31"}
    soup = browser.get_page("/staff/reports", query_string=query)
    figures_shown = soup.find_all("figure", class_="report")
    assert len(figures_shown) >= 12
    for figure in figures_shown:
        key = figure["id"]
        response = browser.get(f"/staff/reports/{key}.csv", query_string=query)
        assert response.status_code == 200
        assert response.data.startswith("\ufeff".encode())
        assert response.mimetype == "text/csv"
        table = from_csv(response.data)
        page_rows = [
            [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in figure.find_all("tr")
        ]
        shown = [[cell.replace("–", "").rstrip("%") for cell in row] for row in page_rows]
        if figure.find("table"):
            assert table == shown, key
        else:
            assert table[1:] == [], key
    svg = soup.find("svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text()


def test_an_iro_cannot_see_another_caseload(app, organisation, history):
    browser = signed_in(app, history["omar"])
    query = {"from": "2020-01-01", "to": "2026-03-31"}
    soup = browser.get_page("/staff/reports", query_string=query)
    assert "your caseload" in soup.get_text()
    csv = from_csv(browser.get("/staff/reports/reviews-by-kind.csv", query_string=query).data)
    assert csv[1:] == [
        ["First review", "0", "0.0"],
        ["Second review", "0", "0.0"],
        ["Subsequent review", "2", "100.0"],
    ]


@pytest.mark.parametrize("role", [Role.REVIEW_ADMIN, Role.ADVOCACY, Role.SYSADMIN])
def test_other_roles_have_no_reports(app, organisation, role):
    browser = signed_in(app, factories.staff(organisation, role))
    assert browser.get("/staff/reports").status_code == 404
    assert browser.get("/staff/reports/participation.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2026-13-01"}, "Enter the start date as a real date"),
        ({"to": "yesterday"}, "Enter the end date as a real date"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, "The start date must be on or before"),
        ({"from": "1990-01-01", "to": "2026-01-01"}, "at most 20 years"),
        ({"from": "<script>"}, "Enter the start date"),
    ],
)
def test_a_bad_range_is_refused_with_a_message(app, organisation, people, query, message):
    browser = signed_in(app, people["manager"])
    response = browser.get("/staff/reports", query_string=query)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)
    assert browser.get("/staff/reports/participation.csv", query_string=query).status_code == 400


def test_an_unknown_table_is_not_found(app, organisation, people):
    browser = signed_in(app, people["manager"])
    assert browser.get("/staff/reports/no-such-table.csv").status_code == 404


def test_the_reports_take_the_same_number_of_queries_for_any_number_of_reviews(
    organisation, people
):
    def queries():
        with counting_queries() as counter:
            sections(scope(organisation, since=date(2020, 1, 1), until=TODAY))
        return counter.count

    few = queries()
    for n in range(12):
        views(organisation, people["priya"], 1 + n % 5, held_on=date(2025, 4 + n % 6, 3))
    assert queries() == few
