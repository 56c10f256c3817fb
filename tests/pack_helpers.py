"""Making a review whose participants have sent their views, through the real pages."""

from __future__ import annotations

import io
import uuid
from typing import Any

from portal.consultation import forms
from portal.models import Invitation, ParticipantRole, Review, Role, StaffUser
from tests import factories
from tests.consultation_helpers import page_fields


def post_page(client: Any, page_key: str, fields: dict[str, Any]) -> None:
    url = f"/consultation/{page_key}"
    data = {**page_fields(client, url), **fields, "action": "continue"}
    response = client.post(url, data=data)
    assert response.status_code == 303, (page_key, response.status_code)


def post_upload(
    client: Any,
    data: bytes,
    caption: str = "",
    visibility: str = "meeting",
    kind: str = "photo",
    token: str | None = None,
) -> Any:
    """Send one picture or recording from the pictures page; the response."""
    name = "voice.webm" if kind == "voice" else "poster.jpg"
    return client.post(
        "/consultation/attachments",
        data={
            "csrf_token": token or client.csrf_token("/consultation/pictures"),
            "idempotency_key": uuid.uuid4().hex,
            "kind": kind,
            "caption": caption,
            "visibility": visibility,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def upload(client: Any, data: bytes, caption: str, visibility: str, kind: str = "photo") -> None:
    response = post_upload(client, data, caption, visibility, kind)
    assert response.status_code == 303, response.status_code


def send(client: Any, helper: str = "nobody") -> None:
    soup = client.get_page("/consultation/send")
    response = client.post(
        "/consultation/send",
        data={
            "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
            "idempotency_key": soup.find("input", attrs={"name": "idempotency_key"})["value"],
            "helper": helper,
        },
    )
    assert response.headers["Location"] == "/consultation/sent"


def participant(app: Any, invitation: Invitation, token: str) -> Any:
    from portal.invitations import IssuedInvitation

    client = app.test_client()
    factories.open_invitation(client, IssuedInvitation(invitation, token, ""))
    client.get("/consultation")
    return client


def review_with_iro(
    organisation: Any, *, age: int = 15, language: str = "en", in_days: int = 14
) -> tuple[Review, StaffUser, Any]:
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Yonas", age=age, language=language)
    review = factories.review(child, in_days=in_days)
    issued = factories.invitation(review, ParticipantRole.CHILD, language=language)
    factories.invitation(review, ParticipantRole.CARER)
    return review, iro, issued


def teen_form() -> Any:
    return forms.young_person_form(15)
