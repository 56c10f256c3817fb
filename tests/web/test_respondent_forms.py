"""Every respondent has their own form: the registry picks it by who they are and what for, the
welcome page offers exactly the forms that fit, and each form speaks to its reader."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal import reviews
from portal.consultation import forms
from portal.extensions import db
from portal.models import Consultation, OutboxEmail, ParticipantRole, Purpose, Role, Submission
from tests import factories
from tests.consultation_helpers import answer_every_page, send_form

ADULT_FORMS = {
    ParticipantRole.PARENT: "parent",
    ParticipantRole.CARER: "carer",
    ParticipantRole.OTHER: "someone_else",
}


@pytest.fixture
def review(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Jayden", age=9)
    return factories.review(child)


@pytest.mark.parametrize(
    ("age", "key"), [(5, "young_person_under_8"), (15, "young_person_13_plus")]
)
@pytest.mark.parametrize("role", list(ParticipantRole))
def test_the_registry_picks_by_who_they_are_then_by_age(organisation, role, age, key):
    child = factories.child(organisation, age=age)
    invitation = factories.invitation(factories.review(child), role).invitation
    today = reviews.local_today()
    views = forms.form_for(invitation, Purpose.VIEWS, today)
    feedback = forms.form_for(invitation, Purpose.FEEDBACK, today)
    if role is ParticipantRole.CHILD:
        assert (views.key, feedback.key) == (key, "feedback_young_person")
    else:  # never the young person's form, whatever the child's age
        assert (views.key, feedback.key) == (ADULT_FORMS[role], "feedback_adult")
    assert role in views.respondents


def welcome_links(client):
    soup = client.get_page("/welcome")
    return {a["href"]: a.get_text(" ", strip=True) for a in soup.select("main a.button")}


@pytest.mark.parametrize("role", [ParticipantRole.PARENT, ParticipantRole.CARER])
def test_the_welcome_page_offers_exactly_the_forms_that_fit(app, review, role):
    issued = factories.invitation(review, role)
    client = app.test_client()
    factories.open_invitation(client, issued)
    assert welcome_links(client) == {"/consultation": "Share your views"}
    assert "After the meeting, you can tell us how it went" in client.get_page("/welcome").text

    factories.hold(review)
    assert welcome_links(client) == {"/feedback": "Tell us how the meeting went"}


def test_a_parent_never_gets_the_young_persons_pages(app, review):
    issued = factories.invitation(review, ParticipantRole.PARENT)
    client = app.test_client()
    factories.open_invitation(client, issued)
    assert client.get("/consultation").headers["Location"] == "/consultation/how_things_are"
    young = forms.young_person_form(9)
    for page in young.pages:
        if young.page(page.key) and forms.CURRENT["parent"].page(page.key) is None:
            assert client.get(f"/consultation/{page.key}").status_code == 404, page.key
    for url in ("/consultation/draw", "/consultation/voice"):
        assert client.get(url).status_code == 404, url
    soup = client.get_page("/consultation/how_things_are")
    text = soup.get_text(" ")
    for child_words in ("Childline", "my meeting", "questions for a different age", "My carer"):
        assert child_words not in text, child_words
    assert "OK to share at the meeting" in text
    assert "Only for Priya: not to be shared at the meeting" in text


SHARED = "Jayden is happier since he moved schools"
PRIVATE = "His father has been calling me late at night"


@pytest.mark.parametrize(
    ("role", "language"),
    [
        (ParticipantRole.PARENT, "en"),
        (ParticipantRole.PARENT, "ar"),
        (ParticipantRole.CARER, "en"),
        (ParticipantRole.CARER, "fa"),
    ],
)
def test_an_adult_form_end_to_end(app, review, role, language):
    issued = factories.invitation(review, role, language=language)
    client = app.test_client()
    factories.open_invitation(client, issued)
    form = forms.CURRENT[ADULT_FORMS[role]]
    private_id = f"{form.key}.private"
    shared_id = next(q.id for q in form.questions if q.kind.value == "text" and q.id != private_id)
    answer_every_page(
        client,
        form,
        {
            shared_id: SHARED,
            f"{shared_id}.visibility": "meeting",
            private_id: PRIVATE,
        },
    )
    check = client.get_page("/consultation/check")
    assert check.html["lang"] == ("ar" if language == "ar" else language)
    assert check.html["dir"] == ("rtl" if language in ("ar", "fa") else "ltr")
    assert SHARED in check.get_text()
    send_page = client.get_page("/consultation/send")
    assert send_page.find("input", attrs={"name": "helper", "value": "carer"}) is None
    assert send_form(client, helper="nobody").headers["Location"] == "/consultation/sent"
    sent = client.get_page("/consultation/sent")
    assert "Childline" not in sent.get_text()
    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.form_key == form.key
    assert submission.answers[private_id]["visibility"] == "iro_only"
    assert submission.answers[shared_id]["visibility"] == "meeting"
    emails = db.session.execute(select(OutboxEmail.kind)).scalars().all()
    # Asking for an interpreter raised a request for one, routed to the IRO.
    assert sorted(emails) == ["consultation.submitted", "request.interpreter"]


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_parents_and_carers_are_sections_of_both_packs_with_the_privacy_split(app, review):
    for role in (ParticipantRole.PARENT, ParticipantRole.CARER):
        issued = factories.invitation(review, role)
        client = app.test_client()
        factories.open_invitation(client, issued)
        form = forms.CURRENT[ADULT_FORMS[role]]
        shared_id = (
            f"{form.key}.health_words" if role is ParticipantRole.CARER else "parent.working_well"
        )
        answer_every_page(
            client,
            form,
            {
                shared_id: f"{role.value}: {SHARED}",
                f"{shared_id}.visibility": "meeting",
                f"{form.key}.private": f"{role.value}: {PRIVATE}",
            },
        )
        send_form(client, helper="nobody")
    iro = review.child.iro
    browser = app.test_client()
    factories.sign_in(browser, iro)
    base = f"/staff/reviews/{review.id}"
    for role, title in (
        ("parent", "A parent's views: Parent"),
        ("carer", "A carer's views: Carer"),
    ):
        for which in ("meeting", "iro"):
            html = BeautifulSoup(
                browser.get(f"{base}/pack?pack={which}").get_data(as_text=True), "html.parser"
            ).get_text(" ")
            pdf = pdf_text(browser.get(f"{base}/pack.pdf?pack={which}").data)
            exported = json.dumps(json.loads(browser.get(f"{base}/pack.json?pack={which}").data))
            for form_name, text in (("html", html), ("pdf", pdf)):
                assert title in text, (which, form_name)
                assert f"{role}: {SHARED}" in " ".join(text.split()), (which, form_name)
            assert f"{role}: {SHARED}" in exported
            private_seen = [
                f"{role}: {PRIVATE}" in " ".join(t.split()) for t in (html, pdf, exported)
            ]
            assert private_seen == [which == "iro"] * 3, (role, which)
    # The parent's private words are in the IRO pack's section set apart.
    soup = browser.get_page(f"{base}/pack?pack=iro")
    assert f"parent: {PRIVATE}" in soup.find("section", class_="pack__private").get_text()


def test_a_consultation_is_kept_per_invitation_and_purpose(app, review):
    issued = factories.invitation(review, ParticipantRole.PARENT)
    client = app.test_client()
    factories.open_invitation(client, issued)
    client.get("/consultation")
    factories.hold(review)
    client.get("/feedback")
    purposes = db.session.execute(select(Consultation.purpose).order_by(Consultation.id)).scalars()
    assert list(purposes) == [Purpose.VIEWS, Purpose.FEEDBACK]
    assert issued.invitation.consultation_for(Purpose.FEEDBACK).form_key == "feedback_adult"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"parent.health": "wonderful"}, "Choose one of the answers"),
        ({"parent.how_going_words": "x" * 5001}, "Use 5,000 characters or fewer"),
        ({"parent.how_going_words.visibility": "everyone"}, "Choose who can see this answer"),
    ],
)
def test_bad_answers_on_an_adult_form_are_refused_and_nothing_is_stored(
    app, review, fields, message
):
    from tests.consultation_helpers import answer_page

    issued = factories.invitation(review, ParticipantRole.PARENT)
    client = app.test_client()
    factories.open_invitation(client, issued)
    page = forms.CURRENT["parent"].page("how_things_are")
    response = answer_page(client, page, fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.execute(select(Submission)).first() is None
    consultation = issued.invitation.consultation_for(Purpose.VIEWS)
    assert consultation.answers == []


def test_markup_typed_into_an_adult_form_is_shown_as_text(app, review):
    from tests.consultation_helpers import answer_page

    issued = factories.invitation(review, ParticipantRole.CARER)
    client = app.test_client()
    factories.open_invitation(client, issued)
    page = forms.CURRENT["carer"].page("friends")
    answer_page(client, page, {"carer.friends": "<script>alert(1)</script><b>bold</b>"})
    html = client.get("/consultation/check").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_choice_of_another_form_cannot_be_sent_to_the_feedback_form(app, review):
    from tests.consultation_helpers import answer_page

    issued = factories.invitation(review, ParticipantRole.PARENT)
    client = app.test_client()
    factories.open_invitation(client, issued)
    factories.hold(review)
    page = forms.CURRENT["feedback_adult"].page("how_it_went")
    response = answer_page(client, page, {"parent.health": "well"}, prefix="/feedback")
    assert response.status_code == 400  # a field no question of the page has: refused whole
