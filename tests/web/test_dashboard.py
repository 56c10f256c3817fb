"""The caseload dashboard: reviews in the next 8 weeks with their timeliness, children with no
review booked, and a fixed number of queries however large the caseload."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from portal import reviews
from portal.extensions import db
from portal.models import Consultation, ParticipantRole, ReviewKind, ReviewStatus, Role, Submission
from tests import factories
from tests.pack_helpers import participant, post_page, send
from tests.querycount import counting_queries


def caseload(organisation, iro, size):
    """Children with reviews coming up; every other child has started or sent their views."""
    for n in range(size):
        child = factories.child(organisation, iro, name=f"Child {n}")
        review = factories.review(child, in_days=3 + n % 50)
        issued = factories.invitation(review, ParticipantRole.CHILD)
        factories.invitation(review, ParticipantRole.PARENT)
        if n % 2:
            consultation = Consultation(
                invitation=issued.invitation, form_key="young_person_13_plus", form_version=1
            )
            db.session.add(consultation)
            if n % 4 == 1:
                db.session.add(
                    Submission(
                        consultation=consultation,
                        number=1,
                        idempotency_key=f"k{n}",
                        form_key="young_person_13_plus",
                        form_version=1,
                        language="en",
                        answers={"meeting.advocate": {"value": "yes", "visibility": "meeting"}},
                    )
                )
    db.session.commit()


def dashboard_queries(browser):
    browser.get("/staff/")  # the first visit after signing in also saves a new CSRF token
    with counting_queries() as counter:
        browser.get_page("/staff/")
    return counter.count


def test_dashboard_queries_do_not_grow_with_the_caseload(staff_client, organisation):
    browser, iro = staff_client(Role.IRO)
    caseload(organisation, iro, 3)
    small = dashboard_queries(browser)
    caseload(organisation, iro, 77)
    large = dashboard_queries(browser)
    assert large == small
    # Session and user, reviews with their invitations, consultations, submissions and
    # requests, open alerts, children with no review booked, letters due, and midpoints with
    # the children's reviews and notes.
    assert small <= 13


def test_dashboard_flags_overdue_and_due_soon_reviews(staff_client, organisation):
    browser, iro = staff_client(Role.IRO)
    today = reviews.local_today()
    overdue = factories.child(organisation, iro, name="Overdue Olly")
    factories.review(overdue, in_days=2, due=today - timedelta(days=1))
    soon = factories.child(organisation, iro, name="Soon Sadia")
    factories.review(soon, in_days=2, due=today + timedelta(days=5))
    fine = factories.child(organisation, iro, name="Fine Femi")
    factories.review(fine, in_days=2, due=today + timedelta(days=60))
    text = browser.get_page("/staff/").get_text(" ")
    rows = {
        name: text.split(name, 1)[1][:400] for name in ("Overdue Olly", "Soon Sadia", "Fine Femi")
    }
    assert "Overdue" in rows["Overdue Olly"]
    assert "Due in" in rows["Soon Sadia"]
    assert "On time" in rows["Fine Femi"]
    assert "at risk of missing the statutory date" in text


def test_children_with_no_review_booked_show_their_next_due_date(staff_client, organisation):
    browser, iro = staff_client(Role.IRO)
    since = reviews.local_today() - timedelta(days=2)
    factories.child(organisation, iro, name="New Nia", looked_after_since=since)
    held = factories.child(organisation, iro, name="Reviewed Rae")
    review = factories.review(held, in_days=-30, kind=ReviewKind.FIRST)
    review.status = ReviewStatus.HELD
    review.held_on = reviews.local_today() - timedelta(days=28)  # two days late
    db.session.commit()
    soup = browser.get_page("/staff/")
    unbooked = soup.find("caption", string="Children with no review booked").find_parent("table")
    text = unbooked.get_text(" ")
    assert "New Nia" in text
    first_due = reviews.timescales.add_working_days(since, 20)
    assert first_due.strftime("%-d %b %Y") in text
    second_due = review.held_on + relativedelta(months=3)  # from the day it was held
    assert second_due.strftime("%-d %b %Y") in text


def test_urgent_reviews_come_first_with_each_participants_progress_and_requests(
    app, staff_client, organisation
):
    browser, iro = staff_client(Role.IRO)
    calm = factories.review(factories.child(organisation, iro, name="Calm Cara"), in_days=2)
    factories.invitation(calm, ParticipantRole.PARENT)
    worried = factories.review(
        factories.child(organisation, iro, name="Worried Will", age=15), in_days=20
    )
    issued = factories.invitation(worried, ParticipantRole.CHILD)
    child = participant(app, issued.invitation, issued.token)
    post_page(
        child,
        "meeting_support",
        {
            "meeting.advocate": "yes",
            "meeting.interpreter": "yes",
            "meeting.interpreter_language": "Tigrinya",
        },
    )
    send(child)
    child.post("/safe", data={"csrf_token": child.csrf_token("/safe"), "safe": "no"})

    soup = browser.get_page("/staff/")
    rows = (
        soup.find("caption", string=lambda t: t and t.startswith("Booked"))
        .find_parent("table")
        .find("tbody")
        .find_all("tr")
    )
    assert "Worried Will" in rows[0].get_text()  # urgent first, although later
    assert "Not safe" in rows[0].get_text()
    assert "Asked for an advocate" in rows[0].get_text()
    assert "Needs an interpreter (Tigrinya)" in rows[0].get_text()
    assert "Sent views" in rows[0].get_text()
    assert "Not opened" in rows[1].get_text()


def test_search_and_filters_update_in_place(staff_client, organisation):
    browser, iro = staff_client(Role.IRO)
    today = reviews.local_today()
    factories.review(
        factories.child(organisation, iro, name="Alice"), in_days=5, due=today + timedelta(days=60)
    )
    factories.review(
        factories.child(organisation, iro, name="Bilal"), in_days=5, due=today - timedelta(days=1)
    )
    fragment = browser.get("/staff/?q=ali", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="results"' in html
    assert "Alice" in html
    assert "Bilal" not in html
    at_risk = browser.get_page("/staff/?show=at_risk").find(id="results").get_text()
    assert "Bilal" in at_risk
    assert "Alice" not in at_risk
    assert (
        browser.get_page("/staff/?show=nonsense")
        .find(id="show")
        .find("option", selected=True)["value"]
        == "all"
    )
