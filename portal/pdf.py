"""HTML to PDF with WeasyPrint, using only the portal's own static files (fonts, stylesheet)
and files handed over by the caller (a pack's pictures): a PDF never makes a network request."""

from __future__ import annotations

import functools
import io
import mimetypes
from pathlib import Path
from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from portal import pdf_text


def html_to_pdf(html: str, files: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    """`files` maps paths used in the HTML (such as a pack's pictures) to (bytes, type)."""
    from weasyprint import HTML  # imported here: it is slow to import and only PDFs need it

    pdf_text.install()
    refuse_truncated_images()
    return HTML(
        string=html,
        base_url=current_app.config["BASE_URL"] + "/",
        url_fetcher=_own_files(files or {}),
    ).write_pdf()


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


def _own_files(files: dict[str, tuple[bytes, str]]) -> Any:
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
            path = (static_root / relative).resolve()
            if not relative or static_root not in path.parents or not path.is_file():
                raise ValueError("Only the portal's own static files can be used in a PDF")
            if path.suffix == ".woff2":
                return URLFetcherResponse(url, _font_as_sfnt(path), {"Content-Type": "font/ttf"})
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticFilesOnly()


def refuse_truncated_images() -> None:
    """WeasyPrint, when imported, tells Pillow to accept truncated images silently. The upload
    pipeline must refuse them, and PDFs only embed pictures that were checked: turn it off."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
