"""The waveform of a recording: a min/max envelope, decoded once and cached.

An :class:`Envelope` is ``n`` buckets of equal length over the whole recording, each the
lowest and highest sample in it (all channels, scaled to -1..1). It is what a waveform
drawing needs, whatever the length of the recording: a 60-minute WAV reduces to a few
thousand numbers, read in chunks so that memory stays small.

- :func:`wav_envelope` reads PCM WAV files with the standard library (``wave``): no
  dependency, and fast enough for an hour of audio in well under the 3 s the window aims
  for (see ``benchmarks/bench_media.py``). Other formats (MP3, M4A, video) are decoded by
  the desktop application's player library and handed to :class:`EnvelopeBuilder`.
- :func:`cache_file`, :func:`load_envelope` and :func:`save_envelope` keep an envelope
  in a cache folder, keyed by the recording's path, size and modification time, so that a
  recording is decoded once.

No Qt here.
"""

from __future__ import annotations

import hashlib
import io
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fpmcoder.io._files import write_atomic

__all__ = [
    "BUCKETS",
    "Envelope",
    "EnvelopeBuilder",
    "cache_file",
    "load_envelope",
    "save_envelope",
    "wav_envelope",
]

#: Buckets in an envelope: more than a wide screen has pixels.
BUCKETS = 8192

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Envelope:
    """The lowest and highest sample in each of ``len(mins)`` equal buckets of a recording
    lasting ``duration`` seconds, scaled to -1..1."""

    mins: Floats
    maxs: Floats
    duration: float

    def __len__(self) -> int:
        return len(self.mins)


class EnvelopeBuilder:
    """Samples in, an :class:`Envelope` out: for decoders that hand over buffers.

    Samples (floats in -1..1, channels interleaved or not: only extremes matter) are
    reduced to blocks of ``block`` samples as they come; :meth:`finish` resamples the
    blocks to ``buckets``.
    """

    def __init__(self, block: int = 400) -> None:
        self.block = block
        self._mins: list[Floats] = []
        self._maxs: list[Floats] = []
        self._rest = np.zeros(0, dtype=np.float32)

    def add(self, samples: npt.ArrayLike) -> None:
        data = np.concatenate([self._rest, np.asarray(samples, dtype=np.float32).ravel()])
        whole = len(data) // self.block * self.block
        if whole:
            blocks = data[:whole].reshape(-1, self.block)
            self._mins.append(blocks.min(axis=1))
            self._maxs.append(blocks.max(axis=1))
        self._rest = data[whole:]

    def finish(self, duration: float, buckets: int = BUCKETS) -> Envelope:
        if len(self._rest):
            self._mins.append(np.array([self._rest.min()], dtype=np.float32))
            self._maxs.append(np.array([self._rest.max()], dtype=np.float32))
            self._rest = np.zeros(0, dtype=np.float32)
        mins = np.concatenate(self._mins) if self._mins else np.zeros(0, np.float32)
        maxs = np.concatenate(self._maxs) if self._maxs else np.zeros(0, np.float32)
        return Envelope(*_resample(mins, maxs, buckets), duration=max(duration, 0.0))


def _resample(mins: Floats, maxs: Floats, buckets: int) -> tuple[Floats, Floats]:
    """At most ``buckets`` buckets, each the extremes of the blocks it covers."""
    if len(mins) <= buckets:
        return mins.astype(np.float32), maxs.astype(np.float32)
    edges = np.linspace(0, len(mins), buckets + 1).astype(np.int64)[:-1]
    return (
        np.minimum.reduceat(mins, edges).astype(np.float32),
        np.maximum.reduceat(maxs, edges).astype(np.float32),
    )


def _samples(raw: bytes, width: int) -> npt.NDArray[np.integer[Any]]:
    """Little-endian PCM bytes to numbers, unscaled and without copying where the width
    allows (16- and 32-bit); 8-bit WAV is unsigned, 24-bit is widened."""
    if width == 1:
        return np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128
    if width == 2:
        return np.frombuffer(raw, dtype="<i2")
    if width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        return np.where(v >= 1 << 23, v - (1 << 24), v)
    return np.frombuffer(raw, dtype="<i4")


def wav_envelope(path: str | Path, buckets: int = BUCKETS) -> Envelope:
    """The envelope of a PCM WAV file (``wave.Error`` or ``OSError`` if it is not one)."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate, frames = (
            w.getnchannels(),
            w.getsampwidth(),
            w.getframerate(),
            w.getnframes(),
        )
        duration = frames / rate if rate else 0.0
        if frames == 0:
            return Envelope(np.zeros(0, np.float32), np.zeros(0, np.float32), duration)
        buckets = max(1, min(buckets, frames))
        per_bucket = frames // buckets  # the last bucket takes the remainder
        scale = float(1 << (8 * width - 1))
        mins = np.empty(buckets, dtype=np.float32)
        maxs = np.empty(buckets, dtype=np.float32)
        step = max(1, (1 << 22) // per_bucket)  # buckets per read: about 4 million frames
        done = 0
        while done < buckets:
            take = min(step, buckets - done)
            last = done + take == buckets
            n_frames = per_bucket * take + (frames - per_bucket * buckets if last else 0)
            data = _samples(w.readframes(n_frames), width)
            whole = per_bucket * take * channels
            blocks = data[:whole].reshape(take, -1)
            lo, hi = blocks.min(axis=1), blocks.max(axis=1)
            if last and len(data) > whole:  # the remainder joins the last bucket
                lo[-1] = min(lo[-1], data[whole:].min())
                hi[-1] = max(hi[-1], data[whole:].max())
            mins[done : done + take] = lo / scale
            maxs[done : done + take] = hi / scale
            done += take
    return Envelope(mins, maxs, duration)


def cache_file(media: str | Path, cache_dir: str | Path) -> Path:
    """Where the envelope of ``media`` is kept: named after its path, size and mtime, so
    that a changed or replaced recording is decoded again."""
    path = Path(media).resolve()
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}".encode()
    return Path(cache_dir) / f"{hashlib.sha1(key, usedforsecurity=False).hexdigest()}.npz"


def save_envelope(envelope: Envelope, file: str | Path) -> None:
    """Write atomically (a half-written cache file is never read)."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, mins=envelope.mins, maxs=envelope.maxs, duration=np.array([envelope.duration]))
    write_atomic(file, buffer.getvalue())


def load_envelope(file: str | Path) -> Envelope | None:
    """A cached envelope, or None when there is none (or it is unreadable)."""
    try:
        with np.load(Path(file), allow_pickle=False) as data:
            return Envelope(
                data["mins"].astype(np.float32),
                data["maxs"].astype(np.float32),
                float(data["duration"][0]),
            )
    except (OSError, ValueError, KeyError, IndexError):
        return None
