"""Page weight: the young person's first question with an empty cache costs at most 40 KB in
English and 60 KB in Tigrinya (HTML, CSS, scripts and the fonts the browser actually loads,
compressed as nginx compresses them: gzip level 5), its HTML and CSS fit in the first round trip
(14 KB) with nothing else blocking the first paint, and the next question costs at most 10 KB.

The live server here does not compress, so each body is gzipped here; benchmarks/page_weight.py
measures the real thing through nginx and reports the figures."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from portal.consultation import forms
from portal.consultation.schema import Audience
from tests.browser.conftest import open_as_child

AGES = {Audience.UNDER_8: 6, Audience.AGE_8_TO_12: 10, Audience.AGE_13_PLUS: 15}
FIRST_VISIT = {"en": 40_000, "ti": 60_000}
FIRST_ROUND_TRIP = 14_000
LATER_PAGE = 10_000
# What nginx compresses (deploy/nginx.conf: gzip_types, and HTML always; gzip_min_length 512).
COMPRESSED = ("text/html", "text/css", "application/javascript", "text/javascript", "image/svg+xml")

BLOCKING = """() => ({
  stylesheets: [...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.href),
  blockingScripts: [...document.querySelectorAll('script')]
    .filter(s => !s.defer && !s.async && s.type !== 'module')
    .map(s => s.src || 'inline'),
})"""


class Transfer:
    """Every response the page receives from the network, and its size as nginx sends it."""

    def __init__(self, page: Any) -> None:
        self.sizes: list[tuple[str, str, int]] = []
        page.on("response", self._record)

    def _record(self, response: Any) -> None:
        if response.status != 200 or response.from_service_worker:
            return
        if response.request.timing["requestStart"] < 0:
            return  # from the browser's cache: no request was sent
        body = response.body()
        mime = (response.headers.get("content-type") or "").split(";")[0]
        if mime in COMPRESSED and len(body) >= 512:
            body = gzip.compress(body, compresslevel=5)
        self.sizes.append((response.request.resource_type, response.url, len(body)))

    def take(self) -> list[tuple[str, str, int]]:
        taken, self.sizes = self.sizes, []
        return taken


def total(sizes: list[tuple[str, str, int]], *kinds: str) -> int:
    return sum(size for kind, _url, size in sizes if not kinds or kind in kinds)


@pytest.mark.parametrize(
    ("audience", "language"),
    [
        (Audience.AGE_13_PLUS, "en"),
        (Audience.AGE_13_PLUS, "ti"),
        (Audience.AGE_8_TO_12, "ti"),
        (Audience.UNDER_8, "en"),
    ],
)
def test_the_first_question_and_the_next_keep_their_weight(
    browser, live_server, organisation, audience, language
):
    # The link and the secret number in one context; the questions in a new one, whose cache
    # is empty, with only its cookies.
    opening = browser.new_context(viewport={"width": 360, "height": 740})
    open_as_child(opening.new_page(), live_server, organisation, AGES[audience], language=language)
    state = opening.storage_state()
    opening.close()

    context = browser.new_context(viewport={"width": 360, "height": 740}, storage_state=state)
    try:
        page = context.new_page()
        transfer = Transfer(page)
        first, later = (p.key for p in forms.YOUNG_PERSON_FORMS[audience].pages[:2])

        page.goto(f"{live_server}/consultation/{first}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        loaded = transfer.take()
        assert total(loaded) <= FIRST_VISIT[language], loaded
        assert total(loaded, "document", "stylesheet") <= FIRST_ROUND_TRIP, loaded
        blocking = page.evaluate(BLOCKING)
        assert len(blocking["stylesheets"]) == 1, blocking
        assert blocking["blockingScripts"] == [], blocking
        if language == "ti":
            fonts = [url for kind, url, _size in loaded if kind == "font"]
            assert fonts and all("ethiopic-common" in url for url in fonts), fonts

        page.goto(f"{live_server}/consultation/{later}", wait_until="networkidle")
        loaded = transfer.take()
        # Fingerprinted and cached: the stylesheet, scripts and fonts are not fetched again
        # (the browser may ask for the icon again).
        again = [url for kind, url, _size in loaded if kind in ("stylesheet", "script", "font")]
        assert again == [], loaded
        assert total(loaded) <= LATER_PAGE, loaded
    finally:
        context.close()
