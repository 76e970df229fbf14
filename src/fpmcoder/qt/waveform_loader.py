"""Decoding a recording's waveform in the background, once (then from the cache).

WAV files are read by :func:`fpmcoder.io.waveform.wav_envelope` (the standard library's
``wave``) on a thread of the global ``QThreadPool``; other formats (MP3, M4A, video, float
WAV) by Qt Multimedia's ``QAudioDecoder``, which decodes on threads of its own and hands
over buffers here, resampled to 8 kHz mono floats to keep that cheap. PyAV is not needed
for either: Qt's FFmpeg backend, in the same ``media`` extra as the player, reads every
format the player plays. The envelope is saved in the user cache folder (keyed by path,
size and modification time) so a recording is decoded once.
"""

from __future__ import annotations

import contextlib
import wave
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QThreadPool, QUrl, Signal

from fpmcoder.io.waveform import (
    Envelope,
    EnvelopeBuilder,
    cache_file,
    load_envelope,
    save_envelope,
    wav_envelope,
)
from fpmcoder.qt.media_support import call_released, multimedia

__all__ = ["WaveformLoader", "waveform_cache_dir"]

DECODE_RATE = 8000


def waveform_cache_dir() -> Path:
    """The user cache folder for waveforms (tests point it elsewhere)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base or Path.home() / ".cache" / "fpmcoder") / "waveforms"


class _Relay(QObject):
    done = Signal(int, object)  # generation, Envelope | None (None: not a PCM WAV)


class _WavJob(QRunnable):
    def __init__(self, generation: int, path: Path, cache: Path, relay: _Relay) -> None:
        super().__init__()
        self.generation, self.path, self.cache, self.relay = generation, path, cache, relay

    def run(self) -> None:
        envelope: Envelope | None = load_envelope(self.cache)
        if envelope is None:
            try:
                envelope = wav_envelope(self.path)
            except (wave.Error, OSError, EOFError, ValueError):
                envelope = None
            else:
                # a read-only cache only costs decoding again next time
                with contextlib.suppress(OSError):
                    save_envelope(envelope, self.cache)
        self.relay.done.emit(self.generation, envelope)


class WaveformLoader(QObject):
    """``load(path)`` and, later, ``ready(Envelope)`` or ``failed(message)``; a newer
    ``load`` makes an older one's answer be dropped."""

    ready = Signal(object)  # Envelope
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._relay = _Relay()  # no parent: a job still running keeps it alive
        self._relay.done.connect(self._on_wav_done)
        self._path: Path | None = None
        self._cache: Path | None = None
        self._decoder: QObject | None = None
        self._builder: EnvelopeBuilder | None = None
        self._samples = 0
        self._rate = DECODE_RATE

    def load(self, path: Path) -> None:
        self.cancel()
        self._generation += 1
        self._path = path
        try:
            self._cache = cache_file(path, waveform_cache_dir())
        except OSError as exc:
            self.failed.emit(f"Cannot read {path}: {exc.strerror or exc}")
            return
        QThreadPool.globalInstance().start(
            _WavJob(self._generation, path, self._cache, self._relay)
        )

    def cancel(self) -> None:
        self._generation += 1
        decoder, self._decoder = self._decoder, None
        if decoder is not None:  # stopping it may announce "finished": nobody listens now
            decoder.blockSignals(True)
            call_released(decoder, "stop")
            decoder.deleteLater()

    def _on_wav_done(self, generation: int, envelope: Envelope | None) -> None:
        if generation != self._generation:
            return
        if envelope is not None:
            self.ready.emit(envelope)
        else:
            self._decode()

    # -- other formats: Qt Multimedia's decoder ----------------------------------------------

    def _decode(self) -> None:
        qm = multimedia()
        if qm is None or self._path is None:
            self.failed.emit("No waveform: only WAV files can be read without Qt Multimedia")
            return
        decoder = qm.QAudioDecoder(self)
        fmt = qm.QAudioFormat()
        fmt.setSampleFormat(qm.QAudioFormat.SampleFormat.Float)
        fmt.setChannelCount(1)
        fmt.setSampleRate(DECODE_RATE)
        decoder.setAudioFormat(fmt)
        decoder.setSource(QUrl.fromLocalFile(str(self._path)))
        self._builder = EnvelopeBuilder(block=DECODE_RATE // 50)
        self._samples = 0
        decoder.bufferReady.connect(self._on_buffer)
        decoder.finished.connect(self._on_decoded)
        decoder.error.connect(self._on_decode_error)
        self._decoder = decoder
        decoder.start()

    def _on_buffer(self) -> None:
        decoder = self._decoder
        if decoder is None or self._builder is None:
            return
        buf = decoder.read()  # type: ignore[attr-defined]
        fmt = buf.format()
        data = np.frombuffer(buf.constData(), dtype=np.float32)
        self._builder.add(data)
        self._samples += len(data) // max(1, fmt.channelCount())
        self._rate = fmt.sampleRate() or DECODE_RATE

    def _on_decoded(self) -> None:
        if self._builder is None or self._decoder is None:
            return
        envelope = self._builder.finish(self._samples / self._rate)
        self._builder = None
        self.cancel()
        if self._cache is not None:
            with contextlib.suppress(OSError):
                save_envelope(envelope, self._cache)
        self.ready.emit(envelope)

    def _on_decode_error(self, *_args: object) -> None:
        decoder = self._decoder
        message = decoder.errorString() if decoder is not None else ""  # type: ignore[attr-defined]
        self.cancel()
        self.failed.emit(f"No waveform: {message or 'the recording cannot be decoded'}")
