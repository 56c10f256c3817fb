"""The participant's experience in a real browser: the 8 to 12 form with the keyboard alone,
autosave statuses announced once, and no console errors or missing files on any page."""

import pytest
from sqlalchemy import select

from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.extensions import db
from portal.models import Answer, Submission
from tests import media
from tests.browser.conftest import assert_accessible, open_as_child

KEYS_PER_PAGE = 120


@pytest.fixture
def strict_phone(browser):
    """A phone that keeps the site's Content Security Policy (the `phone` fixture bypasses it
    for axe), so a blocked script or style shows as a console error here."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


FOCUSED = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
    value: el.value || "", checked: !!el.checked, text: (el.innerText || "").trim(),
    inMain: !!el.closest("main"), cls: el.className || "",
  };
}"""


def tab_to(page, wanted, limit=KEYS_PER_PAGE):
    """Press Tab until `wanted(focused)` is true; the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError("never reached by Tab")


def answer_page_by_keyboard(page, typed):
    """Answer every question of a page with the keyboard, then press "Save and continue"."""
    answered = set()
    for _ in range(KEYS_PER_PAGE):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inMain"]:
            continue
        name = focused["name"]
        if focused["type"] in {"radio", "checkbox"} and name not in answered:
            if not name.endswith("visibility"):
                page.keyboard.press("Space")
                answered.add(name)
        elif focused["tag"] == "textarea" and name not in answered:
            page.keyboard.type(typed)
            answered.add(name)
        elif focused["tag"] == "input" and focused["type"] == "text" and name not in answered:
            page.keyboard.type("Gran")
            answered.add(name)
        elif focused["tag"] == "button" and focused["value"] == "continue":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return answered
        elif focused["tag"] == "a" and focused["text"].startswith("Continue"):
            with page.expect_navigation():
                page.keyboard.press("Enter")  # the pictures page: nothing to answer
            return answered
    raise AssertionError(f"no way on from {page.url}")


def test_the_8_to_12_form_can_be_done_with_the_keyboard_alone(phone, live_server, organisation):
    open_as_child(phone, live_server, organisation, 10)
    form = forms.YOUNG_PERSON_FORMS[Audience.AGE_8_TO_12]
    tab_to(phone, lambda f: f["tag"] == "a" and f["text"].startswith("Start"))
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    for page in form.pages:
        assert phone.url.startswith(f"{live_server}/consultation/{page.key}"), phone.url
        answered = answer_page_by_keyboard(phone, f"Typed on {page.key}")
        if not page.attachments:
            assert {q.id for q in page.questions} <= {n.split(".person")[0] for n in answered}
    assert phone.url == f"{live_server}/consultation/check"
    tab_to(phone, lambda f: f["tag"] == "a" and f["text"].startswith("Continue to send"))
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    tab_to(phone, lambda f: f["name"] == "helper")
    phone.keyboard.press("Space")
    tab_to(phone, lambda f: f["tag"] == "button" and f["text"].startswith("Send"))
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url == f"{live_server}/consultation/sent"
    submission = db.session.execute(select(Submission)).scalar_one()
    assert submission.form_key == form.key
    assert set(submission.answers) == {q.id for q in form.questions}
    assert submission.answers["home.words"]["value"] == "Typed on home"


RECORD_ANNOUNCEMENTS = """() => {
  window.announced = [];
  const region = document.getElementById("save-status");
  new MutationObserver(() => {
    const text = region.textContent.trim();
    if (text) window.announced.push(text);
  }).observe(region, {childList: true, subtree: true, characterData: true});
}"""


def test_each_autosave_is_announced_once(phone, live_server, organisation):
    open_as_child(phone, live_server, organisation, 15)
    phone.goto(f"{live_server}/consultation/home")
    live_regions = phone.locator("main [aria-live], main [role=status]")
    # One region for saving; the character counter is not one (it would speak every pause).
    assert live_regions.count() == 1
    phone.evaluate(RECORD_ANNOUNCEMENTS)
    phone.check("input[name='home.feeling'][value='4']")
    phone.wait_for_function("window.announced.length > 0")
    phone.wait_for_timeout(1500)
    assert phone.evaluate("window.announced") == ["✓ Saved"]
    # Saving… is shown but not in the live region.
    assert phone.locator(".save-progress").get_attribute("aria-hidden") == "true"
    phone.fill("#q-home-words-text", "It is fine")
    phone.wait_for_function("window.announced.length > 1")
    phone.wait_for_timeout(2500)
    assert phone.evaluate("window.announced") == ["✓ Saved", "✓ Saved"]
    saved = db.session.execute(select(Answer).where(Answer.question_id == "home.words"))
    assert saved.scalar_one().value == "It is fine"


def test_no_participant_page_logs_an_error_or_misses_a_file(
    strict_phone, live_server, organisation
):
    problems = []
    strict_phone.on(
        "console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None
    )
    strict_phone.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    strict_phone.on("pageerror", lambda e: problems.append(str(e)))
    open_as_child(strict_phone, live_server, organisation, 6)
    form = forms.YOUNG_PERSON_FORMS[Audience.UNDER_8]
    paths = [
        "/welcome",
        "/language?next=/welcome",
        "/requests",
        "/safe?next=/welcome",
        *[f"/consultation/{page.key}" for page in form.pages],
        "/consultation/draw?for=going_well.house",
        "/consultation/voice?for=going_well.house",
        "/consultation/check",
        "/consultation/send",
    ]
    for path in paths:
        strict_phone.goto(live_server + path)
        strict_phone.wait_for_load_state("networkidle")
    favicon = strict_phone.request.get(f"{live_server}/favicon.ico")
    assert favicon.status == 200
    assert favicon.headers["content-type"] in {"image/vnd.microsoft.icon", "image/x-icon"}
    assert problems == []


def test_five_faces_share_one_row_at_320_px(browser, live_server, organisation):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    open_as_child(page, live_server, organisation, 6)
    page.goto(f"{live_server}/consultation/today")
    tops = page.evaluate(
        "[...document.querySelectorAll('.choices--faces .choice')]"
        ".map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(tops) == 5
    assert len(set(tops)) == 1
    # Each face is a target of at least 44 px, named for screen readers by its words.
    sizes = page.evaluate(
        "[...document.querySelectorAll('.choices--faces .choice')]"
        ".map(c => [c.getBoundingClientRect().width, c.getBoundingClientRect().height])"
    )
    assert all(width >= 44 and height >= 44 for width, height in sizes)
    names = page.evaluate(
        "[...document.querySelectorAll(\"input[name='feelings.feeling']\")]"
        ".map(e => e.labels[0].innerText.trim())"
    )
    assert [name.split()[-1] for name in names] == ["sad", "Sad", "OK", "Happy", "happy"]
    assert_accessible(page)
    context.close()


def test_sent_changed_and_a_house_with_a_photo_pass_axe(phone, live_server, organisation):
    open_as_child(phone, live_server, organisation, 6)
    phone.goto(f"{live_server}/consultation/house_good")
    with phone.expect_navigation():
        phone.set_input_files(
            "#q-going_well-house-photo",
            files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": media.jpeg(320, 240)}],
        )
    assert phone.locator(".attachments--house img").count() == 1
    assert_accessible(phone)
    phone.goto(f"{live_server}/consultation/send")
    phone.click("main form button[type=submit]")
    assert phone.url == f"{live_server}/consultation/sent"
    phone.goto(f"{live_server}/consultation/today")
    phone.check("input[name='feelings.feeling'][value='5']")
    phone.locator("#unsent-banner .notice--unsent").wait_for()
    assert_accessible(phone)
    for path in ["/welcome", "/consultation/check", "/consultation/draw?for=worries.house"]:
        phone.goto(live_server + path)
        # (The summary says it in its own words, where the banner would be.)
        assert phone.locator("main .notice--unsent").first.is_visible(), path
        assert_accessible(phone)
