"""A pack as a page, a PDF (for the child's record, OFFICIAL-SENSITIVE) and JSON (for
case-recording systems). All three read the same assembled Pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import render_template, url_for

from portal import pdf, storage
from portal.pack.assemble import Pack, Section

SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")
SCHEMA_ID = "https://review-portal.example/schemas/review-pack/1"


def render_html(pack: Pack, *, may_read_private: bool = False) -> str:
    return render_template(
        "staff/pack/show.html", pack=pack, for_pdf=False, may_read_private=may_read_private
    )


def attachment_url(pack: Pack, attachment_id: int, *, thumbnail: bool = False) -> str:
    endpoint = "staff.pack_attachment_thumbnail" if thumbnail else "staff.pack_attachment_file"
    return url_for(endpoint, review_id=pack.header.review_id, attachment_id=attachment_id)


def pdf_html(pack: Pack) -> str:
    """The HTML a pack's PDF is made from."""
    return render_template("staff/pack/pdf.html", pack=pack, for_pdf=True)


def render_pdf(pack: Pack) -> bytes:
    """The pack as a PDF, its pictures embedded from storage (not fetched over the network)."""
    return pdf.html_to_pdf(pdf_html(pack), files=_picture_files(pack))


def _picture_files(pack: Pack) -> dict[str, tuple[bytes, str]]:
    """The pictures the pack shows, read from storage."""
    files = {}
    for item in pack.attachments:
        if item.kind == "voice" or item.missing:
            continue
        data = storage.storage().read(item.storage_key)
        if data is not None:
            files[attachment_url(pack, item.id)] = (data, item.content_type)
    return files


def to_json(pack: Pack) -> dict[str, Any]:
    header = pack.header
    return {
        "$schema": SCHEMA_ID,
        "schema_version": 1,
        "pack": pack.audience.value,
        "generated_at": pack.generated_at.isoformat(),
        "locked_at": pack.locked_at.isoformat(),
        "review": {
            "id": header.review_id,
            "kind": header.kind,
            "number": header.number,
            "scheduled_at": header.scheduled_at.isoformat(),
            "due_date": header.due_date.isoformat(),
            "venue": header.venue,
            "format": header.format,
            "status": header.status,
            "participation_code": header.participation_code,
        },
        "child": {
            "name": header.child_name,
            "age": header.child_age,
            "case_reference": header.case_reference,
        },
        "iro": {"name": header.iro_name},
        "contributions": [_section(s) for s in pack.sections + pack.addenda],
        "urgent": [
            {
                "participant": alert.label,
                "role": alert.role,
                "at": alert.at.isoformat(),
                "status": alert.status,
            }
            for alert in pack.alerts
        ],
        "requests": [
            {
                "kind": request.kind,
                "label": request.label,
                "raised_at": request.raised_at.isoformat(),
                "about": request.about,
            }
            for request in pack.requests
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


def _section(section: Section) -> dict[str, Any]:
    return {
        "participant": {"role": section.participant.role, "label": section.participant.label},
        "form": section.form_title,
        "version": section.version,
        "sent_at": section.sent_at.isoformat(),
        "helped_by": section.helper,
        "channel": section.channel,
        "late": section.late,
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
            for answer in section.answers
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
            for item in section.attachments
        ],
    }
