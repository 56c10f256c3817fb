"""The review pack: HTML for a child's submission with every answer of the 13+ form, 3 pictures
and a voice message (target: under 150 ms); its PDF (target: under 3 s)."""

from __future__ import annotations

import uuid

from werkzeug.datastructures import MultiDict

from benchmarks.harness import benchmark_app, count_queries, signed_in_client, timed
from portal import attachments
from portal.consultation import answers, engine, forms
from portal.models import AttachmentKind, Role, Visibility
from tests import factories, media
from tests.consultation_helpers import sample_answer


def _fill(consultation) -> int:  # type: ignore[no-untyped-def]
    form = forms.young_person_form(15)
    total = 0
    for page in form.pages:
        if page.attachments:
            continue
        fields: MultiDict[str, str] = MultiDict()
        for n, question in enumerate(page.questions):
            for name, value in sample_answer(question).items():
                for item in value if isinstance(value, list) else [value]:
                    fields.add(name, item)
            fields[f"{question.id}.visibility"] = "meeting" if n % 3 else "iro_only"
            total += 1
        parsed, errors = answers.parse_page(page, fields)
        assert not errors, errors
        engine.save_page(consultation, page, parsed, uuid.uuid4().hex, "en")
    return total


def run() -> list[str]:
    with benchmark_app() as app:
        with app.app_context(), app.test_request_context("/"):
            organisation = factories.organisation()
            iro = factories.staff(organisation, Role.IRO)
            child = factories.child(organisation, iro, name="Kai", age=15)
            review = factories.review(child)
            issued = factories.invitation(review)
            consultation = engine.start(issued.invitation)
            count = _fill(consultation)
            for n, picture in enumerate(
                [media.jpeg(2400, 1800), media.jpeg(1600, 1200), media.jpeg(900, 900)]
            ):
                upload = attachments.Upload(
                    AttachmentKind.PHOTO, picture, f"Poster {n}", Visibility.MEETING
                )
                attachments.add(consultation, upload, uuid.uuid4().hex, "en")
            voice = attachments.Upload(
                AttachmentKind.VOICE, media.recording(60, "webm", "libopus"), "", Visibility.MEETING
            )
            attachments.add(consultation, voice, uuid.uuid4().hex, "en")
            engine.submit(
                consultation, helper=None, idempotency_key=uuid.uuid4().hex, language="en"
            )
            email, secret, review_id = iro.email, iro.totp_secret or "", review.id
        client = signed_in_client(app, email, secret, factories.PASSWORD)
        html_url = f"/staff/reviews/{review_id}/pack?pack=iro"
        pdf_url = f"/staff/reviews/{review_id}/pack.pdf?pack=iro"
        assert client.get(html_url).status_code == 200
        queries = count_queries(app, lambda: client.get(html_url))
        html = timed(
            f"Pack HTML ({count} answers, 3 pictures, a voice message)",
            lambda: client.get(html_url),
        )
        pdf = timed("Pack PDF (the same pack)", lambda: client.get(pdf_url), runs=5, warmup=1)
        size = len(client.get(pdf_url).data)
        return [
            str(html),
            f"  {queries} SQL statements per pack page",
            str(pdf),
            f"  {size / 1024:.0f} KB",
        ]
