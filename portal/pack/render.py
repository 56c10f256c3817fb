"""A pack as a page, a PDF (for the child's record, OFFICIAL-SENSITIVE) and JSON (for
case-recording systems). All three read the same assembled Pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import render_template, url_for

from portal import attachments, pdf
from portal.pack.assemble import Pack

SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")
SCHEMA_ID = "https://review-portal.example/schemas/review-pack/1"


def render_html(pack: Pack, *, may_read_private: bool = False) -> str:
    return render_template(
        "staff/pack/show.html", pack=pack, for_pdf=False, may_read_private=may_read_private
    )


def attachment_url(pack: Pack, attachment_id: int, *, thumbnail: bool = False) -> str:
    endpoint = "staff.pack_attachment_thumbnail" if thumbnail else "staff.pack_attachment_file"
    return url_for(endpoint, review_id=pack.review.id, attachment_id=attachment_id)


def pdf_html(pack: Pack) -> str:
    """The HTML a pack's PDF is made from."""
    return render_template("staff/pack/pdf.html", pack=pack, for_pdf=True)


def render_pdf(pack: Pack) -> bytes:
    """The pack as a PDF, its pictures embedded from storage (not fetched over the network)."""
    return pdf.html_to_pdf(pdf_html(pack), files=_picture_files(pack))


def _picture_files(pack: Pack) -> dict[str, tuple[bytes, str]]:
    """The pictures the pack shows, read from storage; their rows were loaded with the pack."""
    shown = {
        item.id
        for contribution in pack.contributions + pack.addenda
        for item in contribution.attachments
        if item.kind != "voice" and not item.missing
    }
    rows = [
        row
        for invitation in pack.review.invitations
        if invitation.consultation is not None
        for row in invitation.consultation.attachments
        if row.id in shown
    ]
    files = {}
    for row in rows:
        data = attachments.file_of(row)
        if data is not None:
            files[attachment_url(pack, row.id)] = (data, row.content_type)
    return files


def to_json(pack: Pack) -> dict[str, Any]:
    review = pack.review
    return {
        "$schema": SCHEMA_ID,
        "schema_version": 1,
        "pack": pack.audience.value,
        "generated_at": pack.generated_at.isoformat(),
        "locked_at": pack.locked_at.isoformat(),
        "review": {
            "id": review.id,
            "kind": review.kind.value,
            "number": pack.review_number,
            "scheduled_at": review.scheduled_at.isoformat(),
            "due_date": review.due_date.isoformat(),
            "venue": review.venue,
            "format": review.format.value,
            "status": review.status.value,
            "participation_code": review.participation_code.value
            if review.participation_code
            else None,
        },
        "child": {
            "name": pack.child_name,
            "age": pack.child_age,
            "case_reference": review.child.case_reference,
        },
        "iro": {"name": pack.iro_name},
        "contributions": [
            _contribution(c) for c in pack.contributions + pack.addenda if c.version > 0
        ],
        "urgent": [
            {
                "participant": c.invitation.label,
                "role": c.invitation.role.value,
                "at": c.urgent_at.isoformat(),
            }
            for c in pack.urgent
            if c.urgent_at is not None
        ],
        "invitations": [
            {
                "label": line.label,
                "role": line.role,
                "state": line.state,
                "first_opened_at": line.first_opened_at.isoformat()
                if line.first_opened_at
                else None,
                "submitted_at": line.submitted_at.isoformat() if line.submitted_at else None,
            }
            for line in pack.invitations
        ],
    }


def _contribution(contribution: Any) -> dict[str, Any]:
    return {
        "participant": {
            "role": contribution.invitation.role.value,
            "label": contribution.invitation.label,
        },
        "form": contribution.form_title,
        "version": contribution.version,
        "sent_at": contribution.sent_at.isoformat(),
        "helped_by": contribution.helper,
        "channel": "portal_form",
        "late": contribution.late,
        "answers": [
            {
                "question_id": answer.question_id,
                "question": answer.question,
                "theme": answer.theme,
                "answer": answer.lines,
                "own_words": answer.own_words,
                "language": answer.language,
                "visibility": answer.visibility.value,
                "changed_since_first": answer.changed,
                "first_answer": answer.first_lines,
            }
            for answer in contribution.answers
        ],
        "attachments": [
            {
                "id": item.id,
                "kind": item.kind,
                "caption": item.caption,
                "caption_language": item.caption_language,
                "visibility": item.visibility.value,
                "width": item.width,
                "height": item.height,
                "duration_seconds": item.duration_seconds,
                "missing": item.missing,
            }
            for item in contribution.attachments
        ],
    }
