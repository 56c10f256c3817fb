"""`make load`: 100 young people complete their consultation at once (autosaves, one photo each,
send) while 10 IROs read dashboards, packs and PDFs, against nginx + gunicorn + PostgreSQL on
this machine, then the same against SQLite. Afterwards every acknowledged save is checked
against the database. Writes benchmarks/results/load.md, load-postgresql.json and
load-sqlite.json.

Everything listens on 127.0.0.1. Locust runs as a subprocess (it monkey-patches with gevent):
benchmarks/load/locustfile.py. Configuration from the environment:

- LOAD_DATABASE_URL: a PostgreSQL URL whose server may create and drop a scratch database
  (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
- REDIS_URL (default redis://127.0.0.1:6379): the rate limits' store, database 12 (flushed);
- LOAD_USERS (100), LOAD_IROS (10), LOAD_RUN_TIME (seconds, the bound on each run: 200);
- LOAD_DATABASES (postgresql,sqlite): which runs to make;
- LOAD_PACE: `people` (the default: people's own pauses between requests) or `flat-out` (no
  pauses, everyone at once: where each database stops keeping up). A flat-out run writes
  load-flat-out.md and load-flat-out-<database>.json instead.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
LOCUSTFILE = ROOT / "benchmarks" / "load" / "locustfile.py"
BIN = Path(sys.executable).parent

ADMIN_URL = os.environ.get("LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379").rstrip("/") + "/12"
YOUNG = int(os.environ.get("LOAD_USERS", "100"))
IROS = int(os.environ.get("LOAD_IROS", "10"))
RUN_TIME = int(os.environ.get("LOAD_RUN_TIME", "200"))
# Users started per second: the 100 young people arrive over 50 s (an evening's peak, squeezed),
# rather than all choosing their secret number (Argon2id, 64 MiB) in the same second.
SPAWN_RATE = 2
PACE = os.environ.get("LOAD_PACE", "people")
FLAT_OUT = PACE == "flat-out"
NAME = "load-flat-out" if FLAT_OUT else "load"
EXTRA_CHILDREN_PER_IRO = 45  # with the young people's, a caseload of 55: a realistic dashboard

# 2 cores: 2 instances (as two machines would be) x 2 workers x 4 threads = 16 requests in hand
# at once, enough to keep both cores busy while some threads wait on the database.
SHAPES = {
    "postgresql": {"instances": 2, "workers": 2, "threads": 4},
    # SQLite is one file on one machine: one instance, its workers sharing the file.
    "sqlite": {"instances": 1, "workers": 2, "threads": 4},
}

# The request groups reported on their own, by the names the locustfile gives them.
GROUPS = {
    "saves": ("autosave (htmx)", "save and continue"),
    "uploads": ("upload photo",),
    "sends": ("send",),
    "dashboard": ("dashboard",),
    "pack": ("pack (HTML)",),
    "PDF": ("pack PDF",),
    "child page": ("child page",),
    "pages (GET)": ("consultation page", "pictures page", "check answers", "send (page)"),
}


@dataclass
class Run:
    database: str
    url: str
    tmp: Path
    seed: dict[str, Any] = field(default_factory=dict)


@contextmanager
def scratch_database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'load.sqlite3'}"
        return
    from tests.stack import scratch_postgresql

    with scratch_postgresql(ADMIN_URL, "load") as url:
        yield url


def stack_env(url: str, shape: dict[str, int]) -> dict[str, str]:
    from tests.stack import instance_env

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = instance_env(
        url,
        rate_limits=REDIS_URL,
        workers=shape["workers"],
        threads=shape["threads"],
        LOG_LEVEL="WARNING",
    )
    return env


def seed(url: str, tmp: Path) -> dict[str, Any]:
    """The young people (13 and over, and 8 to 12, mixed), each with a review and an invitation,
    and the IROs with their caseloads; written to tmp/seed.json for the locust processes."""
    from portal import create_app, reviews
    from portal.consultation import forms
    from portal.extensions import db
    from portal.models import Purpose, Role
    from tests import factories, media

    random.seed(15)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    young: list[dict[str, Any]] = []
    iros: list[dict[str, Any]] = []
    with app.app_context():
        organisation = factories.organisation()
        admin = factories.staff(organisation, Role.REVIEW_ADMIN)
        officers = [factories.staff(organisation, Role.IRO) for _ in range(IROS)]
        today = reviews.local_today()
        for n in range(YOUNG):
            officer = officers[n % IROS]
            age = 13 + n % 6 if n % 2 == 0 else 8 + n % 5
            child = factories.child(organisation, officer, age=age, name=f"Young person {n}")
            review = factories.review(child, in_days=7 + n % 40)
            issued = factories.invitation(review, by=admin)
            form = forms.form_for(issued.invitation, Purpose.VIEWS, today)
            assert form is not None
            young.append(
                {
                    "token": issued.token,
                    "invitation_id": issued.invitation.id,
                    "review_id": review.id,
                    "child_id": child.id,
                    "iro": n % IROS,
                    "age": age,
                    "form": form.key,
                    "pages": [{"key": p.key, "attachments": p.attachments} for p in form.pages],
                    "address": f"10.1.{n // 250}.{n % 250 + 1}",
                }
            )
        for n, officer in enumerate(officers):
            for m in range(EXTRA_CHILDREN_PER_IRO):
                child = factories.child(
                    organisation, officer, age=4 + m % 14, name=f"Child {n}-{m}"
                )
                if m % 5:  # most have a review booked; the rest show when the next is due
                    factories.review(child, in_days=1 + m % 56)
            iros.append(
                {
                    "email": officer.email,
                    "password": factories.PASSWORD,
                    "totp_secret": officer.totp_secret,
                    "address": f"10.2.0.{n + 1}",
                    "reviews": [
                        {"review_id": p["review_id"], "child_id": p["child_id"]}
                        for p in young
                        if p["iro"] == n
                    ],
                }
            )
        db.session.commit()
        db.engine.dispose()
    photo = tmp / "photo.jpg"
    photo.write_bytes(media.jpeg(1600, 1200, quality=85))  # a phone photo's size, roughly
    data = {"young": young, "iros": iros, "photo": str(photo)}
    (tmp / "seed.json").write_text(json.dumps(data))
    return data


def start_locust(base_url: str, tmp: Path, run_time: int) -> subprocess.Popen[bytes]:
    (tmp / "acks").mkdir(exist_ok=True)
    users = YOUNG + IROS
    env = {**os.environ, "LOAD_SEED": str(tmp / "seed.json"), "LOAD_ACK_DIR": str(tmp / "acks")}
    return subprocess.Popen(
        [
            BIN / "locust",
            "-f",
            LOCUSTFILE,
            "--headless",
            "--host",
            base_url,
            "--users",
            str(users),
            "--spawn-rate",
            str(YOUNG if FLAT_OUT else SPAWN_RATE),
            "--run-time",
            f"{run_time}s",
            "--stop-timeout",
            "10",
            "--csv",
            tmp / "locust",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp / "locust.log").open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_for_locust(process: subprocess.Popen[bytes], run_time: int) -> None:
    try:
        process.wait(timeout=run_time + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def locust_stats(tmp: Path, elapsed: float) -> dict[str, Any]:
    """Locust's own figures (its percentiles are rounded to two significant digits)."""
    rows = list(csv.DictReader((tmp / "locust_stats.csv").open()))

    def figures(selected: list[dict[str, str]]) -> dict[str, Any]:
        count = sum(int(r["Request Count"]) for r in selected)
        failures = sum(int(r["Failure Count"]) for r in selected)
        if not count:
            return {"requests": 0, "failures": failures}
        if len(selected) == 1:
            row = selected[0]
            pct = {p: float(row[f"{p}%"]) for p in ("50", "95", "99")}
            mean = float(row["Average Response Time"])
        else:  # several names: weighted by count (an approximation, said so in the report)
            pct = {
                p: max(float(r[f"{p}%"]) for r in selected if int(r["Request Count"]))
                for p in ("50", "95", "99")
            }
            mean = sum(
                float(r["Average Response Time"]) * int(r["Request Count"]) for r in selected
            )
            mean /= count
        return {
            "requests": count,
            "failures": failures,
            "req_per_s": round(count / elapsed, 2),
            "p50_ms": pct["50"],
            "p95_ms": pct["95"],
            "p99_ms": pct["99"],
            "mean_ms": round(mean, 1),
        }

    by_name = {r["Name"]: r for r in rows}
    overall = figures([by_name["Aggregated"]])
    per_name = {name: figures([row]) for name, row in by_name.items() if name != "Aggregated"}
    groups = {}
    for group, names in GROUPS.items():
        present = [by_name[n] for n in names if n in by_name]
        if len(present) == 1:
            groups[group] = figures(present)
        elif present:
            groups[group] = {**figures(present), "of": names}
    failures_file = tmp / "locust_failures.csv"
    failures = list(csv.DictReader(failures_file.open())) if failures_file.exists() else []
    return {
        "overall": overall,
        "groups": groups,
        "requests": per_name,
        "failures": [
            {"name": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])}
            for f in failures
        ],
    }


def read_acks(tmp: Path) -> list[dict[str, Any]]:
    entries = []
    for path in sorted((tmp / "acks").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                entries.append(json.loads(line))
    return entries


def verify(url: str, tmp: Path) -> dict[str, Any]:
    """Every acknowledged save against the database: the stored answer to each question a
    young person saved is the last value the server acknowledged for it (or, only after an
    outage, a later save the server applied but could not acknowledge); every acknowledged
    upload has its receipt and its attachment; every acknowledged send has its submission, and
    the submission holds the acknowledged answers."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Attachment, Consultation, Purpose, SaveReceipt, Submission

    entries = read_acks(tmp)
    by_invitation: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_invitation[entry["invitation"]].append(entry)
    result: dict[str, Any] = {
        "save_requests_acknowledged": 0,
        "save_requests_not_acknowledged": 0,
        "answers_checked": 0,
        "answers_matching_last_acknowledged": 0,
        "answers_holding_a_later_unacknowledged_save": 0,
        "lost": [],
        "uploads_acknowledged": 0,
        "uploads_verified": 0,
        "sends_acknowledged": 0,
        "sends_verified": 0,
        "problems": [],
    }
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for invitation_id, log in by_invitation.items():
            consultation = db.session.execute(
                select(Consultation).where(
                    Consultation.invitation_id == invitation_id,
                    Consultation.purpose == Purpose.VIEWS,
                )
            ).scalar_one_or_none()
            saves = sorted((e for e in log if e["type"] == "save"), key=lambda e: e["seq"])
            last: dict[str, str] = {}
            later: dict[str, set[str]] = defaultdict(set)
            for save in saves:
                result[
                    "save_requests_acknowledged"
                    if save["ack"]
                    else "save_requests_not_acknowledged"
                ] += 1
                for question, value in save["values"].items():
                    if save["ack"]:
                        last[question], later[question] = value, set()
                    else:
                        later[question].add(value)
            stored = {a.question_id: a.value for a in consultation.answers} if consultation else {}
            for question, value in last.items():
                result["answers_checked"] += 1
                found = stored.get(question)
                shown = None if found is None else str(found)
                if shown == value:
                    result["answers_matching_last_acknowledged"] += 1
                elif shown in later[question]:
                    result["answers_holding_a_later_unacknowledged_save"] += 1
                else:
                    result["lost"].append(
                        {
                            "invitation": invitation_id,
                            "question": question,
                            "acknowledged": value,
                            "stored": found,
                        }
                    )
            for upload in (e for e in log if e["type"] == "upload" and e["ack"]):
                result["uploads_acknowledged"] += 1
                receipt = consultation and db.session.get(
                    SaveReceipt, (consultation.id, upload["key"])
                )
                kept = (
                    consultation
                    and db.session.execute(
                        select(Attachment.id).where(Attachment.consultation_id == consultation.id)
                    ).first()
                )
                if receipt and kept:
                    result["uploads_verified"] += 1
                else:
                    result["problems"].append(f"upload {upload['key']} of {invitation_id} missing")
            for send in (e for e in log if e["type"] == "send" and e["ack"]):
                result["sends_acknowledged"] += 1
                submission = (
                    consultation
                    and db.session.execute(
                        select(Submission).where(
                            Submission.consultation_id == consultation.id,
                            Submission.idempotency_key == send["key"],
                        )
                    ).scalar_one_or_none()
                )
                if submission is None:
                    result["problems"].append(f"send of {invitation_id} has no submission")
                    continue
                answers: dict[str, Any] = submission.answers  # type: ignore[assignment]
                sent = {q: str(a["value"]) for q, a in answers.items()}
                missing = [q for q, v in last.items() if sent.get(q) != v]
                if missing:
                    result["problems"].append(
                        f"submission of {invitation_id} lacks acknowledged {missing}"
                    )
                else:
                    result["sends_verified"] += 1
        db.engine.dispose()
    result["ok"] = not result["lost"] and not result["problems"]
    return result


def server_log_findings(tmp: Path) -> dict[str, Any]:
    text_ = "\n".join(p.read_text(errors="replace") for p in sorted(tmp.glob("gunicorn-*.log")))
    statuses: dict[str, int] = defaultdict(int)
    for match in re.finditer(r"^\S+ (?:GET|POST|HEAD|PUT|DELETE) (\d{3}) ", text_, re.M):
        statuses[match.group(1)] += 1
    return {
        "responses_by_status": dict(sorted(statuses.items())),
        "tracebacks": text_.count("Traceback (most recent call last)"),
        "database_is_locked": text_.count("database is locked"),
        "worker_timeouts": text_.count("WORKER TIMEOUT"),
    }


def machine(database: str, url: str) -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1) if found else ""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        **{f"gunicorn_{k}": v for k, v in SHAPES[database].items()},
        "gunicorn_worker_class": "gthread",
        "nginx": subprocess.run(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-v"], capture_output=True, text=True
        ).stderr.strip(),
    }
    engine = create_engine(url)
    with engine.connect() as connection:
        info["database_version"] = (
            connection.execute(text("select version()")).scalar()
            if database == "postgresql"
            else "SQLite " + str(connection.execute(text("select sqlite_version()")).scalar())
        )
    engine.dispose()
    return info


def run_once(database: str, keep: bool = False) -> dict[str, Any]:
    from tests.stack import migrate, production_stack

    tmp = Path(tempfile.mkdtemp(prefix=f"load-{database}-"))
    shape = SHAPES[database]
    print(f"[{database}] scratch directory {tmp}", flush=True)
    with scratch_database(database, tmp) as url:
        env = stack_env(url, shape)
        migrate(env)
        started = time.monotonic()
        data = seed(url, tmp)
        print(f"[{database}] seeded in {time.monotonic() - started:.0f} s", flush=True)
        with production_stack(
            env, tmp, instances=shape["instances"], forwarded_for="$http_x_forwarded_for"
        ) as stack:
            began = time.monotonic()
            locust = start_locust(stack.url, tmp, RUN_TIME)
            wait_for_locust(locust, RUN_TIME)
            elapsed = time.monotonic() - began
        print(f"[{database}] load ran {elapsed:.0f} s; verifying", flush=True)
        stats = locust_stats(tmp, elapsed)
        checked = verify(url, tmp)
        result = {
            "database": database,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "young_people": len(data["young"]),
            "young_people_by_form": _count(p["form"] for p in data["young"]),
            "iros": len(data["iros"]),
            "duration_s": round(elapsed, 1),
            "run_time_bound_s": RUN_TIME,
            "young_people_who_sent": checked["sends_acknowledged"],
            **stats,
            "errors": stats["overall"]["failures"],
            "verification": checked,
            "server_log": server_log_findings(tmp),
            "machine": machine(database, url),
        }
    if keep or result["errors"] or not checked["ok"]:
        print(f"[{database}] kept {tmp} (logs, acks)", flush=True)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def _count(items: Iterator[str] | Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item] += 1
    return dict(counts)


def figures_table(result: dict[str, Any]) -> list[str]:
    lines = [
        "| Requests | Count | Errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("**All**", result["overall"]), *result["groups"].items()]
    for name, row in rows:
        if not row.get("requests"):
            continue
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {row['req_per_s']} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} |"
        )
    return lines


def summary(result: dict[str, Any]) -> list[str]:
    v = result["verification"]
    m = result["machine"]
    log = result["server_log"]
    return [
        f"- {result['young_people']} young people ({_forms(result)}) and {result['iros']} IROs, "
        f"{result['duration_s']} s (bound {result['run_time_bound_s']} s); "
        f"{result['young_people_who_sent']} sent their views.",
        f"- {result['overall']['requests']} requests, {result['overall']['req_per_s']} req/s, "
        f"**{result['errors']} errors**; gunicorn answered {log['responses_by_status']}, "
        f"{log['tracebacks']} tracebacks, {log['database_is_locked']} 'database is locked'.",
        f"- Saves: {v['save_requests_acknowledged']} acknowledged save requests "
        f"({v['save_requests_not_acknowledged']} not acknowledged); the "
        f"{v['answers_checked']} answers they leave checked in the database: "
        f"{v['answers_matching_last_acknowledged']} hold the last acknowledged value, "
        f"{v['answers_holding_a_later_unacknowledged_save']} a later unacknowledged save, "
        f"**{len(v['lost'])} lost**. Uploads {v['uploads_verified']}/{v['uploads_acknowledged']} "
        f"and sends {v['sends_verified']}/{v['sends_acknowledged']} found with their answers.",
        f"- {m['gunicorn_instances']} gunicorn instance(s) x {m['gunicorn_workers']} workers x "
        f"{m['gunicorn_threads']} threads (gthread) behind nginx; {m['database_version']}.",
    ]


def _forms(result: dict[str, Any]) -> str:
    return ", ".join(f"{n} {k}" for k, n in result["young_people_by_form"].items())


def write_report(results: dict[str, dict[str, Any]]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    for database, result in results.items():
        (RESULTS / f"{NAME}-{database}.json").write_text(json.dumps(result, indent=2) + "\n")
    any_result = next(iter(results.values()))
    m = any_result["machine"]
    lines = [
        "# Load: young people and IROs at once (`make load`"
        + (", flat out: `LOAD_PACE=flat-out`)" if FLAT_OUT else ")"),
        "",
        f"Measured {any_result['when']} on {m['nproc']} cores ({m['cpu']}), {m['system']}, "
        f"Python {m['python']}, {m['nginx']}. Everything on loopback: Locust "
        "(benchmarks/load/locustfile.py, in the same machine, so it takes CPU from the portal), "
        "nginx, gunicorn and the database.",
        "",
        "Each young person opens their link, chooses a secret number, goes through every page "
        "of their form (an htmx autosave of the page's answers, on three pages in ten an edit "
        "autosaved too, then *Save and continue*), adds one photo (1600x1200 JPEG), checks their answers "
        "and sends. Each IRO signs in once (password and TOTP), then reads their dashboard "
        "(a caseload of 55), a review's pack, its PDF and the child's page, 2 to 5 s apart. "
        + (
            "**Flat out:** all the young people start in the first second and send each "
            "request as soon as the last is answered, with no pause at all: a stress test to "
            "find where the server stops keeping up, not a day's traffic. "
            if FLAT_OUT
            else "Young people arrive two a second (all 100 within 50 s) and wait 0.5 to 1.5 s "
            "between requests. "
        )
        + "Each phone and each IRO sends its own "
        "X-Forwarded-For address, which the load stack's nginx passes through, so the "
        "production rate limits apply per phone as in real life (none is loosened).",
        "",
        "Percentiles are Locust's (rounded to two significant digits); a group of several "
        "request names shows the highest of their percentiles. A save counts as acknowledged "
        "only when the server said so (htmx: 200 with *Saved*; form post: 303).",
    ]
    for database, result in results.items():
        lines += ["", f"## {database}", "", *summary(result), "", *figures_table(result)]
        if result["failures"]:
            lines += ["", "Failures:", ""]
            lines += [f"- {f['name']}: {f['error']} x{f['count']}" for f in result["failures"]]
    lines += ["", "## What this says", "", *conclusions(results), ""]
    (RESULTS / f"{NAME}.md").write_text("\n".join(lines))


def _group(result: dict[str, Any], group: str, figure: str) -> float:
    return float(result["groups"].get(group, {}).get(figure, float("nan")))


def conclusions(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    pg = results.get("postgresql")
    lite = results.get("sqlite")
    if pg:
        lines.append(
            f"- PostgreSQL: {pg['overall']['req_per_s']} req/s with {pg['errors']} errors; "
            f"saves p95 {_group(pg, 'saves', 'p95_ms'):.0f} ms. "
            + (
                "With no pauses this is what the machine can serve: the CPU is the limit."
                if FLAT_OUT
                else "The run is bounded by the people's own pace (their waits), not by the "
                "server: it is the CPU the PDFs and photo processing take that raises the tail."
            )
        )
    if lite:
        log = lite["server_log"]
        lines.append(
            f"- SQLite (one instance, {lite['machine']['gunicorn_workers']} workers): "
            f"{lite['overall']['req_per_s']} req/s, {lite['errors']} errors, "
            f"{log['database_is_locked']} 'database is locked' in the log, saves p95 "
            f"{_group(lite, 'saves', 'p95_ms'):.0f} ms, p99 "
            f"{_group(lite, 'saves', 'p99_ms'):.0f} ms. SQLite takes one writer at a time "
            "for the whole file (WAL lets reads carry on; a second writer waits up to "
            "busy_timeout, 5 s, then fails), and the file cannot be shared between machines: "
            "it is for one instance on one machine, a small organisation or a demo. Anything "
            "with more than one instance, or a busier service, needs PostgreSQL."
        )
    return lines


def main() -> int:
    if not shutil.which("nginx"):
        print("make load needs nginx (apt-get install nginx)", file=sys.stderr)
        return 2
    databases = os.environ.get("LOAD_DATABASES", "postgresql,sqlite").split(",")
    results: dict[str, dict[str, Any]] = {}
    for database in databases:
        results[database] = run_once(database)
        print("\n".join(summary(results[database])), flush=True)
    write_report(results)
    print(f"wrote {RESULTS / f'{NAME}.md'}")
    failed = [
        d
        for d, r in results.items()
        if not r["verification"]["ok"] or (d == "postgresql" and r["errors"])
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
