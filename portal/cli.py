"""Command-line tasks: `flask --app wsgi <command>`."""

from __future__ import annotations

import json
import signal
import time
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal import (
    accounts,
    config_check,
    demo,
    history_import,
    outbox,
    reminders,
    retention,
    reviews,
)
from portal.extensions import db
from portal.font_subsets import subset_fonts_command
from portal.models import Organisation, Role
from portal.requests import alerts


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_organisation)
    app.cli.add_command(create_staff)
    app.cli.add_command(purge_expired)
    app.cli.add_command(deliver_outbox)
    app.cli.add_command(import_reviews)
    app.cli.add_command(check_config)
    app.cli.add_command(outbox_worker)
    app.cli.add_command(subset_fonts_command)


@click.command("seed-demo")
def seed_demo() -> None:
    """Create (or refresh) the demo organisation, staff, children, reviews and invitations.

    Prints one JSON document with the sign-ins and invitation links. Running it again does not
    duplicate anything: it sets new passwords and reissues the demo invitations.
    """
    click.echo(json.dumps(demo.seed(), indent=2))


@click.command("create-organisation")
@click.option("--name", prompt=True)
@click.option("--advocacy-name", prompt="Advocacy service name")
@click.option("--advocacy-email", prompt="Advocacy service email")
@click.option("--iv-name", prompt="Independent Visitor provider name")
@click.option("--iv-email", prompt="Independent Visitor provider email")
@click.option("--complaints-email", prompt=True)
@click.option("--helpline", prompt="Help line text shown to children", default="")
@click.option(
    "--worried-adult-contact",
    prompt="Contact shown to parents and carers worried about a child",
    default="",
)
@click.option("--complaint-reply-days", type=click.IntRange(1, 65), default=10, show_default=True)
@click.option("--retention-days", type=click.IntRange(30, 3650), default=365, show_default=True)
def create_organisation(
    name: str,
    advocacy_name: str,
    advocacy_email: str,
    iv_name: str,
    iv_email: str,
    complaints_email: str,
    helpline: str,
    worried_adult_contact: str,
    complaint_reply_days: int,
    retention_days: int,
) -> None:
    """Add a local authority."""
    organisation = Organisation(
        name=name,
        advocacy_service_name=advocacy_name,
        advocacy_service_email=advocacy_email,
        independent_visitor_provider_name=iv_name,
        independent_visitor_provider_email=iv_email,
        complaints_email=complaints_email,
        helpline_text=helpline,
        worried_adult_text=worried_adult_contact,
        complaint_reply_working_days=complaint_reply_days,
        data_retention_days=retention_days,
    )
    db.session.add(organisation)
    db.session.commit()
    click.echo(f"Created organisation {organisation.id}: {organisation.name}")


@click.command("create-staff")
@click.option("--organisation", "organisation_name", prompt=True, help="The organisation's name")
@click.option("--name", prompt=True)
@click.option("--email", prompt=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), prompt=True)
@click.password_option(help="At least 12 characters, hard to guess")
@click.option(
    "--own-password",
    is_flag=True,
    help="The person is typing their own password: do not ask them to change it.",
)
def create_staff(
    organisation_name: str, name: str, email: str, role: str, password: str, own_password: bool
) -> None:
    """Add a member of staff. They set up their security code at first sign-in, and choose a
    new password then unless --own-password says they typed this one themselves."""
    organisation = db.session.execute(
        select(Organisation).where(Organisation.name == organisation_name)
    ).scalar_one_or_none()
    if organisation is None:
        raise click.ClickException(f"No organisation is called {organisation_name!r}")
    if accounts.find_by_email(email):
        raise click.ClickException("Someone already has an account with this email address")
    try:
        user = accounts.create_staff(
            organisation,
            name=name,
            email=email,
            role=Role(role),
            password=password,
            change_required=not own_password,
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.title} account {user.id} for {user.email}")


@click.command("purge-expired")
def purge_expired() -> None:
    """Delete expired sessions, and invitations (with what was sent through them) whose
    organisation's retention period after expiry has passed."""
    result = retention.purge_expired()
    click.echo(
        f"Deleted {result.sessions} expired sessions and {result.invitations} ended invitations"
        f" ({result.orphan_files} unreferenced files)"
    )


@click.command("deliver-outbox")
@click.option("--loop", is_flag=True, help="Keep running, delivering every --interval seconds.")
@click.option("--interval", type=float, default=30.0, show_default=True)
@click.option("--iterations", type=int, default=0, help="With --loop: stop after this many rounds.")
def deliver_outbox(loop: bool, interval: float, iterations: int) -> None:
    """Escalate safety alerts nobody acknowledged in time, queue the reminders that are due,
    then send the emails waiting in the outbox, retrying failures with growing pauses."""
    rounds = 0
    while True:
        escalated = alerts.escalate_due()
        if escalated:
            click.echo(f"Escalated {escalated} unacknowledged safety alert(s)")
        reminded = reminders.send_due()
        if reminded:
            click.echo(f"Queued {reminded} reminder(s)")
        report = outbox.deliver_due()
        click.echo(f"Sent {report.sent}, failed {report.failed}, gave up on {report.given_up}")
        rounds += 1
        if not loop or (iterations and rounds >= iterations):
            return
        time.sleep(interval)


@click.command("import-reviews")
@click.argument("file", type=click.File("rb"))
@click.option("--organisation", "organisation_name", required=True, help="Its unique name.")
def import_reviews(file: Any, organisation_name: str) -> None:
    """Import past reviews from the council's old system (UTF-8 CSV with a header row; see
    portal/history_import.py for the columns). All of the file goes in, or none of it."""
    organisation = db.session.execute(
        select(Organisation).where(Organisation.name == organisation_name)
    ).scalar_one_or_none()
    if organisation is None:
        raise click.ClickException(f"No organisation is called {organisation_name!r}")
    try:
        result = history_import.import_reviews(organisation, file.read(), reviews.local_today())
    except history_import.ImportRefused as refused:
        for problem in refused.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"Nothing was imported: {len(refused.problems)} problem(s) in the file"
        ) from None
    click.echo(
        f"Imported: {result.children_created} children added, {result.reviews_created} reviews"
        f" added, {result.reviews_updated} reviews changed"
    )


@click.command("check-config")
@with_appcontext
def check_config() -> None:
    """Report what in this configuration would be unsafe in production (exit 1 if anything)."""
    found = config_check.findings(current_app)
    for finding in found:
        click.echo(str(finding))
    unsafe = [finding for finding in found if finding.level == config_check.UNSAFE]
    if unsafe:
        raise click.ClickException(f"{len(unsafe)} unsafe setting(s)")
    click.echo("No unsafe settings found.")


class _Stop:
    """Set by SIGTERM or SIGINT: the worker finishes the round it is in, then leaves."""

    requested = False

    @classmethod
    def request(cls, *_args: object) -> None:
        cls.requested = True


@click.command("outbox-worker")
@click.option("--interval", type=float, default=10.0, show_default=True)
@click.option("--rounds", type=int, default=0, help="Stop after this many rounds (0: never).")
def outbox_worker(interval: float, rounds: int) -> None:
    """Run continuously: escalate safety alerts nobody acknowledged, queue the reminders that
    are due (portal/reminders.py), then deliver the outbox (failures wait longer each time). Several workers on PostgreSQL never send one email twice
    (each is claimed with SELECT ... FOR UPDATE SKIP LOCKED). SIGTERM ends it after the round in
    hand, so a deploy never cuts a delivery in half."""
    _Stop.requested = False
    signal.signal(signal.SIGTERM, _Stop.request)
    signal.signal(signal.SIGINT, _Stop.request)
    done = 0
    while not _Stop.requested:
        escalated = alerts.escalate_due()
        reminded = reminders.send_due()
        report = outbox.deliver_due()
        if escalated or reminded or report.sent or report.failed or report.given_up:
            click.echo(
                f"Escalated {escalated}; reminded {reminded}; sent {report.sent},"
                f" failed {report.failed}, gave up on {report.given_up}"
            )
        done += 1
        if rounds and done >= rounds:
            break
        _wait(interval)
    click.echo("Outbox worker stopped.")


def _wait(seconds: float) -> None:
    """Sleep in short steps, so a stop request is answered within a fraction of a second."""
    until = time.monotonic() + seconds
    while not _Stop.requested and time.monotonic() < until:
        time.sleep(min(0.2, until - time.monotonic()))
