"""Raising a request for help, and where it goes.

A request comes from an answer in a form when the form is sent (a question declares what it
raises), from the request page of a participant's session, or from the public self-referral
page. Each is written in the same transaction as the email that routes it: advocates to the
organisation's advocacy service, Independent Visitors to its provider, "talk to my IRO" and
interpreters to the review's IRO. The same request sent twice within a minute is one request.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit, i18n, outbox
from portal.extensions import db
from portal.models import (
    AdvocacyReason,
    ContactMethod,
    ContactTime,
    Invitation,
    Organisation,
    RequestKind,
    RequestSource,
    SupportRequest,
)
from portal.models.base import utcnow

# Within this long, the same request again is the one already made (a double tap, a retry).
REPEAT_WINDOW = timedelta(minutes=1)
NOTICE: dict[RequestKind, str] = {
    kind: f"request.{kind.value}" for kind in RequestKind if kind is not RequestKind.SAFETY_ALERT
}


@dataclass(frozen=True)
class RequestDetails:
    """What the person asked for and how to reach them: choices, and at most a few words."""

    kind: RequestKind
    reason: AdvocacyReason | None = None
    about: str = ""
    contact_method: ContactMethod | None = None
    phone: str = ""  # E.164, checked by the form
    email: str = ""
    message_ok: bool | None = None
    contact_time: ContactTime | None = None
    language: str = ""  # a code from portal.i18n, or ""
    interpreter_needed: bool = False
    for_themselves: bool = False  # an adult asking for an advocate of their own


@dataclass(frozen=True)
class Raised:
    request: SupportRequest
    new: bool  # False when this was the same request again within a minute


def recipients(request: SupportRequest) -> list[str]:
    """Who is told about a request: the service that provides it, or the review's IRO."""
    organisation = request.organisation
    if request.kind is RequestKind.ADVOCATE:
        return [organisation.advocacy_service_email]
    if request.kind is RequestKind.INDEPENDENT_VISITOR:
        return [organisation.independent_visitor_provider_email]
    return outbox.review_team(request.review) if request.review is not None else []


def route(request: SupportRequest) -> None:
    """Tell whoever deals with it, in the caller's transaction: a link, never a name or words."""
    outbox.notify(NOTICE[request.kind], recipients(request), f"/staff/requests/{request.id}")


def from_invitation(
    invitation: Invitation, details: RequestDetails, source: RequestSource = RequestSource.SESSION
) -> Raised:
    """A request made on the request page of a participant's session."""
    return _raise(
        raised_through(invitation, source=source, **_columns(details)),
        identity=f"invitation:{invitation.id}",
        details=details,
    )


def raised_through(invitation: Invitation, **columns: Any) -> SupportRequest:
    """A new request raised through an invitation: for its review's child, by its participant,
    named as the invitation names them (kept when the invitation is purged)."""
    review = invitation.review
    return SupportRequest(
        organisation_id=review.child.organisation_id,
        child_id=review.child_id,
        review=review,
        invitation=invitation,
        raised_by_role=invitation.role,
        raised_by_name=invitation.label,
        **columns,
    )


def self_referral(organisation: Organisation, first_name: str, details: RequestDetails) -> Raised:
    """A request from the public page, by someone with no invitation."""
    return _raise(
        SupportRequest(
            organisation=organisation,
            source=RequestSource.SELF_REFERRAL,
            raised_by_name=first_name,
            **_columns(details),
        ),
        identity=f"self:{organisation.id}:{first_name.casefold()}",
        details=details,
    )


def from_answers(invitation: Invitation, kinds: list[RequestKind], language: str) -> None:
    """What a sent form's answers raise, added to the caller's transaction (the submission's).
    A kind already asked for through this invitation and still open is not asked for again, so
    sending a changed form does not repeat requests."""
    open_kinds = {
        request.kind
        for request in db.session.execute(
            select(SupportRequest).where(SupportRequest.invitation_id == invitation.id)
        ).scalars()
        if request.is_open
    }
    now = utcnow()
    for kind in kinds:
        if kind in open_kinds:
            continue
        request = raised_through(
            invitation,
            source=RequestSource.FORM,
            kind=kind,
            language=_language_code(language) if kind is RequestKind.INTERPRETER else "",
            interpreter_needed=kind is RequestKind.INTERPRETER,
            fingerprint=fingerprint(f"form:{invitation.id}:{now.isoformat()}", kind.value),
            minute=minute_of(now),
        )
        db.session.add(request)
        db.session.flush()
        route(request)
        audit.record_for_invitation(
            "request.raised", invitation, by_participant=True, request=request.id, kind=kind.value
        )


def _raise(request: SupportRequest, identity: str, details: RequestDetails) -> Raised:
    now = utcnow()
    request.fingerprint = fingerprint(identity, json.dumps(asdict(details), default=str))
    request.minute = minute_of(now)
    request.created_at = request.status_changed_at = request.last_raised_at = now
    repeat = _recent(request.fingerprint, now)
    if repeat is not None:
        return Raised(repeat, new=False)
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:  # the same request at the same moment: the other one made it
        db.session.rollback()
        return Raised(_recent(request.fingerprint, now), new=False)  # type: ignore[arg-type]
    route(request)
    audit.record(
        "request.raised",
        organisation_id=request.organisation_id,
        invitation=request.invitation,
        subject=request.invitation,
        child_id=request.child_id,
        request=request.id,
        kind=request.kind.value,
    )
    db.session.commit()
    return Raised(request, new=True)


def _recent(fingerprint: str, now: datetime) -> SupportRequest | None:
    """The same request made within the last minute (this minute or the one before, so a repeat
    across a minute's boundary is caught too)."""
    return db.session.execute(
        select(SupportRequest)
        .where(
            SupportRequest.fingerprint == fingerprint,
            SupportRequest.minute.in_([minute_of(now), minute_of(now) - 1]),
            SupportRequest.created_at >= now - REPEAT_WINDOW,
        )
        .order_by(SupportRequest.id)
        .limit(1)
    ).scalar_one_or_none()


def _columns(details: RequestDetails) -> dict[str, Any]:
    values = asdict(details)
    if not i18n.is_supported(values["language"]):
        values["language"] = ""
    return values


def _language_code(words: str) -> str:
    named = i18n.named(words)
    return named.code if named else ""


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def minute_of(moment: datetime) -> int:
    return int(moment.timestamp() // 60)
