"""The pack groups answers by the themes the forms declare: an answer whose theme it does not
know lands under "Other", never dropped, and the JSON schema follows the same registry."""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l

from portal.consultation import forms, wording
from portal.consultation.forms.common import CHILD_ONLY, text
from portal.consultation.schema import FormDefinition, Page
from portal.extensions import db
from portal.models import Consultation, ParticipantRole, Purpose, Submission
from portal.pack.render import SCHEMA_PATH
from tests import factories

MYSTERY = FormDefinition(
    key="test_mystery",
    version=1,
    title=_l("For 13 and over"),
    purpose=Purpose.VIEWS,
    respondents=CHILD_ONLY,
    wording=wording.CHILD,
    pages=(
        Page("mystery", _l("Worries"), (text("mystery.words", _l("Tell us")),), theme="mystery"),
    ),
)


def test_an_answer_of_an_unknown_theme_is_shown_under_other(app, organisation, monkeypatch):
    monkeypatch.setitem(forms.DEFINITIONS, (MYSTERY.key, MYSTERY.version), MYSTERY)
    iro = factories.staff(organisation)
    review = factories.review(factories.child(organisation, iro, age=15))
    invitation = factories.invitation(review, ParticipantRole.CHILD).invitation
    consultation = Consultation(invitation=invitation, form_key=MYSTERY.key, form_version=1)
    db.session.add(consultation)
    db.session.flush()
    db.session.add(
        Submission(
            consultation=consultation,
            number=1,
            idempotency_key="k" * 20,
            form_key=MYSTERY.key,
            form_version=1,
            answers={
                "mystery.words": {"value": "Nobody knows this theme", "visibility": "meeting"}
            },
            language="en",
        )
    )
    db.session.commit()
    browser = app.test_client()
    factories.sign_in(browser, iro)
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=meeting")
    section = soup.find("section", class_="pack__section")
    headings = [h3.get_text() for h3 in section.find_all("h3")]
    assert headings == ["Other"]
    assert "Nobody knows this theme" in section.get_text()
    exported = json.loads(browser.get(f"/staff/reviews/{review.id}/pack.json").data)
    assert exported["contributions"][0]["answers"][0]["theme"] == "other"


def test_the_json_schema_names_exactly_the_registrys_themes():
    schema = json.loads(SCHEMA_PATH.read_text())
    answer = schema["properties"]["contributions"]["items"]["properties"]["answers"]["items"]
    assert answer["properties"]["theme"]["enum"] == [*forms.THEMES, "other"]


def test_every_page_of_every_form_has_a_declared_theme():
    for form in forms.FORMS:
        declared = {theme.key for theme in form.themes}
        undeclared = [page.key for page in form.pages if page.theme not in declared]
        assert undeclared == [], form.key


def test_a_theme_has_one_title_whichever_form_declares_it():
    titles: dict[str, str] = {}
    for form in forms.FORMS:
        for theme in form.themes:
            assert titles.setdefault(theme.key, theme.pack_title) == theme.pack_title, theme.key
