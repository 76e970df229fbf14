"""Read and write YAML codebooks, with errors that name the file, the line and the field.

Only PyYAML's safe loader is used: tags such as ``!!python/object`` are refused, nothing
in a codebook is ever executed.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from fpmcoder.core.codebook import Codebook
from fpmcoder.errors import CodebookError
from fpmcoder.io._yamlguard import MAX_CODEBOOK_BYTES, check_yaml_limits

__all__ = [
    "DEFAULT_CODEBOOK_NAME",
    "codebook_to_yaml",
    "default_codebook",
    "default_codebook_path",
    "load_codebook",
    "parse_codebook",
]

DEFAULT_CODEBOOK_NAME = "fpm_partnership.yaml"


def default_codebook_path() -> Path:
    """The shipped FPM codebook (``codebooks/fpm_partnership.yaml``)."""
    return Path(
        str(resources.files("fpmcoder") / "resources" / "codebooks" / DEFAULT_CODEBOOK_NAME)
    )


def default_codebook() -> Codebook:
    return load_codebook(default_codebook_path())


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CODEBOOK_BYTES:
            raise CodebookError(
                f"the file is {size:,} bytes, more than the {MAX_CODEBOOK_BYTES:,} a codebook "
                "may have: is it really a codebook?",
                path=path,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"cannot read the codebook: {exc.strerror}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"the codebook is not UTF-8 text (byte {exc.start}); save it as UTF-8", path=path
        ) from None
    return parse_codebook(text, path)


def _node_at(node: yaml.Node | None, loc: tuple[int | str, ...]) -> yaml.Node | None:
    """The deepest YAML node reachable along a pydantic error location."""
    best = node
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part or (part == "colour" and key.value == "color"):
                    node = value
                    best = value if value is not None else best
                    break
            else:
                return best
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return best
            node = node.value[part]
            best = node
        else:
            return best
    return best


def _key_node(node: yaml.Node | None, loc: tuple[int | str, ...]) -> yaml.Node | None:
    """For an unknown field, the node of the offending key itself."""
    parent = _node_at(node, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if key.value == loc[-1]:
                found: yaml.Node = key
                return found
    return parent


def _refuse_at(message: str, node: yaml.Node, path: Path | None) -> CodebookError:
    mark = node.start_mark
    return CodebookError(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _check_nodes(node: yaml.Node | None, path: Path | None, loader: yaml.SafeLoader) -> None:
    """Duplicate keys, keys that are lists or mappings, and values that cannot be built
    (``2026-13-45`` is read as a date, ``!!float abc`` as a number), each with its place."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _refuse_at("a key must be a plain word, not a list or mapping", key, path)
            if key.value in seen:
                raise _refuse_at(
                    f"the key {key.value!r} appears twice in one mapping "
                    f"(first on line {seen[key.value]})",
                    key,
                    path,
                )
            seen[key.value] = key.start_mark.line + 1
            _check_nodes(key, path, loader)
            _check_nodes(value, path, loader)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_nodes(item, path, loader)
    elif isinstance(node, yaml.ScalarNode):
        try:
            loader.construct_object(node)
        except Exception as exc:  # PyYAML's constructors of !!int, !!bool, !!timestamp...
            raise _refuse_at(
                f"this value cannot be read ({exc}); put it in quotes if it is text",
                node,
                path,
            ) from None


def _field_name(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("color" if part == "colour" else part)
    return out


def _relevant(errors: list[Any]) -> list[Any]:
    """Typos first; drop errors that only follow from a deeper one (a too-short list)."""
    locs = [tuple(e["loc"]) for e in errors]
    kept = [
        e
        for e, loc in zip(errors, locs, strict=True)
        if not any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs)
    ]
    return sorted(kept, key=lambda e: e["type"] != "extra_forbidden")


def parse_codebook(text: str, path: str | Path | None = None) -> Codebook:
    """Validate codebook YAML text; ``path`` is only used in messages."""
    where = Path(path) if path is not None else None
    if "\t" in text:
        line_no = text[: text.index("\t")].count("\n") + 1
        raise CodebookError(
            "a tab character: YAML indentation must use spaces", path=where, line=line_no
        )
    try:
        check_yaml_limits(text, where)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        _check_nodes(node, where, yaml.SafeLoader(""))
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        raise CodebookError(
            f"not valid YAML: {problem}",
            path=where,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"not valid YAML: {exc}", path=where) from None
    except CodebookError:
        raise
    except Exception as exc:  # a value PyYAML cannot build (KeyError, IndexError, ...)
        raise CodebookError(
            f"a value cannot be read ({exc or type(exc).__name__})", path=where
        ) from None
    if not isinstance(data, dict):
        raise CodebookError(
            "a codebook is a YAML mapping with at least 'name' and 'activities'", path=where
        )
    try:
        return Codebook.model_validate(data)
    except ValidationError as exc:
        errors = _relevant(exc.errors())
        err = errors[0]
        loc = tuple(err["loc"])
        if not loc:  # codebook-wide rule (duplicates): the message names the place
            m = re.search(r"(activities|dilemmas)\[(\d+)\]", err["msg"])
            if m:
                loc = (m.group(1), int(m.group(2)))
        bad = _key_node(node, loc) if err["type"] == "extra_forbidden" else _node_at(node, loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (is it misspelt?)"
        elif err["type"] == "missing":
            msg = "this field is required"
        more = len(errors) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        line = bad.start_mark.line + 1 if bad is not None else None
        column = bad.start_mark.column + 1 if bad is not None else None
        raise CodebookError(
            msg, path=where, line=line, column=column, field=_field_name(loc) or None
        ) from None


def codebook_to_yaml(codebook: Codebook) -> str:
    """YAML text for a codebook (fields left at their defaults are omitted)."""
    data = codebook.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["activities"] = [dict(a) for a in data.get("activities", [])]
    if "dilemmas" in data:
        data["dilemmas"] = [dict(d) for d in data["dilemmas"]]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
