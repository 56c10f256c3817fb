"""Several instances serving the same people: two gunicorn instances behind one nginx, sharing
one PostgreSQL database and one Redis. A draft saved through one resumes through the other, a
rate limit counted on one applies on the other, an upload sent through one is served by the
other, and two outbox workers deliver each email once.

Run by `make test-instances` (and .ci/run): it needs nginx (apt-get install nginx), PostgreSQL
(TEST_DATABASE_URL) and Redis (REDIS_URL, default redis://127.0.0.1:6379) on this machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid

import pytest
import redis
import requests
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal import create_app, outbox
from portal.extensions import db
from portal.models import Attachment, OutboxEmail, Role
from tests import factories, media
from tests.network import Inbox, free_port
from tests.stack import (
    BIN,
    ROOT,
    instance_env,
    migrate,
    production_stack,
    scratch_postgresql,
)

PIN = "8264"
pytestmark = pytest.mark.instances


@pytest.fixture(scope="module")
def database_url():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        pytest.fail("the two-instance suite needs PostgreSQL: set TEST_DATABASE_URL")
    with scratch_postgresql(base, "instances") as url:
        yield url


@pytest.fixture(scope="module")
def cluster(database_url, tmp_path_factory):
    if not shutil.which("nginx"):
        pytest.fail("nginx is not installed (apt-get install nginx)")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379") + "/13"
    redis.Redis.from_url(redis_url).flushdb()
    env = instance_env(database_url, rate_limits=redis_url)
    migrate(env)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": database_url})
    with production_stack(env, tmp_path_factory.mktemp("cluster"), instances=2) as stack:
        try:
            yield {**stack.instances, "nginx": stack.url}, app, env
        finally:
            with app.app_context():
                db.engine.dispose()


def hidden_fields(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        field["name"]: field.get("value", "") for field in soup.find_all("input", type="hidden")
    }


def csrf(session: requests.Session, url: str) -> str:
    return hidden_fields(session.get(url, timeout=10).text)["csrf_token"]


@pytest.fixture
def young_person(cluster):
    urls, app, _env = cluster
    with app.app_context():
        organisation = factories.organisation()
        iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
        child = factories.child(organisation, iro, name="Kai", age=15)
        issued = factories.invitation(factories.review(child))
        token = issued.token
    browser = requests.Session()
    assert browser.get(f"{urls['a']}/i/{token}", timeout=10).url.endswith("/secret/new")
    response = browser.post(
        f"{urls['a']}/secret/new?kind=pin",
        data={
            "csrf_token": csrf(browser, f"{urls['a']}/secret/new?kind=pin"),
            "pin": PIN,
            "pin_again": PIN,
        },
        timeout=10,
    )
    assert response.url.endswith("/welcome")
    return browser


def test_a_draft_saved_through_one_instance_resumes_through_the_other(cluster, young_person):
    urls, _app, _env = cluster
    page = young_person.get(f"{urls['a']}/consultation/home", timeout=10).text
    fields = hidden_fields(page)
    fields.update({"home.words": "It is calm at home", "action": "continue"})
    saved = young_person.post(f"{urls['a']}/consultation/home", data=fields, timeout=10)
    assert saved.status_code == 200  # (followed the redirect to the next page)
    resumed = young_person.get(f"{urls['b']}/consultation/home", timeout=10)
    assert resumed.status_code == 200
    assert "It is calm at home" in resumed.text


def test_a_rate_limit_counted_on_one_applies_on_the_other(cluster):
    urls, _app, _env = cluster
    statuses = []
    for n in range(22):  # 20 codes a minute from one address (RATELIMIT_INVITATION)
        instance = urls["a" if n % 2 else "b"]
        browser = requests.Session()
        token = csrf(browser, f"{instance}/code")
        response = browser.post(
            f"{instance}/code", data={"csrf_token": token, "code": "ABCD-EFGH-JKMN"}, timeout=10
        )
        statuses.append(response.status_code)
    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [429, 429]


def test_an_upload_through_one_is_served_by_the_other(cluster, young_person):
    urls, app, _env = cluster
    token = csrf(young_person, f"{urls['a']}/consultation/pictures")
    sent = young_person.post(
        f"{urls['a']}/consultation/attachments",
        data={"csrf_token": token, "idempotency_key": uuid.uuid4().hex, "kind": "photo"},
        files={"file": ("poster.jpg", media.jpeg(), "image/jpeg")},
        timeout=30,
    )
    assert sent.status_code == 200
    with app.app_context():
        attachment = db.session.execute(select(Attachment)).scalars().all()[-1]
        attachment_id = attachment.id
    served = young_person.get(
        f"{urls['b']}/consultation/attachments/{attachment_id}/file", timeout=10
    )
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.content[:2] == b"\xff\xd8"


def test_two_outbox_workers_deliver_each_email_once(cluster):
    _urls, app, env = cluster
    with app.app_context():
        organisation = factories.organisation()
        iro = factories.staff(organisation, Role.IRO)
        for n in range(30):
            review = factories.review(factories.child(organisation, iro, name=f"Child {n}"))
            outbox.notify_review_team(review, "consultation.submitted")
        db.session.commit()
        queued = db.session.execute(select(OutboxEmail.id)).scalars().all()
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        worker_env = {**env, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
        workers = [
            subprocess.Popen(
                [
                    BIN / "flask",
                    "--app",
                    "wsgi",
                    "outbox-worker",
                    "--rounds",
                    "3",
                    "--interval",
                    "0.2",
                ],
                cwd=ROOT,
                env=worker_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]
        for worker in workers:
            output, _ = worker.communicate(timeout=120)  # reads and closes its pipe
            assert worker.returncode == 0, output
    finally:
        controller.stop()
    assert len(inbox.messages) == len(queued)
    subjects = [message.content for message in inbox.messages]
    assert len(set(subjects)) == len(subjects)  # each email once


def test_nginx_compresses_and_caches_the_static_files(cluster):
    urls, _app, _env = cluster
    page = requests.get(f"{urls['nginx']}/code", timeout=10).text
    stylesheet = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]+)"', page).group(1)
    response = requests.get(
        f"{urls['nginx']}{stylesheet}", headers={"Accept-Encoding": "gzip"}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_nginx_sends_brotli_to_browsers_that_accept_it(cluster):
    urls, _app, _env = cluster
    page = requests.get(
        f"{urls['nginx']}/code", headers={"Accept-Encoding": "br, gzip"}, timeout=10
    )
    assert page.status_code == 200
    assert page.headers["Content-Encoding"] == "br"  # pages from gunicorn too, not only static
