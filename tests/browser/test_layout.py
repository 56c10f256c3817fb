"""The base layout in a real browser: WCAG 2.2 AA by axe-core, 320 px wide, targets, focus,
right to left, working without JavaScript, and the quick exit."""

import pytest

from portal import i18n
from portal.models import ParticipantRole, Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets


@pytest.fixture
def invitation(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Yonas", age=16)
    # A carer's invitation: the young person's own pages (with their secret) are tested in
    # test_consultation.py.
    return factories.invitation(factories.review(child), ParticipantRole.CARER)


@pytest.fixture
def neutral_site(app, live_server):
    """The machine has no internet, and Playwright cannot intercept a redirect's target: send
    the quick exit to a page of our own for these tests."""
    original = app.config["QUICK_EXIT_URL"]
    app.config["QUICK_EXIT_URL"] = f"{live_server}/?neutral"
    yield app.config["QUICK_EXIT_URL"]
    app.config["QUICK_EXIT_URL"] = original


@pytest.mark.parametrize("width", [320, 360])
def test_participant_pages_fit_small_phones_and_pass_axe(browser, live_server, invitation, width):
    context = browser.new_context(viewport={"width": width, "height": 700}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/i/{invitation.token}")
    assert page.url == f"{live_server}/welcome"
    for path in ["/welcome", "/", "/code"]:
        page.goto(live_server + path)
        assert horizontal_overflow(page) <= 0, path
        assert small_targets(page) == [], path
        assert_accessible(page)
    context.close()


def test_code_page_errors_pass_axe(phone, live_server):
    phone.goto(f"{live_server}/code")
    phone.click("main button[type=submit]")
    assert phone.locator(".error-summary").is_visible()
    assert_accessible(phone)


def test_arabic_pages_are_right_to_left_and_pass_axe(phone, live_server, organisation):
    child = factories.child(organisation, name="Omar", language="ar")
    issued = factories.invitation(factories.review(child), ParticipantRole.PARENT, language="ar")
    phone.goto(f"{live_server}/i/{issued.token}")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    # Logical properties mirror the layout: the exit button sits on the left in Arabic.
    box = phone.locator(".exit-this-page__button").bounding_box()
    assert box["x"] < 100
    assert horizontal_overflow(phone) <= 0
    assert_accessible(phone)


def test_focus_is_visible(phone, live_server):
    phone.goto(f"{live_server}/code")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert phone.locator(".skip-link").is_visible()
    phone.focus("#code")
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_invitation_and_code_work_without_javascript(browser, live_server, invitation):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/code")
    page.fill("#code", invitation.display_code.lower())
    page.click("main button[type=submit]")
    assert page.url == f"{live_server}/welcome"
    assert "Yonas" in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.click(".language-link")
    with page.expect_navigation():
        page.click("button[value=ar]")  # posts the choice, and comes back to the welcome page
    page.wait_for_url(f"{live_server}/welcome")
    assert page.evaluate("document.documentElement.lang") == "ar"
    context.close()


def test_exit_this_page_leaves_without_a_history_entry(
    phone, live_server, invitation, neutral_site
):
    phone.goto(f"{live_server}/code")
    phone.goto(f"{live_server}/i/{invitation.token}")
    phone.click(".exit-this-page__button")
    phone.wait_for_url(neutral_site)
    phone.go_back()
    # Back skips the welcome page (location.replace), and it would not show anyway.
    assert not phone.url.endswith("/welcome")
    phone.goto(f"{live_server}/welcome")
    assert "does not work" in phone.locator("h1").inner_text()


def test_pressing_shift_three_times_exits(phone, live_server, invitation, neutral_site):
    phone.goto(f"{live_server}/i/{invitation.token}")
    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(neutral_site)


def test_staff_pages_pass_axe(desktop, live_server, organisation, app):
    person = factories.staff(organisation, Role.REVIEW_ADMIN)
    child = factories.child(organisation, name="Kai")
    review = factories.review(child)
    factories.invitation(review, by=person)
    desktop.goto(f"{live_server}/staff/sign-in")
    assert_accessible(desktop)
    desktop.fill("#email", person.email)
    desktop.fill("#password", factories.PASSWORD)
    desktop.click("main button[type=submit]")
    assert_accessible(desktop)
    desktop.fill("#code", factories.next_code(person))
    desktop.click("main button[type=submit]")
    assert desktop.url.endswith("/staff/")
    for path in [
        "/staff/",
        "/staff/children",
        f"/staff/children/{child.id}",
        f"/staff/reviews/{review.id}",
        "/staff/children/new",
        f"/staff/children/{child.id}/reviews/new",
        f"/staff/reviews/{review.id}/invitations/new",
    ]:
        desktop.goto(live_server + path)
        assert_accessible(desktop)
    desktop.goto(f"{live_server}/staff/children/new")
    desktop.click("main form button[type=submit]")
    assert desktop.locator(".error-summary").is_visible()
    assert_accessible(desktop)


@pytest.mark.parametrize("language", [lang.code for lang in i18n.LANGUAGES])
def test_welcome_page_fits_320px_in_every_language(browser, live_server, organisation, language):
    child = factories.child(organisation, name="Yonas")
    issued = factories.invitation(
        factories.review(child), ParticipantRole.PARENT, language=language
    )
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/i/{issued.token}")
    assert page.evaluate("document.documentElement.lang") == i18n.language(language).tag
    assert horizontal_overflow(page) <= 0
    assert small_targets(page) == []
    assert_accessible(page)
    context.close()
