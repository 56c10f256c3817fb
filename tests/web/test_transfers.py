"""Handing a child, or a whole caseload, to another IRO: the new IRO reads the packs, the old
one gets a 404, and each move is in the child's audit trail with its reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Child, ParticipantRole, Role
from tests import factories


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


@pytest.fixture
def two_iros(app, organisation):
    old = factories.staff(organisation, Role.IRO, name="Priya Shah")
    new = factories.staff(organisation, Role.IRO, name="Tom Okafor")
    return old, new


def post(browser, url, **fields):
    return browser.post(url, data={"csrf_token": browser.csrf_token(url), **fields})


def test_a_child_moves_to_another_iro_with_the_packs(app, organisation, two_iros):
    old, new = two_iros
    review = factories.review(factories.child(organisation, old, name="Kai", age=14))
    factories.invitation(review, ParticipantRole.CHILD)
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    url = f"/staff/children/{review.child_id}/transfer"
    response = post(admin, url, to_iro_id=str(new.id), reason="iro_leaving")
    assert response.status_code == 303
    old_browser, new_browser = signed_in(app, old), signed_in(app, new)
    for path in (f"/staff/reviews/{review.id}", f"/staff/reviews/{review.id}/pack?pack=iro"):
        assert old_browser.get(path).status_code == 404
        assert new_browser.get(path).status_code == 200
    assert "Kai" in new_browser.get_page("/staff/").get_text()
    assert "Kai" not in old_browser.get_page("/staff/").get_text()
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "child.transfer")
    ).scalar_one()
    assert event.detail["from_iro"] == old.id
    assert event.detail["to_iro"] == new.id
    assert event.detail["reason"] == "iro_leaving"
    manager = signed_in(app, factories.staff(organisation, Role.MANAGER))
    trail = manager.get_page(f"/staff/children/{review.child_id}/audit").get_text(" ")
    assert "child.transfer" in trail


def test_a_whole_caseload_moves_in_one_go(app, organisation, two_iros):
    old, new = two_iros
    other = factories.staff(organisation, Role.IRO)
    for name in ("Ava", "Ben", "Cai"):
        factories.child(organisation, old, name=name)
    factories.child(organisation, other, name="Dan")
    manager = signed_in(app, factories.staff(organisation, Role.MANAGER))
    response = post(
        manager,
        "/staff/caseloads/transfer",
        from_iro_id=str(old.id),
        to_iro_id=str(new.id),
        reason="caseload_balance",
    )
    assert response.status_code == 303
    owners = dict(db.session.execute(select(Child.name, Child.iro_id)).all())
    assert owners == {"Ava": new.id, "Ben": new.id, "Cai": new.id, "Dan": other.id}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"to_iro_id": "", "reason": "iro_leaving"}, "Choose an IRO from your organisation"),
        ({"to_iro_id": "999999", "reason": "iro_leaving"}, "Choose an IRO from your organisation"),
        ({"to_iro_id": "x" * 500, "reason": "iro_leaving"}, "Choose an IRO from your organisation"),
        ({"reason": "because"}, "Not a valid choice"),
        ({"reason": ""}, "Choose why"),
    ],
)
def test_bad_transfers_are_refused_and_nothing_moves(app, organisation, two_iros, fields, message):
    old, new = two_iros
    child = factories.child(organisation, old)
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    data = {"to_iro_id": str(new.id), **fields}
    response = post(admin, f"/staff/children/{child.id}/transfer", **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.refresh(child)
    assert child.iro_id == old.id


def test_an_iro_of_another_organisation_cannot_receive(app, organisation, two_iros):
    old, _new = two_iros
    child = factories.child(organisation, old)
    stranger = factories.staff(factories.organisation(), Role.IRO)
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    response = post(
        admin,
        f"/staff/children/{child.id}/transfer",
        to_iro_id=str(stranger.id),
        reason="iro_leaving",
    )
    assert response.status_code == 400
    db.session.refresh(child)
    assert child.iro_id == old.id


@pytest.mark.parametrize("role", [Role.IRO, Role.ADVOCACY, Role.SYSADMIN])
def test_only_administrators_and_managers_move_children(app, organisation, two_iros, role):
    old, _new = two_iros
    child = factories.child(organisation, old)
    person = old if role is Role.IRO else factories.staff(organisation, role)
    browser = signed_in(app, person)
    assert browser.get(f"/staff/children/{child.id}/transfer").status_code == 404
    assert browser.get("/staff/caseloads/transfer").status_code == 404


def test_another_organisations_child_is_not_found(app, organisation, two_iros):
    elsewhere = factories.organisation()
    child = factories.child(elsewhere, factories.staff(elsewhere, Role.IRO))
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    assert admin.get(f"/staff/children/{child.id}/transfer").status_code == 404


def test_an_administrator_corrects_a_childs_details(app, organisation, two_iros):
    old, _new = two_iros
    child = factories.child(organisation, old, name="Amira")
    other = factories.child(organisation, old, name="Bea")
    admin = signed_in(app, factories.staff(organisation, Role.REVIEW_ADMIN))
    url = f"/staff/children/{child.id}/edit"
    page = admin.get_page(url)
    assert page.find("input", id="name")["value"] == "Amira"
    assert page.find(id="iro_id") is None  # the IRO changes by a transfer, with a reason
    fields = factories.child_form(name="Amira Y", case_reference=child.case_reference)
    fields.pop("iro_id", None)
    assert post(admin, url, **fields).status_code == 303
    db.session.refresh(child)
    assert child.name == "Amira Y"
    assert child.preferred_language == "ar"
    assert child.iro_id == old.id
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "child.update")
    ).scalar_one()
    assert "name" in event.detail["changed"]
    assert "Amira" not in str(event.detail)
    clash = post(admin, url, **{**fields, "case_reference": other.case_reference})
    assert clash.status_code == 400
    assert "A child with this case reference already exists" in clash.get_data(as_text=True)
    future = post(admin, url, **{**fields, "date_of_birth": "2100-01-01"})
    assert future.status_code == 400
    db.session.refresh(child)
    assert child.case_reference != other.case_reference
    iro_browser = signed_in(app, old)
    assert iro_browser.get(url).status_code == 404
