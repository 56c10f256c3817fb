"""Page weight on the wire: the young person's first question with an empty cache, and the next
question with a warm one, in English, Tigrinya and Arabic (and the under-8 first page), served
as a council would run it: gunicorn (deploy/gunicorn.conf.py) behind nginx with gzip and brotli
(tests/stack.py), loaded by Debian's chromium.

What is counted, per page:
- "gzip, on the wire": chromium's own count (`encodedDataLength` of every response, through the
  DevTools protocol), headers included. Over plain http chromium offers only gzip and deflate.
- "brotli": the same responses fetched again from nginx with `Accept-Encoding: br` (the
  compressed body's length) plus the headers chromium counted, which is what a browser gets
  over HTTPS, where it offers br.
- "HTML + CSS": the document and the stylesheet, which must fit in the first round trip
  (14 KB) so the question shows before any script arrives.

The budgets are held by tests/browser/test_page_weight.py; this reports the figures, in
benchmarks/results/page-weight.md and .json.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import requests

from portal import create_app
from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.extensions import db
from portal.models import Role
from tests import factories
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PIN
from tests.stack import brotli_available, instance_env, migrate, production_stack

RESULTS = Path(__file__).parent / "results"
AGES = {Audience.UNDER_8: 6, Audience.AGE_8_TO_12: 10, Audience.AGE_13_PLUS: 15}
CASES = [
    (Audience.AGE_13_PLUS, "en"),
    (Audience.AGE_13_PLUS, "ti"),
    (Audience.AGE_13_PLUS, "ar"),
    (Audience.AGE_8_TO_12, "en"),
    (Audience.AGE_8_TO_12, "ti"),
    (Audience.UNDER_8, "en"),
    (Audience.UNDER_8, "ti"),
]
BUDGETS = {"first": {"en": 40_000, "ti": 60_000}, "later": 10_000, "html_css": 14_000}
# For comparison: GOV.UK Frontend's own CSS and JS, gzipped, and the median mobile page
# (HTTP Archive, Web Almanac 2024, page weight chapter).
GOVUK_FRONTEND = 27_000
MEDIAN_MOBILE_PAGE = 2_300_000


@dataclass
class Resource:
    path: str
    kind: str  # chromium's resource type: Document, Stylesheet, Script, Font, ...
    wire: int  # bytes chromium received, headers included (gzip over http)
    body: int  # the body as served, uncompressed
    gzip: int  # nginx's gzip body (the body itself where nginx does not compress it)
    brotli: int  # nginx's brotli body (likewise)

    @property
    def headers(self) -> int:
        return max(self.wire - self.gzip, 0)


@dataclass
class Visit:
    audience: str
    language: str
    page: str
    cache: str  # "empty" or "warm"
    resources: list[Resource] = field(default_factory=list)

    def total(self, measure: str, kinds: tuple[str, ...] | None = None) -> int:
        chosen = [r for r in self.resources if kinds is None or r.kind in kinds]
        if measure == "wire":
            return sum(r.wire for r in chosen)
        if measure == "brotli":
            return sum(r.headers + r.brotli for r in chosen)
        return sum(getattr(r, measure) for r in chosen)

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for resource in self.resources:
            kinds[resource.kind] = kinds.get(resource.kind, 0) + resource.wire
        return kinds


def seed(database_url: str, audience: Audience, language: str) -> str:
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        organisation = factories.organisation()
        iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
        child = factories.child(organisation, iro, name="Kai", age=AGES[audience])
        token = factories.invitation(factories.review(child), language=language).token
        db.engine.dispose()
    return token


def signed_in_state(browser: Any, base: str, token: str) -> Any:
    """Open the link and set the secret number in a context of its own; its cookies only."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{base}/i/{token}")
    page.goto(f"{base}/secret/new?kind=pin")
    page.fill("#pin", PIN)
    page.fill("#pin_again", PIN)
    page.click("main button[type=submit]")
    assert page.url == f"{base}/welcome", page.url
    state = context.storage_state()
    context.close()
    return state


class Recorder:
    """Every response chromium receives, through the DevTools protocol."""

    def __init__(self, context: Any, page: Any) -> None:
        self.responses: dict[str, dict[str, Any]] = {}
        session = context.new_cdp_session(page)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")

    def _received(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self.responses[event["requestId"]] = {
            "url": response["url"],
            "kind": event["type"],
            "from_cache": response.get("fromDiskCache") or response.get("fromMemoryCache"),
            "encoding": {k.lower(): v for k, v in response["headers"].items()}.get(
                "content-encoding", ""
            ),
        }

    def _finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.responses:
            self.responses[event["requestId"]]["wire"] = int(event["encodedDataLength"])

    def take(self) -> list[dict[str, Any]]:
        taken = [r for r in self.responses.values() if r.get("wire") and not r["from_cache"]]
        self.responses = {}
        return taken


def compressed(session: requests.Session, url: str, encoding: str) -> tuple[int, int]:
    """(the compressed body's length as nginx sends it, the body's own length)."""
    response = session.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30)
    raw = response.raw.read(decode_content=False)
    sent = response.headers.get("Content-Encoding", "")
    if sent not in ("", encoding):
        raise AssertionError(f"{url}: asked for {encoding}, got {sent}")
    body = raw
    if sent == "gzip":
        import gzip

        body = gzip.decompress(raw)
    elif sent == "br":
        import brotli

        body = brotli.decompress(raw)
    return len(raw), len(body)


def resources(recorded: list[dict[str, Any]], cookies: list[dict[str, Any]]) -> list[Resource]:
    session = requests.Session()
    for cookie in cookies:
        session.cookies.set(cookie["name"], cookie["value"])
    found = []
    for response in recorded:
        gzip_size, body = compressed(session, response["url"], "gzip")
        brotli_size, _ = compressed(session, response["url"], "br")
        path = response["url"].split("://", 1)[1].split("/", 1)[1]
        found.append(
            Resource(
                path="/" + path.split("?", 1)[0],
                kind=response["kind"],
                wire=response["wire"],
                body=body,
                gzip=gzip_size,
                brotli=brotli_size,
            )
        )
    return found


def measure(browser: Any, base: str, state: Any, audience: Audience, language: str) -> list[Visit]:
    form = forms.YOUNG_PERSON_FORMS[audience]
    first, later = form.pages[0].key, form.pages[1].key
    context = browser.new_context(viewport={"width": 360, "height": 740}, storage_state=state)
    page = context.new_page()
    recorder = Recorder(context, page)
    visits = []
    for key, cache in ((first, "empty"), (later, "warm")):
        page.goto(f"{base}/consultation/{key}")
        page.wait_for_load_state("networkidle")
        visit = Visit(audience.value, language, key, cache)
        visit.resources = resources(recorder.take(), context.cookies())
        visits.append(visit)
    context.close()
    return visits


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def table(visits: list[Visit]) -> list[str]:
    rows = [
        "| form | language | page | cache | gzip on the wire | brotli | HTML + CSS (gzip) "
        "| fonts | scripts | uncompressed |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for visit in visits:
        kinds = visit.by_kind()
        rows.append(
            f"| {visit.audience} | {visit.language} | {visit.page} | {visit.cache} "
            f"| {kb(visit.total('wire'))} | {kb(visit.total('brotli'))} "
            f"| {kb(visit.total('wire', ('Document', 'Stylesheet')))} "
            f"| {kb(kinds.get('Font', 0))} | {kb(kinds.get('Script', 0))} "
            f"| {kb(visit.total('body'))} |"
        )
    return rows


def report(visits: list[Visit]) -> list[str]:
    lines = [
        "# Page weight",
        "",
        "Written by `python -m benchmarks page_weight`: gunicorn behind nginx (gzip level 5"
        + (", brotli level 5" if brotli_available() else "; nginx here has no brotli module")
        + "), Debian's chromium with an empty cache for the first question, then the next "
        "question with that cache warm. 1 KB = 1000 bytes.",
        "",
        "- *gzip on the wire*: what chromium received over http (it offers brotli only over "
        "HTTPS), headers included, from the DevTools protocol's `encodedDataLength`.",
        "- *brotli*: the same responses' bodies fetched from nginx with `Accept-Encoding: br`, "
        "plus the same headers: what a browser receives over HTTPS.",
        "- *HTML + CSS*: the page and its one stylesheet, which must fit in the first round "
        "trip (14 KB) so the question shows before any script arrives.",
        f"- Budgets: first visit {kb(BUDGETS['first']['en'])} in English and "
        f"{kb(BUDGETS['first']['ti'])} in Tigrinya, each later page {kb(BUDGETS['later'])}, "
        f"HTML + CSS {kb(BUDGETS['html_css'])}.",
        f"- For comparison: GOV.UK Frontend's own CSS and JS are about {kb(GOVUK_FRONTEND)} "
        f"gzipped; the median mobile web page is about {MEDIAN_MOBILE_PAGE / 1e6:.1f} MB "
        "(HTTP Archive).",
        "",
        *table(visits),
        "",
        "What the first visits load (gzip on the wire):",
        "",
    ]
    for visit in visits:
        if visit.cache != "empty":
            continue
        loaded = ", ".join(
            f"{r.path.rsplit('/', 1)[-1] or r.path} {kb(r.wire)}" for r in visit.resources
        )
        lines.append(f"- {visit.audience} {visit.language}: {loaded}")
    return lines


def run() -> list[str]:
    from playwright.sync_api import sync_playwright

    visits: list[Visit] = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        database_url = f"sqlite:///{tmp / 'portal.sqlite3'}"
        env = instance_env(database_url)
        migrate(env)
        (tmp / "stack").mkdir()
        with (
            production_stack(env, tmp / "stack", instances=1) as stack,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for audience, language in CASES:
                token = seed(database_url, audience, language)
                state = signed_in_state(browser, stack.url, token)
                visits.extend(measure(browser, stack.url, state, audience, language))
            browser.close()
    lines = report(visits)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "page-weight.md").write_text("\n".join(lines) + "\n")
    (RESULTS / "page-weight.json").write_text(
        json.dumps(
            [
                {
                    **{k: v for k, v in asdict(visit).items() if k != "resources"},
                    "gzip_on_the_wire": visit.total("wire"),
                    "brotli": visit.total("brotli"),
                    "html_css_gzip": visit.total("wire", ("Document", "Stylesheet")),
                    "uncompressed": visit.total("body"),
                    "resources": [asdict(r) for r in visit.resources],
                }
                for visit in visits
            ],
            indent=2,
        )
        + "\n"
    )
    return ["Page weight (benchmarks/results/page-weight.md):", *table(visits)]
