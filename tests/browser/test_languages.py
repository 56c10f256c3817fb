"""The young person's form in Arabic (right to left) and Tigrinya (Ge'ez script) at 360 px:
screenshots, nothing overflowing or overlapping, the layout mirrored in Arabic, axe in both."""

from pathlib import Path

import pytest

from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.models import Role
from tests import factories
from tests.browser.conftest import assert_accessible, horizontal_overflow, small_targets

SCREENSHOTS = Path(__file__).parent / "screenshots"

# Elements whose content is wider than their box (text that does not wrap, or sticks out).
CLIPPED_SCRIPT = """
() => [...document.querySelectorAll('main *')]
  .filter(el => el.offsetParent !== null && getComputedStyle(el).overflowX === 'visible')
  .filter(el => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
  .filter(el => !['svg', 'path', 'progress', 'input', 'textarea', 'select'].includes(el.tagName.toLowerCase()))
  .map(el => el.tagName.toLowerCase() + '.' + el.className)
"""

# Pairs of boxes that overlap: within each answer tile, and between tiles.
OVERLAP_SCRIPT = """
() => {
  // A radio laid transparently over its face or picture (the picture shows the choice) is meant
  // to cover it: only what is seen can collide.
  const seen = el => el.offsetParent !== null && getComputedStyle(el).opacity !== '0';
  const boxes = els => els.filter(seen).map(el => [el, el.getBoundingClientRect()]);
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  for (const choice of document.querySelectorAll('main .choice')) {
    const parts = boxes([...choice.children]);
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++)
        if (overlap(parts[i][1], parts[j][1])) found.push(choice.textContent.trim());
  }
  for (const group of document.querySelectorAll('main .choices, main form')) {
    const parts = boxes([...group.children]);
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++)
        if (overlap(parts[i][1], parts[j][1])) found.push(parts[i][0].className + ' / ' + parts[j][0].className);
  }
  return found;
}
"""


@pytest.mark.parametrize("language", ["ar", "ti"])
def test_young_persons_form_at_360px(phone, live_server, organisation, language):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Yonas", age=16, language=language)
    issued = factories.invitation(factories.review(child), language=language)
    phone.goto(f"{live_server}/i/{issued.token}")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")
    SCREENSHOTS.mkdir(exist_ok=True)
    form = forms.YOUNG_PERSON_FORMS[Audience.AGE_13_PLUS]
    for page in form.pages:
        phone.goto(f"{live_server}/consultation/{page.key}")
        assert phone.evaluate("document.documentElement.lang") == language
        assert horizontal_overflow(phone) <= 0, page.key
        assert phone.evaluate(CLIPPED_SCRIPT) == [], page.key
        assert phone.evaluate(OVERLAP_SCRIPT) == [], page.key
        assert small_targets(phone) == [], page.key
        phone.screenshot(path=str(SCREENSHOTS / f"{language}-{page.key}.png"), full_page=True)
        if language == "ar":
            assert_accessible(phone)
    if language == "ti":
        assert_accessible(phone)


def test_arabic_layout_is_mirrored(phone, live_server, organisation):
    child = factories.child(organisation, name="Omar", age=14, language="ar")
    issued = factories.invitation(factories.review(child), language="ar")
    phone.goto(f"{live_server}/i/{issued.token}")
    phone.fill("#pin", "8264")
    phone.fill("#pin_again", "8264")
    phone.click("main button[type=submit]")
    phone.goto(f"{live_server}/consultation/home")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    # In a right-to-left page a radio button sits right of its words ...
    choice = phone.locator(".visibility .choice").first
    radio = choice.locator("input").bounding_box()
    words = choice.locator(".choice__label").bounding_box()
    assert radio["x"] > words["x"]
    # ... the text starts at the right edge ...
    heading = phone.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 300
    # ... and the arrows point the way the reader reads: "back" points right.
    arrow = phone.evaluate(
        "getComputedStyle(document.querySelector('.icon-back'), '::before').content"
    )
    assert arrow == '"→"'


def test_fallback_fonts_are_only_fetched_when_needed(browser, live_server, organisation):
    child = factories.child(organisation, name="Kai", age=15)
    english = factories.invitation(factories.review(child))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    fonts = []
    page.on(
        "request", lambda request: fonts.append(request.url) if ".woff2" in request.url else None
    )
    page.goto(f"{live_server}/i/{english.token}")
    page.wait_for_load_state("networkidle")
    # English text: at most the tiny subsets for the language picker's names, never the full
    # Ethiopic or Arabic fonts.
    assert [url for url in fonts if "endonyms-" not in url] == []
    context.close()
