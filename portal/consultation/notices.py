"""Who is told when a form is sent, through the outbox, in the same transaction as the sending.

Views tell the review's IRO. Feedback tells the IRO too; an answer that raises a compliment
also tells the IRO service's managers, and one that raises a complaint tells the
organisation's complaints team. An answer that asks for help (an advocate, an Independent
Visitor, talking to the IRO first, an interpreter) raises a request, a record routed by
portal/requests/raising.py. Questions declare what they raise (`Question.raises`, and
`Question.detail_for` for the interpreter's language); nothing here knows a question by its id.
No email carries anyone's name or words: only a link.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal import outbox, reviews, timescales
from portal.consultation import forms
from portal.consultation.schema import FormDefinition
from portal.models import Consultation, Purpose, RequestKind, Submission
from portal.requests import raising

SENT_NOTICE = {
    Purpose.VIEWS: "consultation.submitted",
    Purpose.FEEDBACK: "feedback.received",
    Purpose.MIDPOINT: "midpoint.received",
}


def raised(form: FormDefinition, answers: dict[str, dict[str, Any]]) -> list[str]:
    """What the answers raise, in the order the form asks: ["complaint"], ["compliment"], ..."""
    kinds = []
    for question in form.questions:
        value = answers.get(question.id, {}).get("value")
        for answer, kind in question.raises:
            chosen = value if isinstance(value, list) else [value]
            if answer in chosen and kind not in kinds:
                kinds.append(kind)
    return kinds


def send(consultation: Consultation, submission: Submission, form: FormDefinition) -> None:
    review = consultation.invitation.review
    outbox.notify_review_team(review, SENT_NOTICE[consultation.purpose])
    for kind in raised(form, submission.answers):
        if kind == "compliment":
            outbox.notify_addresses(review, "feedback.compliment", _service(review))
        elif kind == "complaint":
            organisation = review.child.organisation
            outbox.notify_addresses(review, "feedback.complaint", [organisation.complaints_email])
    requested = [RequestKind(kind) for kind in raised(form, submission.answers) if kind in REQUESTS]
    if requested:
        raising.from_answers(
            consultation.invitation, requested, detail(form, submission.answers, "interpreter")
        )


REQUESTS = frozenset(kind.value for kind in RequestKind if kind is not RequestKind.SAFETY_ALERT)


def detail(form: FormDefinition, answers: dict[str, dict[str, Any]], kind: str) -> str:
    """The answer that details a request (the interpreter's language), if the form asks it."""
    for question in form.questions:
        if question.detail_for == kind:
            value = answers.get(question.id, {}).get("value")
            return value if isinstance(value, str) else ""
    return ""


def complaint_reply_by(consultation: Consultation) -> date | None:
    """When the complaints team replies by, counted in working days from the day of the latest
    send, if it raised a complaint."""
    latest = consultation.latest_submission
    form = forms.get(consultation.form_key, consultation.form_version)
    if latest is None or form is None or "complaint" not in raised(form, latest.answers):
        return None
    days = consultation.invitation.review.child.organisation.complaint_reply_working_days
    sent_on = latest.submitted_at.astimezone(reviews.local_zone()).date()
    return timescales.add_working_days(sent_on, days)


def _service(review: Any) -> list[str]:
    """The IRO and the managers of the IRO service."""
    return [*outbox.review_team(review), *outbox.managers(review.child.organisation_id)]
