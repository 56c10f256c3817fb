"""HTML to PDF with WeasyPrint, using only the portal's own static files (fonts, stylesheet)
and files handed over by the caller (a pack's pictures): a PDF never makes a network request."""

from __future__ import annotations

import atexit
import functools
import io
import mimetypes
import threading
from pathlib import Path
from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from portal import pdf_text

STYLESHEET = "css/portal.css"
# Per thread: (static folder, base URL) -> (the parsed stylesheet, its font configuration). A
# thread's copy goes when the thread ends; the main thread's is dropped at exit, before the
# interpreter tears down the modules WeasyPrint's finaliser needs.
_prepared = threading.local()
atexit.register(lambda: _prepared.__dict__.clear())


def html_to_pdf(
    html: str, files: dict[str, tuple[bytes, str]] | None = None, *, tagged: bool = False
) -> bytes:
    """`files` maps paths used in the HTML (such as a pack's pictures) to (bytes, type).
    `tagged` makes a PDF/UA document: tagged, with its language and title, so a screen reader
    reads it in order."""
    from weasyprint import HTML  # imported here: it is slow to import and only PDFs need it

    pdf_text.install()
    refuse_truncated_images()
    stylesheet, font_config = _stylesheet()
    return HTML(
        string=html,
        base_url=current_app.config["BASE_URL"] + "/",
        url_fetcher=_own_files(files or {}, skip_stylesheet=True),
    ).write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        **({"pdf_variant": "pdf/ua-1"} if tagged else {}),
    )


def _stylesheet() -> tuple[Any, Any]:
    """The portal's stylesheet parsed once per thread, with the fonts it declares: parsing it
    for every PDF took half a second each. The page's own <link> to it is answered empty
    (`skip_stylesheet`), so it is not parsed twice. Per thread, because WeasyPrint does not
    say its objects may be shared between threads."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = (current_app.static_folder, current_app.config["BASE_URL"])
    cache: dict[tuple[str | None, str], tuple[Any, Any]] = _prepared.__dict__.setdefault(
        "by_app", {}
    )
    if key not in cache:
        font_config = FontConfiguration()
        url = f"{current_app.config['BASE_URL']}/static/{STYLESHEET}"
        css = CSS(url=url, url_fetcher=_own_files({}), font_config=font_config)
        cache[key] = (css, font_config)
    return cache[key]


def attachment(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@functools.cache
def _font_as_sfnt(path: Path) -> bytes:
    """A WOFF2 font decompressed once per process: WeasyPrint would otherwise decompress every
    font in the stylesheet, in Python, for every PDF (over a second for ours)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    font.flavor = None
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def _own_files(files: dict[str, tuple[bytes, str]], *, skip_stylesheet: bool = False) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_root = Path(current_app.static_folder or "").resolve()
    base = current_app.config["BASE_URL"]

    class StaticFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = url.removeprefix(base)
            if path in files:
                data, mime = files[path]
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            marker = "/static/"
            relative = url.split(marker, 1)[1].split("?", 1)[0] if marker in url else ""
            if skip_stylesheet and relative == STYLESHEET:
                return URLFetcherResponse(url, b"", {"Content-Type": "text/css"})
            found = (static_root / relative).resolve()
            if not relative or static_root not in found.parents or not found.is_file():
                raise ValueError("Only the portal's own static files can be used in a PDF")
            if found.suffix == ".woff2":
                return URLFetcherResponse(url, _font_as_sfnt(found), {"Content-Type": "font/ttf"})
            mime = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime})

    return StaticFilesOnly()


def refuse_truncated_images() -> None:
    """WeasyPrint, when imported, tells Pillow to accept truncated images silently. The upload
    pipeline must refuse them, and PDFs only embed pictures that were checked: turn it off."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
