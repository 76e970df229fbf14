"""The bundled sample project: three fictional FPM transcripts with their codings.

``sample_transcripts/manifest.yaml`` lists the files with their setting, case and date,
and the coding table of each; :func:`build_sample_bundle` reads them all into one
:class:`~fpmcoder.core.bundle.ImportBundle` (``fpmcoder demo`` stores it in a new project;
the window does the same the first time it starts).
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import yaml

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.errors import InputError
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.io.table import check_codes, read_table

__all__ = ["build_sample_bundle", "samples_dir"]


def samples_dir() -> Path:
    return Path(str(resources.files("fpmcoder") / "resources" / "samples"))


def build_sample_bundle(folder: Path | None = None) -> ImportBundle:
    from fpmcoder.io.transcripts import read_transcripts

    folder = folder or samples_dir()
    manifest_path = folder / "manifest.yaml"
    try:
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the sample manifest ({exc})", path=manifest_path) from None
    codebook = default_codebook()
    items = []
    for entry in manifest["transcripts"]:
        path = folder / entry["file"]
        (transcript,) = read_transcripts(path)
        transcript = dataclasses.replace(
            transcript,
            title=entry.get("title", transcript.title),
            setting=entry.get("setting"),
            case=entry.get("case"),
            date=str(entry["date"]) if entry.get("date") else None,
            source=entry["file"],
        )
        codings: dict[str, dict[int, Coding]] = {}
        if entry.get("codings"):
            table = folder / entry["codings"]
            rows = read_table(table)
            check_codes(rows, codebook, table)
            n = len(transcript.turns)
            for r in rows:
                if r.segment > n:
                    raise InputError(
                        f"segment {r.segment} but {path.name} has {n} turns",
                        path=table,
                        line=r.line,
                    )
                codings.setdefault(r.coder, {})[r.segment - 1] = Coding(
                    r.activity, r.dilemmas, r.memo
                )
        items.append(CodedTranscript(transcript, None, codings))
    cases = {
        str(k): {str(a): str(b) for a, b in v.items()} for k, v in manifest.get("cases", {}).items()
    }
    return ImportBundle(tuple(items), codebook, cases)
