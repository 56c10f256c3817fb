"""Participants of the same review never reach each other's words: every participant URL is
tried with every other participant's session. URLs naming someone else's object are a 404;
URLs every participant has (their check page, their copy) show only their own words."""

from __future__ import annotations

import io
import itertools

import pypdf
import pytest
from sqlalchemy import select

from portal.consultation import forms
from portal.extensions import db
from portal.models import Attachment, ParticipantRole, Role
from tests import factories, media
from tests.consultation_helpers import answer_every_page, send_form
from tests.pack_helpers import upload

ROLES = (ParticipantRole.CHILD, ParticipantRole.PARENT, ParticipantRole.CARER)


def words_of(role: ParticipantRole) -> str:
    return f"Words only {role.value} wrote"


@pytest.fixture
def everyone(app, organisation):
    """A review where the young person, a parent and a carer have each sent their views."""
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14))
    clients = {}
    for role in ROLES:
        issued = factories.invitation(review, role)
        client = app.test_client()
        factories.open_invitation(client, issued)
        form = forms.form_for(issued.invitation, "views", review.scheduled_at.date())
        text_ids = [q.id for q in form.questions if q.kind.value == "text"]
        answer_every_page(client, form, {question_id: words_of(role) for question_id in text_ids})
        if role is ParticipantRole.CHILD:
            upload(client, media.jpeg(64, 64), words_of(role), "iro_only")
        assert send_form(client, helper="nobody").status_code == 303
        clients[role] = client
    photo = db.session.execute(select(Attachment)).scalar_one()
    return clients, photo


def object_urls(photo: Attachment) -> list[tuple[str, str]]:
    base = f"/consultation/attachments/{photo.id}"
    return [
        ("GET", f"{base}/file"),
        ("GET", f"{base}/thumbnail"),
        ("POST", base),
        ("POST", f"{base}/delete"),
    ]


def page_urls(role: ParticipantRole) -> list[str]:
    form = forms.young_person_form(14) if role is ParticipantRole.CHILD else None
    form = form or forms.CURRENT["parent" if role is ParticipantRole.PARENT else "carer"]
    return [f"/consultation/{page.key}" for page in form.pages]


def text_of(response) -> str:
    if response.mimetype == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(response.data))
        return " ".join(page.extract_text() for page in reader.pages)
    return response.get_data(as_text=True)


SHARED_URLS = [
    "/welcome",
    "/consultation",
    "/consultation/check",
    "/consultation/send",
    "/consultation/sent",
    "/consultation/copy.pdf",
]


@pytest.mark.parametrize(("me", "them"), list(itertools.permutations(ROLES, 2)))
def test_no_participant_reaches_another_participants_words(everyone, me, them):
    clients, photo = everyone
    client = clients[me]
    if them is ParticipantRole.CHILD:
        token = client.csrf_token("/language")
        for method, url in object_urls(photo):
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (me, url)
    mine = set(page_urls(me))
    for url in page_urls(them):
        response = client.get(url)
        if url in mine:  # the same page key in their own form: their own questions
            assert response.status_code == 200, (me, url)
        else:
            assert response.status_code == 404, (me, url)
        assert words_of(them) not in text_of(response), (me, url)
    for url in SHARED_URLS:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, (me, url)
        seen = text_of(response)
        assert words_of(them) not in seen, (me, url)
    assert words_of(me) in text_of(client.get("/consultation/check"))


def test_the_young_person_can_still_see_their_own_picture(everyone):
    clients, photo = everyone
    assert (
        clients[ParticipantRole.CHILD].get(f"/consultation/attachments/{photo.id}/file").status_code
        == 200
    )
