"""`make crash-test`: the load of `make load` on PostgreSQL, and in the middle of it every
gunicorn instance is killed with SIGKILL (master and workers, as a power cut would), so nothing
serves (nginx answers 502) for a few seconds; then they are started again and the load carries
on (the simulated phones retry as consultation.js does, with the same idempotency keys).

Afterwards, checked in the database (exit status 1 if any check fails):

- every acknowledged save is there: each answer holds the last value the server acknowledged,
  or a later save the server applied but whose answer was lost in the outage (that one was
  never acknowledged, so it may or may not be kept; it must not be a value never sent);
- every acknowledged upload and send is there;
- no half-written submission: each has its snapshot of answers (never empty), every attachment
  it names exists, its audit record (written in the same transaction) exists, and every
  invitation marked as sent has a submission;
- no half-written upload: each attachment's stored file and thumbnail exist, are not empty,
  and match the attachment's size and SHA-256; no stored file is left that no attachment
  references.

Writes benchmarks/results/crash.md and crash.json. Configured like benchmarks/load.py
(LOAD_DATABASE_URL, REDIS_URL, LOAD_USERS, LOAD_IROS, LOAD_RUN_TIME), plus CRASH_AFTER (s after
the load starts: 30) and CRASH_DOWN_FOR (s before restarting: 5).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks import load

CRASH_AFTER = float(os.environ.get("CRASH_AFTER", "30"))
DOWN_FOR = float(os.environ.get("CRASH_DOWN_FOR", "5"))


def integrity(url: str) -> dict[str, Any]:
    from portal import create_app
    from portal.extensions import db
    from portal.models import (
        Attachment,
        AuditEvent,
        Consultation,
        Invitation,
        StoredFile,
        Submission,
    )

    problems: list[str] = []
    counts: dict[str, int] = {}
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        session = db.session
        attachment_ids = set(session.execute(select(Attachment.id)).scalars())
        submissions = session.execute(select(Submission)).scalars().all()
        counts["submissions"] = len(submissions)
        for submission in submissions:
            if not isinstance(submission.answers, dict) or not submission.answers:
                problems.append(f"submission {submission.id} has no answers")
            for item in submission.attachments or []:
                if item.get("id") not in attachment_ids:
                    problems.append(f"submission {submission.id} names a missing attachment")
        audited = dict(
            session.execute(
                select(AuditEvent.actor_invitation_id, func.count())
                .where(AuditEvent.action == "consultation.submit")
                .group_by(AuditEvent.actor_invitation_id)
            ).all()
        )
        sent = dict(
            session.execute(
                select(Consultation.invitation_id, func.count(Submission.id))
                .join(Submission, Submission.consultation_id == Consultation.id)
                .group_by(Consultation.invitation_id)
            ).all()
        )
        if audited != sent:
            problems.append(f"submissions {sent} and their audit records {audited} differ")
        marked = set(
            session.execute(
                select(Invitation.id).where(Invitation.submitted_at.is_not(None))
            ).scalars()
        )
        counts["invitations_marked_sent"] = len(marked)
        if marked != set(sent):
            problems.append(f"marked sent without a submission: {sorted(marked - set(sent))}")
        sizes: dict[str, int] = dict(
            session.execute(select(StoredFile.key, func.length(StoredFile.data))).all()
        )
        counts["stored_files"] = len(sizes)
        referenced: set[str] = set()
        attachments = session.execute(select(Attachment)).scalars().all()
        counts["attachments"] = len(attachments)
        for attachment in attachments:
            referenced.add(attachment.storage_key)
            data = session.execute(
                select(StoredFile.data).where(StoredFile.key == attachment.storage_key)
            ).scalar()
            if not data:
                problems.append(f"attachment {attachment.id}: stored file missing or empty")
            elif (
                len(data) != attachment.size_bytes
                or hashlib.sha256(data).hexdigest() != attachment.sha256
            ):
                problems.append(f"attachment {attachment.id}: stored file differs")
            if attachment.thumbnail_key:
                referenced.add(attachment.thumbnail_key)
                if not sizes.get(attachment.thumbnail_key):
                    problems.append(f"attachment {attachment.id}: thumbnail missing or empty")
        orphans = set(sizes) - referenced
        counts["unreferenced_stored_files"] = len(orphans)
        if orphans:
            problems.append(f"{len(orphans)} stored files nobody references")
        db.engine.dispose()
    return {"counts": counts, "problems": problems, "ok": not problems}


def run() -> dict[str, Any]:
    from tests.stack import migrate, production_stack

    tmp = Path(tempfile.mkdtemp(prefix="crash-"))
    shape = load.SHAPES["postgresql"]
    print(f"scratch directory {tmp}", flush=True)
    events: list[dict[str, Any]] = []
    with load.scratch_database("postgresql", tmp) as url:
        env = load.stack_env(url, shape)
        migrate(env)
        data = load.seed(url, tmp)
        with production_stack(
            env, tmp, instances=shape["instances"], forwarded_for="$http_x_forwarded_for"
        ) as stack:
            began = time.monotonic()
            locust = load.start_locust(stack.url, tmp, load.RUN_TIME)
            time.sleep(CRASH_AFTER)
            names = [n for n in stack.instances if n in stack.processes]
            for name in names:
                stack.kill_instance(name)
            killed_at, killed_wall = time.monotonic() - began, time.time()
            events.append({"at_s": round(killed_at, 1), "what": f"kill -9 {names}"})
            print(f"killed {names} at {killed_at:.1f} s", flush=True)
            time.sleep(DOWN_FOR)
            for name in names:
                stack.start_instance(name)  # returns once it answers /healthz
            back_at, back_wall = time.monotonic() - began, time.time()
            events.append({"at_s": round(back_at, 1), "what": f"{names} serving again"})
            print(f"back at {back_at:.1f} s", flush=True)
            load.wait_for_locust(locust, load.RUN_TIME)
            elapsed = time.monotonic() - began
        stats = load.locust_stats(tmp, elapsed)
        acks = load.read_acks(tmp)
        checked = load.verify(url, tmp)
        whole = integrity(url)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "young_people": len(data["young"]),
            "iros": len(data["iros"]),
            "duration_s": round(elapsed, 1),
            "events": events,
            "outage_s": round(back_at - killed_at, 1),
            "requests": stats["overall"]["requests"],
            "failed_requests": stats["overall"]["failures"],
            "failures": stats["failures"],
            "groups": stats["groups"],
            "saves_not_acknowledged": len([e for e in acks if not e["ack"]]),
            "saves_not_acknowledged_in_outage": len(
                [e for e in acks if not e["ack"] and killed_wall <= e["at"] <= back_wall + 60]
            ),
            "young_people_who_sent": checked["sends_acknowledged"],
            "verification": checked,
            "integrity": whole,
            "server_log": load.server_log_findings(tmp),
            "machine": load.machine("postgresql", url),
        }
    result["ok"] = checked["ok"] and whole["ok"]
    if result["ok"]:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"kept {tmp} (logs, acks)", flush=True)
    return result


def write_report(result: dict[str, Any]) -> None:
    load.RESULTS.mkdir(parents=True, exist_ok=True)
    (load.RESULTS / "crash.json").write_text(json.dumps(result, indent=2) + "\n")
    v, whole, m = result["verification"], result["integrity"], result["machine"]
    counts = whole["counts"]
    lines = [
        "# Crash: kill -9 under load (`make crash-test`)",
        "",
        f"Measured {result['when']} on {m['nproc']} cores ({m['cpu']}); "
        f"{m['gunicorn_instances']} gunicorn instances x {m['gunicorn_workers']} workers x "
        f"{m['gunicorn_threads']} threads behind nginx; {m['database_version'].split(' on ')[0]}; "
        "uploads stored in the database (STORAGE_BACKEND=database).",
        "",
        f"The load of `make load` ({result['young_people']} young people, {result['iros']} "
        "IROs). Then:",
        "",
        *[f"- at {e['at_s']} s: {e['what']}" for e in result["events"]],
        "",
        f"Nothing served for {result['outage_s']} s (nginx answered 502). The simulated phones "
        "retried as consultation.js does (same idempotency key, 2 s, 4 s, 8 s ... apart); "
        f"the run ended after {result['duration_s']} s, when all who could had sent.",
        "",
        "## During the outage",
        "",
        f"- {result['requests']} requests in all; {result['failed_requests']} failed "
        "(none of them was acknowledged):",
        *[f"  - {f['name']}: {f['error']} x{f['count']}" for f in result["failures"]],
        f"- {result['saves_not_acknowledged']} save, upload or send attempts were never "
        "acknowledged in the end (each failed request was retried with the same idempotency "
        "key until the server acknowledged it).",
        f"- gunicorn answered {result['server_log']['responses_by_status']}; "
        f"{result['server_log']['tracebacks']} tracebacks.",
        "",
        "## Checks",
        "",
        f"- Acknowledged saves: {v['save_requests_acknowledged']} save requests acknowledged; "
        f"of the {v['answers_checked']} answers they leave, "
        f"{v['answers_matching_last_acknowledged']} hold the last acknowledged value and "
        f"{v['answers_holding_a_later_unacknowledged_save']} a later save that was applied "
        f"but never acknowledged; **{len(v['lost'])} lost**.",
        f"- Uploads acknowledged and found: {v['uploads_verified']}/{v['uploads_acknowledged']}; "
        f"sends acknowledged and found with their answers: "
        f"{v['sends_verified']}/{v['sends_acknowledged']} "
        f"(of {result['young_people']} young people).",
        f"- Submissions: {counts['submissions']}, each with its answers, its attachments and "
        f"its audit record; invitations marked as sent: {counts['invitations_marked_sent']}, "
        "each with a submission.",
        f"- Attachments: {counts['attachments']}, each with its file and thumbnail present, "
        f"non-empty and matching size and SHA-256; stored files: {counts['stored_files']}, "
        f"unreferenced: {counts['unreferenced_stored_files']}.",
        f"- Problems: {len(whole['problems']) + len(v['problems']) + len(v['lost'])}"
        + "".join(f"\n  - {p}" for p in [*whole["problems"], *v["problems"]]),
        "",
        f"**{'PASSED' if result['ok'] else 'FAILED'}**",
        "",
    ]
    (load.RESULTS / "crash.md").write_text("\n".join(lines))


def main() -> int:
    if not shutil.which("nginx"):
        print("make crash-test needs nginx (apt-get install nginx)", file=sys.stderr)
        return 2
    result = run()
    write_report(result)
    print((load.RESULTS / "crash.md").read_text())
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
