"""The production setup for real: gunicorn with deploy/gunicorn.conf.py serving the app in its
production configuration, answering its probes, logging JSON lines without paths, and
stopping gracefully on SIGTERM."""

import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.network import free_port
from tests.stack import BIN, ROOT, migrate


@pytest.fixture
def production(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        # Production insists on a shared store; the probes are not rate-limited, so nothing
        # here needs the Redis server to be there.
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
        "BASE_URL": "https://have-your-say.example.gov.uk",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
    }
    env.pop("TEST_DATABASE_URL", None)
    migrate(env)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", server, log
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (our own server)
        return response.status, dict(response.headers), response.read()


def wait_until_up(base, server):
    for _ in range(100):
        assert server.poll() is None, "gunicorn stopped"
        try:
            return get(f"{base}/healthz")
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never answered")


def test_gunicorn_serves_the_production_app_and_stops_gracefully(production):
    base, server, log = production
    status, _headers, body = wait_until_up(base, server)
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    status, headers, body = get(f"{base}/readyz")
    assert (status, json.loads(body)["database"]) == (200, "ok")
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    status, _headers, page = get(f"{base}/code")
    assert status == 200
    assert b"<h1" in page

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=40) == 0
    lines = log.read_text().splitlines()
    requests = [json.loads(line) for line in lines if line.startswith("{")]
    assert {entry["endpoint"] for entry in requests} >= {
        "health.healthz",
        "health.readyz",
        "participate.enter_code",
    }
    assert all(len(entry["request_id"]) == 32 for entry in requests)
    # The access log line has the method and status, never the path.
    assert not [line for line in lines if "/code" in line or "/readyz" in line]
