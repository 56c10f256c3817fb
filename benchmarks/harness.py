"""What every benchmark needs: a throw-away app and database, a signed-in client, timing."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import pyotp
from flask import Flask

from portal import create_app


@contextmanager
def benchmark_app(database_url: str | None = None) -> Iterator[Flask]:
    """A fresh app on a new SQLite file (or the given database), with the schema migrated."""
    with tempfile.TemporaryDirectory() as scratch:
        url = database_url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        app = create_app(
            "test",
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "STORAGE_PATH": scratch,
                "TESTING": False,
                "LOG_LEVEL": "WARNING",
            },
        )
        with app.app_context():
            flask_migrate.upgrade()
        yield app


def signed_in_client(app: Flask, email: str, totp_secret: str, password: str) -> Any:
    """A test client signed in through the real pages. Call it outside any app context, so
    each request runs in its own context as in production."""
    from bs4 import BeautifulSoup

    client = app.test_client()

    def csrf(url: str) -> str:
        soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        return str(soup.find("input", attrs={"name": "csrf_token"})["value"])

    client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf("/staff/sign-in"), "email": email, "password": password},
    )
    code = pyotp.TOTP(totp_secret).now()
    client.post(
        "/staff/sign-in/security-code",
        data={"csrf_token": csrf("/staff/sign-in/security-code"), "code": code},
    )
    home = client.get("/staff/")  # a dashboard, or (advocacy) a redirect to the worklist
    signed_in = home.status_code == 200 or "sign-in" not in home.headers.get("Location", "")
    assert signed_in, "benchmark sign-in failed"
    return client


@dataclass(frozen=True)
class Timing:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    best_ms: float

    def __str__(self) -> str:
        return (
            f"{self.name}: median {self.median_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, "
            f"best {self.best_ms:.1f} ms over {self.runs} runs"
        )


def timed(name: str, work: Callable[[], object], runs: int = 50, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Timing(
        name=name,
        runs=runs,
        median_ms=statistics.median(samples),
        p95_ms=samples[max(0, int(len(samples) * 0.95) - 1)],
        best_ms=samples[0],
    )


def count_queries(app: Flask, work: Callable[[], object]) -> int:
    """How many SQL statements `work` issues (run outside an app context)."""
    from sqlalchemy import event

    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)
