"""Every participant page in every shipped language: right `lang` and `dir`, and no English
left over from our catalogues."""

import functools
import re

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from portal import i18n, letters
from portal.consultation import forms
from portal.models import ParticipantRole, Role
from tests import factories
from tests.consultation_helpers import answer_page
from tests.pages import check_page
from tests.unit.test_catalogues import TRANSLATIONS

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@functools.cache
def english_fragments(code):
    """Pieces of English source text that must not appear on a page in language `code`."""
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=code)
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        # A plural message has two English forms and several translated ones.
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = (
            " ".join(message.string) if isinstance(message.string, tuple) else message.string
        )
        for source in sources:
            if source == translated:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = piece.strip(" .,:")
                if len(piece) >= 12 and piece not in translated:
                    fragments.add(piece)
    return frozenset(fragments)


def leftover_english(page, code):
    """`page` is a parsed page (changed here: the parts staff typed are taken out) or HTML."""
    soup = page if isinstance(page, BeautifulSoup) else BeautifulSoup(page, "html.parser")
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
# Walking every page of every form is the slow part of this file. A string left out of gettext
# shows in every language alike, and a catalogue's own gaps are caught for all 13 languages by
# tests/unit/test_catalogues.py, so the long walks go through one language of each script and
# direction: Arabic and Pashto (right to left), Tigrinya (Ge'ez), Ukrainian (Cyrillic),
# Polish (Latin with its own letters) and Vietnamese.
WALKED = [language for language in LOCALES if language.code in {"ar", "ps", "ti", "uk", "pl", "vi"}]


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
            assert leftover_english(soup, language.code) == [], (role, name)


@pytest.mark.parametrize("language", LOCALES, ids=lambda lang: lang.code)
def test_letters_are_fully_translated(app, review, language):
    issued = factories.invitation(review, language=language.code)
    with app.test_request_context("/"):
        html = letters.render_html(issued)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == language.tag
    assert soup.html["dir"] == language.direction
    assert leftover_english(html, language.code) == []


def consultation_pages(browser, form):
    """Every page of the young person's journey, as soup, keyed by a name."""
    pages = {
        f"page {page.key}": browser.get_page(f"/consultation/{page.key}") for page in form.pages
    }
    answer_page(browser, form.pages[-1])
    pages["check"] = browser.get_page("/consultation/check")
    pages["send"] = browser.get_page("/consultation/send")
    token = browser.csrf_token("/consultation/send")
    key = pages["send"].find("input", attrs={"name": "idempotency_key"})["value"]
    browser.post("/consultation/send", data={"csrf_token": token, "idempotency_key": key})
    pages["sent"] = browser.get_page("/consultation/sent")
    # A change after sending: the banner on every page, and the summary of what was sent.
    answer_page(browser, form.pages[0], {form.pages[0].questions[0].id: "2"})
    pages["unsent welcome"] = browser.get_page("/welcome")
    pages["what you sent"] = browser.get_page("/consultation/check")
    pages["language"] = browser.get_page("/language?next=/welcome")
    for target in sorted(form.attachment_targets - {""}):
        pages[f"draw {target}"] = browser.get_page(f"/consultation/draw?for={target}")
    pages["safe"] = browser.get_page("/safe")
    pages["safe help"] = browser.post_page("/safe", data={"csrf_token": token, "safe": "no"})
    pages["forgotten"] = browser.get_page("/secret/forgotten")
    too_long = {form.pages[0].questions[-1].id: "x" * 5001}
    pages["errors"] = check_page(answer_page(browser, form.pages[0], too_long))
    return pages


@pytest.mark.parametrize("language", WALKED, ids=lambda lang: lang.code)
def test_young_persons_pages_are_fully_translated(app, organisation, language):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    for age in (5, 10, 15):
        child = factories.child(organisation, iro, name="Kai", age=age)
        issued = factories.invitation(factories.review(child), language=language.code)
        browser = app.test_client()
        browser.get(f"/i/{issued.token}")
        pages = {
            "choose pin": browser.get_page("/secret/new?kind=pin"),
            "choose pictures": browser.get_page("/secret/new?kind=pictures"),
        }
        factories.open_invitation(browser, issued)
        form = forms.young_person_form(age)
        pages.update(consultation_pages(browser, form))
        for name, soup in pages.items():
            assert soup.html["lang"] == language.tag, name
            assert leftover_english(soup, language.code) == [], (age, name)


def form_pages(browser, prefix, form):
    """Every page of a form and its check, send and sent pages, as soup, keyed by a name."""
    from tests.consultation_helpers import answer_every_page, send_form

    pages = {
        f"{prefix} {page.key}": browser.get_page(f"{prefix}/{page.key}") for page in form.pages
    }
    answer_every_page(browser, form, prefix=prefix)
    pages[f"{prefix} check"] = browser.get_page(f"{prefix}/check")
    pages[f"{prefix} send"] = browser.get_page(f"{prefix}/send")
    send_form(browser, prefix=prefix, helper="nobody", anonymous="yes", **{})
    pages[f"{prefix} sent"] = browser.get_page(f"{prefix}/sent")
    return pages


@pytest.mark.parametrize("language", WALKED, ids=lambda lang: lang.code)
def test_adults_pages_and_everyones_feedback_are_fully_translated(app, organisation, language):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    organisation.worried_adult_text = "Children's services 01632 960 100"
    review = factories.review(factories.child(organisation, iro, name="Kai", age=10))
    pages = {}
    browsers = {}
    for role in (ParticipantRole.PARENT, ParticipantRole.CARER, ParticipantRole.CHILD):
        issued = factories.invitation(review, role, language=language.code)
        browser = app.test_client()
        factories.open_invitation(browser, issued)
        browsers[role] = browser
        if role is not ParticipantRole.CHILD:
            form = forms.form_for(issued.invitation, "views", review.scheduled_at.date())
            pages.update(
                {f"{role} {k}": v for k, v in form_pages(browser, "/consultation", form).items()}
            )
            token = browser.csrf_token("/language")
            pages[f"{role} safe"] = browser.get_page("/safe")
            pages[f"{role} safe help"] = browser.post_page(
                "/safe", data={"csrf_token": token, "safe": "no"}
            )
            pages[f"{role} not yet"] = browser.get_page("/feedback", status=409)
    factories.hold(review)
    for role, browser in browsers.items():
        form = forms.CURRENT[
            "feedback_young_person" if role is ParticipantRole.CHILD else "feedback_adult"
        ]
        pages[f"{role} welcome after"] = browser.get_page("/welcome")
        pages.update({f"{role} {k}": v for k, v in form_pages(browser, "/feedback", form).items()})
    for name, soup in pages.items():
        assert soup.html["lang"] == language.tag, name
        assert leftover_english(soup, language.code) == [], name


@pytest.mark.parametrize("language", LOCALES, ids=lambda lang: lang.code)
def test_request_pages_are_fully_translated(app, organisation, language, monkeypatch):
    from tests.request_helpers import ask_fields

    monkeypatch.setitem(app.config, "SELF_REFERRAL_MIN_SECONDS", 0)
    organisation.parent_advocacy_offered = True
    organisation.out_of_hours_phone = "+443001234567"
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14))
    pages = {}
    for role in (ParticipantRole.CHILD, ParticipantRole.PARENT):
        issued = factories.invitation(review, role, language=language.code)
        browser = app.test_client()
        factories.open_invitation(browser, issued)
        pages[f"{role} list"] = browser.get_page("/requests")
        pages[f"{role} new"] = browser.get_page("/requests/new")
        token = browser.csrf_token("/requests/new")
        pages[f"{role} errors"] = browser.post_page(
            "/requests/new", status=400, data={"csrf_token": token, "phone": "123"}
        )
        sent = browser.post("/requests/new", data={"csrf_token": token, **ask_fields()})
        pages[f"{role} sent"] = browser.get_page(sent.headers["Location"])
        pages[f"{role} safe help"] = browser.post_page(
            "/safe", data={"csrf_token": token, "safe": "no"}
        )
    public = app.test_client()
    token = public.csrf_token("/ask")
    public.post("/language", data={"csrf_token": token, "language": language.code, "next": "/ask"})
    pages["public"] = public.get_page("/ask")
    pages["public errors"] = public.post_page(
        "/ask", status=400, data={"csrf_token": token, "website": "x"}
    )
    shown = pages["public"].find("input", attrs={"name": "shown"})["value"]
    fields = {**ask_fields(), "first_name": "Amira", "shown": shown, "csrf_token": token}
    pages["public sent"] = public.post_page("/ask", data=fields)
    for name, soup in pages.items():
        assert soup.html["lang"] == language.tag, name
        assert leftover_english(soup, language.code) == [], name


@pytest.mark.parametrize("language", LOCALES, ids=lambda lang: lang.code)
def test_the_letter_and_midpoint_pages_are_fully_translated(app, organisation, language):
    from datetime import timedelta

    from portal import child_letters, midpoints
    from portal import reviews as review_rules

    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-3)
    issued = factories.invitation(review, language=language.code)
    factories.hold(review, review_rules.local_today() - timedelta(days=3))
    child_letters.save(review, {"decided": "Words the IRO wrote"}, [], by=iro, send=True)
    midpoints.save(review, {"working_well": "Words the IRO wrote"}, by=iro, send=True)
    browser = app.test_client()
    factories.open_invitation(browser, issued)
    pages = {
        "welcome": browser.get_page("/welcome"),
        "letter": browser.get_page("/letter"),
        "midpoint": browser.get_page("/midpoint"),
    }
    token = browser.csrf_token("/letter")
    pages["question error"] = browser.post_page(
        "/letter/question", status=400, data={"csrf_token": token, "question": ""}
    )
    browser.post("/letter/reaction", data={"csrf_token": token, "reaction": "thumbs_up"})
    pages["reacted"] = browser.get_page("/letter?done=reaction")
    pages["asked"] = browser.get_page("/letter?done=question")
    pages["helped"] = browser.get_page("/letter?done=help")
    for name, soup in pages.items():
        assert soup.html["lang"] == language.tag, name
        # The IRO's own words are marked lang="en" and left as written.
        assert leftover_english(soup, language.code) == [], name


@pytest.mark.parametrize("language", WALKED, ids=lambda lang: lang.code)
def test_the_midpoint_check_in_is_fully_translated(app, organisation, language):
    from datetime import timedelta

    from portal import midpoints
    from portal import reviews as review_rules
    from portal.consultation import forms as registry

    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-80)
    issued = factories.invitation(review, language=language.code)
    factories.hold(review, review_rules.local_today() - timedelta(days=80))
    midpoints.invite_to_check_in(review, by=iro)
    browser = app.test_client()
    factories.open_invitation(browser, issued)
    pages = {"welcome": browser.get_page("/welcome")}
    pages.update(form_pages(browser, "/check-in", registry.CURRENT["midpoint_young_person"]))
    for name, soup in pages.items():
        assert soup.html["lang"] == language.tag, name
        assert leftover_english(soup, language.code) == [], name
