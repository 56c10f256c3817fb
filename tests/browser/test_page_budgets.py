"""Page budgets at 360 x 740, in English, Arabic and Tigrinya, for every version of the young
person's form: the header takes at most 120 px, an under-8 page at most two screens and any
other question page at most three, and the first question with its answer controls shows
without scrolling. axe checks every page on the way."""

import pytest

from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.models import Role
from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    horizontal_overflow,
    open_as_child,
    small_targets,
)

SCREEN = 740
HEADER_BUDGET = 120
SCREENS = {Audience.UNDER_8: 2, Audience.AGE_8_TO_12: 3, Audience.AGE_13_PLUS: 3}
AGES = {Audience.UNDER_8: 6, Audience.AGE_8_TO_12: 10, Audience.AGE_13_PLUS: 15}

MEASURE = """() => {
  const header = document.querySelector(".site-header").getBoundingClientRect().bottom;
  const question = document.querySelector("main .question");
  let firstQuestion = null;
  if (question) {
    const controls = question.querySelectorAll("input:not([type=hidden]), textarea");
    const first = question.getBoundingClientRect().top;
    const last = controls.length ? controls[controls.length - 1] : question;
    firstQuestion = {top: first, controlsBottom: last.getBoundingClientRect().bottom};
  }
  return {header, height: document.documentElement.scrollHeight, firstQuestion};
}"""


@pytest.mark.parametrize("language", ["en", "ar", "ti"])
@pytest.mark.parametrize("audience", list(Audience))
def test_every_question_page_keeps_its_budget(phone, live_server, organisation, audience, language):
    open_as_child(phone, live_server, organisation, AGES[audience], language=language)
    form = forms.YOUNG_PERSON_FORMS[audience]
    over = []
    for page in form.pages:
        phone.goto(f"{live_server}/consultation/{page.key}")
        measured = phone.evaluate(MEASURE)
        if measured["header"] > HEADER_BUDGET:
            over.append((page.key, "header", measured["header"]))
        if page.attachments:
            continue
        if measured["height"] > SCREENS[audience] * SCREEN:
            over.append((page.key, "height", measured["height"]))
        first = measured["firstQuestion"]
        if first["controlsBottom"] > SCREEN:
            over.append((page.key, "first question", first["controlsBottom"]))
        assert horizontal_overflow(phone) <= 0, page.key
        if language == "en":
            assert small_targets(phone) == [], page.key
            assert_accessible(phone)
    assert over == []


@pytest.mark.parametrize("language", ["en", "ar", "ti"])
def test_the_welcome_language_and_secret_pages_keep_the_header_budget(
    phone, live_server, organisation, language
):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=6)
    issued = factories.invitation(factories.review(child), language=language)
    phone.goto(f"{live_server}/i/{issued.token}")
    # The under-8 secret: three pictures, all on one screen with the button to go on.
    phone.goto(f"{live_server}/secret/new?kind=pictures")
    assert phone.evaluate(MEASURE)["header"] <= HEADER_BUDGET
    button = phone.locator("main button[type=submit]").bounding_box()
    assert button["y"] + button["height"] <= SCREEN
    assert_accessible(phone)
    for path in ["/language?next=/welcome", "/code"]:
        phone.goto(live_server + path)
        assert phone.evaluate(MEASURE)["header"] <= HEADER_BUDGET, path
        assert_accessible(phone)
