"""The IRO's dashboard for a caseload of 80 children (target: under 150 ms)."""

from __future__ import annotations

from benchmarks.harness import benchmark_app, count_queries, signed_in_client, timed
from portal.models import ParticipantRole, Role
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
                for role in (ParticipantRole.CHILD, ParticipantRole.PARENT, ParticipantRole.CARER):
                    factories.invitation(review, role, by=iro)
            email, secret = iro.email, iro.totp_secret or ""
        client = signed_in_client(app, email, secret, factories.PASSWORD)
        client.get("/staff/")
        queries = count_queries(app, lambda: client.get("/staff/"))
        timing = timed(f"Dashboard, {CASELOAD} children", lambda: client.get("/staff/"))
        return [str(timing), f"  {queries} SQL statements per dashboard request"]
