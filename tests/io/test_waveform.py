"""Waveform envelopes: WAV read in chunks with the standard library, cached by file."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import numpy as np
import pytest

from fpmcoder.io.waveform import (
    EnvelopeBuilder,
    cache_file,
    load_envelope,
    save_envelope,
    wav_envelope,
)


def write_wav(path: Path, samples: np.ndarray, rate: int = 8000, width: int = 2) -> Path:
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    if width == 1:
        raw = (np.clip(samples, -1, 1) * 127 + 128).astype(np.uint8).tobytes()
    elif width == 2:
        raw = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    else:
        raw = (np.clip(samples, -1, 1) * (2**31 - 1)).astype("<i4").tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(raw)
    return path


@pytest.mark.parametrize("width", [1, 2, 4])
def test_loud_second_half_shows_in_the_envelope(tmp_path: Path, width: int) -> None:
    rate = 8000
    quiet = np.full(rate * 2, 0.1)
    loud = np.sin(np.arange(rate * 2) / 3.0) * 0.9
    env = wav_envelope(
        write_wav(tmp_path / "a.wav", np.concatenate([quiet, loud]), rate, width), 100
    )
    assert len(env) == 100
    assert env.duration == pytest.approx(4.0)
    assert np.all(env.maxs[:50] < 0.2) and np.all(env.maxs[50:] > 0.8)
    assert np.all(env.mins[50:] < -0.8)


def test_stereo_and_a_remainder(tmp_path: Path) -> None:
    n = 1003  # not a multiple of the buckets: the remainder goes to the last bucket
    left = np.zeros(n)
    right = np.zeros(n)
    right[-1] = -0.5
    env = wav_envelope(write_wav(tmp_path / "s.wav", np.stack([left, right], axis=1)), 10)
    assert len(env) == 10
    assert env.mins[-1] == pytest.approx(-0.5, abs=1e-3)
    assert env.mins[:-1].min() == 0


def test_empty_and_not_a_wav(tmp_path: Path) -> None:
    env = wav_envelope(write_wav(tmp_path / "e.wav", np.zeros(0)))
    assert len(env) == 0
    (tmp_path / "x.wav").write_bytes(b"not a wav at all")
    with pytest.raises(wave.Error):
        wav_envelope(tmp_path / "x.wav")


def test_builder_reduces_blocks_to_buckets() -> None:
    b = EnvelopeBuilder(block=10)
    data = np.zeros(1005, np.float32)
    data[500] = 1.0
    b.add(data[:333])
    b.add(data[333:])
    env = b.finish(duration=2.0, buckets=50)
    assert len(env) == 50 and env.duration == 2.0
    assert env.maxs.max() == 1.0 and int(np.argmax(env.maxs)) in (24, 25)


def test_cache_round_trip_keyed_by_file(tmp_path: Path) -> None:
    media = write_wav(tmp_path / "a.wav", np.linspace(-1, 1, 800))
    env = wav_envelope(media, 20)
    file = cache_file(media, tmp_path / "cache")
    assert load_envelope(file) is None
    save_envelope(env, file)
    back = load_envelope(file)
    assert back is not None and back.duration == env.duration
    np.testing.assert_array_equal(back.maxs, env.maxs)
    st = media.stat()
    os.utime(media, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert cache_file(media, tmp_path / "cache") != file  # a changed recording is read again
    file.write_bytes(b"garbage")
    assert load_envelope(file) is None
