"""Generating pictures and sounds for the upload tests: real files made here, never checked in."""

from __future__ import annotations

import io
import math
import struct
import wave

import av
from PIL import Image


def wav(seconds: float, rate: int = 16_000) -> bytes:
    """A 440 Hz tone as a WAV file."""
    output = io.BytesIO()
    with wave.open(output, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        count = int(seconds * rate)
        file.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                for n in range(count)
            )
        )
    return output.getvalue()


def recording(
    seconds: float,
    container: str,
    codec: str,
    rate: int = 48_000,
    metadata: dict[str, str] | None = None,
    bit_rate: int | None = None,
) -> bytes:
    """A tone re-encoded the way a browser or phone records: webm/opus, mp4/aac, ogg/opus, mp3."""
    source = av.open(io.BytesIO(wav(seconds)))
    output = io.BytesIO()
    resampler = av.AudioResampler(
        format="s16" if codec == "libmp3lame" else "fltp", layout="mono", rate=rate
    )
    with av.open(output, mode="w", format=container) as target:
        for key, value in (metadata or {}).items():
            target.metadata[key] = value
        stream = target.add_stream(codec, rate=rate, layout="mono")
        if bit_rate:
            stream.bit_rate = bit_rate
        for frame in source.decode(audio=0):
            for resampled in resampler.resample(frame):
                target.mux(stream.encode(resampled))
        for resampled in resampler.resample(None):
            target.mux(stream.encode(resampled))
        target.mux(stream.encode(None))
    return output.getvalue()


def jpeg(width: int = 640, height: int = 480, **save: object) -> bytes:
    image = Image.new("RGB", (width, height))
    # A gradient, so the JPEG has something to encode.
    image.putdata(
        [
            ((x * 255) // width, (y * 255) // height, 128)
            for y in range(height)
            for x in range(width)
        ]
    )
    output = io.BytesIO()
    image.save(output, format="JPEG", **save)
    return output.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims it is width x height pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_with_gps() -> bytes:
    """A phone photo: EXIF with GPS position, camera make, an orientation, and a comment."""
    image = Image.new("RGB", (80, 40), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    gps = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.9)}
    exif[0x8825] = gps  # GPSInfo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes(), comment=b"Taken at 12 Acacia Avenue")
    return output.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Sam Smith")
    info.add_text("Location", "12 Acacia Avenue")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    output = io.BytesIO()
    Image.new("RGB", (50, 50), "blue").save(output, format="PNG", pnginfo=info)
    return output.getvalue()


def image_bytes(image: Image.Image, format: str, **save: object) -> bytes:
    output = io.BytesIO()
    image.save(output, format=format, **save)
    return output.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("P", (30, 30), colour) for colour in (1, 2, 3)]
    output = io.BytesIO()
    frames[0].save(
        output, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    return output.getvalue()


def gif_js_polyglot() -> bytes:
    """A file that is both a GIF and a script: GIF89a, then a width of 0x2F2A ('/*')."""
    gif = image_bytes(Image.new("P", (10, 10), 1), "GIF")
    return gif[:6] + b"/*" + gif[8:] + b"*/=1;alert(document.cookie);"


def video(seconds: float = 1.0) -> bytes:
    """An MP4 with a video stream (and no sound): not a voice message."""
    output = io.BytesIO()
    with av.open(output, mode="w", format="mp4") as target:
        stream = target.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(int(seconds * 10)):
            frame = av.VideoFrame.from_image(Image.new("RGB", (64, 48), "green"))
            target.mux(stream.encode(frame))
        target.mux(stream.encode(None))
    return output.getvalue()


def tiny_huge_png(side: int = 7700) -> bytes:
    """A real, fully decodable PNG of side x side pixels that is only a few kilobytes: one
    colour, which compresses to almost nothing. Under the 60-megapixel limit, but decoding it
    naively costs hundreds of megabytes."""
    image = Image.new("1", (side, side), 0)
    return image_bytes(image, "PNG", optimize=True)
