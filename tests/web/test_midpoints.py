"""Midpoints: three months after each second or later review, due on the IRO's dashboard
(due, overdue), done when the IRO sends a note to the child in plain words, which the child,
and nobody else, reads through their invitation."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from portal import midpoints, reviews
from portal.extensions import db
from portal.models import AuditEvent, MidpointNote, ParticipantRole, ReviewKind, Role
from tests import factories

WELL = "You are doing really well at college."


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


def held(organisation, iro, name, kind, days_ago):
    review = factories.review(
        factories.child(organisation, iro, name=name, age=14), in_days=-days_ago, kind=kind
    )
    factories.hold(review, reviews.local_today() - timedelta(days=days_ago))
    return review


def write(browser, review, action="send", status=303, **fields):
    url = f"/staff/reviews/{review.id}/midpoint"
    data = {
        "csrf_token": browser.csrf_token(url),
        "working_well": WELL,
        "worried_about": "We are worried your placement is far from your brother.",
        "needs_to_happen": "Sam will arrange more family time.",
        "action": action,
        **fields,
    }
    response = browser.post(url, data=data)
    assert response.status_code == status, response.status_code
    return response


def test_a_midpoint_is_due_three_months_after_a_second_or_later_review(organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = held(organisation, iro, "Kai", ReviewKind.SECOND, 10)
    assert midpoints.due_on(review) == review.held_on + relativedelta(months=3)
    first = held(organisation, iro, "Mia", ReviewKind.FIRST, 10)
    assert midpoints.due_on(first) is None


def test_the_dashboard_shows_midpoints_due_and_overdue_until_done(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    soon = held(organisation, iro, "Soon Sami", ReviewKind.SUBSEQUENT, 80)  # due in ~10 days
    late = held(organisation, iro, "Late Lola", ReviewKind.SECOND, 100)  # due ~8 days ago
    held(organisation, iro, "Fresh Finn", ReviewKind.SUBSEQUENT, 5)  # not yet shown
    held(organisation, iro, "First Fay", ReviewKind.FIRST, 100)  # no midpoint
    browser = signed_in(app, iro)

    def section():
        found = browser.get_page("/staff/").find(
            "section", attrs={"aria-labelledby": "midpoints-title"}
        )
        return found.get_text(" ") if found else ""

    text = section()
    assert "Soon Sami" in text
    assert "Late Lola" in text
    assert "Fresh Finn" not in text
    assert "First Fay" not in text
    assert "Overdue" in text.split("Late Lola", 1)[1][:80]
    assert "Due" in text.split("Soon Sami", 1)[1][:80]
    write(browser, late)
    assert "Late Lola" not in section()
    done = midpoints.midpoints(iro, reviews.local_today(), include_done=True)
    assert {(m.review.id, m.state.value) for m in done} >= {(late.id, "done"), (soon.id, "due")}


def test_the_note_is_checked_for_plain_words_and_read_by_the_child_only(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-85)
    child_issued = factories.invitation(review, ParticipantRole.CHILD)
    parent_issued = factories.invitation(review, ParticipantRole.PARENT)
    factories.hold(review, reviews.local_today() - timedelta(days=85))
    browser = signed_in(app, iro)
    write(browser, review, action="save")
    assert midpoints.readable_by(child_issued.invitation) is None  # a draft is read by nobody
    write(browser, review)
    child = app.test_client()
    factories.open_invitation(child, child_issued)
    page = browser.get_page(f"/staff/reviews/{review.id}/midpoint")
    assert "placement" in page.find(id="worried_about-words").get_text()
    assert WELL in child.get_page("/midpoint").get_text()
    assert child.get_page("/welcome").find("a", href="/midpoint") is not None
    # The parent's link ran out after the meeting; even with it, the note is not theirs.
    assert midpoints.readable_by(parent_issued.invitation) is None
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "midpoint.sent")
    ).scalar_one()
    assert event.detail == {}


def test_sending_keeps_the_childs_link_working_to_read_it(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-85)
    issued = factories.invitation(review, ParticipantRole.CHILD)
    factories.hold(review, reviews.local_today() - timedelta(days=85))
    assert issued.invitation.expires_at < reviews.utcnow()  # the link ran out after the meeting
    write(signed_in(app, iro), review)
    db.session.refresh(issued.invitation)
    assert issued.invitation.expires_at > reviews.utcnow() + timedelta(days=27)


def test_only_a_held_second_or_later_review_has_a_midpoint(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    first = held(organisation, iro, "Mia", ReviewKind.FIRST, 85)
    browser = signed_in(app, iro)
    assert browser.get(f"/staff/reviews/{first.id}/midpoint").status_code == 404
    booked = factories.review(factories.child(organisation, iro), in_days=5)
    token = browser.csrf_token("/staff/")
    response = browser.post(
        f"/staff/reviews/{booked.id}/midpoint", data={"csrf_token": token, "action": "send"}
    )
    assert response.status_code == 404
    assert db.session.execute(select(MidpointNote)).first() is None


def test_only_the_childs_iro_writes_it(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = held(organisation, iro, "Kai", ReviewKind.SECOND, 85)
    for role in (Role.IRO, Role.MANAGER, Role.REVIEW_ADMIN):
        other = signed_in(app, factories.staff(organisation, role))
        assert other.get(f"/staff/reviews/{review.id}/midpoint").status_code == 404


def test_an_over_long_note_is_refused(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = held(organisation, iro, "Kai", ReviewKind.SECOND, 85)
    response = write(signed_in(app, iro), review, status=400, working_well="x" * 5001)
    assert "Use 5,000 characters or fewer" in response.get_data(as_text=True)
    assert db.session.execute(select(MidpointNote)).first() is None


def test_a_later_review_held_ends_the_midpoint(organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = held(organisation, iro, "Kai", ReviewKind.SECOND, 100)
    later = factories.review(review.child, in_days=-2, kind=ReviewKind.SUBSEQUENT)
    factories.hold(later, reviews.local_today() - timedelta(days=2))
    found = midpoints.midpoints(iro, reviews.local_today())
    assert review.id not in {m.review.id for m in found}


def test_the_child_checks_in_on_the_same_engine_and_the_iro_reads_it(app, organisation):
    from portal.consultation import forms as registry
    from portal.models import OutboxEmail, Submission
    from tests.consultation_helpers import answer_page, send_form

    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-80)
    issued = factories.invitation(review, ParticipantRole.CHILD, language="ar")
    issued.invitation.notify_email = "kai@example.org"
    parent = factories.invitation(review, ParticipantRole.PARENT)
    factories.hold(review, reviews.local_today() - timedelta(days=80))
    browser = signed_in(app, iro)
    url = f"/staff/reviews/{review.id}/midpoint"
    response = browser.post(f"{url}/check-in", data={"csrf_token": browser.csrf_token(url)})
    assert response.status_code == 303
    [email] = db.session.execute(
        select(OutboxEmail).where(OutboxEmail.kind == "midpoint.check_in")
    ).scalars()
    assert email.to_address == "kai@example.org"
    assert "Kai" not in email.subject + email.body
    assert "How are things going?" not in email.subject  # in Arabic
    child = app.test_client()
    factories.open_invitation(child, issued)
    welcome = child.get_page("/welcome")
    assert welcome.find("a", href="/check-in") is not None
    assert child.get("/check-in").headers["Location"] == "/check-in/how_things_are"
    form = registry.CURRENT["midpoint_young_person"]
    words = {
        "midpoint.feeling": "4",
        "midpoint.plan_happening": "no",
        "midpoint.words": "I still have not seen the dentist",
    }
    assert answer_page(child, form.pages[0], words, prefix="/check-in").status_code == 303
    assert send_form(child, prefix="/check-in", helper="nobody").status_code == 303
    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.answers["midpoint.words"]["value"] == "I still have not seen the dentist"
    notice = db.session.execute(
        select(OutboxEmail).where(OutboxEmail.kind == "midpoint.received")
    ).scalar_one()
    assert notice.to_address == iro.email
    shown = browser.get_page(url).get_text(" ")
    assert "I still have not seen the dentist" in shown
    assert "Happy" in shown
    # Never in the pack, and the parent has no check-in.
    pack = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=iro").get_text(" ")
    assert "I still have not seen the dentist" not in pack
    assert midpoints.readable_by(parent.invitation) is None
    # Once the IRO has sent the note, the check-in closes: nothing more is saved.
    write(browser, review)
    late = answer_page(child, form.pages[0], {"midpoint.words": "Changed"}, prefix="/check-in")
    assert late.status_code == 409
