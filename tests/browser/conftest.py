"""Browser tests: Debian's chromium, headless, driven by Playwright for Python.

The app under test is the suite's own app, served from a thread, so factories set up data exactly
as in the web tests. Without chromium these tests are skipped on a developer's machine, but CI
sets PORTAL_REQUIRE_BROWSER=1 and installs chromium, so there they must run.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The flags the machine's Chromium needs: no sandbox as root, no background network calls to a
# closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A fake microphone (a beep), allowed without asking: for the voice recorder tests.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("PORTAL_REQUIRE_BROWSER"):
            pytest.fail(f"chromium not found at {CHROMIUM} and PORTAL_REQUIRE_BROWSER is set")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _closing_before_sending(app: Flask) -> Any:
    """Read each response whole and close it before the socket is written.

    The browser drops connections it no longer needs (a favicon, a prefetch). Werkzeug's
    development server then leaves a static file's handle to the garbage collector, in its own
    thread, and pytest reports that ResourceWarning against whichever test runs next. Nothing
    here streams, so buffering costs nothing and the handle is always closed by us."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        response = app(environ, start_response)
        try:
            return list(response)
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _closing_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 360 x 740 touch screen, like a cheap Android phone."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.2 A and AA; return the violations.

    The context bypasses the CSP only so axe itself can be injected: the pages' own CSP is
    tested in the web tests."""
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    # Only violations are reported: axe then skips collecting passes (about half its time).
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def horizontal_overflow(page: Any) -> int:
    page.wait_for_load_state()  # a click that navigates may return before the new page is parsed
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


SMALL_TARGETS_SCRIPT = """
() => [...document.querySelectorAll(
    'button, select, textarea, a.button, .exit-this-page__button, nav a, .checkbox, ' +
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio])'
  )]
  // Not shown, or (the self-referral page's trap for scripts) off-screen and hidden from
  // assistive technology: nobody can aim at it.
  .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
  // Clipped away and reached through its label (a photo's file box): the label is the target.
  .filter(el => !(getComputedStyle(el).clip.startsWith('rect(0') && el.labels && el.labels.length))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < 44 || box.width < 24)
  .map(([el, box]) => `${el.tagName.toLowerCase()}.${el.className} ${box.width}x${box.height}`)
"""


def small_targets(page: Any) -> list[str]:
    page.wait_for_load_state()
    return page.evaluate(SMALL_TARGETS_SCRIPT)


PIN = "8264"


def open_as_child(page: Any, live_server: str, organisation: Any, age: int, **invited: Any) -> Any:
    """Open a young person's invitation in the browser and choose a secret number; on the
    welcome page afterwards. The invitation."""
    from portal.models import Role
    from tests import factories

    iro = factories.staff(organisation, Role.IRO, name="Priya Shah")
    child = factories.child(organisation, iro, name="Kai", age=age)
    issued = factories.invitation(factories.review(child), **invited)
    page.goto(f"{live_server}/i/{issued.token}")
    page.goto(f"{live_server}/secret/new?kind=pin")
    page.fill("#pin", PIN)
    page.fill("#pin_again", PIN)
    page.click("main button[type=submit]")
    assert page.url == f"{live_server}/welcome"
    return issued
