"""Turning an uploaded or recorded voice message into one that is safe to keep.

The file is identified by its content (FFmpeg's probing, through PyAV), must be one of the
containers phones and browsers record in, must hold sound and no video, and may last at most
three minutes. It is decoded and encoded again as AAC in an M4A file, which every browser an
IRO uses can play, and which carries none of the original's metadata (an iPhone voice memo can
hold where it was recorded).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import av
from flask_babel import gettext as _

from portal.attachments.errors import RefusedUpload

MAX_SECONDS = 180
# A recording stopped by hand at 3:00 can run a little over; the limit allows for it.
GRACE_SECONDS = 5
SAMPLE_RATE = 48_000
BIT_RATE = 64_000
# FFmpeg's names for the containers browsers and phones record voice messages in.
ACCEPTED_CONTAINERS = {
    "matroska,webm",  # Chrome, Edge and Firefox's MediaRecorder
    "ogg",  # Firefox
    "mov,mp4,m4a,3gp,3g2,mj2",  # Safari's MediaRecorder, iPhone voice memos, Android recorders
    "mp3",
    "wav",
    "aac",
    "amr",
}


@dataclass(frozen=True)
class ProcessedVoice:
    data: bytes
    duration_seconds: float
    content_type: str = "audio/mp4"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse_type() -> RefusedUpload:
    return RefusedUpload(
        _(
            "This file is not a sound recording we can use. Record a voice message, or send an audio file."
        )
    )


def process(data: bytes) -> ProcessedVoice:
    if not data:
        raise RefusedUpload(_("The file is empty. Record your message again."))
    try:
        source = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, UnicodeDecodeError, ValueError):
        raise _refuse_type() from None
    with source:
        if source.format.name not in ACCEPTED_CONTAINERS:
            raise _refuse_type()
        if any(stream.type == "video" for stream in source.streams):
            raise RefusedUpload(_("Send a sound recording, not a video."))
        if not source.streams.audio:
            raise _refuse_type()
        return _transcode(source)


def _too_long() -> RefusedUpload:
    return RefusedUpload(
        _(
            "Your message is longer than %(minutes)s minutes. Record a shorter one.",
            minutes=MAX_SECONDS // 60,
        )
    )


def _transcode(source: av.container.InputContainer) -> ProcessedVoice:
    output = io.BytesIO()
    samples = 0
    limit = (MAX_SECONDS + GRACE_SECONDS) * SAMPLE_RATE
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=SAMPLE_RATE)
    try:
        with av.open(output, mode="w", format="ipod") as target:
            stream = target.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
            stream.bit_rate = BIT_RATE
            for frame in source.decode(audio=0):
                for resampled in resampler.resample(frame):
                    samples += resampled.samples
                    if samples > limit:
                        raise _too_long()
                    target.mux(stream.encode(resampled))
            for resampled in resampler.resample(None):
                samples += resampled.samples
                target.mux(stream.encode(resampled))
            target.mux(stream.encode(None))
    except av.FFmpegError:
        raise RefusedUpload(
            _("This recording seems to be damaged or only partly sent. Try sending it again.")
        ) from None
    if samples == 0:
        raise RefusedUpload(_("This recording has no sound in it. Try recording again."))
    return ProcessedVoice(output.getvalue(), round(samples / SAMPLE_RATE, 2))
