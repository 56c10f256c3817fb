"""Safety alerts are requests with their own lifecycle: raised by the child or by a named adult,
acknowledged by the IRO or a manager with the action taken, closed, and escalated when nobody
acknowledges them in time. An alert never disappears until a person has dealt with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    OutboxEmail,
    ParticipantRole,
    RequestEvent,
    RequestKind,
    RequestStatus,
    Role,
    SupportRequest,
)
from portal.requests import alerts
from tests import factories
from tests.concurrency import at_once
from tests.request_helpers import count, move, young_person

OUT_OF_HOURS = "+443001234567"


def not_safe(client, next_page="/consultation/home"):
    token = client.csrf_token("/safe")
    return client.post_page("/safe", data={"csrf_token": token, "safe": "no", "next": next_page})


def page_fields(browser, url):
    """The hidden fields of a request's page as it was shown: its CSRF token and status."""
    page = browser.get_page(url)
    return {n: page.find("input", attrs={"name": n})["value"] for n in ("csrf_token", "seen")}


def the_alert():
    return db.session.execute(
        select(SupportRequest).where(SupportRequest.kind == RequestKind.SAFETY_ALERT)
    ).scalar_one()


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


def test_the_not_safe_page_says_only_what_is_true(app, organisation):
    organisation.out_of_hours_phone = OUT_OF_HOURS
    db.session.commit()
    client, _review, _iro = young_person(app, organisation)
    page = not_safe(client, "/consultation/friends")
    text = page.get_text(" ")
    assert "We are sending a message to Priya now. If you are in danger, call 999." in text
    assert page.find("a", href=f"tel:{OUT_OF_HOURS}").get_text() == "0300 123 4567"
    assert page.find("a", string="Go back")["href"] == "/consultation/friends"


def test_with_no_iro_the_page_names_the_team(app, organisation):
    review = factories.review(factories.child(organisation, None, name="Kai", age=14))
    issued = factories.invitation(review, ParticipantRole.CHILD)
    client = app.test_client()
    factories.open_invitation(client, issued)
    text = not_safe(client).get_text(" ")
    assert "We are sending a message to the people who run your meeting now." in text


def test_the_not_safe_page_in_arabic_keeps_the_number_whole(app, organisation):
    organisation.out_of_hours_phone = OUT_OF_HOURS
    db.session.commit()
    client, _review, _iro = young_person(app, organisation)
    token = client.csrf_token("/language")
    client.post("/language", data={"csrf_token": token, "language": "ar", "next": "/welcome"})
    page = not_safe(client)
    assert page.html["dir"] == "rtl"
    number = page.find("a", href=f"tel:{OUT_OF_HOURS}")
    assert number["dir"] == "ltr"
    assert "We are sending a message" not in page.get_text()  # in Arabic, not English


def test_an_alert_records_who_raised_it_and_is_emailed_once_an_hour(app, organisation):
    client, review, iro = young_person(app, organisation)
    not_safe(client)
    not_safe(client)
    alert = the_alert()
    assert alert.raised_by_role is ParticipantRole.CHILD
    assert alert.raised_by_name == "Kai"  # how the invitation names them
    assert alert.review_id == review.id
    assert alert.status is RequestStatus.RECEIVED
    [email] = db.session.execute(select(OutboxEmail)).scalars().all()
    assert email.to_address == iro.email
    assert email.kind == "consultation.urgent"
    assert f"/staff/requests/{alert.id}" in email.body


def test_an_alert_survives_the_review_being_held_until_acknowledged_and_closed(app, organisation):
    client, review, iro = young_person(app, organisation)
    not_safe(client)
    alert = the_alert()
    factories.hold(review)
    browser = signed_in(app, iro)

    def panel():
        section = browser.get_page("/staff/").find(
            "section", attrs={"aria-labelledby": "alerts-title"}
        )
        return section.get_text(" ") if section else ""

    assert "Kai: Not safe" in panel()
    assert "Not acknowledged" in panel()
    manager = signed_in(app, factories.staff(organisation, Role.MANAGER))
    manager_panel = manager.get_page("/staff/").find(
        "section", attrs={"aria-labelledby": "alerts-title"}
    )
    assert "Kai: Not safe" in manager_panel.get_text(" ")

    move(browser, alert.id, "acknowledged", note="Called Kai's carer; Kai is safe at home")
    assert "Acknowledged" in panel()
    # Closing needs the alert acknowledged first, and an outcome.
    move(browser, alert.id, "closed", status=400)
    move(browser, alert.id, "closed", note="Strategy discussion held; plan updated")
    assert panel() == ""
    detail = browser.get_page(f"/staff/requests/{alert.id}").get_text(" ")
    assert "Called Kai's carer; Kai is safe at home" in detail
    assert "Strategy discussion held; plan updated" in detail
    assert count(SupportRequest) == 1


def test_an_alert_cannot_be_closed_before_it_is_acknowledged(app, organisation):
    client, _review, iro = young_person(app, organisation)
    not_safe(client)
    browser = signed_in(app, iro)
    response = move(browser, the_alert().id, "closed", status=400, note="Nothing to do")
    assert b"Choose one of the next steps" in response.data
    assert the_alert().status is RequestStatus.RECEIVED


def test_an_alert_acknowledged_twice_is_acknowledged_once_and_the_second_told(app, organisation):
    client, _review, iro = young_person(app, organisation)
    not_safe(client)
    alert = the_alert()
    manager = factories.staff(organisation, Role.MANAGER, name="Duty Manager Dee")
    first = signed_in(app, iro)
    second = signed_in(app, manager)
    seen = page_fields(second, f"/staff/requests/{alert.id}")  # both have the page open
    move(first, alert.id, "acknowledged", note="Rang the carer")
    late = second.post(
        f"/staff/requests/{alert.id}",
        data={**seen, "to": "acknowledged", "note": "Rang the police"},
    )
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "Nothing was changed: this alert is already acknowledged (by Priya Shah" in text
    events = db.session.execute(select(RequestEvent)).scalars().all()
    assert [(e.status, e.note) for e in events] == [(RequestStatus.ACKNOWLEDGED, "Rang the carer")]


def test_acknowledgements_at_the_same_moment_make_one(app, organisation):
    client, _review, iro = young_person(app, organisation)
    not_safe(client)
    alert = the_alert()
    people = [iro, *(factories.staff(organisation, Role.MANAGER) for _ in range(2))]
    browsers = [signed_in(app, person) for person in people]
    url = f"/staff/requests/{alert.id}"
    ack = {"to": "acknowledged", "note": "Rang the carer"}
    posts = [(browser, page_fields(browser, url) | ack) for browser in browsers]
    responses = at_once([lambda b=b, d=d: b.post(url, data=d) for b, d in posts])
    assert sorted(r.status_code for r in responses) == [303, 409, 409]
    assert count(RequestEvent) == 1


@pytest.mark.parametrize("role", [Role.REVIEW_ADMIN, Role.ADVOCACY, Role.SYSADMIN])
def test_only_the_iro_or_a_manager_deals_with_an_alert(app, organisation, role):
    client, _review, _iro = young_person(app, organisation)
    not_safe(client)
    alert = the_alert()
    browser = signed_in(app, factories.staff(organisation, role))
    assert browser.get(f"/staff/requests/{alert.id}").status_code == 404
    other_iro = signed_in(app, factories.staff(organisation, Role.IRO))
    assert other_iro.get(f"/staff/requests/{alert.id}").status_code == 404


def test_an_alert_nobody_acknowledges_is_escalated_once_after_the_configured_time(
    app, organisation, monkeypatch
):
    monkeypatch.setitem(app.config, "ALERT_ESCALATION_MINUTES", 30)
    organisation.duty_email = "duty@example.org"
    manager = factories.staff(organisation, Role.MANAGER)
    db.session.commit()
    client, _review, _iro = young_person(app, organisation)
    not_safe(client)
    raised = the_alert().created_at
    assert alerts.escalate_due(now=raised + timedelta(minutes=29)) == 0
    assert alerts.escalate_due(now=raised + timedelta(minutes=30, seconds=1)) == 1
    assert alerts.escalate_due(now=raised + timedelta(minutes=90)) == 0
    escalations = (
        db.session.execute(select(OutboxEmail).where(OutboxEmail.kind == "alert.escalated"))
        .scalars()
        .all()
    )
    assert sorted(e.to_address for e in escalations) == sorted([manager.email, "duty@example.org"])
    for email in escalations:
        assert "30 minutes" in email.body
        assert "Kai" not in email.body
    assert the_alert().escalated_at is not None


def test_an_acknowledged_alert_is_not_escalated(app, organisation):
    client, _review, iro = young_person(app, organisation)
    not_safe(client)
    alert = the_alert()
    move(signed_in(app, iro), alert.id, "acknowledged", note="Spoke to Kai")
    assert alerts.escalate_due(now=alert.created_at + timedelta(days=1)) == 0


def test_the_outbox_deliverer_escalates_too(app, organisation, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_ESCALATION_MINUTES", 0)
    factories.staff(organisation, Role.MANAGER)
    client, _review, _iro = young_person(app, organisation)
    not_safe(client)
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens: delivery fails, retried
    result = CliRunner().invoke(app.cli, ["deliver-outbox"], obj=None, catch_exceptions=False)
    assert "Escalated 1 unacknowledged safety alert(s)" in result.output
    assert the_alert().escalated_at is not None
