"""The production shape on loopback: gunicorn instances (deploy/gunicorn.conf.py) behind one
nginx, started by the project's own code. The two-instance suite, the load and crash runs and
the page-weight benchmark all use it, so what they measure is what a council would run.

nginx is generated here rather than read from deploy/nginx.conf because it must run unprivileged
paths, loopback ports and no TLS; the proxy, buffering, compression and caching lines are the
same as the deploy file's.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.network import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BROTLI_MODULES = (
    Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"),
    Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
)

NGINX = """
worker_processes 1;
user root;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
{modules}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 21m;
    proxy_request_buffering on;
    proxy_buffering on;
    client_body_buffer_size 1m;
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 512;
    gzip_proxied any;
    gzip_types text/css application/javascript image/svg+xml application/json text/csv;
    {brotli}
    upstream portal {{ {upstreams} keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{
            alias {static}/;
            if ($arg_v) {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
        }}
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For {forwarded_for};
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 75s;
        }}
    }}
}}
"""
BROTLI = (
    "brotli on; brotli_comp_level 5; brotli_min_length 512; "
    "brotli_types text/css application/javascript image/svg+xml application/json text/csv;"
)


def brotli_available() -> bool:
    """Debian packages nginx's brotli filter as libnginx-mod-http-brotli-filter."""
    return BROTLI_MODULES[0].exists()


@dataclass
class Stack:
    """The running processes: `instances[name]` is each gunicorn's base URL, `url` nginx's."""

    url: str
    instances: dict[str, str]
    env: dict[str, str]
    tmp: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: list[IO[bytes]] = field(default_factory=list)

    def start_instance(self, name: str) -> None:
        port = self.instances[name].rsplit(":", 1)[1]
        log = (self.tmp / f"gunicorn-{name}.log").open("ab")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(
            [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill -9 takes the workers too
        )
        wait_for(f"{self.instances[name]}/healthz")

    def kill_instance(self, name: str) -> None:
        """kill -9 the instance's master and workers at once, as a power cut would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def wait_for(url: str, attempts: int = 300) -> None:
    for _ in range(attempts):
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not up yet, or still starting
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


@contextmanager
def scratch_postgresql(admin_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on the server `admin_url` points at (its URL), dropped after."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def instance_env(
    database_url: str,
    *,
    rate_limits: str = "memory://",
    workers: int = 1,
    threads: int = 4,
    **more: str,
) -> dict[str, str]:
    """The environment every instance of one stack shares: the same secret key (sessions and
    CSRF tokens travel between instances), one database, one rate-limit store, files in the
    database (no shared disk), and nginx's X-Forwarded-For trusted."""
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": rate_limits,
        "STORAGE_BACKEND": "database",
        "PROXY_FIX_X_FOR": "1",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        **more,
    }
    for name in ("TEST_DATABASE_URL", "LOAD_DATABASE_URL"):
        env.pop(name, None)  # the instances use DATABASE_URL, nothing else
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [BIN / "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@contextmanager
def production_stack(
    env: dict[str, str], tmp: Path, instances: int = 2, forwarded_for: str = "$remote_addr"
) -> Iterator[Stack]:
    """Start `instances` gunicorns and an nginx in front of them; stop them all afterwards.

    `env` is the instances' environment (DATABASE_URL, SECRET_KEY, ...); the schema must already
    be migrated (see `migrate`). `forwarded_for` is what nginx sends as X-Forwarded-For: the
    load run passes each simulated phone's own address through (`$http_x_forwarded_for`), so
    the per-address rate limits apply per phone as they would in real life."""
    names = [chr(ord("a") + n) for n in range(instances)]
    ports = {name: free_port() for name in names}
    stack = Stack(
        url=f"http://127.0.0.1:{free_port()}",
        instances={name: f"http://127.0.0.1:{port}" for name, port in ports.items()},
        env=env,
        tmp=tmp,
    )
    try:
        for name in names:
            stack.start_instance(name)
        stack.processes["nginx"] = _start_nginx(stack, ports, forwarded_for)
        wait_for(f"{stack.url}/healthz")
        yield stack
    finally:
        for process in stack.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in stack.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in stack.logs:
            log.close()


def _start_nginx(
    stack: Stack, ports: dict[str, int], forwarded_for: str = "$remote_addr"
) -> subprocess.Popen[bytes]:
    for directory in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (stack.tmp / directory).mkdir(exist_ok=True)
    modules = "".join(f"load_module {module};\n" for module in BROTLI_MODULES if module.exists())
    config = stack.tmp / "nginx.conf"
    config.write_text(
        NGINX.format(
            tmp=stack.tmp,
            modules=modules if brotli_available() else "",
            brotli=BROTLI if brotli_available() else "",
            upstreams=" ".join(f"server 127.0.0.1:{port};" for port in ports.values()),
            port=stack.url.rsplit(":", 1)[1],
            static=ROOT / "portal" / "static",
            forwarded_for=forwarded_for,
        )
    )
    return subprocess.Popen(["nginx", "-c", str(config), "-p", str(stack.tmp)])
