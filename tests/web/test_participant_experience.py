"""The participant's experience: one privacy choice per page, answers grouped by who will see
them, sent and not sent never confused, and the under-8 version with its Three Houses."""

import io
import re
import uuid

import pypdf
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select

from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.explained_terms import explain_iro
from portal.extensions import db
from portal.models import Answer, Attachment, Role, Visibility
from tests import factories, media
from tests.consultation_helpers import answer_page, page_fields
from tests.pack_helpers import post_upload

TEEN = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
UNDER_8 = forms.YOUNG_PERSON_FORMS[Audience.UNDER_8]
UNSENT = "You have changes Priya hasn't seen yet."


@pytest.fixture
def iro(organisation):
    return factories.staff(organisation, Role.IRO, name="Priya Shah")


def young_person(client, organisation, iro, age, **kwargs):
    child = factories.child(organisation, iro, name="Kai", age=age)
    issued = factories.invitation(factories.review(child), **kwargs)
    factories.open_invitation(client, issued)
    return issued


def stored_visibility():
    answers = db.session.execute(select(Answer)).scalars()
    return {answer.question_id: answer.visibility for answer in answers}


def answer_count():
    return db.session.execute(select(func.count()).select_from(Answer)).scalar()


def send(client):
    soup = client.get_page("/consultation/send")
    data = {
        "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
        "idempotency_key": soup.find("input", attrs={"name": "idempotency_key"})["value"],
    }
    response = client.post("/consultation/send", data=data)
    assert response.headers["Location"] == "/consultation/sent"


def autosave(client, page, fields):
    data = page_fields(client, f"/consultation/{page.key}")
    data.update(fields)
    return client.post(f"/consultation/{page.key}", data=data, headers={"HX-Request": "true"})


def checked(soup, name):
    return [
        i["value"] for i in soup.find_all("input", attrs={"name": name}) if i.has_attr("checked")
    ]


# ---- One privacy choice per page, with a per-answer override ----


def test_the_pages_choice_applies_to_every_answer_on_it(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    answer_page(client, TEEN.page("workers"), {"page.visibility": "meeting"})
    assert set(stored_visibility().values()) == {Visibility.MEETING}
    soup = client.get_page("/consultation/workers")
    assert checked(soup, "page.visibility") == ["meeting"]
    assert not soup.find("details", class_="visibility-each").has_attr("open")


def test_one_answer_can_be_kept_private_on_a_shared_page(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    answer_page(
        client,
        TEEN.page("workers"),
        {"page.visibility": "meeting", "workers.words.visibility": "iro_only"},
    )
    stored = stored_visibility()
    assert stored["workers.words"] is Visibility.IRO_ONLY
    assert stored["workers.social_worker_listens"] is Visibility.MEETING
    # Shown back, the page never looks more open than its most private answer: the page's
    # choice is "only Priya", and the shared answer is the one marked as different.
    soup = client.get_page("/consultation/workers")
    assert checked(soup, "page.visibility") == ["iro_only"]
    assert checked(soup, "workers.social_worker_listens.visibility") == ["meeting"]
    assert checked(soup, "workers.words.visibility") == []
    assert soup.find("details", class_="visibility-each").has_attr("open")
    assert checked(soup, "workers.see_enough.visibility") == ["meeting"]
    # Saving the page again as shown changes nothing.
    answer_page(
        client,
        TEEN.page("workers"),
        {
            "page.visibility": "iro_only",
            "workers.social_worker_listens.visibility": "meeting",
            "workers.see_enough.visibility": "meeting",
        },
    )
    assert stored_visibility() == stored


def test_nothing_chosen_means_only_the_iro(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    answer_page(client, TEEN.page("workers"))
    assert set(stored_visibility().values()) == {Visibility.IRO_ONLY}


@pytest.mark.parametrize("value", ["everyone", "<b>meeting</b>", "m" * 5000, "IRO_ONLY"])
def test_a_page_choice_that_was_not_offered_is_refused(client, organisation, iro, value):
    young_person(client, organisation, iro, 15)
    response = answer_page(client, TEEN.page("workers"), {"page.visibility": value})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Choose who can see this answer" in text
    assert 'href="#page-visibility"' in text
    assert "<b>meeting</b>" not in text
    assert answer_count() == 0


def test_a_nul_in_the_page_choice_is_refused_before_anything_is_read(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    response = answer_page(client, TEEN.page("workers"), {"page.visibility": "meeting\x00"})
    assert response.status_code == 400
    assert "Some characters could not be used" in response.get_data(as_text=True)
    assert answer_count() == 0


def test_the_refusal_is_in_the_readers_language(app, client, organisation, iro):
    young_person(client, organisation, iro, 15, language="ar")
    response = answer_page(client, TEEN.page("workers"), {"page.visibility": "everyone"})
    assert response.status_code == 400
    with app.test_request_context(), force_locale("ar"):
        message = _("Choose who can see this answer")
    assert message != "Choose who can see this answer"
    assert message in response.get_data(as_text=True)
    assert answer_count() == 0


# ---- Check your answers: grouped by who will see them ----


def test_the_check_page_groups_answers_by_who_will_see_them(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    answer_page(
        client,
        TEEN.page("friends"),
        {"friends.words": "Football on Saturdays", "page.visibility": "meeting"},
    )
    answer_page(client, TEEN.page("workers"), {"workers.words": "My social worker is late"})
    soup = client.get_page("/consultation/check")
    private, shared = soup.find_all("section", class_="answers-group")[:2]
    assert "Only Priya" in private.find("h2").get_text()
    assert "Shared at your meeting" in shared.find("h2").get_text()
    assert "My social worker is late" in private.get_text()
    assert "My social worker is late" not in shared.get_text()
    assert "Football on Saturdays" in shared.get_text()
    assert "Football on Saturdays" not in private.get_text()
    unanswered = soup.find("details", class_="answers-group")
    assert "How do you feel about where you live?" in unanswered.get_text()


# ---- Sent and not sent ----


def pdf_text(data):
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def participant_pages(form):
    """Every page a young person can reach once they have sent their answers."""
    pages = [f"/consultation/{page.key}" for page in form.pages]
    return ["/welcome", "/language", "/requests", "/requests/new", *pages]


def test_a_change_after_sending_is_unsent_on_every_page_until_sent(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    friends = TEEN.page("friends")
    answer_page(client, friends, {"friends.words": "Football", "page.visibility": "meeting"})
    send(client)
    assert UNSENT not in client.get_page("/welcome").get_text()

    saved = autosave(client, friends, {"friends.words": "Football and chess"})
    assert saved.status_code == 200
    status = saved.get_data(as_text=True)
    assert "Saved, but not sent yet." in status
    assert 'id="unsent-banner" hx-swap-oob="true"' in status
    assert UNSENT in status

    for url in participant_pages(TEEN):
        soup = client.get_page(url)
        banner = soup.find(id="unsent-banner")
        assert UNSENT in banner.get_text(), url
        # At the top: before the page's own heading, with the way to send.
        assert banner.find_next("h1") is not None, url
        assert banner.find("a", href="/consultation/send"), url

    # Coming back lands on a summary: what was sent, when, and that something is not.
    assert client.get("/consultation").headers["Location"] == "/consultation/check"
    summary = client.get_page("/consultation/check")
    assert summary.find("h1").get_text() == "What you sent"
    text = summary.get_text(" ")
    assert re.search(r"You sent your answers to Priya on \w+day \d+ \w+ \d{4} at", text)
    assert "You have changes Priya hasn't seen yet." in text
    marked = summary.find(class_="summary__unsent")
    assert "Football and chess" in marked.get_text()
    assert "Not sent yet" in marked.get_text()
    welcome = client.get_page("/welcome").get_text(" ")
    assert "You sent your answers to Priya on" in welcome

    copy = client.get("/consultation/copy.pdf").data
    copy_text = pdf_text(copy)
    assert "Not sent yet" in copy_text
    assert "Football and chess" in copy_text
    pages = len(pypdf.PdfReader(io.BytesIO(copy)).pages)
    assert re.search(rf"\b1 / {pages}\b", copy_text)  # numbered, without words
    reader = pypdf.PdfReader(io.BytesIO(copy))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged, for screen readers
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"

    send(client)
    for url in participant_pages(TEEN):
        assert UNSENT not in client.get_page(url).get_text(), url
    summary = client.get_page("/consultation/check").get_text(" ")
    assert "nothing has changed since you sent it" in summary
    assert "Not sent yet" not in pdf_text(client.get("/consultation/copy.pdf").data)


def test_before_any_send_nothing_is_called_a_change(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    saved = autosave(client, TEEN.page("friends"), {"friends.words": "Football"})
    assert "Saved" in saved.get_data(as_text=True)
    assert "not sent yet" not in saved.get_data(as_text=True)
    assert client.get_page("/welcome").find(id="unsent-banner").get_text(strip=True) == ""
    copy_text = pdf_text(client.get("/consultation/copy.pdf").data)
    assert "You have not sent these answers yet." in copy_text


def test_the_copy_includes_the_pictures_themselves(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    assert post_upload(client, media.jpeg(), visibility="iro_only").status_code == 303
    reader = pypdf.PdfReader(io.BytesIO(client.get("/consultation/copy.pdf").data))
    images = {image.data for page in reader.pages for image in page.images}
    assert len(images) == 1


# ---- The under-8 version ----


def test_the_under_8_version_asks_one_question_a_screen_in_a_childs_words(
    client, organisation, iro
):
    young_person(client, organisation, iro, 6)
    assert client.get("/consultation").headers["Location"] == "/consultation/today"
    for page in UNDER_8.pages:
        assert len(page.questions) == 1, page.key
        soup = client.get_page(f"/consultation/{page.key}")
        main = soup.find("main").get_text(" ")
        for adult in ("raise it for me", "in front of everyone", "IRO", "Who can see this"):
            assert adult not in main, (page.key, adult)
        assert "Can Priya show this at your meeting?" in main, page.key
    first = client.get_page("/consultation/today")
    note = first.find("details", class_="helper-note")
    assert "For the grown-up helping" in note.find("summary").get_text()
    assert "They can skip anything." in note.get_text()
    assert client.get_page("/consultation/home").find("details", class_="helper-note") is None


def upload_to(client, target, data=None, kind="photo"):
    token = client.csrf_token("/consultation/house_good")
    return client.post(
        "/consultation/attachments",
        data={
            "csrf_token": token,
            "idempotency_key": uuid.uuid4().hex,
            "kind": kind,
            "for": target,
            "visibility": "meeting",  # ignored for a house: the house's own choice applies
            "file": (io.BytesIO(data or media.jpeg()), "drawing.jpg"),
        },
        content_type="multipart/form-data",
    )


def test_a_house_takes_pictures_and_one_choice_of_who_may_see_it(client, organisation, iro):
    young_person(client, organisation, iro, 6)
    response = upload_to(client, "going_well.house")
    assert response.headers["Location"] == "/consultation/house_good"
    item = db.session.execute(select(Attachment)).scalar_one()
    assert item.question_id == "going_well.house"
    assert item.visibility is Visibility.IRO_ONLY  # the safe choice until they say otherwise

    soup = client.get_page("/consultation/house_good")
    assert soup.find("img", src=f"/consultation/attachments/{item.id}/thumbnail")
    assert soup.find("a", href="/consultation/draw?for=going_well.house")
    assert soup.find("a", href="/consultation/voice?for=going_well.house")

    # A picture and no words: the house's one choice still reaches the picture.
    answer_page(
        client,
        UNDER_8.page("house_good"),
        {"going_well.house": "", "going_well.house.name": "", "page.visibility": "meeting"},
    )
    db.session.refresh(item)
    assert item.visibility is Visibility.MEETING
    assert answer_count() == 0
    soup = client.get_page("/consultation/house_good")
    assert checked(soup, "page.visibility") == ["meeting"]
    # Other houses are not touched.
    assert upload_to(client, "worries.house").status_code == 303
    worry = db.session.execute(
        select(Attachment).where(Attachment.question_id == "worries.house")
    ).scalar_one()
    assert worry.visibility is Visibility.IRO_ONLY

    check = client.get_page("/consultation/check")
    private, shared = check.find_all("section", class_="answers-group")[:2]
    assert shared.find("img", src=f"/consultation/attachments/{item.id}/thumbnail")
    assert private.find("img", src=f"/consultation/attachments/{worry.id}/thumbnail")


def test_drawing_and_recording_for_a_house_ask_no_second_privacy_question(
    client, organisation, iro
):
    young_person(client, organisation, iro, 6)
    for url in ("/consultation/draw?for=next.house", "/consultation/voice?for=next.house"):
        soup = client.get_page(url)
        assert soup.find("input", attrs={"name": "for", "value": "next.house"}), url
        assert soup.find("input", attrs={"name": "visibility"}) is None, url
        assert soup.find("a", class_="back-link")["href"] == "/consultation/house_dreams"


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("meeting.place", 404),
        ("nowhere", 404),
        ("<script>", 404),
        ("x" * 500, 404),
        ("going_well.house\x00", 400),  # refused with every NUL, before any view
    ],
)
def test_attachments_only_go_where_the_form_takes_them(client, organisation, iro, target, status):
    young_person(client, organisation, iro, 6)
    assert client.get("/consultation/draw", query_string={"for": target}).status_code == status
    assert upload_to(client, target).status_code == status
    # The under-8 version has no pictures page: pictures go into the houses.
    assert upload_to(client, "").status_code == 404
    assert db.session.execute(select(func.count()).select_from(Attachment)).scalar() == 0


def test_older_forms_have_no_houses_to_put_pictures_in(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    assert client.get("/consultation/draw?for=going_well.house").status_code == 404
    assert client.get("/consultation/draw").status_code == 200


def test_a_house_takes_a_few_words_not_an_essay(client, organisation, iro):
    young_person(client, organisation, iro, 6)
    page = UNDER_8.page("house_good")
    soup = client.get_page("/consultation/house_good")
    assert soup.find("textarea", attrs={"name": "going_well.house"})["maxlength"] == "500"
    response = answer_page(client, page, {"going_well.house": "a" * 501})
    assert response.status_code == 400
    assert "Use 500 characters or fewer" in response.get_data(as_text=True)
    assert answer_count() == 0


# ---- "IRO", explained ----


def explanations(soup):
    return soup.find("main").find_all(class_="term-explained")


def test_iro_is_explained_where_it_first_appears_on_a_page(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    soup = client.get_page("/consultation/meeting_support")
    notes = explanations(soup)
    assert len(notes) == 1
    assert notes[0].get_text() == (
        "(IRO means Independent Reviewing Officer: the person who runs your meeting.)"
    )
    before = notes[0].find_previous(string=re.compile("IRO"))
    assert before.strip() == "Would you like to talk to your IRO before the meeting?"
    # Only the first mention; never inside a box the young person typed in.
    answer_page(
        client,
        TEEN.page("workers"),
        {"workers.words": "My IRO is kind"},
    )
    workers = client.get_page("/consultation/workers")
    assert workers.find("textarea", attrs={"name": "workers.words"}).get_text() == (
        "My IRO is kind"
    )
    assert len(explanations(workers)) == 1


def test_iro_is_explained_in_the_pages_language(app, client, organisation, iro):
    young_person(client, organisation, iro, 15, language="ti")
    with app.test_request_context(), force_locale("ti"):
        wanted = _("IRO means Independent Reviewing Officer: the person who runs your meeting.")
    assert wanted != "IRO means Independent Reviewing Officer: the person who runs your meeting."
    notes = explanations(client.get_page("/consultation/meeting_support"))
    assert [note.get_text() for note in notes] == [f"({wanted})"]


def test_the_welcome_page_explains_it_in_its_own_words(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    soup = client.get_page("/welcome")
    assert explanations(soup) == []
    assert "Priya is your IRO: the person who runs your meeting" in soup.get_text()


def test_staff_pages_are_not_changed(app):
    with app.test_request_context("/staff/"):
        assert str(explain_iro(Markup("<p>Your IRO</p>"))) == "<p>Your IRO</p>"
    with app.test_request_context("/consultation/home"):
        page = Markup('<p title="IRO">An IRO</p><textarea>IRO</textarea>')
        explained = str(explain_iro(page))
    assert explained.startswith('<p title="IRO">An IRO <span class="term-explained">(IRO means')
    assert explained.endswith("</span></p><textarea>IRO</textarea>")


# ---- The language page ----


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "javascript:x"])
def test_the_language_page_never_sends_anyone_away(client, organisation, iro, target):
    young_person(client, organisation, iro, 15)
    soup = client.get_page("/language", query_string={"next": target})
    assert soup.find("input", attrs={"name": "next"})["value"] == "/"


def test_the_language_page_never_reflects_markup(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    response = client.get("/language", query_string={"next": "/w<b>x</b>"})
    assert response.status_code == 200
    assert "<b>x</b>" not in response.get_data(as_text=True)


def test_choosing_a_language_on_its_page_changes_the_pages_language(client, organisation, iro):
    young_person(client, organisation, iro, 15)
    soup = client.get_page("/language?next=/consultation/home")
    token = soup.find("input", attrs={"name": "csrf_token"})["value"]
    response = client.post(
        "/language", data={"csrf_token": token, "language": "ti", "next": "/consultation/home"}
    )
    assert response.headers["Location"] == "/consultation/home"
    assert client.get_page("/consultation/home").html["lang"] == "ti"
    assert client.post("/language", data={"language": "ar", "next": "/"}).status_code == 400
