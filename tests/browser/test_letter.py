"""The child reads the letter about their review on a 360 px phone, in English and in Arabic
(right to left), with no axe violations and targets big enough to press."""

from datetime import timedelta

import pytest

from portal import child_letters, reviews
from portal.models import ParticipantRole, Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_child_reads_their_letter_at_360px(phone, live_server, organisation, language):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-3)
    issued = factories.invitation(review, ParticipantRole.CHILD, language=language)
    factories.hold(review, reviews.local_today() - timedelta(days=3))
    child_letters.save(
        review,
        {
            "talked_about": "We talked about school, football and seeing your brother.",
            "decided": "You will stay with Jo and Sam.",
            "actions": "Sam will book the dentist by 20 March.",
        },
        [],
        by=iro,
        send=True,
    )
    phone.goto(f"{live_server}/i/{issued.token}")
    phone.goto(f"{live_server}/secret/new?kind=pin")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")
    phone.goto(f"{live_server}/welcome")
    phone.click("main a[href='/letter']")
    assert phone.url == f"{live_server}/letter"
    assert horizontal_overflow(phone) <= 0
    assert small_targets(phone) == []
    assert_accessible(phone)
    assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    phone.click("button[value=thumbs_up]")
    assert phone.locator("[role=status]").is_visible()
    assert_accessible(phone)
