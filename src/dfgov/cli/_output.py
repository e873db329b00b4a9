"""``--format`` and ``--output``: one shape for every command that writes a report.

``--format/-f`` names a format (:class:`dfgov.render.Format`) and ``--output/-o``
a file (``-`` for stdout); both may be repeated. The n-th ``--output`` takes the
n-th ``--format``; without any ``--format`` each ``--output`` takes the format its
suffix names (``.json .md .html .xml .txt``, and ``.pdf`` for the HTML printed by
Chromium), else the command's default; fewer formats than outputs is an error (the
pairing would hang on the options' order); a ``--format`` beyond the last ``--output``
goes to stdout, which only one report can. Files are written whole or not at all.

The per-format flags of earlier releases (``--json PATH`` and friends, or the
``--json`` switch of ``scan``) still work for one release; each prints a
one-line deprecation warning on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from dfgov.render import Format

if TYPE_CHECKING:
    from dfgov.report import Report

__all__ = ["FORMAT", "LEGACY", "OUTPUT", "STDOUT", "Target", "deprecated", "env_option",
           "finish", "format_option",
           "legacy_option", "legacy_paths", "output_option", "print_summary", "targets",
           "wants_figures", "write_targets"]

STDOUT = "-"


def format_option(default: Format = Format.markdown, *, envvar: str | None = None) -> Any:
    """The ``--format/-f`` option (repeatable)."""
    return typer.Option(
        [], "--format", "-f", envvar=envvar, show_default=False, metavar="FORMAT",
        help=f"Report format: {', '.join(f.value for f in Format)} (default {default.value}); "
        "repeatable, the n-th goes to the n-th --output (give one per --output, or none).")


def env_option(flag: str, help: str) -> Any:
    """An option without a default, set by ``--flag`` or ``$DFGOV_FLAG``.

    The variable is the flag in capitals with ``-`` as ``_``: ``--audit-db`` is
    ``DFGOV_AUDIT_DB``.
    """
    return typer.Option(None, flag, envvar="DFGOV_" + flag[2:].upper().replace("-", "_"),
                        show_default=False, help=help)


def output_option(*, envvar: str | None = None) -> Any:
    """The ``--output/-o`` option (repeatable)."""
    return typer.Option(
        [], "--output", "-o", envvar=envvar, show_default=False, metavar="PATH",
        help="Write the report here ('-' for stdout, the default); repeatable. Without any "
        "--format, the suffix names the format (.json .md .html .xml .txt .pdf).")


#: The usual ``--format`` and ``--output`` options (default: markdown to stdout).
FORMAT: Any = format_option()
OUTPUT: Any = output_option()


def legacy_option(flag: str, fmt: Format, *, envvar: str | None = None) -> Any:
    """A deprecated per-format flag taking a path (hidden from ``--help``)."""
    return typer.Option(None, flag, envvar=envvar, hidden=True, show_default=False,
                        help=f"Deprecated: use --format {fmt.value} --output PATH.")


#: The deprecated per-format path flags of ``monitor report`` and ``due``.
LEGACY: dict[str, Any] = {f"--{f.value}": legacy_option(f"--{f.value}", f)
                          for f in (Format.json, Format.junit, Format.html, Format.markdown)}


def legacy_paths(*, json: str | None = None, junit: str | None = None,
                 html: str | None = None, markdown: str | None = None,
                 ) -> tuple[tuple[str, Format, str | None], ...]:
    """The ``legacy`` argument of :func:`targets` for the four per-format path flags."""
    return (("--json", Format.json, json), ("--junit", Format.junit, junit),
            ("--html", Format.html, html), ("--markdown", Format.markdown, markdown))


def deprecated(flag: str, instead: str) -> None:
    """The one-line warning a deprecated flag prints on stderr."""
    sys.stderr.write(f"dfgov: {flag} is deprecated and will be removed in the next release; "
                     f"use {instead}.\n")


@dataclass(frozen=True)
class Target:
    """One report to write: its format (``None``: by suffix, PDF for ``.pdf``) and where."""

    format: Format | None
    path: str
    option: str = "--output"


def targets(formats: Sequence[Format | str], outputs: Sequence[str | Path], *,
            legacy: Iterable[tuple[str, Format, str | None]] = (),
            default: Format = Format.markdown, implicit: bool = True) -> list[Target]:
    """The reports the options ask for, checked before any work is done.

    Parameters
    ----------
    formats, outputs
        The ``--format`` and ``--output`` values, in order.
    legacy
        ``(flag, format, path)`` of the deprecated per-format flags; a flag
        that was not given has path ``None``.
    default
        The format of an output whose suffix names none, and of stdout when
        nothing is asked for.
    implicit
        Write ``default`` to stdout when nothing is asked for.
    """
    from dfgov.errors import InvalidInputError
    from dfgov.render import format_for_path

    fmts = [Format(f) for f in formats]
    outs = [str(o) for o in outputs]
    if 0 < len(fmts) < len(outs):
        # The n-th --format goes with the n-th --output: with fewer formats than outputs the
        # pairing would depend on the options' order, which the command line does not keep.
        raise InvalidInputError(
            f"--format: {len(fmts)} format(s) for {len(outs)} --output file(s); give every "
            "--output its own --format (-f junit -o gate.xml -f html -o gate.html), or none "
            "(each file's suffix then names its format).")
    out: list[Target] = []
    for i, path in enumerate(outs):
        if i < len(fmts):
            out.append(Target(fmts[i], path))
        elif path == STDOUT:
            out.append(Target(default, path))
        elif Path(path).suffix.lower() == ".pdf":
            out.append(Target(None, path))
        else:
            out.append(Target(format_for_path(path) or default, path))
    out += [Target(f, STDOUT, "--format") for f in fmts[len(outs):]]
    for flag, fmt, given in legacy:
        if given is not None:
            path = given
            instead = f"--format {fmt.value}" + ("" if path == STDOUT else f" --output {path}")
            deprecated(flag, instead)
            out.append(Target(fmt, path, flag))
    if not out and implicit:
        out.append(Target(default, STDOUT))
    if sum(t.path == STDOUT for t in out) > 1:
        raise InvalidInputError(
            "Only one report can go to stdout: give each --format its own --output file.")
    return out


def wants_figures(chosen: Iterable[Target]) -> bool:
    """Whether a chosen report shows figures (HTML, or PDF printed from it)."""
    from dfgov.render import format_for_path

    for t in chosen:
        fmt = t.format or format_for_path(t.path)
        if fmt is Format.html or (fmt is None and Path(t.path).suffix.lower() == ".pdf"):
            return True
    return False


def write_targets(report: Report, chosen: Iterable[Target], *, lang: str) -> None:
    """Write each chosen report: files atomically, stdout with one final newline."""
    from dfgov.errors import InputFileError
    from dfgov.render import render_report, write_report

    for t in chosen:
        if t.path == STDOUT:
            fmt = t.format or Format.markdown
            out = render_report(report, fmt, lang=lang)
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
            continue
        try:
            write_report(report, t.path, format=t.format, lang=lang)
        except OSError as exc:
            raise InputFileError(f"{t.option}: cannot write {t.path!r} "
                                 f"({type(exc).__name__}: {exc.strerror or exc}).") from exc


def print_summary(report: Report, lang: str) -> None:
    """The report in the ``text`` format on stderr (the human summary next to the output)."""
    from dfgov.render import render_text

    sys.stderr.write(render_text(report, lang=lang))


def finish(report: Report, chosen: Iterable[Target], *, lang: str) -> NoReturn:
    """Write the chosen outputs, the text summary on stderr, and exit with the gate code."""
    write_targets(report, chosen, lang=lang)
    print_summary(report, lang)
    sys.stderr.flush()
    raise typer.Exit(report.exit_code)
