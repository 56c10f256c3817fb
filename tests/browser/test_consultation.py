"""The young person's form in a real browser at 360 x 740: autosave, and without JavaScript."""

import pytest
from sqlalchemy import select

from portal.consultation import forms
from portal.consultation.schema import Audience, Kind
from portal.extensions import db
from portal.models import Answer, Role, Submission
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets

PIN = "8264"


@pytest.fixture
def invitation(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=15)
    return factories.invitation(factories.review(child))


def choose_secret(page, live_server, issued):
    page.goto(f"{live_server}/i/{issued.token}")
    assert page.url == f"{live_server}/secret/new"
    page.fill("#pin", PIN)
    page.fill("#pin_again", PIN)
    page.click("main button[type=submit]")
    assert page.url == f"{live_server}/welcome"


def fill_question(page, question, text):
    anchor = "#q-" + question.id.replace(".", "-")
    if question.kind in {Kind.FEELINGS, Kind.SINGLE, Kind.YES_NO}:
        page.check(f"{anchor} input[name='{question.id}'] >> nth=1")
    elif question.kind is Kind.MULTIPLE:
        page.check(f"{anchor} input[name='{question.id}'] >> nth=0")
    elif question.kind is Kind.PEOPLE:
        page.fill(f"{anchor}-person-1", "Gran")
    elif question.kind in {Kind.TEXT, Kind.HOUSE}:
        page.fill(f"{anchor}-text", text)


def test_thirteen_plus_form_with_autosave(phone, live_server, invitation):
    choose_secret(phone, live_server, invitation)
    phone.click("text=Start")
    form = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    assert_accessible(phone)
    for number, page in enumerate(form.pages):
        assert phone.url.startswith(f"{live_server}/consultation/{page.key}")
        assert horizontal_overflow(phone) <= 0, page.key
        assert small_targets(phone) == [], page.key
        assert_accessible(phone)
        if page.attachments:
            phone.click("main a.button >> text=Continue")
            continue
        for question in page.questions:
            fill_question(phone, question, f"Typed on {page.key}")
        if number == 0:
            # Autosave: the answers reach the server before any button is pressed.
            phone.locator("#save-status .save-status__saved").wait_for()
            saved = db.session.execute(
                select(Answer).where(Answer.question_id == "home.words")
            ).scalar_one()
            assert saved.value == "Typed on home"
            # Choosing "OK to share" for the page is saved too.
            phone.evaluate("document.querySelector('#save-status').textContent = ''")
            phone.check("input[name='page.visibility'][value='meeting']")
            phone.locator("#save-status .save-status__saved").wait_for()
        phone.click("button[value=continue]")
    assert phone.url == f"{live_server}/consultation/check"
    assert_accessible(phone)
    phone.click("text=Continue to send")
    assert_accessible(phone)
    phone.check("input[name=helper][value=nobody]")
    phone.click("main form button[type=submit]")
    assert phone.url == f"{live_server}/consultation/sent"
    assert_accessible(phone)
    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.answers["home.words"]["visibility"] == "meeting"
    assert submission.answers["worries.words"]["value"] == "Typed on worries"


def test_thirteen_plus_form_without_javascript(browser, live_server, invitation):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    choose_secret(page, live_server, invitation)
    page.goto(f"{live_server}/consultation")
    form = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    for form_page in form.pages:
        assert page.url.startswith(f"{live_server}/consultation/{form_page.key}")
        if form_page.attachments:
            page.click("main a.button >> text=Continue")
            continue
        for question in form_page.questions:
            fill_question(page, question, f"No script on {form_page.key}")
        page.click("button[value=continue]")
    assert page.url == f"{live_server}/consultation/check"
    page.click("text=Continue to send")
    page.click("main form button[type=submit]")
    assert page.url == f"{live_server}/consultation/sent"
    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.answers["next.words"]["value"] == "No script on next"
    context.close()


def test_connection_drop_says_not_saved_and_retries(phone, live_server, invitation):
    choose_secret(phone, live_server, invitation)
    phone.goto(f"{live_server}/consultation/home")
    state = {"fail": 2}

    def flaky(route):
        if route.request.method == "POST" and state["fail"] > 0:
            state["fail"] -= 1
            route.abort("internetdisconnected")
        else:
            route.continue_()

    phone.route("**/consultation/home", flaky)
    phone.fill("#q-home-words-text", "Typed while offline")
    phone.locator("#save-status").get_by_text("Not saved yet").wait_for()
    phone.locator("#save-status .save-status__saved").wait_for(timeout=20000)
    saved = db.session.execute(
        select(Answer).where(Answer.question_id == "home.words")
    ).scalar_one()
    assert saved.value == "Typed while offline"
    # Nothing typed is kept in the browser: htmx keeps only the current path, no page copies.
    stored = phone.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert "offline" not in stored
    assert "htmx-history-cache" not in stored
    assert phone.evaluate("localStorage.length") == 0


def test_under_8_pages_pass_axe(phone, live_server, organisation):
    child = factories.child(organisation, name="Mia", age=5)
    issued = factories.invitation(factories.review(child))
    phone.goto(f"{live_server}/i/{issued.token}")
    assert_accessible(phone)  # the picture secret page
    for row, animal in (("first", "dog"), ("second", "owl"), ("third", "cat")):
        phone.check(f"input[name={row}][value={animal}]")
    phone.click("main button[type=submit]")
    for key in ("today", "people", "house_good", "meeting_place"):
        phone.goto(f"{live_server}/consultation/{key}")
        assert horizontal_overflow(phone) <= 0, key
        assert small_targets(phone) == [], key
        assert_accessible(phone)


def test_read_aloud_appears_only_with_a_voice(phone, live_server, invitation):
    choose_secret(phone, live_server, invitation)
    phone.goto(f"{live_server}/consultation/home")
    voices = phone.evaluate("speechSynthesis.getVoices().length")
    visible = phone.locator("[data-read-aloud]:visible").count()
    if voices:
        assert visible > 0
    else:
        assert visible == 0  # headless chromium has no voices: the button stays hidden
