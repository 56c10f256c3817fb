"""After the meeting: the IRO records it held, with a suggested participation code."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, ParticipationCode, ReviewStatus, Role
from tests import factories
from tests.pack_helpers import participant, post_page, review_with_iro, send


def outcome_form(browser, review, **fields):
    token = browser.csrf_token(f"/staff/reviews/{review.id}/outcome")
    data = {"csrf_token": token, "held_on": review.scheduled_at.date().isoformat(), **fields}
    return browser.post(f"/staff/reviews/{review.id}/outcome", data=data)


def test_views_sent_through_the_portal_suggest_pn6_and_the_iro_confirms(app, organisation):
    review, iro, issued = review_with_iro(organisation, in_days=-1)
    child = participant(app, issued.invitation, issued.token)
    post_page(child, "home", {"home.feeling": "4"})
    send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    page = browser.get_page(f"/staff/reviews/{review.id}/outcome")
    assert "PN6: Child does not attend but conveys" in page.get_text()

    suggested = outcome_form(browser, review, attended="no", action="suggest")
    assert "Suggested: <strong>PN6</strong>" in suggested.get_data(as_text=True)

    saved = outcome_form(browser, review, attended="no", participation_code="PN6", action="save")
    assert saved.status_code == 303
    db.session.refresh(review)
    assert review.status is ReviewStatus.HELD
    assert review.participation_code is ParticipationCode.PN6
    assert review.child_attended is False
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "review.held")
    ).scalar_one()
    assert event.detail == {"participation_code": "PN6"}


def test_the_iro_can_choose_another_code_and_htmx_updates_the_suggestion(app, organisation):
    review, iro, _issued = review_with_iro(organisation, in_days=-1)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    token = browser.csrf_token(f"/staff/reviews/{review.id}/outcome")
    fragment = browser.post(
        f"/staff/reviews/{review.id}/outcome",
        data={
            "csrf_token": token,
            "held_on": review.scheduled_at.date().isoformat(),
            "attended": "yes",
            "contribution": "advocate_spoke",
        },
        headers={"HX-Request": "true"},
    )
    html = fragment.get_data(as_text=True)
    assert "<html" not in html
    assert "Suggested: <strong>PN2</strong>" in html
    outcome_form(
        browser,
        review,
        attended="yes",
        contribution="advocate_spoke",
        participation_code="PN1",
        action="save",
    )
    db.session.refresh(review)
    assert review.participation_code is ParticipationCode.PN1


def test_a_child_under_4_is_pn0_and_bad_dates_are_refused(app, organisation):
    review, iro, _issued = review_with_iro(organisation, age=2, in_days=-1)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    assert "Suggested: <strong>PN0</strong>" in outcome_form(
        browser, review, action="suggest"
    ).get_data(as_text=True)
    future = outcome_form(
        browser, review, held_on="2100-01-01", participation_code="PN0", action="save"
    )
    assert future.status_code == 400
    assert "cannot be in the future" in future.get_data(as_text=True)
    missing = outcome_form(browser, review, action="save")
    assert missing.status_code == 400
    assert "Choose the participation code" in missing.get_data(as_text=True)
    db.session.refresh(review)
    assert review.status is ReviewStatus.SCHEDULED


def test_only_the_childs_iro_records_the_outcome(app, organisation):
    review, _iro, _issued = review_with_iro(organisation, in_days=-1)
    for role in (Role.IRO, Role.MANAGER, Role.REVIEW_ADMIN):
        browser = app.test_client()
        factories.sign_in(browser, factories.staff(organisation, role))
        assert browser.get(f"/staff/reviews/{review.id}/outcome").status_code == 404
