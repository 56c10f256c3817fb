"""The young person's consultation, end to end through the test client."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.consultation import forms
from portal.consultation.schema import Audience, Kind
from portal.extensions import db
from portal.models import (
    Answer,
    Consultation,
    Helper,
    OutboxEmail,
    ParticipantRole,
    RequestKind,
    ReviewStatus,
    Role,
    SaveReceipt,
    Submission,
    SupportRequest,
    Visibility,
)
from portal.models.base import utcnow
from tests import factories
from tests.consultation_helpers import answer_page, page_fields, sample_answer


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar()


@pytest.fixture
def iro(organisation):
    return factories.staff(organisation, Role.IRO, name="Priya Shah")


def young_person(client, organisation, iro, age, **kwargs):
    child = factories.child(organisation, iro, name="Kai", age=age)
    review = factories.review(child, in_days=kwargs.pop("in_days", 14))
    issued = factories.invitation(review, **kwargs)
    factories.open_invitation(client, issued)
    return issued


def consultation():
    return db.session.execute(select(Consultation)).scalar_one()


def send(client, helper="carer"):
    soup = client.get_page("/consultation/send")
    key = soup.find("input", attrs={"name": "idempotency_key"})["value"]
    token = soup.find("input", attrs={"name": "csrf_token"})["value"]
    data = {"csrf_token": token, "idempotency_key": key, "helper": helper}
    return client.post("/consultation/send", data=data), data


@pytest.mark.parametrize(
    ("age", "audience"),
    [(6, Audience.UNDER_8), (10, Audience.AGE_8_TO_12), (15, Audience.AGE_13_PLUS)],
)
def test_each_version_end_to_end(client, organisation, iro, age, audience):
    issued = young_person(client, organisation, iro, age)
    form = forms.YOUNG_PERSON_FORMS[audience]
    start = client.get("/consultation")
    assert start.headers["Location"] == f"/consultation/{form.pages[0].key}"

    for number, page in enumerate(form.pages, start=1):
        soup = client.get_page(f"/consultation/{page.key}")
        assert f"{number} of {len(form.pages)}" in soup.find(class_="progress-text").get_text()
        if page.attachments:
            continue  # pictures and voice messages: tested in test_uploads.py
        assert soup.find(attrs={"data-read-aloud": True, "hidden": True})
        # One choice of who may see, for the whole page; each answer's own only on pages
        # with several.
        page_choice = soup.find_all("input", attrs={"name": "page.visibility"})
        assert [i["value"] for i in page_choice] == ["iro_only", "meeting"]
        assert page_choice[0].has_attr("checked")
        for question in page.questions:
            own = soup.find_all("input", attrs={"name": f"{question.id}.visibility"})
            assert len(own) == (2 if len(page.questions) > 1 else 0)
            assert not any(i.has_attr("checked") for i in own)
        response = answer_page(client, page)
        expected = "/consultation/check" if number == len(form.pages) else "/consultation/"
        assert response.headers["Location"].startswith(expected)

    check = client.get_page("/consultation/check").get_text(" ")
    assert "My words about meeting.icebreaker" in check
    response, _ = send(client)
    assert response.headers["Location"] == "/consultation/sent"
    sent = client.get_page("/consultation/sent")
    assert "What happens next" in sent.get_text()

    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.form_key == form.key
    assert submission.helper is Helper.CARER
    assert submission.channel == "portal_form"
    assert set(submission.answers) == {q.id for q in form.questions}
    # Nobody chose who may see anything, so everything is for the IRO only.
    assert {a["visibility"] for a in submission.answers.values()} == {"iro_only"}
    db.session.refresh(issued.invitation)
    assert issued.invitation.submitted_at is not None

    emails = db.session.execute(select(OutboxEmail)).scalars().all()
    email = next(email for email in emails if email.kind == "consultation.submitted")
    assert email.to_address == iro.email
    assert f"/staff/reviews/{issued.invitation.review_id}" in email.body
    # The "yes" answers on the meeting's support page each raised a request, routed at once.
    # (The under-8 version leaves asking for an interpreter to the adult helping.)
    interpreter = [] if audience is Audience.UNDER_8 else ["request.interpreter"]
    assert sorted(email.kind for email in emails) == sorted(
        ["consultation.submitted", "request.advocate", "request.talk_to_iro", *interpreter]
    )
    for each in emails:
        assert "Kai" not in each.body + each.subject
        assert "My words" not in each.body


def test_age_picks_the_version(client, organisation, iro):
    young_person(client, organisation, iro, 7)
    assert client.get("/consultation").headers["Location"] == "/consultation/today"


def test_the_young_person_chooses_who_sees_each_answer(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("workers")
    answer_page(client, page, {"workers.words.visibility": "meeting"})
    stored = {a.question_id: a.visibility for a in db.session.execute(select(Answer)).scalars()}
    assert stored["workers.words"] is Visibility.MEETING
    assert stored["workers.social_worker_listens"] is Visibility.IRO_ONLY
    soup = client.get_page("/consultation/workers")
    chosen = soup.find("input", attrs={"name": "workers.words.visibility", "checked": True})
    assert chosen["value"] == "meeting"
    send_page = client.get_page("/consultation/send").get_text(" ")
    assert "Shared at your meeting" in send_page
    assert "Only Priya" in send_page


def test_coming_back_resumes_where_they_were(app, client, organisation, iro):
    issued = young_person(client, organisation, iro, 15)
    form = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    answer_page(client, form.pages[0])
    answer_page(client, form.pages[1], follow_redirects=True)  # on to the third page
    client.get("/exit")

    later = app.test_client()
    factories.open_invitation(later, issued)  # the link again, and the secret
    assert later.get("/consultation").headers["Location"] == f"/consultation/{form.pages[2].key}"
    soup = later.get_page(f"/consultation/{form.pages[0].key}")
    assert (
        soup.find("textarea", attrs={"name": "home.words"}).get_text()
        == "My words about home.words"
    )


def test_changes_after_sending_are_new_versions(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("worries")
    answer_page(client, page, {"worries.words": "First worry"})
    send(client)
    answer_page(client, page, {"worries.words": "A different worry"})
    assert "Send my changes" in client.get_page("/consultation/check").get_text()
    send(client)

    first, second = db.session.execute(select(Submission).order_by(Submission.number)).scalars()
    assert first.answers["worries.words"]["value"] == "First worry"
    assert second.answers["worries.words"]["value"] == "A different worry"
    assert (first.number, second.number) == (1, 2)
    assert count(OutboxEmail) == 2


def test_sending_twice_with_the_same_key_makes_one_submission(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    answer_page(client, forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].pages[0])
    _, data = send(client)
    again = client.post("/consultation/send", data=data)
    assert again.headers["Location"] == "/consultation/sent"
    assert count(Submission) == 1
    assert count(OutboxEmail) == 1


def htmx_save(client, page, extra=None, key=None):
    data = page_fields(client, f"/consultation/{page.key}")
    for question in page.questions:
        data.update(sample_answer(question))
    data.update(extra or {})
    if key:
        data["idempotency_key"] = key
    return client.post(f"/consultation/{page.key}", data=data, headers={"HX-Request": "true"}), data


def test_autosave_answers_with_the_saved_fragment(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    response, _ = htmx_save(client, page)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    fragment = BeautifulSoup(html, "html.parser").find(id="save-status")
    assert "Saved" in fragment.get_text()
    assert fragment["aria-live"] == "polite"
    assert db.session.execute(select(Answer).where(Answer.question_id == "home.words")).scalar_one()


def test_a_retried_save_is_applied_once(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    first, data = htmx_save(client, page, {"home.words": "Saved once"})
    assert first.status_code == 200
    # The response was lost; the browser sends the same request again.
    again = client.post(f"/consultation/{page.key}", data=data, headers={"HX-Request": "true"})
    assert again.status_code == 200
    assert count(SaveReceipt) == 1
    answer = db.session.execute(
        select(Answer).where(Answer.question_id == "home.words")
    ).scalar_one()
    assert answer.value == "Saved once"


def test_over_long_text_is_refused_and_nothing_is_stored(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    too_long = {"home.words": "x" * 5001, "home.feeling": "2"}
    response, _ = htmx_save(client, page, too_long)
    assert response.status_code == 422
    assert "too long" in response.get_data(as_text=True)
    plain = answer_page(client, page, too_long)
    assert plain.status_code == 400
    soup = BeautifulSoup(plain.get_data(as_text=True), "html.parser")
    assert "Use 5,000 characters or fewer" in soup.find(class_="error-summary").get_text()
    assert soup.find("textarea", attrs={"name": "home.words"}).get_text() == "x" * 5001
    assert count(Answer) == 0  # the whole page is refused, not half of it
    assert "5,000" in soup.find(class_="counter").get_text()
    exactly = answer_page(client, page, {"home.words": "y" * 5000})
    assert exactly.status_code == 303


def test_markup_is_stored_as_typed_and_shown_escaped(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("worries")
    typed = '<script>alert("hi")</script> & <b>bold</b>'
    answer_page(client, page, {"worries.words": typed})
    assert db.session.execute(select(Answer.value)).scalar_one() == typed
    html = client.get("/consultation/check").get_data(as_text=True)
    assert typed not in html
    assert "&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "tamper",
    [
        {"form_version": "99"},
        {"form_key": "young_person_under_8"},
        {"home.not_a_question": "x"},
        {"education.words": "a field from another page"},
        {"idempotency_key": "short"},
    ],
)
def test_tampered_pages_get_a_clear_400_and_nothing_is_stored(client, organisation, iro, tamper):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    response = answer_page(client, page, tamper)
    assert response.status_code == 400
    assert "This page is out of date" in response.get_data(as_text=True)
    assert count(Answer) == 0
    assert count(SaveReceipt) == 0


def test_an_unknown_choice_is_refused_with_a_message(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    response = answer_page(client, page, {"home.feeling": "9", "home.words.visibility": "everyone"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Choose one of the answers" in text
    assert "Choose who can see this answer" in text
    assert count(Answer) == 0


def test_people_lists_grow_without_javascript(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("family")
    response = answer_page(client, page, action="more:family.want_to_see")
    assert response.headers["Location"].startswith("/consultation/family?more=family.want_to_see")
    soup = client.get_page(response.headers["Location"].split("#")[0])
    fields = soup.find_all("input", attrs={"name": "family.want_to_see.person"})
    assert [f.get("value", "") for f in fields] == ["Gran", "Mr Okoro", ""]
    assert db.session.execute(
        select(Answer.value).where(Answer.question_id == "family.want_to_see")
    ).scalar_one() == ["Gran", "Mr Okoro"]


def test_switching_version_keeps_shared_answers(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    teen = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    answer_page(client, teen.page("meeting_running"), {"meeting.icebreaker": "Harry Potter"})
    token = client.csrf_token("/consultation/home")
    response = client.post(
        "/consultation/version", data={"csrf_token": token, "form": "young_person_under_8"}
    )
    assert response.headers["Location"] == "/consultation/today"
    soup = client.get_page("/consultation/meeting_start")
    assert soup.find("textarea", attrs={"name": "meeting.icebreaker"}).get_text() == "Harry Potter"
    assert consultation().form_key == "young_person_under_8"


def test_houses_can_be_renamed(client, organisation, iro):
    young_person(client, organisation, iro, 5)
    page = forms.YOUNG_PERSON_FORMS[Audience.UNDER_8].page("house_good")
    soup = client.get_page("/consultation/house_good")
    assert (
        soup.find("input", attrs={"name": "going_well.house.name"})["value"]
        == "House of good things"
    )
    answer_page(
        client, page, {"going_well.house.name": "Castle of fun", "going_well.house": "Swings"}
    )
    text = client.get_page("/consultation/check").get_text(" ")
    assert "Castle of fun" in text
    assert "Swings" in text


def test_not_safe_shows_help_at_once_and_flags_urgent(client, organisation, iro):
    issued = young_person(client, organisation, iro, 15)
    soup = client.get_page("/consultation/home")
    assert soup.find("a", class_="safe-link")["href"].startswith("/safe")
    token = client.csrf_token("/safe")
    help_page = client.post_page("/safe", data={"csrf_token": token, "safe": "no"})
    text = help_page.get_text(" ")
    assert "999" in text
    assert "0800 1111" in text
    assert help_page.find("a", href="tel:08001111")
    alert = db.session.execute(select(SupportRequest)).scalar_one()
    assert alert.kind is RequestKind.SAFETY_ALERT
    assert alert.raised_by_role is ParticipantRole.CHILD
    email = db.session.execute(select(OutboxEmail)).scalar_one()
    assert email.kind == "consultation.urgent"
    assert "URGENT" in email.subject
    # Pressed again straight away: still flagged, but the IRO is not sent a second email.
    client.post("/safe", data={"csrf_token": token, "safe": "no"})
    assert count(OutboxEmail) == 1
    staff, _ = factories.staff(organisation, Role.REVIEW_ADMIN), None
    browser = client.application.test_client()
    factories.sign_in(browser, staff)
    assert (
        "Urgent: a child may not be safe"
        in browser.get_page(f"/staff/reviews/{issued.invitation.review_id}").get_text()
    )


def test_safe_yes_goes_back(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    token = client.csrf_token("/safe")
    response = client.post(
        "/safe", data={"csrf_token": token, "safe": "yes", "next": "/consultation/home"}
    )
    assert response.headers["Location"] == "/consultation/home"
    assert count(SupportRequest) == 0


def test_after_the_pack_locks_changes_still_reach_the_iro_as_late(client, organisation, iro):
    young_person(client, organisation, iro, 15, in_days=1)  # inside the 2-day lock
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    answer_page(client, page)
    send(client)
    assert "came later" in client.get_page("/consultation/sent").get_text()
    assert answer_page(client, page, {"home.words": "changed"}).status_code == 303
    assert (
        "your IRO will see that they came later"
        in client.get_page("/consultation/check").get_text()
    )
    send(client)
    assert count(Submission) == 2


def test_after_the_review_is_held_nothing_can_change(client, organisation, iro):
    issued = young_person(client, organisation, iro, 15)
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("home")
    answer_page(client, page)
    send(client)
    issued.invitation.review.status = ReviewStatus.HELD
    db.session.commit()
    response = answer_page(client, page, {"home.words": "changed"})
    assert response.status_code == 409
    assert "Your meeting has happened" in response.get_data(as_text=True)
    soup = client.get_page("/consultation/check")
    assert not soup.find("a", string="Change")


def test_a_copy_of_everything_they_said_downloads_as_pdf(client, organisation, iro):
    import io

    import pypdf

    young_person(client, organisation, iro, 15)
    answer_page(
        client,
        forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("worries"),
        {"worries.words": "Moving school"},
    )
    response = client.get("/consultation/copy.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "Moving school" in text


def test_consultation_pages_need_an_open_invitation(client, organisation, iro):
    issued = young_person(client, organisation, iro, 15)
    issued.invitation.revoked_at = utcnow()
    db.session.commit()
    response = client.get("/consultation/home")
    assert response.status_code == 404
    assert "This link or code does not work" in response.get_data(as_text=True)


def test_parents_get_their_own_form_and_no_secret(client, organisation, iro):
    child = factories.child(organisation, iro, name="Kai", age=15)
    issued = factories.invitation(factories.review(child), ParticipantRole.PARENT)
    factories.open_invitation(client, issued)  # no secret asked for
    soup = client.get_page("/welcome")
    assert soup.find("a", href="/consultation").get_text(strip=True) == "Share your views"
    assert soup.find("a", class_="safe-link").get_text() == "Is a child in danger right now?"
    assert client.get("/consultation").headers["Location"] == "/consultation/how_things_are"
    assert client.get("/consultation/home").status_code == 404  # a young person's page


def test_every_form_defines_the_meeting_questions_alike():
    meeting_ids = None
    for audience in (Audience.AGE_8_TO_12, Audience.AGE_13_PLUS):
        form = forms.YOUNG_PERSON_FORMS[audience]
        ids = [q.id for page in form.pages if page.is_meeting for q in page.questions]
        assert meeting_ids in (None, ids)
        meeting_ids = ids
    # The under-8 version asks fewer, one at a time, under the same ids.
    under_8 = forms.YOUNG_PERSON_FORMS[Audience.UNDER_8]
    young_ids = [q.id for page in under_8.pages if page.is_meeting for q in page.questions]
    assert set(young_ids) < set(meeting_ids)
    assert {
        "meeting.place",
        "meeting.people_wanted",
        "meeting.people_not_wanted",
        "meeting.chair",
        "meeting.icebreaker",
        "meeting.topics_to_avoid",
        "meeting.talk_to_iro_first",
        "meeting.advocate",
        "meeting.interpreter",
        "meeting.interpreter_language",
    } <= set(meeting_ids)


def test_the_forms_use_every_kind_of_question():
    kinds = {q.kind for form in forms.YOUNG_PERSON_FORMS.values() for q in form.questions}
    assert kinds == set(Kind)
    teen = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    assert [p.theme for p in teen.pages if not p.is_meeting] == [
        "home",
        "education",
        "health",
        "feelings",
        "friends",
        "family",
        "workers",
        "independence",
        "going_well",
        "worries",
        "next",
        "pictures",
    ]


def test_under_8s_see_faces_and_pictures(client, organisation, iro):
    young_person(client, organisation, iro, 5)
    soup = client.get_page("/consultation/today")
    faces = soup.find_all(class_="choice__picture")
    assert "😢" in faces[0].get_text()
    assert soup.find(class_="choices--faces")


@pytest.mark.parametrize("days_before", [timedelta(days=30)])
def test_the_lock_time_is_before_the_review(client, organisation, iro, days_before, app):
    from portal.consultation import engine

    young_person(client, organisation, iro, 15)
    client.get("/consultation")
    record = consultation()
    review_at = record.invitation.review.scheduled_at
    assert engine.lock_time(record) == review_at - timedelta(
        days=app.config["PACK_LOCK_DAYS_BEFORE_REVIEW"]
    )
    assert engine.can_change(record)
    assert not engine.is_locked(record, now=review_at - days_before)


def test_free_text_is_labelled_with_the_language_it_is_written_in(client, organisation, iro):
    young_person(client, organisation, iro, 16, language="en")
    page = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("next")
    answer_page(
        client,
        page,
        {"next.words": "ኣብ ቤት ትምህርቲ ብዙሕ ጽቡቕ እዩ", "next.plan_changes": "I want to stay here"},
    )
    stored = {a.question_id: a.language for a in db.session.execute(select(Answer)).scalars()}
    assert stored == {"next.words": "ti", "next.plan_changes": "en"}
    family = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS].page("family")
    answer_page(client, family)
    feeling = db.session.execute(
        select(Answer).where(Answer.question_id == "family.feeling")
    ).scalar_one()
    assert feeling.language is None  # a choice has no language of its own
