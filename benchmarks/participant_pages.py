"""The young person's pages at 360 x 740 in a real browser (Debian's chromium), in English,
Arabic and Tigrinya: how tall the header is, how many screens each page takes, and where the
first question's controls end; and the README's screenshots of the under-8 houses and of a 13+
question. The browser tests (tests/browser/test_page_budgets.py) hold the budgets; this reports
the figures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from benchmarks.harness import benchmark_app
from portal.consultation import forms
from portal.consultation.schema import Audience
from portal.models import Role
from tests import factories, media
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_page_budgets import MEASURE

SCREEN = 740
SHOTS = Path(__file__).parent / "results" / "screenshots"
AGES = {Audience.UNDER_8: 6, Audience.AGE_8_TO_12: 10, Audience.AGE_13_PLUS: 15}
LANGUAGES = ("en", "ar", "ti")
PIN = "8264"


@contextmanager
def served(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def invite(app: Any, organisation: Any, iro: Any, audience: Audience, language: str) -> str:
    with app.app_context():
        child = factories.child(organisation, iro, name="Kai", age=AGES[audience])
        return factories.invitation(factories.review(child), language=language).token


def open_link(page: Any, base: str, token: str) -> None:
    page.goto(f"{base}/i/{token}")
    page.goto(f"{base}/secret/new?kind=pin")
    page.fill("#pin", PIN)
    page.fill("#pin_again", PIN)
    page.click("main button[type=submit]")


def measure_form(page: Any, base: str, audience: Audience) -> dict[str, float]:
    worst = {"header": 0.0, "screens": 0.0, "first_question": 0.0}
    for form_page in forms.YOUNG_PERSON_FORMS[audience].pages:
        page.goto(f"{base}/consultation/{form_page.key}")
        measured = page.evaluate(MEASURE)
        worst["header"] = max(worst["header"], measured["header"])
        if form_page.attachments:
            continue
        worst["screens"] = max(worst["screens"], measured["height"] / SCREEN)
        first = measured["firstQuestion"]["controlsBottom"]
        worst["first_question"] = max(worst["first_question"], first)
    return worst


def screenshots(page: Any, base: str, audience: Audience, language: str) -> list[str]:
    made = []
    if audience is Audience.UNDER_8:
        page.goto(f"{base}/consultation/house_good")
        with page.expect_navigation():  # choosing a photo sends it
            page.set_input_files("#q-going_well-house-photo", files=[photo()])
        for key in ("house_good", "house_worries", "house_dreams"):
            page.goto(f"{base}/consultation/{key}")
            made.append(shoot(page, f"under-8-{key}-{language}.png"))
    if audience is Audience.AGE_13_PLUS:
        page.goto(f"{base}/consultation/home")
        made.append(shoot(page, f"13-plus-home-{language}.png"))
    return made


def photo() -> dict[str, Any]:
    return {"name": "drawing.jpg", "mimeType": "image/jpeg", "buffer": media.jpeg(480, 360)}


def shoot(page: Any, name: str) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))
    return name


def run() -> list[str]:
    from playwright.sync_api import sync_playwright

    lines = ["Young person's pages at 360 x 740 (worst page of each form):"]
    with benchmark_app() as app, served(app) as base, sync_playwright() as playwright:
        with app.app_context():
            organisation = factories.organisation()
            iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for audience in Audience:
            for language in LANGUAGES:
                context = browser.new_context(viewport={"width": 360, "height": SCREEN})
                page = context.new_page()
                open_link(page, base, invite(app, organisation, iro, audience, language))
                worst = measure_form(page, base, audience)
                shots = screenshots(page, base, audience, language)
                lines.append(
                    f"  {audience.value:8} {language}: header {worst['header']:.0f} px, "
                    f"tallest page {worst['screens']:.2f} screens, first question's controls "
                    f"end at {worst['first_question']:.0f} px"
                    + (f"; screenshots {', '.join(shots)}" if shots else "")
                )
                context.close()
        browser.close()
    return lines
