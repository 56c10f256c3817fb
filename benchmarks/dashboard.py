"""The IRO's dashboard for a caseload of 80 children, half of whom have sent their views and
asked for an advocate, and one in ten of whom has an open safety alert (target: under 150 ms);
and the advocacy service's worklist of those 40 requests."""

from __future__ import annotations

from benchmarks.harness import benchmark_app, count_queries, signed_in_client, timed
from portal.extensions import db
from portal.models import Consultation, ParticipantRole, RequestKind, Role, Submission
from portal.requests import alerts, raising
from tests import factories

CASELOAD = 80


def run() -> list[str]:
    with benchmark_app() as app:
        with app.app_context():
            organisation = factories.organisation()
            iro = factories.staff(organisation, Role.IRO)
            for n in range(CASELOAD):
                child = factories.child(organisation, iro, name=f"Child {n}")
                review = factories.review(child, in_days=2 + n % 55)
                issued = [
                    factories.invitation(review, role, by=iro)
                    for role in (
                        ParticipantRole.CHILD,
                        ParticipantRole.PARENT,
                        ParticipantRole.CARER,
                    )
                ]
                if n % 2 == 0:  # half the children have sent their views
                    consultation = Consultation(
                        invitation=issued[0].invitation,
                        form_key="young_person_13_plus",
                        form_version=1,
                    )
                    answers = {"meeting.advocate": {"value": "yes", "visibility": "meeting"}}
                    db.session.add(consultation)
                    db.session.add(
                        Submission(
                            consultation=consultation,
                            number=1,
                            idempotency_key=f"k{n}",
                            form_key="young_person_13_plus",
                            form_version=1,
                            language="en",
                            answers=answers,
                        )
                    )
                    raising.from_answers(issued[0].invitation, [RequestKind.ADVOCATE], "")
                if n % 10 == 0:
                    alerts.raise_alert(issued[1].invitation)
            db.session.commit()
            email, secret = iro.email, iro.totp_secret or ""
            advocacy = factories.staff(organisation, Role.ADVOCACY)
            advocacy_sign_in = (advocacy.email, advocacy.totp_secret or "")
        client = signed_in_client(app, email, secret, factories.PASSWORD)
        client.get("/staff/")
        queries = count_queries(app, lambda: client.get("/staff/"))
        timing = timed(f"Dashboard, {CASELOAD} children", lambda: client.get("/staff/"))
        worker = signed_in_client(app, *advocacy_sign_in, factories.PASSWORD)
        worker.get("/staff/requests")
        worklist_queries = count_queries(app, lambda: worker.get("/staff/requests"))
        worklist = timed(
            f"Advocacy worklist, {CASELOAD // 2} requests", lambda: worker.get("/staff/requests")
        )
        return [
            str(timing),
            f"  {queries} SQL statements per dashboard request",
            str(worklist),
            f"  {worklist_queries} SQL statements per worklist request",
        ]
