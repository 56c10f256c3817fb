"""Asking for help through the real pages, and moving a request on as staff do."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ParticipantRole, Role, SupportRequest
from tests import factories

PHONE = "07911 123456"
PHONE_E164 = "+447911123456"


def ask_fields(**changes: str) -> dict[str, str]:
    """A complete request from the request page: an advocate to help at the review, by phone."""
    fields = {
        "want": "advocate_review",
        "about": "I want to stay with my carers",
        "contact_method": "phone",
        "phone": PHONE,
        "email": "",
        "message_ok": "no",
        "contact_time": "after_school",
        "language": "ti",
        "interpreter": "yes",
    }
    return {**fields, **changes}


def ask(client: Any, status: int = 303, **changes: str) -> Any:
    token = client.csrf_token("/requests/new")
    response = client.post("/requests/new", data={"csrf_token": token, **ask_fields(**changes)})
    assert response.status_code == status, response.status_code
    return response


def young_person(app: Any, organisation: Any, name: str = "Kai", age: int = 14) -> tuple:
    """A child with an IRO called Priya, an invitation opened on a phone: (client, review, iro)."""
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name=name, age=age))
    issued = factories.invitation(review, ParticipantRole.CHILD)
    client = app.test_client()
    factories.open_invitation(client, issued)
    return client, review, iro


def count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def only_request() -> SupportRequest:
    return db.session.execute(select(SupportRequest)).scalar_one()


def move(browser: Any, request_id: int, to: str, status: int = 303, **fields: Any) -> Any:
    """Open the request's page and take a step from it, as a member of staff would."""
    url = f"/staff/requests/{request_id}"
    page = browser.get_page(url)
    found = (page.find("input", attrs={"name": name}) for name in ("csrf_token", "seen"))
    hidden = {field["name"]: field["value"] for field in found if field is not None}
    hidden.setdefault("csrf_token", browser.csrf_token("/staff/requests"))
    data = {**hidden, "to": to, **fields}
    if isinstance(data.get("contact_by"), date):
        data["contact_by"] = data["contact_by"].isoformat()
    response = browser.post(url, data=data)
    assert response.status_code == status, response.status_code
    return response
