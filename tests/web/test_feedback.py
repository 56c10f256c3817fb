"""Feedback after the review, for everyone invited, through the same link: open only once the
review is held, a compliment to the IRO and the service, a complaint to the complaints team,
and feedback without a name that nothing staff see can trace."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import reviews, timescales
from portal.extensions import db
from portal.models import Consultation, OutboxEmail, ParticipantRole, Purpose, Role
from tests import factories
from tests.consultation_helpers import answer_page, send_form

COMPLAINT = "Nobody told me about the decision on family time"


@pytest.fixture
def iro(organisation):
    return factories.staff(organisation, Role.IRO, name="Priya Shah")


@pytest.fixture
def review(organisation, iro):
    return factories.review(factories.child(organisation, iro, name="Jayden", age=11), in_days=3)


def opened(app, review, role=ParticipantRole.PARENT, language="en"):
    issued = factories.invitation(review, role, language=language)
    client = app.test_client()
    factories.open_invitation(client, issued)
    return client, issued


def feedback_page(client, key, fields):
    from portal.consultation import forms

    issued_form = forms.CURRENT
    page = next(f for f in issued_form.values() if f.purpose is Purpose.FEEDBACK and f.page(key))
    return answer_page(client, page.page(key), fields, prefix="/feedback")


@pytest.mark.parametrize("role", [ParticipantRole.CHILD, ParticipantRole.PARENT])
def test_feedback_before_the_review_is_held_is_not_yet(app, review, role):
    client, _issued = opened(app, review, role)
    for url in ("/feedback", "/feedback/how_it_went", "/feedback/check", "/feedback/send"):
        soup = client.get_page(url, status=409)
        assert "You can tell us how the meeting went once it has happened" in soup.get_text()
    assert (
        db.session.execute(
            select(func.count()).select_from(Consultation).where(Consultation.purpose == "feedback")
        ).scalar()
        == 0
    )


def test_the_childs_feedback_is_one_screen_of_faces(app, review):
    client, _issued = opened(app, review, ParticipantRole.CHILD)
    factories.hold(review)
    assert client.get("/feedback").headers["Location"] == "/feedback/how_it_went"
    soup = client.get_page("/feedback/how_it_went")
    groups = soup.select("fieldset.question")
    assert [g.legend.get_text(strip=True) for g in groups] == [
        "Was your meeting where and how you wanted?",
        "Did you feel listened to?",
        "Did you understand what was decided?",
    ]
    for group in groups:
        assert [p.get_text() for p in group.select(".choice__picture")] == ["🙂", "😐", "🙁"]
    assert not soup.select("fieldset.visibility")  # feedback is not for the meeting


def test_the_adult_feedback_also_asks_about_the_iro_and_what_could_be_better(app, review):
    client, _issued = opened(app, review)
    factories.hold(review)
    text = client.get_page("/feedback/how_it_went").get_text()
    assert "Did the IRO explain things clearly?" in text
    assert "What could have been better?" in client.get_page("/feedback/could_be_better").get_text()


def send_feedback(client, say="nothing", words="", anonymous="no"):
    assert feedback_page(client, "how_it_went", {}).status_code == 303
    fields = {"feedback.say": say, "feedback.words": words}
    assert feedback_page(client, "anything_else", fields).status_code == 303
    response = send_form(client, prefix="/feedback", anonymous=anonymous)
    assert response.headers["Location"] == "/feedback/sent"
    return client.get_page("/feedback/sent")


def emails(kind):
    return db.session.execute(select(OutboxEmail).where(OutboxEmail.kind == kind)).scalars().all()


def test_a_complaint_goes_to_the_complaints_team_and_is_acknowledged(app, review, organisation):
    client, _issued = opened(app, review)
    factories.hold(review)
    sent = send_feedback(client, say="complaint", words=COMPLAINT)
    text = " ".join(sent.get_text(" ").split())
    assert f"We have sent your complaint to the complaints team of {organisation.name}." in text
    reply_by = timescales.add_working_days(reviews.local_today(), 10)
    assert f"contact you by {reply_by.strftime('%A')}" in text
    assert "(within 10 working days)" in text
    [email] = emails("feedback.complaint")
    assert email.to_address == organisation.complaints_email
    assert COMPLAINT not in email.body
    assert "Jayden" not in email.body
    assert "/staff/feedback" in email.body


def test_an_anonymous_complaint_is_told_it_cannot_be_answered(app, review):
    client, _issued = opened(app, review)
    factories.hold(review)
    sent = send_feedback(client, say="complaint", words=COMPLAINT, anonymous="yes")
    assert "the complaints team cannot reply to you" in sent.get_text()


def test_a_thank_you_reaches_the_iro_and_the_service(app, review, organisation, iro):
    manager = factories.staff(organisation, Role.MANAGER)
    client, _issued = opened(app, review, ParticipantRole.CHILD)
    factories.hold(review)
    from tests.consultation_helpers import send_form as send

    feedback_page(client, "how_it_went", {})
    feedback_page(client, "anything_else", {"feedback.say": "thank_you"})
    send(client, prefix="/feedback", anonymous="no")
    sent = client.get_page("/feedback/sent")
    assert "We have passed on your thank you to Priya and the IRO service." in sent.get_text()
    assert sorted(e.to_address for e in emails("feedback.compliment")) == sorted(
        [iro.email, manager.email]
    )
    assert [e.to_address for e in emails("feedback.received")] == [iro.email]


def test_anonymous_feedback_carries_nothing_that_traces_its_sender(app, review, staff_client, iro):
    parent, issued = opened(app, review)
    carer, _ = opened(app, review, ParticipantRole.CARER)
    factories.hold(review)
    send_feedback(parent, say="complaint", words=COMPLAINT, anonymous="yes")
    send_feedback(carer, words="The meeting was well run")
    browser = app.test_client()
    factories.sign_in(browser, iro)
    soup = browser.get_page("/staff/feedback")
    items = soup.select("section.feedback-item")
    anonymous = next(item for item in items if COMPLAINT in item.get_text())
    named = next(item for item in items if "well run" in item.get_text())
    assert "Carer (carer)" in named.get_text()
    shown = str(anonymous)
    assert "Sent without a name" in shown
    for trace in ("Parent", "parent", f"invitation {issued.invitation.id}", "/i/"):
        assert trace not in shown, trace
    assert re.search(r"\d{1,2}:\d{2}", anonymous.get_text()) is None  # the day, never the time
    assert f"/{issued.invitation.id}" not in re.sub(r"/staff/reviews/\d+", "", shown)


def test_sending_feedback_again_replaces_what_was_sent(app, review, iro):
    client, _issued = opened(app, review)
    factories.hold(review)
    send_feedback(client, words="First thoughts")
    sent = send_feedback(client, words="Second thoughts")
    assert "This replaces the feedback you sent before." in sent.get_text()
    browser = app.test_client()
    factories.sign_in(browser, iro)
    text = browser.get_page("/staff/feedback").get_text()
    assert "Second thoughts" in text
    assert "First thoughts" not in text


def test_feedback_closes_after_its_window(app, review):
    client, _issued = opened(app, review)
    factories.hold(review, reviews.local_today() - timedelta(days=app.config["FEEDBACK_DAYS"] + 1))
    soup = client.get_page("/welcome")
    assert soup.select("main a.button") == []  # neither views nor feedback are open
    response = feedback_page(client, "how_it_went", {})
    assert response.status_code == 409
    assert "Feedback for this meeting has closed" in response.get_data(as_text=True)


def test_feedback_opens_on_the_day_the_review_is_held_and_links_keep_working(app, review):
    client, issued = opened(app, review)
    late = reviews.local_today()
    factories.hold(review, late)
    db.session.refresh(issued.invitation)
    last_day = late + timedelta(days=app.config["FEEDBACK_DAYS"])
    assert issued.invitation.expires_at.astimezone(reviews.local_zone()).date() > last_day
    assert client.get("/feedback/how_it_went").status_code == 200


def test_the_iro_reads_their_own_reviews_feedback_and_a_manager_all(
    app, review, staff_client, iro, organisation
):
    client, _issued = opened(app, review)
    factories.hold(review)
    send_feedback(client, words="Useful meeting")
    other_iro, _ = staff_client(Role.IRO)
    manager, _ = staff_client(Role.MANAGER)
    admin, _ = staff_client(Role.REVIEW_ADMIN)
    assert "Useful meeting" not in other_iro.get_page("/staff/feedback").get_text()
    assert "Useful meeting" in manager.get_page("/staff/feedback").get_text()
    assert admin.get("/staff/feedback").status_code == 404
    outsider, _ = staff_client(Role.MANAGER, org=factories.organisation())
    assert "Useful meeting" not in outsider.get_page("/staff/feedback").get_text()


def test_feedback_is_never_part_of_the_pack(app, review, iro):
    client, _issued = opened(app, review)
    factories.hold(review)
    send_feedback(client, words="Feedback words only for the service")
    browser = app.test_client()
    factories.sign_in(browser, iro)
    for which in ("iro", "meeting"):
        html = browser.get(f"/staff/reviews/{review.id}/pack?pack={which}").get_data(as_text=True)
        assert "Feedback words only for the service" not in html


def test_the_feedback_page_issues_a_fixed_number_of_queries(app, organisation, iro):
    from portal.feedback import feedback_visible_to
    from tests.querycount import counting_queries

    def add_feedback(count):
        for _ in range(count):
            review = factories.review(factories.child(organisation, iro, age=12), in_days=1)
            client, _issued = opened(app, review)
            factories.hold(review)
            send_feedback(client, words="Fine")

    add_feedback(2)
    with counting_queries() as few:
        assert len(feedback_visible_to(iro)) == 2
    add_feedback(4)
    with counting_queries() as many:
        assert len(feedback_visible_to(iro)) == 6
    assert many.count == few.count
