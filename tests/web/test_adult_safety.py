"""The safety question fits the person: a child is asked "Are you safe right now?" and given
Childline; an adult is asked "Is a child in danger right now?" and given 999 and the
organisation's contact for worried adults. An alert an adult raises is theirs, never the
child's."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxEmail, ParticipantRole, Role
from tests import factories

CONTACT = "Children's services: 01632 960 100, out of hours 01632 960 999"


def parent_of_jayden(app, organisation):
    organisation.worried_adult_text = CONTACT
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Jayden", age=10))
    issued = factories.invitation(review, ParticipantRole.PARENT)
    db.session.commit()
    client = app.test_client()
    factories.open_invitation(client, issued)
    return client, review, iro


def test_an_adult_is_asked_about_a_child_in_danger_and_shown_who_to_call(app, organisation):
    client, _review, _iro = parent_of_jayden(app, organisation)
    welcome = client.get_page("/welcome")
    assert welcome.find("a", class_="safe-link").get_text() == "Is a child in danger right now?"
    footer = welcome.find("footer").get_text(" ")
    assert "Childline" not in footer
    assert "If a child is in danger now, call 999." in footer
    assert CONTACT in footer
    page = client.get_page("/safe?next=/consultation/joining")
    assert page.h1.get_text() == "Is a child in danger right now?"
    token = client.csrf_token("/safe")
    help_page = client.post_page(
        "/safe", data={"csrf_token": token, "safe": "no", "next": "/consultation/joining"}
    )
    text = help_page.get_text(" ")
    assert "Childline" not in text
    assert "Call 999" in text
    assert CONTACT in text
    assert help_page.find("a", string="Go back")["href"] == "/consultation/joining"


def test_an_alert_raised_by_a_parent_is_labelled_as_the_parents(app, organisation):
    client, review, iro = parent_of_jayden(app, organisation)
    token = client.csrf_token("/safe")
    client.post("/safe", data={"csrf_token": token, "safe": "no"})
    [email] = db.session.execute(select(OutboxEmail)).scalars().all()
    assert email.kind == "consultation.urgent_from_adult"
    assert "Jayden" not in email.body
    browser = app.test_client()
    factories.sign_in(browser, iro)
    dashboard = browser.get_page("/staff/").get_text(" ")
    assert "A child may be in danger: said by Parent (parent)" in dashboard
    assert "Not safe" not in dashboard
    review_page = browser.get_page(f"/staff/reviews/{review.id}").get_text(" ")
    assert 'Parent (parent) answered "yes" to "Is a child in danger right now?"' in review_page
    pack = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=iro").get_text(" ")
    assert 'Parent (parent) answered "yes" to "Is a child in danger right now?"' in pack


def test_a_child_still_gets_childline(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=12))
    issued = factories.invitation(review)
    client = app.test_client()
    factories.open_invitation(client, issued)
    welcome = client.get_page("/welcome")
    assert welcome.find("a", class_="safe-link").get_text() == "Are you safe right now?"
    assert "Childline" in welcome.find("footer").get_text()
