"""Asking for help in a real browser: a young person asks for an advocate on a 360 px phone in a
minute (in English and in Arabic, right to left), the public page and the not-safe page fit
and pass axe, and the advocacy worker moves the request on from their worklist."""

import pytest

from portal.models import ParticipantRole, Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets


def check(page, path):
    assert horizontal_overflow(page) <= 0, path
    assert small_targets(page) == [], path
    assert_accessible(page)


def choose_pin(phone, live_server):
    phone.goto(f"{live_server}/secret/new?kind=pin")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_young_person_asks_for_an_advocate_at_360px(phone, live_server, organisation, language):
    organisation.out_of_hours_phone = "+443001234567"
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14))
    issued = factories.invitation(review, ParticipantRole.CHILD, language=language)
    phone.goto(f"{live_server}/i/{issued.token}")
    choose_pin(phone, live_server)
    phone.goto(f"{live_server}/welcome")
    phone.click("footer a[href='/requests']")
    check(phone, "/requests")
    phone.click("main a[href='/requests/new']")
    check(phone, "/requests/new")
    # Sent with nothing chosen: the errors are announced and pass axe too.
    phone.click("main button[type=submit]")
    assert phone.locator(".error-summary").is_visible()
    check(phone, "/requests/new with errors")
    phone.check("input[name=want][value=advocate_review]")
    phone.check("input[name=contact_method][value=text]")
    phone.fill("#phone", "07911 123456")
    phone.check("input[name=message_ok][value=no]")
    phone.click("main button[type=submit]")
    assert "/requests/" in phone.url
    check(phone, "request sent")
    phone.goto(f"{live_server}/safe?next=/requests")
    check(phone, "/safe")
    phone.click("button[value=no]")
    check(phone, "not safe")
    assert phone.locator("a[href='tel:+443001234567']").is_visible()


def test_the_public_page_passes_axe_at_360px(phone, live_server, organisation, app):
    phone.goto(f"{live_server}/ask")
    check(phone, "/ask")
    # The trap for scripts is off-screen, where nobody sees or reaches it.
    box = phone.locator("#website").bounding_box()
    assert box["x"] + box["width"] <= 0
    assert phone.locator("#website").get_attribute("tabindex") == "-1"


def test_the_advocacy_worklist_passes_axe(desktop, live_server, organisation, app):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14))
    issued = factories.invitation(review, ParticipantRole.CHILD)
    from portal.models import RequestKind
    from portal.requests import raising

    raising.from_invitation(issued.invitation, raising.RequestDetails(kind=RequestKind.ADVOCATE))
    person = factories.staff(organisation, Role.ADVOCACY)
    desktop.goto(f"{live_server}/staff/sign-in")
    desktop.fill("#email", person.email)
    desktop.fill("#password", factories.PASSWORD)
    desktop.click("main button[type=submit]")
    desktop.fill("#code", factories.next_code(person))
    desktop.click("main button[type=submit]")
    assert desktop.url.endswith("/staff/requests")
    assert_accessible(desktop)
    desktop.click("main table a")
    assert_accessible(desktop)
    desktop.select_option("#to", "acknowledged")
    desktop.click("main button[type=submit]")
    assert "Acknowledged" in desktop.locator("main dl").inner_text()
    assert_accessible(desktop)
