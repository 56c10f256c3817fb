"""The parents', carers' and feedback forms in a real browser at 360 x 740: every page fits,
keeps its targets big enough, and passes axe (WCAG 2.2 AA), in English and in Arabic."""

import pytest

from portal.consultation import forms
from portal.models import ParticipantRole, Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets


def check(page, path):
    assert horizontal_overflow(page) <= 0, path
    assert small_targets(page) == [], path
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "language"),
    [(ParticipantRole.PARENT, "en"), (ParticipantRole.CARER, "ar")],
)
def test_an_adults_form_and_feedback_pass_axe_at_360px(
    phone, live_server, organisation, role, language
):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=10))
    issued = factories.invitation(review, role, language=language)
    phone.goto(f"{live_server}/i/{issued.token}")
    check(phone, "/welcome")
    form = forms.form_for(issued.invitation, "views", review.scheduled_at.date())
    for page in form.pages:
        phone.goto(f"{live_server}/consultation/{page.key}")
        check(phone, page.key)
    for path in ("/consultation/check", "/consultation/send", "/safe"):
        phone.goto(live_server + path)
        check(phone, path)
    factories.hold(review)
    feedback = forms.CURRENT["feedback_adult"]
    for page in feedback.pages:
        phone.goto(f"{live_server}/feedback/{page.key}")
        check(phone, page.key)
    phone.goto(f"{live_server}/feedback/send")
    check(phone, "/feedback/send")


def test_the_young_persons_feedback_passes_axe_at_360px(phone, live_server, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=7))
    issued = factories.invitation(review)
    phone.goto(f"{live_server}/i/{issued.token}")
    phone.goto(f"{live_server}/secret/new?kind=pin")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")
    factories.hold(review)
    phone.goto(f"{live_server}/welcome")
    phone.click("text=Tell us how your meeting went")
    assert phone.url == f"{live_server}/feedback/how_it_went"
    check(phone, "how_it_went")
    # The three questions of faces are one page, and together no taller than one 740 px screen
    # (the header above them is measured by the participant experience's budgets).
    tops_and_bottoms = phone.evaluate(
        "[...document.querySelectorAll('fieldset.question')]"
        ".map(f => [f.getBoundingClientRect().top, f.getBoundingClientRect().bottom])"
    )
    assert len(tops_and_bottoms) == 3
    assert tops_and_bottoms[-1][1] - tops_and_bottoms[0][0] <= 740
