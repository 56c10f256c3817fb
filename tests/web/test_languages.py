"""Every participant page in every shipped language: right `lang` and `dir`, and no English
left over from our catalogues."""

import re

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from portal import i18n, letters
from portal.models import ParticipantRole, Role
from tests import factories
from tests.unit.test_catalogues import TRANSLATIONS

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def english_fragments(code):
    """Pieces of English source text that must not appear on a page in language `code`."""
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=code)
    fragments = set()
    for message in catalogue:
        if not message.id or message.string == message.id:
            continue
        for piece in PLACEHOLDER.split(message.id):
            piece = piece.strip(" .,:")
            if len(piece) >= 12 and piece not in message.string:
                fragments.add(piece)
    return fragments


def leftover_english(html, code):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("[lang=en]"):  # data typed by staff, marked as English
        tag.decompose()
    for option in soup.select("option"):  # the language picker lists endonyms
        option.decompose()
    text = " ".join(soup.get_text(" ").split())
    return sorted(fragment for fragment in english_fragments(code) if fragment in text)


@pytest.fixture
def review(organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    return factories.review(factories.child(organisation, iro, name="Yonas", age=16))


LOCALES = [language for language in i18n.LANGUAGES if language.code != "en"]


@pytest.mark.parametrize("language", LOCALES, ids=lambda lang: lang.code)
def test_participant_pages_are_fully_translated(app, review, language):
    for role in (ParticipantRole.CHILD, ParticipantRole.PARENT):
        issued = factories.invitation(review, role, language=language.code)
        browser = app.test_client()
        factories.open_invitation(browser, issued)
        pages = {
            "welcome": browser.get_page("/welcome"),
            "start": browser.get_page("/"),
            "code": browser.get_page("/code"),
            "not found": browser.get_page("/no-such-page", status=404),
        }
        token = browser.csrf_token("/code")
        pages["code error"] = browser.post_page(
            "/code", status=400, data={"csrf_token": token, "code": ""}
        )
        pages["unavailable"] = browser.post_page(
            "/code", status=404, data={"csrf_token": token, "code": "ABCD-EFGH-JKMN"}
        )
        for name, soup in pages.items():
            assert soup.html["lang"] == language.tag, name
            assert soup.html["dir"] == language.direction, name
            assert leftover_english(str(soup), language.code) == [], (role, name)


@pytest.mark.parametrize("language", LOCALES, ids=lambda lang: lang.code)
def test_letters_are_fully_translated(app, review, language):
    issued = factories.invitation(review, language=language.code)
    with app.test_request_context("/"):
        html = letters.render_html(issued)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == language.tag
    assert soup.html["dir"] == language.direction
    assert leftover_english(html, language.code) == []
