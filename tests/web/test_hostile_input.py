"""Finding 5 of the trust issue: bad input is a 4xx with a clear message, never a 5xx, with
nothing half-stored, on SQLite and PostgreSQL alike; and no personal data reaches the logs.

Every request holding NUL or another control character is refused whole before any form sees
it (portal/security.py); every text field has a Length that matches its column; every number
is bounded; the engine hides statement parameters; query strings are cut from request logs.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from portal import reviews
from portal.extensions import db
from portal.logs import redact
from portal.models import (
    Attachment,
    Child,
    Invitation,
    Organisation,
    Review,
    Role,
)
from portal.security import has_control_characters
from tests import factories, media
from tests.pack_helpers import participant, post_upload, review_with_iro

CONTROL = "\x00"
REFUSED = "Some characters could not be used"


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_recognised(character):
    assert has_control_characters(f"Sam{character}")


@pytest.mark.parametrize("text_value", ["Line one\nline two", "Tab\there", "ኣብ ቤት", "مرحبا", "é"])
def test_text_with_line_breaks_and_any_script_is_fine(text_value):
    assert not has_control_characters(text_value)


def test_a_nul_in_the_staff_sign_in_email_is_a_400(client, organisation):
    token = client.csrf_token("/staff/sign-in")
    soup = client.post_page(
        "/staff/sign-in",
        status=400,
        data={"csrf_token": token, "email": f"iro{CONTROL}@example.org", "password": "x" * 12},
    )
    assert REFUSED in soup.get_text()


@pytest.mark.parametrize("field", ["name", "case_reference", "preferred_language", "iro_id"])
def test_a_nul_in_a_childs_details_is_a_400_and_nothing_is_stored(staff_client, field):
    admin, _ = staff_client(Role.REVIEW_ADMIN)
    token = admin.csrf_token("/staff/children/new")
    data = {"csrf_token": token, **factories.child_form(**{field: f"Am{CONTROL}ira"})}
    soup = admin.post_page("/staff/children/new", status=400, data=data)
    assert REFUSED in soup.get_text()
    assert count(Child) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "A" * 101, "Field cannot be longer than 100 characters"),
        ("case_reference", "R" * 51, "Field cannot be longer than 50 characters"),
        ("iro_id", "9" * 400, "Choose an IRO from your organisation"),
        ("date_of_birth", "9" * 400, "Enter a date of birth"),
    ],
)
def test_over_long_child_details_are_refused_with_a_message(staff_client, field, value, message):
    admin, _ = staff_client(Role.REVIEW_ADMIN)
    token = admin.csrf_token("/staff/children/new")
    data = {"csrf_token": token, **factories.child_form(**{field: value})}
    soup = admin.post_page("/staff/children/new", status=400, data=data)
    assert message in soup.get_text()
    assert count(Child) == 0


def review_form(**changes):
    day = reviews.local_today() + timedelta(days=10)
    form = {
        "kind": "first",
        "previous_review_on": "",
        "scheduled_on": day.isoformat(),
        "scheduled_time": "16:00",
        "venue": "At school",
        "format": "in_person",
    }
    return {**form, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"venue": f"At{CONTROL} school"}, REFUSED),
        ({"venue": "V" * 201}, "Field cannot be longer than 200 characters"),
        ({"scheduled_time": "99:99"}, "Enter the time of the meeting"),
        ({"kind": "fourth"}, "Not a valid choice"),
    ],
)
def test_bad_review_details_are_refused_and_nothing_is_stored(
    staff_client, organisation, changes, message
):
    admin, _ = staff_client(Role.REVIEW_ADMIN)
    child = factories.child(organisation, looked_after_since=reviews.local_today())
    url = f"/staff/children/{child.id}/reviews/new"
    token = admin.csrf_token(url)
    soup = admin.post_page(url, status=400, data={"csrf_token": token, **review_form(**changes)})
    assert message in soup.get_text()
    assert count(Review) == 0


@pytest.mark.parametrize(
    ("label", "message"),
    [(f"M{CONTROL}um", REFUSED), ("L" * 101, "Field cannot be longer than 100 characters")],
)
def test_a_bad_invitation_label_is_refused(staff_client, organisation, label, message):
    admin, _ = staff_client(Role.REVIEW_ADMIN)
    review = factories.review(factories.child(organisation))
    url = f"/staff/reviews/{review.id}/invitations/new"
    soup = admin.get_page(url)
    data = {
        "csrf_token": soup.find("input", attrs={"name": "csrf_token"})["value"],
        "nonce": soup.find("input", attrs={"name": "nonce"})["value"],
        "role": "parent",
        "label": label,
        "language": "en",
    }
    assert message in admin.post_page(url, status=400, data=data).get_text()
    assert count(Invitation) == 0


ORGANISATION_FIELDS = {
    "name": 200,
    "advocacy_service_name": 200,
    "advocacy_service_email": 320,
    "independent_visitor_provider_name": 200,
    "independent_visitor_provider_email": 320,
    "complaints_email": 320,
    "helpline_text": 500,
    "worried_adult_text": 500,
    "duty_email": 320,
    "out_of_hours_phone": 40,
    "plain_words": 5000,
}


def organisation_form(**changes):
    form = {
        "name": "Northshire",
        "advocacy_service_name": "Hear Me",
        "advocacy_service_email": "hearme@example.org",
        "independent_visitor_provider_name": "NYAS",
        "independent_visitor_provider_email": "iv@example.org",
        "complaints_email": "complaints@example.org",
        "helpline_text": "Call 01632 960 001",
        "data_retention_days": "365",
        "complaint_reply_working_days": "10",
        "worried_adult_text": "Children's services 01632 960 100",
    }
    return {**form, **changes}


def too_long(field: str, limit: int) -> str:
    if field.endswith("email"):
        return "a" * (limit - len("@example.org") + 1) + "@example.org"
    return "x" * (limit + 1)


def post_organisation(admin, **changes):
    token = admin.csrf_token("/staff/admin/organisation")
    return admin.post_page(
        "/staff/admin/organisation",
        status=400,
        data={"csrf_token": token, **organisation_form(**changes)},
    )


@pytest.mark.parametrize(
    "field", [*ORGANISATION_FIELDS, "data_retention_days", "complaint_reply_working_days"]
)
def test_a_nul_in_the_organisation_settings_is_refused(staff_client, organisation, field):
    admin, _ = staff_client(Role.SYSADMIN)
    before = organisation.name
    assert REFUSED in post_organisation(admin, **{field: f"12{CONTROL}3"}).get_text()
    db.session.refresh(organisation)
    assert organisation.name == before


@pytest.mark.parametrize(("field", "limit"), ORGANISATION_FIELDS.items())
def test_organisation_fields_longer_than_their_columns_are_refused(
    staff_client, organisation, field, limit
):
    admin, _ = staff_client(Role.SYSADMIN)
    before = organisation.name
    soup = post_organisation(admin, **{field: too_long(field, limit)})
    assert soup.find(class_="error-summary") is not None
    db.session.refresh(organisation)
    assert organisation.name == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 400, "Enter a number of at most 4 digits"),
        ("-" + "9" * 400, "Enter a number of at most 4 digits"),
        ("12", "Number must be between 30 and 3650"),
        ("1e9", "Not a valid integer value"),
    ],
)
def test_the_retention_period_is_bounded(staff_client, organisation, value, message):
    admin, _ = staff_client(Role.SYSADMIN)
    assert message in post_organisation(admin, data_retention_days=value).get_text()
    db.session.refresh(organisation)
    assert organisation.data_retention_days == 365


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0800 123", "Enter a phone number"),
        ("<script>alert(1)</script>", "Enter a phone number"),
        ("9" * 400, "Enter a phone number"),
    ],
)
def test_the_out_of_hours_number_must_be_a_phone_number(staff_client, organisation, value, message):
    admin, _ = staff_client(Role.SYSADMIN)
    assert message in post_organisation(admin, out_of_hours_phone=value).get_text()
    db.session.refresh(organisation)
    assert organisation.out_of_hours_phone == ""


def test_the_out_of_hours_number_is_stored_as_e164(staff_client, organisation):
    admin, _ = staff_client(Role.SYSADMIN)
    token = admin.csrf_token("/staff/admin/organisation")
    response = admin.post(
        "/staff/admin/organisation",
        data={"csrf_token": token, **organisation_form(out_of_hours_phone="0300 123 4567")},
    )
    assert response.status_code == 303
    db.session.refresh(organisation)
    assert organisation.out_of_hours_phone == "+443001234567"
    page = admin.get_page("/staff/admin/organisation")
    assert page.find("input", id="out_of_hours_phone")["value"] == "0300 123 4567"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"note": "x" * 2001}, "Use 2,000 characters or fewer"),
        ({"to": "allocated", "allocated_to": "J" * 61}, "Use 60 characters or fewer"),
        ({"to": "allocated", "allocated_to": "Jo", "contact_by": "31/02/2027"}, "Not a valid date"),
        ({"to": "x" * 500}, "Choose one of the next steps"),
        ({"note": f"Rang{CONTROL}"}, REFUSED),
    ],
)
def test_bad_request_steps_are_refused_and_nothing_changes(app, organisation, fields, message):
    from portal.models import RequestEvent, RequestStatus, SupportRequest
    from tests.request_helpers import ask
    from tests.request_helpers import young_person as asking_child

    client, _review, _iro = asking_child(app, organisation)
    ask(client)
    request = db.session.execute(select(SupportRequest)).scalar_one()
    advocacy = app.test_client()
    factories.sign_in(advocacy, factories.staff(organisation, Role.ADVOCACY))
    url = f"/staff/requests/{request.id}"
    data = {"csrf_token": advocacy.csrf_token(url), "to": "acknowledged", **fields}
    response = advocacy.post(url, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.refresh(request)
    assert request.status is RequestStatus.RECEIVED
    assert count(RequestEvent) == 0


@pytest.fixture
def young_person(app, organisation):
    _review, _iro, issued = review_with_iro(organisation)
    return participant(app, issued.invitation, issued.token)


def test_a_nul_in_a_caption_is_refused_and_nothing_is_kept(young_person, app):
    response = post_upload(young_person, media.jpeg(64, 64), caption=f"My{CONTROL} poster")
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert count(Attachment) == 0


def test_a_nul_in_a_changed_caption_is_refused(young_person):
    assert post_upload(young_person, media.jpeg(64, 64), caption="My poster").status_code == 303
    token = young_person.csrf_token("/consultation/pictures")
    attachment = db.session.execute(select(Attachment)).scalar_one()
    response = young_person.post(
        f"/consultation/attachments/{attachment.id}",
        data={"csrf_token": token, "caption": f"Changed{CONTROL}", "visibility": "meeting"},
    )
    assert response.status_code == 400
    db.session.refresh(attachment)
    assert attachment.caption == "My poster"


def test_a_nul_in_an_answer_is_refused(young_person):
    from tests.consultation_helpers import page_fields

    data = {
        **page_fields(young_person, "/consultation/home"),
        "home.words": f"It is{CONTROL} fine",
        "action": "continue",
    }
    response = young_person.post("/consultation/home", data=data)
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


def test_a_nul_in_a_letter_code_or_a_search_is_refused(client, staff_client):
    token = client.csrf_token("/code")
    assert (
        client.post("/code", data={"csrf_token": token, "code": f"AB{CONTROL}"}).status_code == 400
    )
    iro, _ = staff_client(Role.IRO)
    response = iro.get("/staff/", query_string={"q": f"Sam{CONTROL}"})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


def test_a_database_error_never_logs_the_values(app, organisation, caplog):
    """The engine hides parameters: an error names the statement, never a child's details."""
    db.session.add(
        Child(
            organisation_id=organisation.id + 10_000,  # no such organisation: refused
            name="Jayden",
            date_of_birth=date(2012, 3, 4),
            case_reference="MOSAIC-77123",
            looked_after_since=date(2020, 1, 1),
        )
    )
    with pytest.raises(IntegrityError) as raised:
        db.session.flush()
    db.session.rollback()
    message = str(raised.value)
    for personal in ("Jayden", "2012-03-04", "MOSAIC-77123"):
        assert personal not in message
    assert "parameters hidden" in message.lower()


def test_an_unexpected_error_in_a_view_logs_no_personal_data(
    staff_client, organisation, caplog, monkeypatch
):
    admin, _ = staff_client(Role.REVIEW_ADMIN)

    def broken_add_child(user, details):
        db.session.execute(
            text("INSERT INTO child (organisation_id, name) VALUES (:org, :name)"),
            {"org": -1, "name": details.name},
        )

    monkeypatch.setattr(reviews, "add_child", broken_add_child)
    token = admin.csrf_token("/staff/children/new")
    with caplog.at_level(logging.INFO):
        response = admin.post(
            "/staff/children/new",
            data={
                "csrf_token": token,
                **factories.child_form(name="Jayden", case_reference="MOSAIC-77123"),
            },
        )
    assert response.status_code == 500
    logged = "\n".join(
        record.getMessage() + (str(record.exc_info[1]) if record.exc_info else "")
        for record in caplog.records
    )
    assert "unhandled error" in logged
    assert "Jayden" not in logged
    assert "MOSAIC-77123" not in logged


def test_request_logs_hold_no_query_strings_or_invitation_links():
    line = '127.0.0.1 - - "GET /staff/?q=Jayden&show=all HTTP/1.1" 200 -'
    assert redact(line) == '127.0.0.1 - - "GET /staff/?[redacted] HTTP/1.1" 200 -'
    assert "Jayden" not in redact('"GET /staff/children?name=Jayden HTTP/1.1"')


def test_the_development_servers_access_log_is_redacted(app, caplog):
    """Werkzeug's own access log (make run) passes through the same redaction."""
    logger = logging.getLogger("werkzeug")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logger.info('%s - - "%s" %s', "127.0.0.1", "GET /staff/?q=Jayden HTTP/1.1", "200")
    assert "Jayden" not in caplog.text
    assert "?[redacted]" in caplog.text


def test_nothing_half_stored_when_an_organisation_is_refused(staff_client, organisation):
    admin, _ = staff_client(Role.SYSADMIN)
    post_organisation(admin, name="New name", complaints_email="x" * 400)
    assert db.session.execute(select(Organisation.name)).scalar_one() == organisation.name
