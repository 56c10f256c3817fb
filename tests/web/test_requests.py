"""Asking for help reaches someone: a request is a record, routed through the outbox to the
service that provides it, seen by the advocacy worklist, the IRO's dashboard and the IRO pack,
moved on by the right people only, and shown to the young person in plain words."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pypdf
import pytest
from sqlalchemy import select

from portal import reviews
from portal.extensions import db
from portal.models import (
    AuditEvent,
    ContactMethod,
    OutboxEmail,
    ParticipantRole,
    RequestEvent,
    RequestKind,
    RequestStatus,
    Role,
    SupportRequest,
)
from tests import factories
from tests.concurrency import at_once
from tests.consultation_helpers import answer_every_page, send_form
from tests.request_helpers import (
    PHONE_E164,
    ask,
    ask_fields,
    count,
    move,
    only_request,
    young_person,
)

ABOUT = "I want to stay with my carers"


def emails():
    return db.session.execute(select(OutboxEmail).order_by(OutboxEmail.id)).scalars().all()


@pytest.mark.parametrize(
    ("want", "kind", "to"),
    [
        ("advocate_review", RequestKind.ADVOCATE, "advocacy"),
        ("advocate_complaint", RequestKind.ADVOCATE, "advocacy"),
        ("independent_visitor", RequestKind.INDEPENDENT_VISITOR, "visitors"),
        ("talk_to_iro", RequestKind.TALK_TO_IRO, "iro"),
    ],
)
def test_each_request_is_routed_to_who_provides_it(app, organisation, want, kind, to):
    client, review, iro = young_person(app, organisation)
    response = ask(client, want=want)
    request = only_request()
    assert response.headers["Location"] == f"/requests/{request.id}"
    assert request.kind is kind
    assert request.review_id == review.id
    assert request.raised_by_role is ParticipantRole.CHILD
    assert request.phone == PHONE_E164
    assert request.message_ok is False
    assert request.language == "ti"
    assert request.interpreter_needed
    [email] = emails()
    expected = {
        "advocacy": organisation.advocacy_service_email,
        "visitors": organisation.independent_visitor_provider_email,
        "iro": iro.email,
    }[to]
    assert email.to_address == expected
    assert email.kind == f"request.{kind.value}"
    assert f"/staff/requests/{request.id}" in email.body
    # Nothing of the child, their words or how to reach them travels by email.
    for secret in ("Kai", ABOUT, "7911", "123456"):
        assert secret not in email.subject + email.body
    assert client.get_page(f"/requests/{request.id}").h1.get_text() == "We've got your request."


def test_a_form_answer_raises_a_request_once_and_nothing_reads_its_question_id(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    client.get("/consultation")
    form_fields = {"meeting.advocate": "yes", "meeting.interpreter_language": "ትግርኛ"}
    answer_every_page_with(client, form_fields)
    assert send_form(client, helper="nobody").status_code == 303
    kinds = sorted(r.kind.value for r in db.session.execute(select(SupportRequest)).scalars())
    assert kinds == ["advocate", "interpreter", "talk_to_iro"]
    interpreter = db.session.execute(
        select(SupportRequest).where(SupportRequest.kind == RequestKind.INTERPRETER)
    ).scalar_one()
    assert interpreter.language == "ti"  # the child typed ትግርኛ; the request holds the code
    advocate_emails = [e for e in emails() if e.kind == "request.advocate"]
    assert [e.to_address for e in advocate_emails] == [organisation.advocacy_service_email]
    # Sending the views again does not ask again while the requests are open.
    client.post("/consultation/home", data={})
    answer_every_page_with(client, {"home.words": "Changed my mind about school"})
    assert send_form(client, helper="nobody").status_code == 303
    assert count(SupportRequest) == 3


def answer_every_page_with(client, fields):
    from portal.consultation import forms

    form = forms.young_person_form(14)
    answer_every_page(client, form, fields)


def test_every_status_as_the_young_person_sees_it(app, organisation, staff_client):
    client, _review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    advocacy, _person = staff_client(Role.ADVOCACY)
    page = f"/requests/{request.id}"

    def told():
        return client.get_page(page).h1.get_text()

    assert told() == "We've got your request."
    move(advocacy, request.id, "acknowledged")
    assert told() == "Someone has read your request and will be in touch."
    move(advocacy, request.id, "waiting_list")
    assert told() == "You are on the waiting list for an advocate."
    by = reviews.local_today() + timedelta(days=3)
    move(advocacy, request.id, "allocated", allocated_to="Jo", contact_by=by)
    assert told() == f"Your advocate is Jo. They will contact you by {by:%A} {by.day} {by:%B}."
    move(advocacy, request.id, "closed", note="Jo met Kai and went to the review with him")
    assert told() == "This request is finished."
    # Every step is kept, with who took it; nothing was deleted.
    steps = db.session.execute(select(RequestEvent).order_by(RequestEvent.id)).scalars().all()
    assert [step.status for step in steps] == [
        RequestStatus.ACKNOWLEDGED,
        RequestStatus.WAITING_LIST,
        RequestStatus.ALLOCATED,
        RequestStatus.CLOSED,
    ]
    assert count(SupportRequest) == 1
    listed = client.get_page("/requests").get_text(" ")
    assert "This request is finished." in listed


def test_an_independent_visitor_waiting_list_in_plain_words(app, organisation, staff_client):
    client, _review, _iro = young_person(app, organisation)
    ask(client, want="independent_visitor")
    request = only_request()
    advocacy, _person = staff_client(Role.ADVOCACY)
    move(advocacy, request.id, "waiting_list")
    assert (
        client.get_page(f"/requests/{request.id}").h1.get_text()
        == "You are on the waiting list for an Independent Visitor."
    )


def test_a_step_that_does_not_follow_is_refused(app, organisation, staff_client):
    client, _review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    advocacy, _person = staff_client(Role.ADVOCACY)
    move(advocacy, request.id, "closed", note="Done")
    page = move(advocacy, request.id, "acknowledged", status=400)
    assert b"Choose one of the next steps" in page.data
    assert only_request().status is RequestStatus.CLOSED
    # Allocating needs a first name and a date; closing needs an outcome.
    client2, _r, _i = young_person(app, organisation, name="Mia")
    ask(client2)
    second = db.session.execute(
        select(SupportRequest).where(SupportRequest.id != request.id)
    ).scalar_one()
    refused = move(advocacy, second.id, "allocated", status=400, allocated_to="", contact_by="")
    assert b"Enter the first name of who is allocated" in refused.data
    assert b"Enter the outcome" in move(advocacy, second.id, "closed", status=400).data
    db.session.refresh(second)
    assert second.status is RequestStatus.RECEIVED


def test_the_iro_dashboard_and_the_iro_pack_show_requests_the_meeting_pack_does_not(
    app, organisation
):
    client, review, iro = young_person(app, organisation)
    ask(client)
    ask(client, want="talk_to_iro", about="")
    browser = app.test_client()
    factories.sign_in(browser, iro)
    dashboard = browser.get_page("/staff/").get_text(" ")
    assert "Asked for an advocate, received" in dashboard
    assert "Wants to talk to you before the meeting, received" in dashboard
    assert ABOUT not in dashboard  # structured words only on the dashboard
    iro_pack = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=iro").get_text(" ")
    assert "Requests for help" in iro_pack
    assert ABOUT in iro_pack
    meeting = browser.get_page(f"/staff/reviews/{review.id}/pack?pack=meeting").get_text(" ")
    assert "Requests for help" not in meeting
    assert ABOUT not in meeting
    iro_json = json.loads(browser.get(f"/staff/reviews/{review.id}/pack.json?pack=iro").data)
    assert [r["kind"] for r in iro_json["requests"]] == ["advocate", "talk_to_iro"]
    assert iro_json["requests"][0]["about"] == ABOUT
    meeting_json = json.loads(
        browser.get(f"/staff/reviews/{review.id}/pack.json?pack=meeting").data
    )
    assert meeting_json["requests"] == []
    iro_pdf = pdf_text(browser.get(f"/staff/reviews/{review.id}/pack.pdf?pack=iro").data)
    assert "Requests for help" in iro_pdf
    assert ABOUT in iro_pdf
    meeting_pdf = pdf_text(browser.get(f"/staff/reviews/{review.id}/pack.pdf?pack=meeting").data)
    assert "Requests for help" not in meeting_pdf
    assert ABOUT not in meeting_pdf


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_advocacy_sees_contact_details_and_never_consultation_answers(
    app, organisation, staff_client
):
    client, review, _iro = young_person(app, organisation)
    client.get("/consultation")
    answer_every_page_with(client, {"home.words": "Words only for my consultation"})
    send_form(client, helper="nobody")
    ask(client)
    mine = db.session.execute(
        select(SupportRequest).where(SupportRequest.about == ABOUT)
    ).scalar_one()
    advocacy, _person = staff_client(Role.ADVOCACY)
    worklist = advocacy.get_page("/staff/requests").get_text(" ")
    assert "Kai" in worklist
    detail = advocacy.get_page(f"/staff/requests/{mine.id}").get_text(" ")
    assert "07911 123456" in detail
    assert "No: do not leave a message" in detail
    assert ABOUT in detail
    for page in (worklist, detail):
        assert "Words only for my consultation" not in page
    # Not the review, its pack or the child's record either.
    for url in (
        f"/staff/reviews/{review.id}",
        f"/staff/reviews/{review.id}/pack",
        f"/staff/reviews/{review.id}/pack.json",
        f"/staff/children/{review.child_id}",
    ):
        assert advocacy.get(url).status_code == 404
    # The talk-to-my-IRO and interpreter requests are not the service's to see.
    talk = db.session.execute(
        select(SupportRequest).where(SupportRequest.kind == RequestKind.TALK_TO_IRO)
    ).scalar_one()
    assert advocacy.get(f"/staff/requests/{talk.id}").status_code == 404


@pytest.mark.parametrize("role", [Role.IRO, Role.MANAGER, Role.REVIEW_ADMIN, Role.SYSADMIN])
def test_only_the_advocacy_role_moves_an_advocacy_request_on(app, organisation, role):
    client, _review, iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    person = iro if role is Role.IRO else factories.staff(organisation, role)
    browser = app.test_client()
    factories.sign_in(browser, person)
    token = browser.csrf_token("/staff/admin/staff" if role is Role.SYSADMIN else "/staff/")
    response = browser.post(
        f"/staff/requests/{request.id}", data={"csrf_token": token, "to": "acknowledged"}
    )
    assert response.status_code == 404
    assert only_request().status is RequestStatus.RECEIVED
    assert count(RequestEvent) == 0


def test_another_organisations_request_and_an_unknown_id_are_not_found(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    elsewhere = factories.staff(factories.organisation(), Role.ADVOCACY)
    browser = app.test_client()
    factories.sign_in(browser, elsewhere)
    assert browser.get(f"/staff/requests/{request.id}").status_code == 404
    assert browser.get("/staff/requests/999999").status_code == 404
    assert "Kai" not in browser.get_page("/staff/requests").get_text()
    token = browser.csrf_token("/staff/requests")
    for target in (request.id, 999999):
        response = browser.post(
            f"/staff/requests/{target}", data={"csrf_token": token, "to": "acknowledged"}
        )
        assert response.status_code == 404


def test_an_iro_sees_only_their_own_caseloads_requests(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    other_iro = factories.staff(organisation, Role.IRO)
    browser = app.test_client()
    factories.sign_in(browser, other_iro)
    assert browser.get(f"/staff/requests/{request.id}").status_code == 404
    assert "Kai" not in browser.get_page("/staff/requests").get_text()


def test_participants_see_only_their_own_requests(app, organisation):
    client, review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    organisation.parent_advocacy_offered = True
    parent_issued = factories.invitation(review, ParticipantRole.PARENT)
    carer_issued = factories.invitation(review, ParticipantRole.CARER)
    db.session.commit()
    parent = app.test_client()
    factories.open_invitation(parent, parent_issued)
    carer = app.test_client()
    factories.open_invitation(carer, carer_issued)
    for other in (parent, carer):
        assert other.get(f"/requests/{request.id}").status_code == 404
    # A carer cannot ask through the portal; a parent asks for an advocate for themselves.
    assert carer.get("/requests/new").status_code == 404
    assert carer.get("/requests").status_code == 404
    new = parent.get_page("/requests/new")
    offered = [i["value"] for i in new.find_all("input", attrs={"name": "want"})]
    assert offered == ["advocate_review", "advocate_complaint", "advocate_other"]
    ask(parent, want="advocate_complaint", interpreter="no")
    own = db.session.execute(
        select(SupportRequest).where(SupportRequest.raised_by_role == ParticipantRole.PARENT)
    ).scalar_one()
    assert own.for_themselves
    assert own.kind is RequestKind.ADVOCATE
    assert client.get(f"/requests/{own.id}").status_code == 404
    assert emails()[-1].to_address == organisation.advocacy_service_email


def test_a_parent_cannot_ask_where_the_organisation_does_not_offer_it(app, organisation):
    _client, review, _iro = young_person(app, organisation)
    issued = factories.invitation(review, ParticipantRole.PARENT)
    parent = app.test_client()
    factories.open_invitation(parent, issued)
    assert parent.get("/requests/new").status_code == 404
    assert "Ask for an advocate" not in parent.get_page("/welcome").get_text()


def test_every_page_of_a_young_persons_session_links_to_the_request_page(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    for url in ("/welcome", "/consultation/home", "/requests", "/safe"):
        footer = client.get_page(url).find("footer")
        assert footer.find("a", href="/requests"), url


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_method": ""}, "contact_method", "Choose how we should contact you"),
        ({"phone": "12345"}, "phone", "Enter a phone number, like 07911 123456"),
        ({"phone": "<script>alert(1)</script>"}, "phone", "Enter a phone number"),
        ({"phone": ""}, "phone", "Enter the phone number to use"),
        ({"contact_method": "email", "email": "not-an-address"}, "email", "Enter an email address"),
        ({"want": "the_moon"}, "want", "Choose what you would like"),
        ({"want": ""}, "want", "Choose what you would like"),
        ({"message_ok": ""}, "message_ok", "Say if it is OK to leave a message"),
        ({"about": "x" * 1001}, "about", "Use 1,000 characters or fewer"),
        ({"language": "xx"}, "language", "Choose a language from the list"),
        ({"contact_time": "midnight"}, "contact_time", "Choose a good time"),
        ({"interpreter": "maybe"}, "interpreter", "Say if you need an interpreter"),
    ],
)
def test_bad_requests_are_refused_with_a_message_and_nothing_stored(
    app, organisation, changes, field, message
):
    client, _review, _iro = young_person(app, organisation)
    response = ask(client, status=400, **changes)
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert count(SupportRequest) == 0
    assert count(OutboxEmail) == 0


def test_bad_input_gets_a_message_in_the_readers_language(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    token = client.csrf_token("/language")
    client.post("/language", data={"csrf_token": token, "language": "pl", "next": "/welcome"})
    response = ask(client, status=400, contact_method="")
    assert "Choose how we should contact you" not in response.get_data(as_text=True)
    assert 'lang="pl"' in response.get_data(as_text=True)
    assert count(SupportRequest) == 0


def test_through_a_carer_needs_no_phone_and_no_message_check(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    ask(client, contact_method="carer", phone="", message_ok="")
    request = only_request()
    assert request.contact_method is ContactMethod.CARER
    assert request.phone == ""


def test_the_same_request_twice_in_a_minute_is_one_request(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    first = ask(client)
    second = ask(client)
    assert first.headers["Location"] == second.headers["Location"]
    assert count(SupportRequest) == 1
    assert count(OutboxEmail) == 1
    # Another request, or the same one later, is a new one.
    ask(client, want="independent_visitor")
    assert count(SupportRequest) == 2


def test_the_same_request_sent_at_the_same_moment_is_one_request(app, organisation):
    client, _review, _iro = young_person(app, organisation)
    token = client.csrf_token("/requests/new")
    data = {"csrf_token": token, **ask_fields()}
    responses = at_once([lambda: client.post("/requests/new", data=data) for _ in range(4)])
    assert {r.status_code for r in responses} == {303}
    assert len({r.headers["Location"] for r in responses}) == 1
    assert count(SupportRequest) == 1
    assert count(OutboxEmail) == 1


def test_markup_in_words_is_shown_as_words(app, organisation, staff_client):
    client, _review, _iro = young_person(app, organisation)
    ask(client, about="<script>alert('x')</script><b>help</b>")
    advocacy, _person = staff_client(Role.ADVOCACY)
    page = advocacy.get_page(f"/staff/requests/{only_request().id}")
    assert page.find("script", string="alert('x')") is None
    assert page.find("b", string="help") is None
    assert "<script>alert('x')</script><b>help</b>" in page.get_text()


def test_a_status_change_is_audited_and_never_deletes(app, organisation, staff_client):
    client, _review, _iro = young_person(app, organisation)
    ask(client)
    request = only_request()
    advocacy, person = staff_client(Role.ADVOCACY)
    move(advocacy, request.id, "acknowledged")
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "request.status")
    ).scalar_one()
    assert event.actor_staff_id == person.id
    assert event.detail == {"request": request.id, "status": "acknowledged"}
    assert ABOUT not in json.dumps(event.detail)


def test_roles_that_cannot_read_packs_see_structured_words_only(app, organisation):
    client, review, _iro = young_person(app, organisation)
    client.get("/consultation")
    answer_every_page_with(
        client, {"meeting.interpreter_language": "<i>my own words about Klingon</i>"}
    )
    send_form(client, helper="nobody")
    admin = app.test_client()
    factories.sign_in(admin, factories.staff(organisation, Role.REVIEW_ADMIN))
    dashboard = admin.get_page("/staff/").get_text(" ")
    assert "Needs an interpreter, received" in dashboard
    assert "Klingon" not in dashboard
    assert "Klingon" not in admin.get_page(f"/staff/reviews/{review.id}").get_text(" ")
    assert admin.get(f"/staff/reviews/{review.id}/pack").status_code == 404


def test_the_worklist_issues_a_fixed_number_of_queries(app, organisation, staff_client):
    from tests.querycount import counting_queries

    advocacy, _person = staff_client(Role.ADVOCACY)

    def requests_from(children):
        for n in range(children):
            client, _review, _iro = young_person(app, organisation, name=f"Child {n}")
            ask(client)

    def worklist_queries():
        advocacy.get("/staff/requests")
        with counting_queries() as counter:
            page = advocacy.get_page("/staff/requests")
        return counter.count, len(page.find("tbody").find_all("tr"))

    requests_from(2)
    few, rows = worklist_queries()
    assert rows == 2
    requests_from(8)
    many, rows = worklist_queries()
    assert rows == 10
    assert many == few


def test_a_parent_is_not_offered_contact_through_a_carer(app, organisation):
    _client, review, _iro = young_person(app, organisation)
    organisation.parent_advocacy_offered = True
    issued = factories.invitation(review, ParticipantRole.PARENT)
    parent = app.test_client()
    factories.open_invitation(parent, issued)
    page = parent.get_page("/requests/new")
    methods = [i["value"] for i in page.find_all("input", attrs={"name": "contact_method"})]
    assert methods == ["phone", "text", "email"]
    ask(parent, status=400, contact_method="carer", phone="", message_ok="")
    assert count(SupportRequest) == 0
