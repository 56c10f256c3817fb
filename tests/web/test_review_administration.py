"""Review administrators: adding children, scheduling reviews, inviting participants, letters."""

import io
import re
from datetime import date, timedelta

import pypdf
import pytest
from sqlalchemy import func, select

from portal import invitations, letters, reviews, timescales
from portal.extensions import db
from portal.models import AuditEvent, Child, Invitation, ParticipantRole, Review, Role
from portal.models.base import utcnow
from tests import factories
from tests.pages import check_page


@pytest.fixture
def admin(staff_client):
    return staff_client(Role.REVIEW_ADMIN)


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_adding_a_child(admin, organisation):
    browser, _ = admin
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    data = factories.child_form(iro_id=str(iro.id), interpreter_needed="y")
    token = browser.csrf_token("/staff/children/new")
    response = browser.post("/staff/children/new", data={"csrf_token": token, **data})
    assert response.status_code == 303
    child = db.session.execute(select(Child)).scalar_one()
    assert (child.name, child.preferred_language, child.iro_id) == ("Amira", "ar", iro.id)
    assert child.interpreter_needed
    soup = browser.get_page(response.headers["Location"])
    assert "Arabic (العربية)" in soup.get_text()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date_of_birth": "2100-01-01"},
            "must be today or in the past",
        ),
        ({"looked_after_since": "2001-01-01"}, "must be after their birth"),
        ({"date_of_birth": "not a date"}, "Enter a date of birth"),
        ({"name": ""}, "Enter the child's first or chosen name"),
    ],
)
def test_bad_child_details_are_refused_and_nothing_is_stored(admin, changes, message):
    browser, _ = admin
    token = browser.csrf_token("/staff/children/new")
    soup = browser.post_page(
        "/staff/children/new",
        status=400,
        data={"csrf_token": token, **factories.child_form(**changes)},
    )
    assert message in soup.find(class_="error-summary").get_text()
    assert count(Child) == 0


def test_an_iro_from_another_organisation_cannot_be_allocated(admin):
    browser, _ = admin
    outsider = factories.staff(factories.organisation(), Role.IRO)
    token = browser.csrf_token("/staff/children/new")
    soup = browser.post_page(
        "/staff/children/new",
        status=400,
        data={"csrf_token": token, **factories.child_form(iro_id=str(outsider.id))},
    )
    assert "Choose an IRO from your organisation" in soup.get_text()
    assert count(Child) == 0


def test_scheduling_suggests_a_date_from_the_statutory_due_date(admin, organisation):
    browser, _ = admin
    since = reviews.local_today() - timedelta(days=3)
    child = factories.child(organisation, looked_after_since=since)
    due = timescales.due_date(
        reviews.ReviewKind.FIRST, looked_after_since=since, previous_review_on=None
    )
    soup = browser.get_page(f"/staff/children/{child.id}/reviews/new")
    assert soup.find("select", id="kind").find("option", selected=True)["value"] == "first"
    suggested = timescales.suggested_date(due, reviews.local_today())
    assert soup.find("input", id="scheduled_on")["value"] == suggested.isoformat()
    assert "20 working days after" in soup.get_text()


def review_form(day, **changes):
    form = {
        "kind": "first",
        "previous_review_on": "",
        "scheduled_on": day.isoformat(),
        "scheduled_time": "16:00",
        "venue": "At school",
        "format": "in_person",
    }
    form.update(changes)
    return form


def test_scheduling_a_review_stores_its_due_date(admin, organisation):
    browser, _ = admin
    since = date(2026, 12, 10)
    child = factories.child(organisation, looked_after_since=since)
    url = f"/staff/children/{child.id}/reviews/new"
    token = browser.csrf_token(url)
    response = browser.post(url, data={"csrf_token": token, **review_form(date(2027, 1, 7))})
    assert response.status_code == 303
    review = db.session.execute(select(Review)).scalar_one()
    assert review.due_date == date(2027, 1, 12)
    assert review.scheduled_at.hour == 16  # 4pm in London is 16:00 UTC in January


def test_a_review_before_the_child_became_looked_after_is_refused(admin, organisation):
    browser, _ = admin
    child = factories.child(organisation, looked_after_since=date(2026, 6, 1))
    url = f"/staff/children/{child.id}/reviews/new"
    token = browser.csrf_token(url)
    soup = browser.post_page(
        url, status=400, data={"csrf_token": token, **review_form(date(2026, 5, 20))}
    )
    assert "cannot be before the child became looked after" in soup.get_text()
    assert count(Review) == 0


def test_a_second_review_needs_the_previous_reviews_date(admin, organisation):
    browser, _ = admin
    child = factories.child(organisation)
    url = f"/staff/children/{child.id}/reviews/new"
    token = browser.csrf_token(url)
    soup = browser.post_page(
        url,
        status=400,
        data={
            "csrf_token": token,
            **review_form(reviews.local_today() + timedelta(days=9), kind="second"),
        },
    )
    assert "Enter the date of the previous review" in soup.get_text()
    assert count(Review) == 0


def issue_invitation(browser, review, role="carer", language="en", label="Foster carer"):
    url = f"/staff/reviews/{review.id}/invitations/new"
    page = browser.get_page(url)
    data = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "nonce": page.find("input", attrs={"name": "nonce"})["value"],
        "role": role,
        "label": label,
        "language": language,
    }
    return browser.post(url, data=data), data


def secrets_on(soup):
    """The link's token and the letter's code, from the hidden fields of the issued page."""
    token = soup.find("input", attrs={"name": "token"})["value"]
    code = soup.find("input", attrs={"name": "code"})["value"]
    return token, code


def test_inviting_shows_the_link_and_code_once_and_stores_only_digests(admin, organisation):
    browser, person = admin
    review = factories.review(factories.child(organisation, language="ar"))
    form = browser.get_page(f"/staff/reviews/{review.id}/invitations/new")
    assert form.find("select", id="language").find("option", selected=True)["value"] == "ar"

    response, _ = issue_invitation(browser, review)
    assert response.status_code == 200
    soup = check_page(response)
    token, code = secrets_on(soup)
    assert f"http://portal.test/i/{token}" in soup.get_text()
    assert invitations.format_code(code) in soup.get_text()
    assert len(token) == 43  # 32 random bytes, base64url

    invitation = db.session.execute(select(Invitation)).scalar_one()
    assert invitation.token_hash == invitations.digest(token)
    assert invitation.code_hash == invitations.digest(code)
    stored = " ".join(str(v) for v in vars(invitation).values())
    assert token not in stored
    assert code not in stored
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "invitation.issue")
    ).scalar_one()
    assert (event.actor_staff_id, event.object_id) == (person.id, invitation.id)


def test_posting_the_same_invitation_form_twice_issues_once(admin, organisation):
    browser, _ = admin
    review = factories.review(factories.child(organisation))
    response, data = issue_invitation(browser, review)
    assert response.status_code == 200
    again = browser.post(f"/staff/reviews/{review.id}/invitations/new", data=data)
    assert again.status_code == 303
    assert count(Invitation) == 1


def open_letter(browser, invitation_id, token, code, pdf=False):
    csrf = browser.csrf_token("/staff/")
    suffix = ".pdf" if pdf else ""
    return browser.post(
        f"/staff/invitations/{invitation_id}/letter{suffix}",
        data={"csrf_token": csrf, "token": token, "code": code},
    )


def test_the_letter_is_in_the_participants_language_with_qr_code(admin, organisation):
    browser, _ = admin
    review = factories.review(factories.child(organisation, name="Omar", language="ar"))
    response, _ = issue_invitation(browser, review, role="child", language="ar", label="")
    token, code = secrets_on(check_page(response))
    invitation = db.session.execute(select(Invitation)).scalar_one()
    letter = open_letter(browser, invitation.id, token, code)
    soup = check_page(letter)
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert soup.find("svg", class_="letter-qr")
    assert invitations.format_code(code) in soup.get_text()
    assert f"/i/{token}" in soup.get_text()


def test_a_letter_needs_the_real_link_and_code(admin, organisation):
    browser, _ = admin
    review = factories.review(factories.child(organisation))
    issued = factories.invitation(review)
    other = invitations.new_token()
    assert open_letter(browser, issued.invitation.id, other, issued.code).status_code == 404
    assert open_letter(browser, issued.invitation.id, issued.token, "ABCD").status_code == 404
    assert open_letter(browser, issued.invitation.id, issued.token, issued.code).status_code == 200


def test_the_pdf_letter_is_an_attachment_with_the_code_in_it(admin, organisation):
    browser, _ = admin
    review = factories.review(factories.child(organisation, name="Kai"))
    issued = factories.invitation(review)
    response = open_letter(browser, issued.invitation.id, issued.token, issued.code, pdf=True)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert issued.display_code in text
    assert "Kai" not in response.headers["Content-Disposition"]


def test_reissue_stops_the_old_link_and_its_sessions(admin, organisation, app):
    browser, _ = admin
    review = factories.review(factories.child(organisation))
    issued = factories.invitation(review)
    participant = app.test_client()
    factories.open_invitation(participant, issued)
    assert participant.get("/welcome").status_code == 200

    url = f"/staff/invitations/{issued.invitation.id}/reissue"
    page = browser.get_page(url)
    response = browser.post(
        url,
        data={
            "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
            "nonce": page.find("input", attrs={"name": "nonce"})["value"],
        },
    )
    new_token, new_code = secrets_on(check_page(response))
    assert new_token != issued.token

    assert participant.get("/welcome").status_code == 404  # the old session has ended
    assert app.test_client().get(f"/i/{issued.token}").status_code == 404
    fresh = app.test_client()
    assert fresh.get(f"/i/{new_token}").status_code == 303
    assert fresh.get("/welcome").headers["Location"] == "/secret"  # the secret outlives links
    token = fresh.csrf_token("/code")
    assert fresh.post("/code", data={"csrf_token": token, "code": issued.code}).status_code == 404
    assert fresh.post("/code", data={"csrf_token": token, "code": new_code}).status_code == 303
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "invitation.reissue" in actions


def test_revoking_stops_the_link_at_once(admin, organisation, app):
    browser, _ = admin
    review = factories.review(factories.child(organisation))
    issued = factories.invitation(review)
    participant = app.test_client()
    factories.open_invitation(participant, issued)
    url = f"/staff/invitations/{issued.invitation.id}/revoke"
    browser.post(url, data={"csrf_token": browser.csrf_token(url)})
    assert participant.get("/welcome").status_code == 404
    assert app.test_client().get(f"/i/{issued.token}").status_code == 404
    soup = browser.get_page(f"/staff/reviews/{review.id}")
    assert "Revoked" in soup.get_text()


def test_invitations_expire_after_the_review(organisation, app):
    review = factories.review(factories.child(organisation), in_days=3)
    issued = factories.invitation(review)
    expected = review.scheduled_at + timedelta(days=app.config["INVITATION_DAYS_AFTER_REVIEW"])
    assert issued.invitation.expires_at == expected
    issued.invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(f"/i/{issued.token}").status_code == 404


def test_review_page_shows_each_invitations_state(admin, organisation, app):
    browser, _ = admin
    review = factories.review(factories.child(organisation))
    opened = factories.invitation(review)
    factories.invitation(review, ParticipantRole.PARENT)
    app.test_client().get(f"/i/{opened.token}")
    text = browser.get_page(f"/staff/reviews/{review.id}").get_text()
    assert re.search(r"Opened \d", text)
    assert "Not opened" in text


@pytest.mark.parametrize(("language", "font"), [("ti", "Portal-Ethiopic"), ("ar", "Portal-Arabic")])
def test_pdf_letters_embed_fonts_for_ethiopic_and_arabic_script(app, organisation, language, font):
    review = factories.review(factories.child(organisation, name="Yonas"))
    issued = factories.invitation(review, language=language)
    with app.test_request_context("/"):
        pdf = letters.render_pdf(issued)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {
        str(entry.get_object()["/BaseFont"])
        for page in reader.pages
        for entry in page["/Resources"]["/Font"].values()
    }
    assert any(font in name for name in fonts), fonts
