"""Checks every rendered page must pass, run by every web test that fetches a page.

After GOV.UK Notify admin's `client_request`: the HTML parses, there is a title, one h1, `lang`
and `dir`, no duplicate ids, a label for every field, no inline script or style (the CSP would
block them), and a CSRF token in every form that posts.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import html5lib
from bs4 import BeautifulSoup
from werkzeug.test import TestResponse

LABELLED_TYPES_EXEMPT = {"hidden", "submit", "button", "image", "reset"}


# The markup of pages already parsed strictly, without their text and attribute values: the
# same page in another language, with other answers or another CSRF token has the same markup,
# so it need not be parsed again.
_VALID_MARKUP: set[int] = set()
_TEXT = re.compile(r">[^<]+<")
_QUOTED_VALUE = re.compile(r'"[^"]*"')
_STATE = re.compile(r"\s(?:selected|checked|hidden|disabled|open)(?=[\s>])")


def check_markup(html: str) -> None:
    """The page parses as HTML5 without a single error. Text and quoted attribute values are
    escaped by Jinja and cannot break the parse, so a page whose markup alone was checked before
    is skipped."""
    markup = hash(_STATE.sub("", _QUOTED_VALUE.sub('""', _TEXT.sub("><", html))))
    if markup not in _VALID_MARKUP:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
        _VALID_MARKUP.add(markup)


def check_page(response: TestResponse) -> BeautifulSoup:
    html = response.get_data(as_text=True)
    assert html.lstrip().lower().startswith("<!doctype html>"), "missing doctype"
    check_markup(html)
    soup = BeautifulSoup(html, "html.parser")

    root = soup.find("html")
    assert root is not None and root.get("lang"), "<html> needs lang"
    assert root.get("dir") in {"ltr", "rtl"}, "<html> needs dir"
    title = soup.find("title")
    assert title is not None and title.get_text(strip=True), "page needs a <title>"
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"page needs exactly one <h1>, found {len(h1s)}"

    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    for script in soup.find_all("script"):
        assert script.get("src"), "inline <script> (the CSP forbids it)"
    assert not soup.find_all("style"), "inline <style> (the CSP forbids it)"
    assert not soup.find_all(style=True), "style attribute (the CSP forbids it)"
    for tag in soup.find_all(True):
        inline_handlers = [name for name in tag.attrs if name.startswith("on")]
        assert not inline_handlers, f"inline event handler on <{tag.name}>"

    _check_labels(soup)
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without CSRF"
    return soup


def _check_labels(soup: BeautifulSoup) -> None:
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in LABELLED_TYPES_EXEMPT:
            continue
        field_id = field.get("id")
        labelled = (
            (field_id and soup.find("label", attrs={"for": field_id}))
            or field.get("aria-label")
            or field.get("aria-labelledby")
            or field.find_parent("label")
        )
        assert labelled, f"<{field.name} name={field.get('name')!r}> has no label"


class PageMixin:
    """Adds `get_page` and `post_page` to the test client: request, assert status, check."""

    def get_page(self, url: str, status: int = 200, **kwargs: Any) -> BeautifulSoup:
        response = self.get(url, **kwargs)  # type: ignore[attr-defined]
        assert response.status_code == status, (response.status_code, url)
        return check_page(response)

    def post_page(self, url: str, status: int = 200, **kwargs: Any) -> BeautifulSoup:
        response = self.post(url, **kwargs)  # type: ignore[attr-defined]
        assert response.status_code == status, (response.status_code, url)
        return check_page(response)

    def csrf_token(self, url: str) -> str:
        """The CSRF token from a page's form, as a browser would post it."""
        response = self.get(url)  # type: ignore[attr-defined]
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        field = soup.find("input", attrs={"name": "csrf_token"})
        assert field is not None, f"no CSRF token on {url}"
        return str(field["value"])
