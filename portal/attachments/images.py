"""Turning an uploaded picture into one that is safe to keep.

The file is identified by its content, opened with only the decoders we accept, checked against
a pixel limit before it is decoded, turned the right way up, converted to sRGB, shrunk to at most
2000 px on its long side and re-encoded from its pixels alone: nothing of the original file's
metadata (EXIF with GPS, XMP, ICC profiles, comments) survives. A photo's location could say where
a child lives.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from typing import cast

import pillow_heif
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from portal.attachments.errors import RefusedUpload

pillow_heif.register_heif_opener()


ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")
MAX_PIXELS = 60_000_000  # larger than any phone photo (a 50 MP camera makes 50 million)
# The memory a picture may need once decoded, worked out from its header before decoding:
# width x height (after a JPEG's reduced-scale decoding) x 4 bytes, the RGBA it is worked on
# as. 128 MiB is a 33-megapixel picture: every phone's default photo fits, and a tiny file
# claiming 7700 x 7700 pixels (which once took 781 MB) is refused before it is decoded.
MAX_WORKING_BYTES = 128 * 1024 * 1024
WORKING_BYTES_PER_PIXEL = 4
LONG_SIDE = 2000
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 85
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Pillow's own bomb check (a warning above the limit, an error above twice it) uses this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ProcessedImage:
    picture: EncodedImage
    thumbnail: EncodedImage


def process(data: bytes) -> ProcessedImage:
    if not data:
        raise RefusedUpload(_("The file is empty. Choose another picture."))
    image = _open(data)
    pixels = _decode(image)
    picture = _encode(_shrink(pixels, LONG_SIDE))
    thumbnail = _encode(_shrink(pixels, THUMBNAIL_SIDE))
    return ProcessedImage(picture, thumbnail)


def _refuse_type() -> RefusedUpload:
    return RefusedUpload(
        _(
            "This file is not a picture we can use. Send a photo or picture (JPEG, PNG, WebP, GIF or HEIC)."
        )
    )


def _refuse_size() -> RefusedUpload:
    return RefusedUpload(_("This picture is too big to use. Send a smaller photo."))


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Above MAX_PIXELS Pillow warns, above twice that it refuses: both are refusals here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse_size() from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _refuse_type() from None
    if image.width * image.height > MAX_PIXELS or min(image.size) < 1:
        raise _refuse_size()
    return image


def _decode(image: Image.Image) -> Image.Image:
    """Decode the first frame, the right way up, as 8-bit sRGB (RGB or RGBA)."""
    if image.format == "JPEG" and max(image.size) > LONG_SIDE:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, as long as the long side stays at least
        # LONG_SIDE: far faster, and a fraction of the memory.
        scale = LONG_SIDE / max(image.size)
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    if image.width * image.height * WORKING_BYTES_PER_PIXEL > MAX_WORKING_BYTES:
        raise _refuse_size()
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # in case a library turned it on (WeasyPrint does)
    try:
        image.seek(0)  # the first frame of an animation
        image.load()
        upright = ImageOps.exif_transpose(_reduced(image))
    except (OSError, SyntaxError, ValueError, EOFError):
        raise RefusedUpload(
            _("This picture seems to be damaged or only partly sent. Try sending it again.")
        ) from None
    return _to_srgb(upright, image.info.get("icc_profile"))


def _reduced(image: Image.Image) -> Image.Image:
    """A large picture cut down by a whole factor at once (box filter, fast), keeping the long
    side at least LONG_SIDE, so the steps after it copy megabytes rather than tens of them."""
    factor = max(image.size) // LONG_SIDE
    if factor < 2 or image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    reduced = image.reduce(factor)
    reduced.info = image.info
    if "exif" in image.info or hasattr(image, "getexif"):
        reduced.getexif().update(image.getexif())  # keep the orientation for exif_transpose
    return reduced


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")  # 16-bit grey to 8-bit
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "PA"):
        image = image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, SRGB, outputMode=target_mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall through to a plain conversion
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    if image.mode == "RGBA":
        # Per band, (lowest, highest): alpha is the fourth band.
        bands = cast(tuple[tuple[int, int], ...], image.getextrema())
        if bands[3][0] == 255:
            image = image.convert("RGB")  # fully opaque: no need to keep the alpha channel
    return image


def _shrink(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    # Rebuilt from the pixels alone: no EXIF, XMP, ICC profile or comment can come along.
    return Image.frombytes(copy.mode, copy.size, copy.tobytes())


def _encode(image: Image.Image) -> EncodedImage:
    output = io.BytesIO()
    if image.mode == "RGBA":
        image.save(output, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type = "image/jpeg"
    return EncodedImage(output.getvalue(), content_type, image.width, image.height)
