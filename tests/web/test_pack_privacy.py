"""Finding 1 of the trust issue: nothing a participant ever marked *Only my IRO*, in any
version they sent, reaches the meeting pack: not the answer, its caption, its picture, nor its
history ("changed since first sent"). Proved from the outside: the pack's HTML, the text of its
PDF and its JSON."""

from __future__ import annotations

import io
import itertools
import json
import string
from datetime import timedelta

import pypdf
from flask_login import login_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentKind,
    Consultation,
    ParticipantRole,
    Submission,
    Visibility,
)
from portal.pack import render
from portal.pack.assemble import PackAudience, assemble
from tests import factories
from tests.pack_helpers import participant, post_page, review_with_iro, send

PRIVATE_FIRST = "My carer shouts when she is tired"
SHARED_LATER = "Home is better now, we talk more"


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def meeting_pack_as_seen(browser, review_id: int) -> dict[str, str]:
    """The meeting pack three ways, as the IRO downloads it."""
    base = f"/staff/reviews/{review_id}"
    return {
        "html": browser.get(f"{base}/pack?pack=meeting").get_data(as_text=True),
        "pdf": pdf_text(browser.get(f"{base}/pack.pdf?pack=meeting").data),
        "json": json.dumps(
            json.loads(browser.get(f"{base}/pack.json?pack=meeting").data), ensure_ascii=False
        ),
    }


def test_a_private_first_version_never_shows_in_the_meeting_packs_history(app, organisation):
    review, iro, issued = review_with_iro(organisation)
    child = participant(app, issued.invitation, issued.token)
    post_page(child, "home", {"home.words": PRIVATE_FIRST, "home.words.visibility": "iro_only"})
    send(child)
    post_page(child, "home", {"home.words": SHARED_LATER, "home.words.visibility": "meeting"})
    send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)

    for form, seen in meeting_pack_as_seen(browser, review.id).items():
        assert SHARED_LATER in seen, form
        assert PRIVATE_FIRST not in seen, form
        assert "Changed since first sent" not in seen, form
    exported = json.loads(browser.get(f"/staff/reviews/{review.id}/pack.json?pack=meeting").data)
    home = next(
        a for a in exported["contributions"][0]["answers"] if a["question_id"] == "home.words"
    )
    assert home["first_answer"] is None
    assert home["changed_since_first"] is False

    # The IRO still sees the whole history in their own pack.
    iro_html = browser.get(f"/staff/reviews/{review.id}/pack?pack=iro").get_data(as_text=True)
    assert f"Before: {PRIVATE_FIRST}" in iro_html


def test_what_changed_compares_only_versions_in_which_the_answer_was_shared(app, organisation):
    review, iro, issued = review_with_iro(organisation)
    child = participant(app, issued.invitation, issued.token)
    for words, visibility in (
        ("Version one, shared", "meeting"),
        ("Version two, private", "iro_only"),
        ("Version three, shared", "meeting"),
    ):
        post_page(child, "home", {"home.words": words, "home.words.visibility": visibility})
        send(child)
    browser = app.test_client()
    factories.sign_in(browser, iro)
    for form, seen in meeting_pack_as_seen(browser, review.id).items():
        assert "Version three, shared" in seen, form
        assert "Version one, shared" in seen, form  # the "before" it was shared with
        assert "Version two, private" not in seen, form


# ---- The property: random sequences of versions with random visibilities -------------------

QUESTIONS = ("home.words", "friends.words", "worries.words")
EXAMPLES = itertools.count()
WORD = st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=8)


def version_strategy():
    """One version: for each question, no answer or (visibility); the picture's visibility."""
    visibility = st.sampled_from([Visibility.MEETING.value, Visibility.IRO_ONLY.value])
    return st.fixed_dictionaries(
        {
            "answers": st.fixed_dictionaries(
                {question: st.none() | visibility for question in QUESTIONS}
            ),
            "picture": st.none() | visibility,
            "after_lock": st.booleans(),
        }
    )


def marker(version: int, what: str, salt: str) -> str:
    # Unique words per version and question, so each can be looked for in the pack.
    return f"Zq{salt}v{version}{what.replace('.', '')}"


def make_versions(review, versions: list[dict], salt: str):
    """Submissions as the engine freezes them, sent before or after the pack's lock."""
    invitation = factories.invitation(review, ParticipantRole.CHILD).invitation
    consultation = Consultation(
        invitation=invitation, form_key="young_person_13_plus", form_version=1
    )
    picture = Attachment(
        consultation=consultation,
        kind=AttachmentKind.PHOTO,
        storage_key=f"k{salt}",
        content_type="image/jpeg",
        size_bytes=1,
        sha256="0" * 64,
        width=10,
        height=10,
    )
    db.session.add_all([consultation, picture])
    db.session.flush()
    lock = review.scheduled_at - timedelta(days=2)
    before = lock - timedelta(days=5)
    # Versions are sent in order: those before the lock first.
    ordered = sorted(versions, key=lambda v: v["after_lock"])
    for number, version in enumerate(ordered, start=1):
        sent_at = (lock + timedelta(hours=number)) if version["after_lock"] else before
        before += timedelta(minutes=1)
        answers = {
            question: {
                "value": marker(number, question, salt),
                "visibility": visibility,
                "language": "en",
            }
            for question, visibility in version["answers"].items()
            if visibility is not None
        }
        attachments = []
        if version["picture"] is not None:
            attachments.append(
                {
                    "id": picture.id,
                    "kind": "photo",
                    "caption": marker(number, "caption", salt),
                    "caption_language": "en",
                    "visibility": version["picture"],
                }
            )
        db.session.add(
            Submission(
                consultation=consultation,
                number=number,
                idempotency_key=f"{salt}-{number}",
                form_key="young_person_13_plus",
                form_version=1,
                answers=answers,
                attachments=attachments,
                language="en",
                submitted_at=sent_at,
            )
        )
    db.session.commit()
    return ordered


def private_and_shown_markers(ordered: list[dict], salt: str) -> tuple[set[str], set[str]]:
    """Words that were private in their version, and words the meeting pack must show (shared
    in the latest version before the lock, or in the latest after it)."""
    private, shown = set(), set()
    picture_shared_before_lock = False  # an addendum shows only pictures the pack lacked
    for number, version in enumerate(ordered, start=1):
        for question, visibility in version["answers"].items():
            if visibility == Visibility.IRO_ONLY.value:
                private.add(marker(number, question, salt))
        if version["picture"] == Visibility.IRO_ONLY.value:
            private.add(marker(number, "caption", salt))
    for after_lock in (False, True):
        numbered = [(n, v) for n, v in enumerate(ordered, start=1) if v["after_lock"] == after_lock]
        if not numbered:
            continue
        number, latest = numbered[-1]
        for question, visibility in latest["answers"].items():
            if visibility == Visibility.MEETING.value:
                shown.add(marker(number, question, salt))
        shared_picture = latest["picture"] == Visibility.MEETING.value
        if shared_picture and not (after_lock and picture_shared_before_lock):
            shown.add(marker(number, "caption", salt))
        if not after_lock:
            picture_shared_before_lock = shared_picture
    return private, shown


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(versions=st.lists(version_strategy(), min_size=1, max_size=4), salt=WORD)
def test_nothing_ever_private_reaches_the_meeting_pack(app, organisation, versions, salt):
    iro = factories.staff(organisation)
    review = factories.review(factories.child(organisation, iro, age=15), in_days=20)
    salt = f"{salt}{next(EXAMPLES)}"
    ordered = make_versions(review, versions, salt)
    private, shown = private_and_shown_markers(ordered, salt)

    with app.test_request_context("/"):
        login_user(iro)
        pack = assemble(review, PackAudience.MEETING)
        seen = {
            "html": render.render_html(pack),
            "json": json.dumps(render.to_json(pack), ensure_ascii=False),
            "pdf": pdf_text(render.render_pdf(pack)),
        }
    for form, text in seen.items():
        leaked = sorted(word for word in private if word in text)
        assert leaked == [], (form, leaked)
        missing = sorted(word for word in shown if word not in text)
        assert missing == [], (form, missing)
