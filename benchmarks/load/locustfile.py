"""Locust users for `make load` and `make crash-test` (benchmarks/load.py starts this file in a
subprocess: locust monkey-patches with gevent, so nothing else imports it).

YoungPerson: one per seeded invitation. Opens the link, chooses a secret number, goes through
every page of their form as a phone with JavaScript would (htmx autosaves of a few answers, an
edit now and then, then "Save and continue"), adds one photo on the pictures page, checks their
answers, sends, and stops. Every save the server acknowledged is written to a JSON-lines file
(LOAD_ACK_DIR/acks-<pid>.jsonl), and so is every save that was attempted but not acknowledged,
so the runner can check each acknowledged save against the database afterwards.

IRO: signs in once (password, then a TOTP code), then loops: dashboard, a review's pack (HTML),
the pack's PDF, the child's page.

A save counts as acknowledged only when the server said so: an htmx autosave answered 200 with
the "Saved" status in it, a form post answered 303, an upload answered 303, a send answered 303
to /consultation/sent. Like consultation.js, a save that fails with no answer or a 5xx is
retried with the same idempotency key after a growing pause (2 s, 4 s, ... 30 s at most).

Each simulated phone sends its own X-Forwarded-For address (the load stack's nginx passes it
through), so the per-address rate limits apply per phone, as in real life.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import gevent
import pyotp
from locust import HttpUser, between, constant, task
from locust.exception import StopUser

SEED = json.loads(Path(os.environ["LOAD_SEED"]).read_text())
ACK_DIR = Path(os.environ["LOAD_ACK_DIR"])
# "people" (the default): as fast as people read and type. "flat-out": no pause at all, to find
# where the server stops keeping up (LOAD_PACE=flat-out make load).
FLAT_OUT = os.environ.get("LOAD_PACE", "people") == "flat-out"
PHOTO = Path(SEED["photo"]).read_bytes()
RETRY_PAUSES = (2, 4, 8, 16, 30, 30)  # consultation.js: 2 s doubling to 30 s
PIN = "8264"

_lock = threading.Lock()
_young = list(SEED["young"])
_iros = list(SEED["iros"])
_finished = 0
_log = (ACK_DIR / f"acks-{os.getpid()}.jsonl").open("a", encoding="utf-8")


def record(**entry: Any) -> None:
    _log.write(json.dumps({**entry, "at": time.time()}) + "\n")
    _log.flush()


def new_key() -> str:
    return secrets.token_hex(16)


class FormFields(HTMLParser):
    """The fields a browser would post for the form with the given id: hidden and text inputs,
    the checked radio and checkbox of each group, textareas and selects."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}
        self.textareas: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            name = a["name"]
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self.textareas.append(self._textarea)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _ in self._options[:1]]
            self.fields.append((self._select, (chosen or first or [""])[0]))
            self._select = None


def form_fields(html: str, form_id: str = "consultation-form") -> FormFields:
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    return parser


CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    if found is None:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


class Portal(HttpUser):
    abstract = True
    address = "127.0.0.1"

    def get(self, path: str, name: str, expect: int = 200) -> str:
        """A page a person would reload until it came back (after an outage)."""
        for pause in (*RETRY_PAUSES, None):
            with self.client.get(
                path,
                name=name,
                headers={"X-Forwarded-For": self.address},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code == expect:
                    response.success()
                    return response.text
                response.failure(f"{response.status_code} (expected {expect})")
            if pause is None or (response.status_code and response.status_code < 500):
                break
            gevent.sleep(pause)
        raise StopUser(f"{name} failed")

    def post(
        self,
        path: str,
        name: str,
        data: Any,
        expect: int,
        *,
        htmx: bool = False,
        files: Any = None,
        acknowledged: str | None = None,
    ) -> tuple[bool, Any]:
        """Post, retrying (with the same fields, so the same idempotency key) after no answer
        or a 5xx. True when the server acknowledged it."""
        headers = {"X-Forwarded-For": self.address}
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.host + path}
        for pause in (*RETRY_PAUSES, None):
            with self.client.post(
                path,
                name=name,
                data=data,
                files=files,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                ok = response.status_code == expect and (
                    acknowledged is None or acknowledged in response.text
                )
                if ok:
                    response.success()
                    return True, response
                response.failure(f"{response.status_code} (expected {expect})")
            if pause is None or (response.status_code and response.status_code < 500):
                return False, response
            gevent.sleep(pause)
        return False, response


class YoungPerson(Portal):
    fixed_count = len(SEED["young"])
    wait_time = constant(0) if FLAT_OUT else between(0.5, 1.5)  # reading and typing

    def on_start(self) -> None:
        with _lock:
            self.person = _young.pop()
        self.address = self.person["address"]
        self.invitation = self.person["invitation_id"]
        self.seq = 0

    def record_save(
        self, page: str, key: str, values: dict[str, str], ok: bool, started: float
    ) -> None:
        """Every save attempt, in order, and whether the server acknowledged it."""
        self.seq += 1
        record(
            type="save",
            invitation=self.invitation,
            seq=self.seq,
            page=page,
            key=key,
            values=values,
            ack=ok,
            ms=round((time.time() - started) * 1000, 1),
        )

    def save(self, page: str, fields: list[tuple[str, str]], values: dict[str, str]) -> None:
        """One htmx autosave of the whole form, as htmx sends it."""
        key = new_key()
        data = [(n, v) for n, v in fields if n != "idempotency_key"] + [("idempotency_key", key)]
        started = time.time()
        ok, _ = self.post(
            f"/consultation/{page}",
            "autosave (htmx)",
            data,
            200,
            htmx=True,
            acknowledged="save-status__saved",
        )
        self.record_save(page, key, values, ok, started)

    @task
    def take_part(self) -> None:
        """Once: a young person who has sent (or could not go on) stops."""
        try:
            self.consult()
        except StopUser:
            pass
        except Exception as error:  # a bug in this script is an error of the run, not a pass
            self.environment.events.request.fire(
                request_type="SCRIPT",
                name="young person script error",
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )
        self.finish()

    def consult(self) -> None:
        self.get(f"/i/{self.person['token']}", "open invitation link", expect=303)
        html = self.get("/secret/new?kind=pin", "choose secret number (page)")
        ok, _ = self.post(
            "/secret/new?kind=pin",
            "choose secret number",
            {"csrf_token": csrf_of(html), "pin": PIN, "pin_again": PIN},
            303,
        )
        if not ok:
            raise StopUser("could not choose a secret number")
        self.get("/welcome", "welcome page")
        self.wait()
        for page in self.person["pages"]:
            if page["attachments"]:
                self.pictures(page["key"])
            else:
                self.answer(page["key"])
            self.wait()
        self.get("/consultation/check", "check answers")
        html = self.get("/consultation/send", "send (page)")
        key = new_key()
        data = {
            "csrf_token": csrf_of(html),
            "idempotency_key": key,
            "helper": random.choice(("nobody", "carer", "advocate")),
            "anonymous": "no",
        }
        ok, _ = self.post("/consultation/send", "send", data, 303)
        record(type="send", invitation=self.invitation, key=key, ack=ok)
        if ok:
            self.get("/consultation/sent", "sent page")

    def answer(self, page: str) -> None:
        html = self.get(f"/consultation/{page}", "consultation page")
        form = form_fields(html)
        state = dict(form.fields)  # one value per name: none of the fields filled is multiple
        answerable = [
            name
            for name in (*form.radios, *form.textareas)
            if not name.endswith("visibility") and "." in name
        ]
        if not answerable:
            return
        chosen: dict[str, str] = {}
        for name in answerable:
            if name in form.radios:
                chosen[name] = random.choice(form.radios[name])
            else:
                chosen[name] = f"{page} in my words, {self.invitation} {random.randint(1, 9999)}"
        fields = [(n, v) for n, v in form.fields if n not in chosen]

        # htmx: the page's answers autosaved as they are given, sometimes one edited afterwards.
        self.save(page, fields + list(chosen.items()), dict(chosen))
        if form.textareas and random.random() < 0.3:
            self.wait()
            edited = next(n for n in answerable if n in form.textareas)
            chosen[edited] += " (changed my mind)"
            self.save(page, fields + list(chosen.items()), {edited: chosen[edited]})
        self.wait()
        # "Save and continue": a normal post of the page, with the key the page came with.
        key = state.get("idempotency_key", new_key())
        data = [*fields, *chosen.items(), ("action", "continue")]
        started = time.time()
        ok, _ = self.post(f"/consultation/{page}", "save and continue", data, 303)
        self.record_save(page, key, dict(chosen), ok, started)

    def pictures(self, page: str) -> None:
        html = self.get(f"/consultation/{page}", "pictures page")
        key = new_key()
        ok, _ = self.post(
            "/consultation/attachments",
            "upload photo",
            {"csrf_token": csrf_of(html), "idempotency_key": key, "kind": "photo"},
            303,
            files={"file": ("photo.jpg", PHOTO, "image/jpeg")},
        )
        record(type="upload", invitation=self.invitation, key=key, ack=ok)
        if ok:
            self.get(f"/consultation/{page}", "pictures page")

    def finish(self) -> None:
        global _finished
        with _lock:
            _finished += 1
            everyone = _finished == len(SEED["young"])
        if everyone:  # every young person has sent: the run is over
            gevent.spawn_later(1, self.environment.runner.quit)
        raise StopUser


class IRO(Portal):
    fixed_count = len(SEED["iros"])
    wait_time = between(2.0, 5.0)

    def on_start(self) -> None:
        with _lock:
            self.iro = _iros.pop()
        self.address = self.iro["address"]
        html = self.get("/staff/sign-in", "staff sign-in (page)")
        ok, _ = self.post(
            "/staff/sign-in",
            "staff sign-in",
            {
                "csrf_token": csrf_of(html),
                "email": self.iro["email"],
                "password": self.iro["password"],
            },
            303,
        )
        html = self.get("/staff/sign-in/security-code", "staff security code (page)")
        code = pyotp.TOTP(self.iro["totp_secret"]).now()
        ok, _ = self.post(
            "/staff/sign-in/security-code",
            "staff security code",
            {"csrf_token": csrf_of(html), "code": code},
            303,
        )
        if not ok:
            raise StopUser("sign-in failed")

    @task
    def read(self) -> None:
        self.get("/staff/", "dashboard")
        self.wait()
        review = random.choice(self.iro["reviews"])
        self.get(f"/staff/reviews/{review['review_id']}/pack", "pack (HTML)")
        self.wait()
        self.get(f"/staff/reviews/{review['review_id']}/pack.pdf", "pack PDF")
        self.wait()
        self.get(f"/staff/children/{review['child_id']}", "child page")
