"""The review pack: two packs from one source, in HTML, PDF and JSON, audited."""

import io
import json
from pathlib import Path

import jsonschema
import pypdf
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, AuditEvent, Role
from portal.pack.render import SCHEMA_PATH
from tests import factories
from tests.pack_helpers import participant, post_page, review_with_iro, send
from tests.web.conftest import ARABIC, PRIVATE_CAPTION, PRIVATE_WORDS, SHARED_WORDS, TIGRINYA


def pdf_text(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_the_iro_pack_holds_everything_with_private_items_set_apart(sent_review):
    review, _iro, browser, _child = sent_review
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=iro")
    text = soup.get_text(" ")
    for expected in [
        "Yonas: IRO pack",
        "aged 15",
        "Subsequent review",
        "At school",
        "Priya Shah",
        "How they want the meeting held",
        "At school or college",
        "Harry Potter",
        SHARED_WORDS,
        TIGRINYA,
        ARABIC,
        "Who was invited",
        "Carer",
    ]:
        assert expected in text, expected
    private = soup.find("section", class_="pack__private")
    assert "do not share in the meeting" in private.get_text().lower()
    assert PRIVATE_WORDS in private.get_text()
    assert PRIVATE_CAPTION in str(private)
    assert PRIVATE_WORDS not in soup.find("section", class_="pack__section").get_text()


def test_the_meeting_pack_never_holds_what_is_only_for_the_iro(sent_review):
    review, _iro, browser, _child = sent_review
    html = browser.get(f"/staff/reviews/{review.id}/pack?pack=meeting").get_data(as_text=True)
    assert SHARED_WORDS in html
    for secret in (PRIVATE_WORDS, PRIVATE_CAPTION, "Does your social worker listen"):
        assert secret not in html
    private_id = db.session.execute(
        select(Attachment.id).where(Attachment.caption == PRIVATE_CAPTION)
    ).scalar_one()
    assert f"/attachments/{private_id}/" not in html

    response = browser.get(f"/staff/reviews/{review.id}/pack.pdf?pack=meeting")
    text, reader = pdf_text(response.data)
    assert SHARED_WORDS in text
    assert PRIVATE_WORDS not in text
    assert PRIVATE_CAPTION not in text
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) == 1  # the poster only, not the private drawing

    exported = json.loads(browser.get(f"/staff/reviews/{review.id}/pack.json?pack=meeting").data)
    dumped = json.dumps(exported, ensure_ascii=False)
    assert PRIVATE_WORDS not in dumped
    assert PRIVATE_CAPTION not in dumped


def test_the_pdf_is_marked_numbered_embeds_pictures_and_shapes_every_script(sent_review):
    review, _iro, browser, _child = sent_review
    response = browser.get(f"/staff/reviews/{review.id}/pack.pdf?pack=iro")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text, reader = pdf_text(response.data)
    assert "OFFICIAL-SENSITIVE" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert TIGRINYA in text
    assert ARABIC in text or ARABIC[::-1] in text
    assert PRIVATE_WORDS in text
    assert len({image.name for page in reader.pages for image in page.images}) == 2
    assert "Voice message (0:03)" in text
    fonts = {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert any("Portal-Ethiopic" in f for f in fonts)
    assert any("Portal-Arabic" in f for f in fonts)


def test_free_text_is_labelled_with_its_language_and_choices_are_in_english(app, organisation):
    review, iro, issued = review_with_iro(organisation, language="ar")
    child = participant(app, issued.invitation, issued.token)
    post_page(
        child,
        "home",
        {
            "home.feeling": "2",
            "home.feeling.visibility": "meeting",
            "home.words": ARABIC,
            "home.words.visibility": "meeting",
        },
    )
    send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=meeting")
    text = soup.get_text(" ")
    assert "Written in Arabic (العربية)" in text
    assert "How do you feel about where you live?" in text  # the question in English
    assert "Sad" in text  # the face they chose, in English
    assert soup.find("p", lang="ar").get_text() == ARABIC


def test_changes_since_the_first_version_are_shown(sent_review):
    review, _iro, browser, child = sent_review
    post_page(
        child, "friends", {"friends.words": "Basketball now", "friends.words.visibility": "meeting"}
    )
    send(child)
    text = browser.get_page(f"/staff/reviews/{review.id}/pack").get_text(" ")
    assert "Changed since first sent" in text
    assert f"Before: {SHARED_WORDS}" in text
    assert "version 2" in text


def test_an_empty_pack_is_clear(app, organisation, staff_client):
    review, iro, _issued = review_with_iro(organisation)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack")
    assert "Nobody has sent their views for this review yet." in soup.get_text()
    assert browser.get(f"/staff/reviews/{review.id}/pack.pdf").status_code == 200
    exported = json.loads(browser.get(f"/staff/reviews/{review.id}/pack.json").data)
    assert exported["contributions"] == []


def test_another_iros_pack_is_not_found(sent_review, organisation, app):
    review, _iro, _browser, _child = sent_review
    other = app.test_client()
    factories.sign_in(other, factories.staff(organisation, Role.IRO))
    attachment = db.session.execute(select(Attachment)).scalars().first()
    for url in (
        f"/staff/reviews/{review.id}/pack",
        f"/staff/reviews/{review.id}/pack.pdf",
        f"/staff/reviews/{review.id}/pack.json",
        f"/staff/reviews/{review.id}/attachments/{attachment.id}/file",
    ):
        assert other.get(url).status_code == 404, url
    admin = app.test_client()
    factories.sign_in(admin, factories.staff(organisation, Role.REVIEW_ADMIN))
    assert admin.get(f"/staff/reviews/{review.id}/pack").status_code == 404


def test_an_attachment_of_another_review_is_not_served_through_this_one(
    sent_review, organisation, app
):
    review, _iro, browser, _child = sent_review
    second = factories.review(review.child, in_days=60)
    attachment = db.session.execute(select(Attachment)).scalars().first()
    assert (
        browser.get(f"/staff/reviews/{second.id}/attachments/{attachment.id}/file").status_code
        == 404
    )


def test_a_deleted_image_file_is_marked_missing(sent_review, app):
    review, _iro, browser, _child = sent_review
    poster = db.session.execute(
        select(Attachment).where(Attachment.caption == "My poster")
    ).scalar_one()
    for key in (poster.storage_key, poster.thumbnail_key):
        path = Path(app.config["STORAGE_PATH"]) / key[:2] / key
        path.unlink()
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack")
    assert "Missing" in soup.get_text()
    assert browser.get(f"/staff/reviews/{review.id}/pack.pdf").status_code == 200


def test_text_in_a_script_the_pdf_lacks_is_flagged_not_a_crash(app, organisation):
    review, iro, issued = review_with_iro(organisation)
    child = participant(app, issued.invitation, issued.token)
    post_page(
        child, "worries", {"worries.words": "我想回家 🏠", "worries.words.visibility": "meeting"}
    )
    send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    assert (
        "a script the PDF may not show"
        in browser.get_page(f"/staff/reviews/{review.id}/pack").get_text()
    )
    assert browser.get(f"/staff/reviews/{review.id}/pack.pdf").status_code == 200


def test_the_json_export_follows_its_schema(sent_review):
    review, _iro, browser, _child = sent_review
    schema = json.loads(SCHEMA_PATH.read_text())
    for which in ("iro", "meeting"):
        response = browser.get(f"/staff/reviews/{review.id}/pack.json?pack={which}")
        assert response.headers["Content-Disposition"].startswith("attachment;")
        exported = json.loads(response.data)
        jsonschema.validate(exported, schema, format_checker=jsonschema.FormatChecker())
    answers = {a["question_id"]: a for a in exported["contributions"][0]["answers"]}
    assert answers["worries.words"]["language"] == "ti"
    assert answers["meeting.place"]["answer"] == ["At school or college"]


def test_every_look_at_a_pack_is_audited_and_a_manager_can_read_the_trail(
    sent_review, organisation, app
):
    review, iro, browser, _child = sent_review
    browser.get(f"/staff/reviews/{review.id}/pack?pack=meeting")
    browser.get(f"/staff/reviews/{review.id}/pack.pdf?pack=iro")
    browser.get(f"/staff/reviews/{review.id}/pack.json?pack=iro")
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.detail, AuditEvent.actor_staff_id, AuditEvent.child_id)
        .where(AuditEvent.action.like("pack.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.detail["pack"]) for e in events] == [
        ("pack.view", "meeting"),
        ("pack.pdf", "iro"),
        ("pack.export", "iro"),
    ]
    assert {e.actor_staff_id for e in events} == {iro.id}
    assert {e.child_id for e in events} == {review.child_id}

    manager = app.test_client()
    factories.sign_in(manager, factories.staff(organisation, Role.MANAGER))
    trail = manager.get_page(f"/staff/children/{review.child_id}/audit").get_text(" ")
    assert "pack.pdf" in trail
    assert "Priya Shah" in trail
    assert browser.get(f"/staff/children/{review.child_id}/audit").status_code == 404  # IROs: no


def test_changes_after_the_lock_are_an_addendum(sent_review):
    review, _iro, browser, child = sent_review
    token = browser.csrf_token(f"/staff/reviews/{review.id}/pack")
    browser.post(f"/staff/reviews/{review.id}/lock", data={"csrf_token": token})
    db.session.refresh(review)
    assert review.pack_locked_at is not None
    post_page(
        child, "next", {"next.words": "I changed my mind", "next.words.visibility": "meeting"}
    )
    send(child)
    soup = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=meeting")
    addendum = soup.find("section", class_="pack__addendum")
    assert "I changed my mind" in addendum.get_text()
    assert SHARED_WORDS not in addendum.get_text()  # only what changed
    main = soup.find("section", class_="pack__section").get_text()
    assert ARABIC in main  # the locked version is unchanged
    assert "I changed my mind" not in main


def test_an_urgent_flag_is_in_the_iro_pack_only(sent_review):
    review, _iro, browser, child = sent_review
    token = child.csrf_token("/safe")
    child.post("/safe", data={"csrf_token": token, "safe": "no"})
    assert (
        "Urgent: a child may not be safe"
        in browser.get_page(f"/staff/reviews/{review.id}/pack?pack=iro").get_text()
    )
    assert (
        "Urgent" not in browser.get_page(f"/staff/reviews/{review.id}/pack?pack=meeting").get_text()
    )
