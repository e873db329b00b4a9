"""Traceability: which control serves which regulatory clause, and which tests exercise it.

Every control class declares ``control_id`` and ``clauses`` (tags exactly as
in the project's regulation table, e.g. ``"AP-16"``, ``"JR/T 0221-2021 §6.4"``)
and is listed in the ``dfgov.controls`` entry-point group. Components (the
keyring, the field encryptor, the audit log, the stores and registers) declare
the same two attributes and are listed in the ``dfgov.components`` group: they
serve clauses but are not controls. :func:`matrix` joins both with the test
functions that name the class, so ``dfgov clauses`` and the generated docs page
show clause → controls and components → tests.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["ClauseRow", "ControlInfo", "components", "controls", "matrix", "to_markdown"]

ENTRY_POINT_GROUP = "dfgov.controls"
COMPONENTS_GROUP = "dfgov.components"


@dataclass(frozen=True)
class ControlInfo:
    """A control class and the clauses it declares."""

    control_id: str
    qualname: str
    class_name: str
    clauses: tuple[str, ...]
    summary: str


@dataclass
class ClauseRow:
    """One clause with the controls serving it and the tests exercising them."""

    clause: str
    controls: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)


def controls() -> list[ControlInfo]:
    """Every control registered in the ``dfgov.controls`` entry-point group."""
    return _registered(ENTRY_POINT_GROUP)


def components() -> list[ControlInfo]:
    """Every component registered in the ``dfgov.components`` entry-point group."""
    return _registered(COMPONENTS_GROUP)


def _registered(group: str) -> list[ControlInfo]:
    out: list[ControlInfo] = []
    for ep in sorted(metadata.entry_points(group=group), key=lambda e: e.name):
        cls = ep.load()
        doc = (cls.__doc__ or "").strip().splitlines()
        out.append(ControlInfo(
            control_id=str(getattr(cls, "control_id", ep.name)),
            qualname=f"{cls.__module__}.{cls.__qualname__}",
            class_name=cls.__name__,
            clauses=tuple(getattr(cls, "clauses", ())),
            summary=doc[0] if doc else "",
        ))
    return out


def _tests_naming(names: Iterable[str], tests_dir: Path) -> dict[str, list[str]]:
    """Test functions (``path::name``) whose body mentions each class name."""
    wanted = set(names)
    found: dict[str, list[str]] = {n: [] for n in wanted}
    for path in sorted(tests_dir.rglob("test_*.py")):
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        module_names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        if not wanted & module_names and not any(w in source for w in wanted):
            continue
        rel = path.relative_to(tests_dir.parent).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.name.startswith("test"):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
                    n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
                for name in wanted & used:
                    found[name].append(f"{rel}::{node.name}")
    return found


def matrix(tests_dir: Path | None = None) -> list[ClauseRow]:
    """Clause → controls and components → tests, sorted by clause tag."""
    infos = controls() + components()
    tests = _tests_naming([c.class_name for c in infos], tests_dir) if tests_dir and \
        tests_dir.is_dir() else {}
    rows: dict[str, ClauseRow] = {}
    for info in infos:
        for clause in info.clauses:
            row = rows.setdefault(clause, ClauseRow(clause))
            row.controls.append(info.control_id)
            row.tests.extend(tests.get(info.class_name, []))
    for row in rows.values():
        row.controls = sorted(set(row.controls))
        row.tests = sorted(set(row.tests))
    return [rows[k] for k in sorted(rows, key=_clause_key)]


def _clause_key(tag: str) -> tuple[int, str]:
    order = ("AP-", "JR/T", "GB", "PIPL", "CBIRC", "SR 11-7", "EU AI Act", "ECOA", "4/5ths",
             "EBA", "DORA")
    for i, prefix in enumerate(order):
        if tag.startswith(prefix):
            return (i, tag)
    return (len(order), tag)


def to_markdown(rows: list[ClauseRow], infos: list[ControlInfo],
                parts: list[ControlInfo] | None = None) -> str:
    """The traceability matrix as a Markdown page (the docs page is generated from it).

    ``infos`` are the controls; ``parts`` the components (None reads :func:`components`).
    """
    out = [
        "# Traceability matrix",
        "",
        "Generated by `dfgov clauses --markdown` from the controls' declared clause tags",
        "and the test functions that exercise each control class; do not edit by hand",
        "(the docs build regenerates it, and a test checks the committed copy's clauses).",
        "",
        "## Clause → controls and components → tests",
        "",
        "| clause | controls and components | tests |",
        "|---|---|---|",
    ]
    for row in rows:
        tests = "<br>".join(f"`{t}`" for t in row.tests) or "—"
        ctrls = ", ".join(f"`{c}`" for c in row.controls)
        out.append(f"| {row.clause} | {ctrls} | {tests} |")
    out += ["", "## Controls", "", "| control | class | clauses |", "|---|---|---|"]
    for info in infos:
        out.append(f"| `{info.control_id}` | `{info.qualname}` | {'; '.join(info.clauses)} |")
    out += ["", "## Components", "", "| component | class | clauses |", "|---|---|---|"]
    for info in components() if parts is None else parts:
        out.append(f"| `{info.control_id}` | `{info.qualname}` | {'; '.join(info.clauses)} |")
    return "\n".join(out) + "\n"
