"""A small TOML writer for policies (the standard library only reads TOML)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps"]


def _key(k: str) -> str:
    if k and all(c.isalnum() or c in "-_" for c in k) and k.isascii():
        return k
    return json.dumps(k, ensure_ascii=False)


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Mapping):
        inner = ", ".join(f"{_key(k)} = {_scalar(x)}" for k, x in v.items() if x is not None)
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(v, Sequence):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    raise TypeError(f"cannot write a {type(v).__name__} as TOML")


def _is_table_array(v: Any) -> bool:
    return (
        isinstance(v, Sequence)
        and not isinstance(v, str)
        and len(v) > 0
        and all(isinstance(x, Mapping) for x in v)
    )


def _emit(
    out: list[str],
    table: Mapping[str, Any],
    path: tuple[str, ...],
    comments: Mapping[str, str],
) -> None:
    simple = {
        k: v
        for k, v in table.items()
        if v is not None and not isinstance(v, Mapping) and not _is_table_array(v)
    }
    for k, v in table.items():
        # an unset key with an example: written commented out, for the user to state
        example = comments.get(".".join((*path, k)) + "=")
        if v is None and example is not None:
            note = comments.get(".".join((*path, k)))
            if note:
                out.extend(f"# {line}" for line in note.splitlines())
            out.append(f"# {_key(k)} = {example}")
    for k, v in simple.items():
        note = comments.get(".".join((*path, k)))
        if note:
            out.extend(f"# {line}" for line in note.splitlines())
        out.append(f"{_key(k)} = {_scalar(v)}")
    for k, v in table.items():
        sub = (*path, k)
        dotted = ".".join(_key(p) for p in sub)
        if isinstance(v, Mapping):
            out.append("")
            note = comments.get(".".join(sub))
            if note:
                out.extend(f"# {line}" for line in note.splitlines())
            out.append(f"[{dotted}]")
            _emit(out, v, sub, comments)
        elif _is_table_array(v):
            for item in v:
                out.append("")
                out.append(f"[[{dotted}]]")
                _emit(out, item, sub, comments)


def dumps(data: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """Write nested mappings as TOML; ``comments`` maps dotted paths to comment lines."""
    out: list[str] = []
    note = (comments or {}).get("")
    if note:
        out.extend(f"# {line}" for line in note.splitlines())
    _emit(out, data, (), comments or {})
    return "\n".join(out).lstrip("\n") + "\n"
