"""Finding 8 of the trust issue: a review administrator can reissue a child's link, but cannot
also clear the child's secret, so they can never get into the child's consultation: not its
pages, photos, copy PDF, nor send as the child. The child's IRO can reset the secret, and the
child is told who did it when they next open their link."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, AuditEvent, Role
from tests import factories
from tests.pack_helpers import review_with_iro
from tests.web.conftest import PRIVATE_WORDS


def reissue_as(admin, invitation_id: int) -> str:
    """Reissue through the real pages; returns the new link's token."""
    url = f"/staff/invitations/{invitation_id}/reissue"
    soup = admin.get_page(url)
    data = {
        "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
        "nonce": soup.find("input", attrs={"name": "nonce"})["value"],
    }
    issued = admin.post_page(url, data=data)
    return issued.find("input", attrs={"name": "token"})["value"]


def test_a_review_administrator_cannot_get_into_a_childs_consultation(
    sent_review, staff_client, app
):
    review, _iro, _browser, _child = sent_review
    admin, _person = staff_client(Role.REVIEW_ADMIN)
    invitation = next(i for i in review.invitations if i.role.value == "child")
    photo = db.session.execute(select(Attachment)).scalars().first()

    # 1. They may not reset the child's secret: the button is not there and the route is a 404.
    page = admin.get_page(f"/staff/reviews/{review.id}")
    assert "Reset secret" not in page.get_text()
    token = admin.csrf_token(f"/staff/reviews/{review.id}")
    reset = admin.post(
        f"/staff/invitations/{invitation.id}/reset-secret", data={"csrf_token": token}
    )
    assert reset.status_code == 404
    db.session.refresh(invitation)
    assert invitation.secret_hash is not None

    # 2. Reissuing the link keeps the secret: the new link leads to the secret page only.
    new_token = reissue_as(admin, invitation.id)
    db.session.refresh(invitation)
    assert invitation.secret_hash is not None
    intruder = app.test_client()
    assert intruder.get(f"/i/{new_token}").status_code == 303
    for url in (
        "/welcome",
        "/consultation",
        "/consultation/check",
        "/consultation/send",
        "/consultation/copy.pdf",
        f"/consultation/attachments/{photo.id}/file",
        f"/consultation/attachments/{photo.id}/thumbnail",
    ):
        response = intruder.get(url)
        assert response.status_code == 303, url
        assert response.headers["Location"] == "/secret", url
        assert PRIVATE_WORDS not in response.get_data(as_text=True)
    own_token = intruder.csrf_token("/secret")
    sending = intruder.post(
        "/consultation/send", data={"csrf_token": own_token, "helper": "nobody"}
    )
    assert sending.headers["Location"] == "/secret"
    # The secret page asks for the secret; choosing a new one is refused.
    assert intruder.get("/secret/new").headers["Location"] == "/secret"
    assert len(invitation.consultation_for("views").submissions) == 1


def test_only_the_childs_iro_resets_and_the_child_is_told_who_did_it(app, organisation):
    _review, iro, issued = review_with_iro(organisation)
    child = app.test_client()
    factories.open_invitation(child, issued)
    invitation = issued.invitation

    other_iro = app.test_client()
    factories.sign_in(other_iro, factories.staff(organisation, Role.IRO))
    url = f"/staff/invitations/{invitation.id}/reset-secret"
    assert (
        other_iro.post(url, data={"csrf_token": other_iro.csrf_token("/staff/")}).status_code == 404
    )

    browser = app.test_client()
    factories.sign_in(browser, iro)
    browser.post(url, data={"csrf_token": browser.csrf_token("/staff/")})
    db.session.refresh(invitation)
    assert invitation.secret_hash is None
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "invitation.reset_secret")
    ).scalar_one()
    assert event.actor_staff_id == iro.id

    # Their old session has ended; at the next opening they are told who reset it.
    assert child.get("/welcome").status_code == 404
    child.get(f"/i/{issued.token}")
    text = " ".join(child.get_page("/secret/new").get_text(" ").split())
    assert "Priya reset your secret on" in text
    assert "If you did not ask for this, tell Priya or an adult you trust." in text
