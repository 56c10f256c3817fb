"""The organisation's help line, contacts and venues in the participant's language: shown in
that language when an administrator has translated them, else in English marked as English,
and flagged on the settings page. Only administrators translate, only their own organisation's
phrases, and bad input is refused with nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import i18n, letters, organisation_phrases
from portal.extensions import db
from portal.models import OrganisationPhrase, ParticipantRole, Role
from portal.staff.forms import phrase_field_name
from tests import factories
from tests.querycount import counting_queries

HELPLINE = "Call the Children's Rights team on 01632 960 001."
HELPLINE_TI = "ንጉጅለ መሰል ቆልዑ ብ 01632 960 001 ደውሉ።"
WORRIED = "Children's services 01632 960 100"
WORRIED_AR = "خدمات الأطفال 01632 960 100"
LINE_NAME = "Emergency Duty Team"
LINE_NAME_AR = "فريق الطوارئ"
VENUE = "At school"
VENUE_TI = "ኣብ ቤት ትምህርቲ"
PHRASES = "/staff/admin/organisation/phrases"
REFUSED = "Some characters could not be used"
NO_TRANSLATION = "English shown (no translation)"


def stored() -> int:
    return db.session.execute(select(func.count()).select_from(OrganisationPhrase)).scalar()


def translate(organisation, code: str, **texts: str) -> None:
    """Store translations by key, as the settings page does."""
    admin = factories.staff(organisation, Role.SYSADMIN)
    assert organisation_phrases.save(organisation, i18n.BY_CODE[code], texts, by=admin)


def participant(app, organisation, role=ParticipantRole.CHILD, language="ti"):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Yonas", age=14, language=language)
    review = factories.review(child)
    issued = factories.invitation(review, role, language=language)
    browser = app.test_client()
    factories.open_invitation(browser, issued)
    return browser, review, issued


def span_with(soup, text: str):
    span = soup.find("span", string=text)
    assert span is not None, f"{text!r} is not on the page"
    return span


# Participants' pages


def test_a_tigrinya_child_reads_the_help_line_in_tigrinya(app, organisation):
    translate(organisation, "ti", helpline=HELPLINE_TI)
    browser, _, _ = participant(app, organisation)
    footer = browser.get_page("/welcome").find("footer")
    span = span_with(footer, HELPLINE_TI)
    assert (span["lang"], span["dir"]) == ("ti", "ltr")
    assert HELPLINE not in footer.get_text()


def test_without_a_translation_the_english_help_line_is_marked_as_english(app, organisation):
    translate(organisation, "ar", helpline="اتصل بفريق حقوق الأطفال")  # not the child's language
    browser, _, _ = participant(app, organisation)
    span = span_with(browser.get_page("/welcome").find("footer"), HELPLINE)
    assert (span["lang"], span["dir"]) == ("en", "ltr")


def test_a_translation_of_english_that_has_changed_gives_way_to_the_english(app, organisation):
    translate(organisation, "ti", helpline=HELPLINE_TI)
    organisation.helpline_text = "Call the Children's Rights team on 01632 960 002."
    db.session.commit()
    browser, _, _ = participant(app, organisation)
    footer = browser.get_page("/welcome").find("footer")
    assert span_with(footer, organisation.helpline_text)["lang"] == "en"
    assert HELPLINE_TI not in footer.get_text()


def test_the_venue_is_in_the_readers_language_when_translated(app, organisation):
    browser, _, _ = participant(app, organisation)
    span = span_with(browser.get_page("/welcome"), VENUE)
    assert (span["lang"], span["dir"]) == ("en", "auto")
    translate(organisation, "ti", **{organisation_phrases.venue_key(VENUE): VENUE_TI})
    page = browser.get_page("/welcome")
    span = span_with(page, VENUE_TI)
    assert (span["lang"], span["dir"]) == ("ti", "ltr")
    assert VENUE not in page.find("main").get_text()


def test_a_parent_reads_the_contacts_in_arabic_right_to_left(app, organisation):
    organisation.worried_adult_text = WORRIED
    organisation.out_of_hours_phone = "+443001234567"
    organisation.out_of_hours_text = LINE_NAME
    db.session.commit()
    translate(organisation, "ar", worried_adult=WORRIED_AR, out_of_hours=LINE_NAME_AR)
    browser, _, _ = participant(app, organisation, ParticipantRole.PARENT, "ar")
    footer = browser.get_page("/welcome").find("footer")
    assert (span_with(footer, WORRIED_AR)["lang"], span_with(footer, WORRIED_AR)["dir"]) == (
        "ar",
        "rtl",
    )
    token = browser.csrf_token("/safe")
    help_page = browser.post_page("/safe", data={"csrf_token": token, "safe": "no"})
    main = help_page.find("main")
    for text in (WORRIED_AR, LINE_NAME_AR):
        assert (span_with(main, text)["lang"], span_with(main, text)["dir"]) == ("ar", "rtl")
    assert WORRIED not in main.get_text() and LINE_NAME not in main.get_text()


def test_an_untranslated_out_of_hours_line_is_named_in_english(app, organisation):
    organisation.out_of_hours_phone = "+443001234567"
    organisation.out_of_hours_text = LINE_NAME
    db.session.commit()
    browser, _, _ = participant(app, organisation, ParticipantRole.CARER, "ar")
    token = browser.csrf_token("/safe")
    help_page = browser.post_page("/safe", data={"csrf_token": token, "safe": "no"})
    assert span_with(help_page.find("main"), LINE_NAME)["lang"] == "en"


def test_the_invitation_letter_gives_the_help_line_in_its_language(app, organisation):
    translate(organisation, "ti", helpline=HELPLINE_TI)
    _, _, tigrinya = participant(app, organisation)
    _, _, polish = participant(app, organisation, ParticipantRole.CARER, "pl")
    with app.test_request_context("/"):
        assert f'<span lang="ti" dir="ltr">{HELPLINE_TI}</span>' in letters.render_html(tigrinya)
        html = letters.render_html(polish)
    assert '<span lang="en" dir="ltr">Call the Children&#39;s Rights team' in html


def test_another_organisations_translations_are_never_shown(app, organisation):
    elsewhere = factories.organisation("Elsewhere Council")
    elsewhere.helpline_text = HELPLINE
    db.session.commit()
    translate(elsewhere, "ti", helpline=HELPLINE_TI)
    browser, _, _ = participant(app, organisation)
    footer = browser.get_page("/welcome").find("footer")
    assert span_with(footer, HELPLINE)["lang"] == "en"
    assert HELPLINE_TI not in footer.get_text()


def test_the_welcome_page_reads_its_phrases_in_one_query_however_many(app, organisation):
    browser, _, _ = participant(app, organisation)
    browser.get_page("/welcome")
    with counting_queries() as few:
        browser.get_page("/welcome")
    organisation.worried_adult_text = WORRIED
    organisation.out_of_hours_text = LINE_NAME
    db.session.commit()
    for language in organisation_phrases.LANGUAGES:
        texts = {key: f"{key} {language.code}" for key in ("helpline", "worried_adult")}
        venues = {organisation_phrases.venue_key(f"Room {n}"): f"{n}" for n in range(20)}
        translate(organisation, language.code, **texts, out_of_hours="x")
        for key, text in venues.items():
            db.session.add(
                OrganisationPhrase(
                    organisation_id=organisation.id,
                    key=key,
                    language=language.code,
                    text=text,
                    english=key.removeprefix("venue:"),
                )
            )
    db.session.commit()
    with counting_queries() as many:
        page = browser.get_page("/welcome")
    assert span_with(page.find("footer"), "helpline ti")["lang"] == "ti"
    assert many.count == few.count
    assert sum("organisation_phrase" in sql for sql in many.statements) == 1


# The settings page


@pytest.fixture
def admin(staff_client):
    browser, _ = staff_client(Role.SYSADMIN)
    return browser


def post_translations(browser, code: str, status: int = 303, **fields: str):
    token = browser.csrf_token(f"{PHRASES}/{code}")
    return browser.post(f"{PHRASES}/{code}", data={"csrf_token": token, **fields})


def language_section(soup, code: str):
    return soup.find("section", attrs={"aria-labelledby": f"language-{code}"})


def test_the_settings_page_flags_phrases_shown_in_english(admin, organisation):
    translate(organisation, "ti", helpline=HELPLINE_TI)
    settings = admin.get_page("/staff/admin/organisation").get_text(" ")
    assert "12 phrases in other languages" in settings  # the help line in 12 more languages
    page = admin.get_page(PHRASES)
    tigrinya = language_section(page, "ti")
    assert span_with(page, NO_TRANSLATION) is not None
    assert tigrinya.find("dd", string=HELPLINE_TI)["lang"] == "ti"
    assert NO_TRANSLATION not in tigrinya.get_text()
    assert NO_TRANSLATION in language_section(page, "am").get_text()
    assert organisation_phrases.missing(organisation) == [
        ("helpline", language.code)
        for language in organisation_phrases.LANGUAGES
        if language.code != "ti"
    ]


def test_the_venues_of_reviews_to_come_are_listed_to_translate(admin, organisation):
    child = factories.child(organisation)
    factories.review(child, in_days=3).venue = "Foster home"
    factories.review(child, in_days=-3).venue = "Long gone venue"
    elsewhere = factories.child(factories.organisation("Elsewhere Council"))
    factories.review(elsewhere, in_days=3).venue = "Elsewhere town hall"
    db.session.commit()
    assert organisation_phrases.upcoming_venues(organisation) == ["Foster home"]
    text = admin.get_page(PHRASES).get_text(" ")
    assert "Foster home" in text
    assert "Long gone venue" not in text and "Elsewhere" not in text
    form = admin.get_page(f"{PHRASES}/ti")
    assert form.find("label", string="Venue: Foster home") is not None


def test_an_administrator_saves_translations_stripped_and_clears_them(admin, organisation):
    response = post_translations(admin, "ti", helpline=f"  {HELPLINE_TI}\n")
    assert response.status_code == 303
    assert response.headers["Location"] == PHRASES
    row = db.session.execute(select(OrganisationPhrase)).scalar_one()
    assert (row.key, row.language, row.text, row.english) == (
        "helpline",
        "ti",
        HELPLINE_TI,
        HELPLINE,
    )
    form = admin.get_page(f"{PHRASES}/ti")
    box = form.find("textarea", attrs={"name": "helpline"})
    assert (box.get_text(strip=True), box["lang"]) == (HELPLINE_TI, "ti")
    assert post_translations(admin, "ti", helpline="  ").status_code == 303
    assert stored() == 0


def test_a_venue_translation_is_saved_under_its_venue(admin, organisation):
    factories.review(factories.child(organisation), in_days=3)
    field = phrase_field_name(organisation_phrases.venue_key(VENUE))
    assert post_translations(admin, "ti", **{field: VENUE_TI}).status_code == 303
    row = db.session.execute(select(OrganisationPhrase)).scalar_one()
    assert (row.key, row.text) == ("venue:At school", VENUE_TI)


def test_an_over_long_translation_is_refused_and_nothing_is_stored(admin, organisation):
    organisation.out_of_hours_text = LINE_NAME
    db.session.commit()
    response = post_translations(admin, "ti", helpline=HELPLINE_TI, out_of_hours="x" * 201)
    assert response.status_code == 400
    assert "Use 200 characters or fewer" in response.get_data(as_text=True)
    response = post_translations(admin, "ti", helpline="x" * 501)
    assert "Use 500 characters or fewer" in response.get_data(as_text=True)
    assert stored() == 0


def test_a_nul_in_a_translation_is_refused_and_nothing_is_stored(admin, organisation):
    token = admin.csrf_token(f"{PHRASES}/ti")
    soup = admin.post_page(
        f"{PHRASES}/ti", status=400, data={"csrf_token": token, "helpline": "ኣ\x00ብ"}
    )
    assert REFUSED in soup.get_text()
    assert stored() == 0


def test_a_translation_without_the_csrf_token_is_refused(admin, organisation):
    admin.get_page(f"{PHRASES}/ti")
    assert admin.post(f"{PHRASES}/ti", data={"helpline": HELPLINE_TI}).status_code == 400
    assert stored() == 0


@pytest.mark.parametrize("code", ["en", "xx", "ti-ER", "FA_AF"])
def test_a_language_we_do_not_translate_into_is_not_found(admin, code):
    admin.get_page(f"{PHRASES}/{code}", status=404)


@pytest.mark.parametrize("role", [Role.IRO, Role.REVIEW_ADMIN, Role.MANAGER, Role.ADVOCACY])
def test_only_administrators_see_or_change_translations(staff_client, organisation, role):
    translate(organisation, "ti", helpline=HELPLINE_TI)
    browser, _ = staff_client(role)
    browser.get_page(PHRASES, status=404)
    browser.get_page(f"{PHRASES}/ti", status=404)
    token = browser.csrf_token("/staff/requests" if role is Role.ADVOCACY else "/staff/")
    response = browser.post(f"{PHRASES}/ti", data={"csrf_token": token, "helpline": "changed"})
    assert response.status_code == 404
    assert db.session.execute(select(OrganisationPhrase.text)).scalar_one() == HELPLINE_TI


def test_an_administrator_sees_only_their_own_organisations_translations(
    staff_client, organisation
):
    elsewhere = factories.organisation("Elsewhere Council")
    translate(elsewhere, "ti", helpline=HELPLINE_TI)
    browser, _ = staff_client(Role.SYSADMIN)
    assert HELPLINE_TI not in browser.get_page(PHRASES).get_text()
    assert HELPLINE_TI not in browser.get_page(f"{PHRASES}/ti").get_text()
    assert post_translations(browser, "ti", helpline="ours").status_code == 303
    rows = db.session.execute(select(OrganisationPhrase.organisation_id, OrganisationPhrase.text))
    assert dict(rows.all()) == {elsewhere.id: HELPLINE_TI, organisation.id: "ours"}


def test_the_out_of_hours_line_name_is_set_in_english_on_the_settings_page(admin, organisation):
    from tests.web.test_hostile_input import organisation_form

    token = admin.csrf_token("/staff/admin/organisation")
    data = {"csrf_token": token, **organisation_form(out_of_hours_text=f" {LINE_NAME} ")}
    assert admin.post("/staff/admin/organisation", data=data).status_code == 303
    db.session.refresh(organisation)
    assert organisation.out_of_hours_text.strip() == LINE_NAME
    assert "Name of the out-of-hours line" in admin.get_page(PHRASES).get_text()


def test_phrases_are_read_with_their_english_outside_a_request(organisation):
    """The letter is made outside a participant's session; the phrasebook works anywhere."""
    assert organisation_phrases.phrase(organisation, "helpline", "ti").text == HELPLINE
    assert organisation_phrases.phrase(organisation, "worried_adult", "ti").text == ""
