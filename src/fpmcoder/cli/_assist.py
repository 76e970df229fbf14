"""``suggest``: activities proposed by a model learned from one coder's own codings.

Three modes: list proposals for the coder's uncoded segments (default), ``--evaluate``
(grouped cross-validation by transcript, with baselines), and ``--write-coder`` (the
model's codings of the named transcripts as a separate, machine-marked coder layer).
Everything runs here: no network. Details: ``docs/suggestions.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.cli._common import (
    SERVER_HELP,
    check_out,
    emit_tables,
    note,
    open_project,
    project_location,
)
from fpmcoder.errors import (
    EditError,
    InputError,
    MissingExtraError,
    NotFoundError,
    PermissionDeniedError,
)

if TYPE_CHECKING:
    from fpmcoder.assist import CodedText, Options, SuggestionModel
    from fpmcoder.store import Project

__all__ = ["MACHINE_CODERS_KEY", "machine_coders", "register"]

MACHINE_CODERS_KEY = "machine_coders"
"""Project meta key: JSON object, machine coder name -> {model_version, trained_on, coder,
seed, threshold, sequence, transcripts: {title: model version that wrote it}}."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "suggest",
        help="propose activities learned from a coder's own codings (offline); evaluate them",
        description="Train a model on one coder's codings in this project (on this machine, "
        "nothing is sent anywhere) and list its proposals for that coder's uncoded segments. "
        "Silent until the coder has coded at least 20 segments of 2 activities in 2 "
        "transcripts. --evaluate measures the model by grouped cross-validation over "
        "transcripts; --write-coder stores its codings of the named transcripts as a "
        "separate machine coder, for 'fpmcoder agreement'.",
    )
    p.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    p.add_argument("--coder", required=True, metavar="NAME", help="whose codings to learn from")
    p.add_argument(
        "--transcript",
        action="append",
        default=[],
        metavar="T",
        help="propose for (or write) this transcript (repeatable; default: all)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--evaluate",
        action="store_true",
        help="grouped cross-validation by transcript (over the --transcript(s) when given): "
        "kappa, accuracy, macro-F1, baselines",
    )
    mode.add_argument(
        "--write-coder",
        metavar="MODEL_NAME",
        help="write the model's codings of the --transcript(s) as this machine coder; the "
        "model is trained on the coder's other transcripts",
    )
    p.add_argument(
        "--threshold",
        type=float,
        metavar="P",
        help="propose only at or above this probability (default 0.5; --write-coder: 0)",
    )
    p.add_argument("--folds", type=int, default=5, metavar="K", help="folds of --evaluate")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same result)")
    p.add_argument(
        "--sequence",
        choices=("none", "hmm", "memm"),
        default="memm",
        help="how the activities around a segment are used: memm (default: the previous "
        "segment's activity is a feature), hmm (a forward-backward pass over the coder's "
        "transitions) or none",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="proposals to OUT.csv/.xlsx/.md; with --evaluate the report to OUT.csv/.xlsx/.md",
    )
    p.set_defaults(func=_suggest)


def machine_coders(project: Project) -> dict[str, dict[str, object]]:
    """The machine coders recorded in the project (name -> what produced the layer)."""
    raw = project.meta().get(MACHINE_CODERS_KEY)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _need_sklearn() -> None:
    if importlib.util.find_spec("sklearn") is None:
        raise MissingExtraError(
            "suggestions need scikit-learn, which is not installed: pip install 'fpmcoder[assist]'"
        )


def _docs(project: Project, titles: list[str], coder: str, *, own: bool = False) -> list[CodedText]:
    """The coder's transcripts; ``own``: accepted suggestions as not coded (what a model
    learns from and is measured against: the coder's own judgements, never its own
    earlier proposals)."""
    from fpmcoder.assist import CodedText

    out = []
    for t in titles:
        seq = project.sequence(t, coder)
        out.append(CodedText(seq.own() if own else seq, project.transcript(t).text))
    return out


def _suggest(args: argparse.Namespace) -> int:
    _need_sklearn()
    from fpmcoder.assist import Options

    check_out(args.output)
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise InputError(f"--threshold must be between 0 and 1, not {args.threshold}")
    if args.write_coder is not None and not args.transcript:
        raise InputError("--write-coder needs the transcripts to write: give --transcript T")
    options = Options(sequence=args.sequence)
    with open_project(args.project) as project:
        if args.coder not in project.coders():
            raise NotFoundError(
                f"no coder called {args.coder!r} in {project.location} "
                f"(coders: {', '.join(project.coders()) or 'none'})"
            )
        if args.coder in machine_coders(project):
            raise InputError(
                f"{args.coder!r} is a machine coder: suggestions learn from a human's codings"
            )
        titles = [t.title for t in project.transcripts()]
        # NotFoundError names a transcript that is not there
        chosen = [project.transcript_info(t).title for t in args.transcript]
        if args.evaluate:
            return _evaluate(project, chosen or titles, args, options)
        if args.write_coder is not None:
            return _write_coder(project, titles, chosen, args, options)
        return _list(project, titles, chosen or titles, args, options)


def _train(
    docs: list[CodedText], project: Project, args: argparse.Namespace, options: Options
) -> SuggestionModel | None:
    from fpmcoder.assist import readiness, train

    ready = readiness(docs)
    if not ready.ready:
        note(f"{args.coder}: no suggestions yet: {ready.reason}")
        return None
    return train(docs, project.codebook.activity_ids, seed=args.seed, options=options)


def _list(
    project: Project,
    titles: list[str],
    targets: list[str],
    args: argparse.Namespace,
    options: Options,
) -> int:
    import pandas as pd

    from fpmcoder.assist import DEFAULT_THRESHOLD, CodedText

    docs = _docs(project, titles, args.coder)
    own = [CodedText(d.sequence.own(), d.text) for d in docs]  # learned from: no proposals
    model = _train(own, project, args, options)
    if model is None:
        return 0
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    by_title = {d.title: d for d in docs}
    rows = []
    for title in targets:
        doc = by_title[title]
        segs = doc.sequence.segments
        for p in model.propose(doc, threshold=threshold):
            rows.append(
                {
                    "transcript": p.transcript,
                    "segment": p.number,
                    "speaker": segs[p.number - 1].speaker,
                    "proposal": p.activity,
                    "probability": p.probability,
                    "runner_up": p.runner_up,
                    "runner_up_probability": p.runner_up_probability,
                    "model_version": model.version,
                }
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "transcript",
            "segment",
            "speaker",
            "proposal",
            "probability",
            "runner_up",
            "runner_up_probability",
            "model_version",
        ],
    )
    note(
        f"model {model.version} trained on {model.trained_on} segments coded by {args.coder} "
        f"in {len(model.transcripts)} transcripts; {len(table)} proposals at probability "
        f">= {threshold:g}"
    )
    emit_tables(
        {"suggestions": table}, args.output, {"suggestions": table.drop(columns="model_version")}
    )
    return 0


def _evaluate(
    project: Project, titles: list[str], args: argparse.Namespace, options: Options
) -> int:
    from fpmcoder.assist import readiness
    from fpmcoder.assist.evaluate import evaluate

    docs = _docs(project, titles, args.coder, own=True)
    ready = readiness(docs)
    if not ready.ready:
        note(f"{args.coder}: {ready.reason}; evaluating anyway")
    result = evaluate(
        docs, project.codebook.activity_ids, folds=args.folds, seed=args.seed, options=options
    )
    for line in result.notes:
        note(line)
    n = int(result.summary["segments"].iloc[0])
    note(
        f"{args.coder}: {n} coded segments in {len(result.splits[0][0]) + len(result.splits[0][1])}"
        f" transcripts, {len(result.splits)}-fold cross-validation by transcript (seed {args.seed})"
    )
    tables = result.tables()
    emit_tables(tables, args.output, tables)
    return 0


def _write_coder(
    project: Project,
    titles: list[str],
    chosen: list[str],
    args: argparse.Namespace,
    options: Options,
) -> int:
    from fpmcoder.core.commands import Batch, SetCoding
    from fpmcoder.core.segmentation import Coding

    name = args.write_coder.strip()
    if not name:
        raise InputError("--write-coder needs a name for the machine coder")
    known = machine_coders(project)
    if name == args.coder or (name in project.coders() and name not in known):
        raise EditError(
            f"{name!r} is a human coder in {project.location}: a model never writes into a human's "
            "codings; choose a new name for the machine coder"
        )
    if not project.identity().may_edit_project:
        # the server refuses it anyway (a coder writes only their own codings); say why
        raise PermissionDeniedError(
            f"{project.location}: a lead writes a machine coder on a server project "
            f"(you are {project.identity().role} {project.identity().name!r}); nothing was "
            "written"
        )
    training = [t for t in titles if t not in set(chosen)]
    docs = _docs(project, training, args.coder, own=True)
    model = _train(docs, project, args, options)
    if model is None:
        raise InputError(
            f"{args.coder} has not coded enough outside the transcripts to write "
            "(see above); nothing was written"
        )
    threshold = 0.0 if args.threshold is None else args.threshold
    commands = []
    written = 0
    for title in chosen:
        [doc] = _docs(project, [title], args.coder)
        blank = _uncoded(doc)
        post = model.probabilities(blank, use_codings=False)
        for seg, p in zip(project.segments(title), post, strict=True):
            best = int(p.argmax())
            coding = Coding(model.activities[best]) if p[best] >= threshold else None
            written += coding is not None
            commands.append(SetCoding(seg.id, name, coding, label="Machine coding"))
    before = known.get(name, {}).get("transcripts", {})
    record: dict[str, object] = {
        "model_version": model.version,
        "trained_on": f"{model.trained_on} segments coded by {args.coder} in "
        f"{len(model.transcripts)} transcripts",
        "coder": args.coder,
        "seed": args.seed,
        "threshold": threshold,
        "sequence": options.sequence,
        # transcript -> the model version that wrote it (earlier writes keep theirs)
        "transcripts": {
            **(before if isinstance(before, dict) else {}),
            **dict.fromkeys(chosen, model.version),
        },
    }
    with project.transaction():
        project.perform(Batch(tuple(commands), label=f"Write machine coder {name}"))
        project.set_meta(MACHINE_CODERS_KEY, json.dumps({**known, name: record}, sort_keys=True))
    print(
        f"wrote {written} codings of {len(chosen)} transcript(s) as machine coder {name!r} "
        f"(model {model.version}, trained on {record['trained_on']})"
    )
    return 0


def _uncoded(doc: CodedText) -> CodedText:
    """The transcript with every coding removed (the model must not see the answers)."""
    from dataclasses import replace

    from fpmcoder.assist import CodedText

    seq = doc.sequence
    segs = tuple(replace(s, activity=None, dilemmas=frozenset()) for s in seq.segments)
    return CodedText(replace(seq, segments=segs, coder=None), doc.text)
