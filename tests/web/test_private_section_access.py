"""Finding 7 of the trust issue: the child is told "only Priya reads this, and a manager only if
they write down why", and that is exactly what happens, for every staff role and in every form
of the pack (HTML, PDF text, JSON) and its pictures."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, AuditEvent, Role
from tests.web.conftest import PRIVATE_CAPTION, PRIVATE_WORDS, SHARED_WORDS


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pack_texts(browser, review_id: int, which: str | None) -> dict[str, str]:
    query = f"?pack={which}" if which else ""
    base = f"/staff/reviews/{review_id}"
    html = browser.get(f"{base}/pack{query}")
    pdf = browser.get(f"{base}/pack.pdf{query}")
    exported = browser.get(f"{base}/pack.json{query}")
    assert (html.status_code, pdf.status_code, exported.status_code) == (200, 200, 200)
    return {
        "html": html.get_data(as_text=True),
        "pdf": pdf_text(pdf.data),
        "json": json.dumps(json.loads(exported.data), ensure_ascii=False),
    }


def private_attachment_id() -> int:
    return db.session.execute(
        select(Attachment.id).where(Attachment.caption == PRIVATE_CAPTION)
    ).scalar_one()


def shared_attachment_id() -> int:
    return db.session.execute(
        select(Attachment.id).where(Attachment.caption == "My poster")
    ).scalar_one()


def test_the_childs_iro_reads_the_private_section_by_default(sent_review):
    review, _iro, browser, _child = sent_review
    for form, text in pack_texts(browser, review.id, None).items():
        assert PRIVATE_WORDS in text, form
    file_url = f"/staff/reviews/{review.id}/attachments/{private_attachment_id()}/file"
    assert browser.get(file_url).status_code == 200


def test_a_managers_default_view_is_the_meeting_pack(sent_review, staff_client):
    review, _iro, _browser, _child = sent_review
    manager, _person = staff_client(Role.MANAGER)
    for form, text in pack_texts(manager, review.id, None).items():
        assert SHARED_WORDS in text, form
        assert PRIVATE_WORDS not in text, form
        assert PRIVATE_CAPTION not in text, form
    soup = manager.get_page(f"/staff/reviews/{review.id}/pack")
    assert "Meeting pack" in soup.h1.get_text()


@pytest.mark.parametrize("suffix", ["pack", "pack.pdf", "pack.json"])
def test_a_manager_asking_for_the_iro_pack_is_asked_why_first(sent_review, staff_client, suffix):
    review, _iro, _browser, _child = sent_review
    manager, _person = staff_client(Role.MANAGER)
    response = manager.get(f"/staff/reviews/{review.id}/{suffix}?pack=iro")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staff/reviews/{review.id}/pack/private-access"
    assert PRIVATE_WORDS not in response.get_data(as_text=True)


def test_a_managers_pictures_are_only_those_of_the_meeting_pack(sent_review, staff_client):
    review, _iro, _browser, _child = sent_review
    manager, _person = staff_client(Role.MANAGER)
    base = f"/staff/reviews/{review.id}/attachments"
    assert manager.get(f"{base}/{shared_attachment_id()}/file").status_code == 200
    assert manager.get(f"{base}/{private_attachment_id()}/file").status_code == 404
    assert manager.get(f"{base}/{private_attachment_id()}/thumbnail").status_code == 404


def test_a_manager_who_records_why_reads_it_and_the_reason_is_in_the_audit_trail(
    sent_review, staff_client
):
    review, _iro, _browser, _child = sent_review
    manager, person = staff_client(Role.MANAGER)
    url = f"/staff/reviews/{review.id}/pack/private-access"
    soup = manager.get_page(url)
    token = soup.find("input", attrs={"name": "csrf_token"})["value"]
    # No reason, or one that is not offered: refused, nothing recorded.
    manager.post_page(url, status=400, data={"csrf_token": token})
    manager.post_page(url, status=400, data={"csrf_token": token, "reason": "curious"})
    assert (
        db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "pack.private_access")
        ).first()
        is None
    )

    response = manager.post(url, data={"csrf_token": token, "reason": "iro_away"})
    assert response.headers["Location"] == f"/staff/reviews/{review.id}/pack?pack=iro"
    for form, text in pack_texts(manager, review.id, "iro").items():
        assert PRIVATE_WORDS in text, form
    file_url = f"/staff/reviews/{review.id}/attachments/{private_attachment_id()}/file"
    assert manager.get(file_url).status_code == 200

    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "pack.private_access")
    ).scalar_one()
    assert (event.actor_staff_id, event.child_id, event.detail) == (
        person.id,
        review.child_id,
        {"reason": "iro_away"},
    )
    trail = manager.get_page(f"/staff/children/{review.child_id}/audit").get_text(" ")
    assert "Read what was only for the IRO. Reason: The child's IRO is away" in trail


def test_a_recorded_reason_lasts_a_limited_time(sent_review, staff_client, app):
    review, _iro, _browser, _child = sent_review
    manager, _person = staff_client(Role.MANAGER)
    url = f"/staff/reviews/{review.id}/pack/private-access"
    token = manager.csrf_token(url)
    manager.post(url, data={"csrf_token": token, "reason": "safeguarding"})
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "pack.private_access")
    ).scalar_one()
    event.at = event.at.replace(year=event.at.year - 1)
    db.session.commit()
    assert manager.get(f"/staff/reviews/{review.id}/pack?pack=iro").status_code == 303


@pytest.mark.parametrize("role", [Role.REVIEW_ADMIN, Role.ADVOCACY, Role.SYSADMIN])
def test_other_roles_get_no_pack_at_all(sent_review, staff_client, role):
    review, _iro, _browser, _child = sent_review
    browser, _person = staff_client(role)
    base = f"/staff/reviews/{review.id}"
    for url in (
        f"{base}/pack",
        f"{base}/pack?pack=iro",
        f"{base}/pack.pdf?pack=meeting",
        f"{base}/pack.json",
        f"{base}/pack/private-access",
        f"{base}/attachments/{shared_attachment_id()}/file",
    ):
        assert browser.get(url).status_code == 404, url


def test_another_iro_cannot_record_a_reason(sent_review, staff_client):
    review, _iro, _browser, _child = sent_review
    other, _person = staff_client(Role.IRO)
    assert other.get(f"/staff/reviews/{review.id}/pack/private-access").status_code == 404


def test_the_child_is_told_exactly_who_reads_what_is_only_for_their_iro(sent_review, app):
    _review, _iro, _browser, child = sent_review
    promise = (
        "A manager can read what is only for Priya, but only if they write down why: for "
        "example, when Priya is away, or to keep you safe."
    )
    for url in ("/welcome", "/consultation/send", "/consultation/sent"):
        assert promise in " ".join(child.get_page(url).get_text(" ").split()), url
