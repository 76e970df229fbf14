"""Transcript importers: plain text, Markdown, CSV/TSV/XLSX, WebVTT, SRT, Zoom captions,
Word (.docx), OpenDocument (.odt), ELAN (.eaf), CHAT (.cha) and Praat TextGrids.

::

    from fpmcoder.io.transcripts import ReadOptions, read_transcripts
    transcripts = read_transcripts("visit.docx")
    transcripts = read_transcripts("AnnoMI.csv", ReadOptions(columns={"speaker": "interlocutor"}))

Every failure raises :class:`fpmcoder.errors.TranscriptFormatError`; a file is read whole
or not at all. See ``docs/importing.md`` for what each format recognises.
"""

from fpmcoder.io.transcripts._options import SUPPORTED_EXTENSIONS, ReadOptions
from fpmcoder.io.transcripts._read import read_transcripts

__all__ = ["SUPPORTED_EXTENSIONS", "ReadOptions", "read_transcripts"]
