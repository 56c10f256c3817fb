"""The letter to the child about what was decided: written by their IRO after the review is
held, checked for professional words (a warning), read by the child and by no other participant
unless the IRO chose them, with reactions, a question and help to read it; and its 20 working
days tracked on the dashboard and per IRO."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest
from sqlalchemy import select

from portal import child_letters, reviews, timescales
from portal.extensions import db
from portal.models import (
    AuditEvent,
    ChildLetter,
    OutboxEmail,
    ParticipantRole,
    Reaction,
    RequestKind,
    Role,
    SupportRequest,
)
from tests import factories

DECIDED = "You will stay with Jo and Sam. You will see your brother every Saturday."


def signed_in(app, person):
    browser = app.test_client()
    factories.sign_in(browser, person)
    return browser


@pytest.fixture
def held_review(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    review = factories.review(factories.child(organisation, iro, name="Kai", age=14), in_days=-3)
    people = {
        role: factories.invitation(review, role, language=language)
        for role, language in (
            (ParticipantRole.CHILD, "ar"),
            (ParticipantRole.PARENT, "en"),
            (ParticipantRole.CARER, "en"),
        )
    }
    factories.hold(review, reviews.local_today() - timedelta(days=3))
    return review, iro, people


def write(browser, review, action="send", status=303, **fields):
    url = f"/staff/reviews/{review.id}/letter"
    data = {
        "csrf_token": browser.csrf_token(url),
        "talked_about": "We talked about school and football.",
        "decided": DECIDED,
        "actions": "Sam, your social worker, will book the dentist by 20 March.",
        "action": action,
        **fields,
    }
    response = browser.post(url, data=data)
    assert response.status_code == status, response.status_code
    return response


def reader(app, issued):
    client = app.test_client()
    factories.open_invitation(client, issued)
    return client


def test_the_child_reads_the_letter_in_their_language_and_no_one_else_does(app, held_review):
    review, iro, people = held_review
    write(signed_in(app, iro), review)
    child = reader(app, people[ParticipantRole.CHILD])
    welcome = child.get_page("/welcome")
    assert welcome.find("a", href="/letter") is not None
    page = child.get_page("/letter")
    assert page.html["dir"] == "rtl"
    assert DECIDED in page.get_text()
    assert page.find(string=lambda s: s and "What was decided" in s) is None  # headings in Arabic
    text_block = page.find("div", class_="answer-text")
    assert text_block["dir"] == "auto"
    for role in (ParticipantRole.PARENT, ParticipantRole.CARER):
        other = reader(app, people[role])
        assert other.get("/letter").status_code == 404
        assert other.get("/letter.pdf").status_code == 404
        assert other.get_page("/welcome").find("a", href="/letter") is None


def test_the_iro_chooses_who_else_reads_it(app, held_review):
    review, iro, people = held_review
    parent = people[ParticipantRole.PARENT]
    write(signed_in(app, iro), review, share_with=str(parent.invitation.id))
    assert DECIDED in reader(app, parent).get_page("/letter").get_text()
    assert reader(app, people[ParticipantRole.CARER]).get("/letter").status_code == 404


def test_a_draft_is_not_read_by_anyone(app, held_review):
    review, iro, people = held_review
    write(signed_in(app, iro), review, action="save")
    assert reader(app, people[ParticipantRole.CHILD]).get("/letter").status_code == 404


def test_a_letter_for_a_review_not_held_is_refused(app, organisation):
    iro = factories.staff(organisation, Role.IRO)
    review = factories.review(factories.child(organisation, iro), in_days=5)
    response = write(signed_in(app, iro), review, status=400)
    assert "A letter is written after the review is held" in response.get_data(as_text=True)
    assert db.session.execute(select(ChildLetter)).first() is None


def test_professional_words_are_flagged_but_the_letter_still_sends(app, held_review):
    review, iro, people = held_review
    organisation = review.child.organisation
    organisation.plain_words = "PEP = your school plan"
    db.session.commit()
    browser = signed_in(app, iro)
    write(
        browser,
        review,
        decided="Your placement continues. Contact with siblings is weekly. Your PEP is updated.",
    )
    page = browser.get_page(f"/staff/reviews/{review.id}/letter")
    warning = page.find(id="decided-words").get_text(" ")
    for word, plain in (
        ("placement", "where you live, your home"),
        ("Contact", "family time, seeing your family"),
        ("siblings", "brothers and sisters"),
        ("PEP", "your school plan"),
    ):
        assert word in warning
        assert plain in warning
    assert "placement" in reader(app, people[ParticipantRole.CHILD]).get_page("/letter").get_text()


def test_only_the_childs_iro_writes_it(app, organisation, held_review):
    review, _iro, _people = held_review
    for person in (
        factories.staff(organisation, Role.IRO),
        factories.staff(organisation, Role.MANAGER),
        factories.staff(organisation, Role.REVIEW_ADMIN),
    ):
        assert signed_in(app, person).get(f"/staff/reviews/{review.id}/letter").status_code == 404


def test_reactions_a_question_and_help_to_read(app, held_review):
    review, iro, people = held_review
    write(signed_in(app, iro), review)
    child = reader(app, people[ParticipantRole.CHILD])
    token = child.csrf_token("/letter")
    assert (
        child.post(
            "/letter/reaction", data={"csrf_token": token, "reaction": "thumbs_up"}
        ).status_code
        == 303
    )
    assert (
        child.post(
            "/letter/reaction", data={"csrf_token": token, "reaction": "thumbs_down"}
        ).status_code
        == 303
    )
    letter = db.session.execute(select(ChildLetter)).scalar_one()
    assert [r.reaction for r in letter.reactions] == [Reaction.THUMBS_DOWN]
    assert (
        child.post("/letter/reaction", data={"csrf_token": token, "reaction": "meh"}).status_code
        == 400
    )
    empty = child.post("/letter/question", data={"csrf_token": token, "question": "  "})
    assert empty.status_code == 400
    asked = child.post(
        "/letter/question", data={"csrf_token": token, "question": "Can I see Gran too?"}
    )
    assert asked.status_code == 303
    talk = db.session.execute(
        select(SupportRequest).where(SupportRequest.kind == RequestKind.TALK_TO_IRO)
    ).scalar_one()
    assert talk.about == "Can I see Gran too?"
    assert any(e.to_address == iro.email for e in db.session.execute(select(OutboxEmail)).scalars())
    helped = child.post("/letter/help", data={"csrf_token": token, "help": "interpreter"})
    assert helped.status_code == 303
    interpreter = db.session.execute(
        select(SupportRequest).where(SupportRequest.kind == RequestKind.INTERPRETER)
    ).scalar_one()
    assert interpreter.language == "ar"
    assert child.post("/letter/help", data={"csrf_token": token, "help": "x"}).status_code == 400


def test_the_letter_as_a_pdf_for_the_record(app, held_review):
    review, iro, people = held_review
    browser = signed_in(app, iro)
    write(browser, review)
    response = browser.get(f"/staff/reviews/{review.id}/letter.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "You will stay with Jo and Sam" in " ".join(text.split())
    child_pdf = reader(app, people[ParticipantRole.CHILD]).get("/letter.pdf")
    assert child_pdf.mimetype == "application/pdf"
    audit = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "letter.sent")
    ).scalar_one()
    assert audit.detail == {"shared_with": 0}


def test_the_dashboard_lists_letters_due_and_overdue(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    today = reviews.local_today()
    recent = factories.review(factories.child(organisation, iro, name="Recent Ria"), in_days=-2)
    factories.hold(recent, today - timedelta(days=2))
    old = factories.review(factories.child(organisation, iro, name="Old Olu"), in_days=-60)
    factories.hold(old, today - timedelta(days=60))
    page = signed_in(app, iro).get_page("/staff/")
    section = page.find("section", attrs={"aria-labelledby": "letters-title"}).get_text(" ")
    assert "Recent Ria" in section
    assert "Old Olu" in section
    olu = section.split("Old Olu", 1)[1][:120]
    assert "Overdue" in olu
    ria = section.split("Recent Ria", 1)[1].split("Old Olu")[0]
    assert "Overdue" not in ria
    assert child_letters.record_due(recent) == timescales.add_working_days(recent.held_on, 20)


def test_written_within_20_working_days_per_iro(app, organisation):
    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    on_time = factories.review(factories.child(organisation, iro), in_days=-40)
    factories.hold(on_time, date(2026, 10, 1))
    late = factories.review(factories.child(organisation, iro), in_days=-40)
    factories.hold(late, date(2026, 10, 1))
    never = factories.review(factories.child(organisation, iro), in_days=-40)
    factories.hold(never, date(2026, 10, 1))
    for review, sent_on in ((on_time, date(2026, 10, 29)), (late, date(2026, 10, 30))):
        letter = child_letters.save(review, {"decided": "x"}, [], by=iro, send=True)
        letter.sent_at = reviews.datetime.combine(
            sent_on, reviews.time(12), tzinfo=reviews.local_zone()
        )
    db.session.commit()
    # 20 working days after Thu 1 Oct 2026 is Thu 29 Oct.
    assert child_letters.record_due(on_time) == date(2026, 10, 29)
    [figure] = child_letters.written_on_time(organisation.id, date(2026, 9, 1), date(2026, 12, 1))
    assert (figure.iro_name, figure.held, figure.on_time, figure.percent) == (
        "Priya Shah",
        3,
        1,
        33,
    )


@pytest.mark.parametrize("field", ["talked_about", "decided", "actions"])
def test_an_over_long_letter_is_refused_and_nothing_is_kept(app, held_review, field):
    review, iro, _people = held_review
    response = write(signed_in(app, iro), review, status=400, **{field: "x" * 5001})
    assert "Use 5,000 characters or fewer" in response.get_data(as_text=True)
    assert db.session.execute(select(ChildLetter)).first() is None


def test_a_question_too_long_is_refused(app, held_review):
    review, iro, people = held_review
    write(signed_in(app, iro), review)
    child = reader(app, people[ParticipantRole.CHILD])
    token = child.csrf_token("/letter")
    response = child.post("/letter/question", data={"csrf_token": token, "question": "x" * 1001})
    assert response.status_code == 400
    assert db.session.execute(select(SupportRequest)).first() is None


def test_parents_chosen_read_their_own_version(app, held_review):
    review, iro, people = held_review
    parent = people[ParticipantRole.PARENT]
    adult = "Dear Mum, at Kai's review we agreed he stays with his carers."
    write(signed_in(app, iro), review, share_with=str(parent.invitation.id), adult_version=adult)
    parent_page = reader(app, parent).get_page("/letter").get_text()
    assert adult in parent_page
    assert DECIDED not in parent_page
    child_page = reader(app, people[ParticipantRole.CHILD]).get_page("/letter").get_text()
    assert DECIDED in child_page
    assert adult not in child_page


def test_the_review_page_shows_when_the_letter_is_due_and_the_organisation_figure(
    app, held_review, organisation
):
    review, iro, _people = held_review
    browser = signed_in(app, iro)
    due = child_letters.record_due(review)
    page = browser.get_page(f"/staff/reviews/{review.id}").get_text(" ")
    assert "(the written record): due by" in page
    write(browser, review)
    assert "(the written record): sent" in browser.get_page(f"/staff/reviews/{review.id}").get_text(
        " "
    )
    figures = child_letters.written_on_time(organisation.id, review.held_on, review.held_on)
    whole = child_letters.organisation_figure(figures)
    assert (whole.held, whole.on_time, whole.percent) == (1, 1, 100)
    assert child_letters.sent_on(review.letter) <= due
