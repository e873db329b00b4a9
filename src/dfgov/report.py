"""The shared vocabulary of results: :class:`Status`, :class:`Finding`, :class:`Report`.

Every control returns Findings; an assessment gathers them into a Report,
which renders to JSON, Markdown, HTML and JUnit XML in English or Chinese and
gives the CI gate its exit code.

This module is the public face of the result vocabulary. The data model
(findings, tables, figures, the report's fields, merge and digest) lives in the
private ``dfgov._report_model`` below the renderers (:mod:`dfgov.render`) and the
audit trail (:mod:`dfgov.audit`); :class:`Report` adds the output methods on top
of all three, so none of them imports this module.

Nothing personal leaves through these objects: every text, table cell, detail,
subject and metadata value is passed through dfgov's own identifier detector
when the object is built, and resident IDs, card numbers, mobiles, landlines,
IBANs and e-mail addresses are masked (``dfgov._pii``). Masking is idempotent,
so reading a report back (:meth:`Report.from_json`) changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Self

from pydantic import ValidationError

from dfgov._env import environment as environment  # importable from here, not in __all__
from dfgov._input_errors import input_error
from dfgov._lazy import deprecated_aliases
from dfgov._report_model import (
    SCHEMA_VERSION,
    Figure,
    Finding,
    ReportModel,
    Status,
    Table,
    WaiverRef,
)
from dfgov.errors import InvalidInputError

__all__ = ["SCHEMA_VERSION", "Figure", "Finding", "Report", "Status", "Table", "WaiverRef"]

#: Old names kept one release (see docs/architecture.md, "Renamed in this release").
__getattr__ = deprecated_aliases(__name__, {
    "now": "dfgov.clock.now",
    "to_jsonable": ("dfgov._jsonable.to_jsonable", "Finding, Table and Report convert "
                    "their values to plain JSON themselves"),
})



class Report(ReportModel):
    """Findings plus what they are about, when, and under which policy.

    ``status`` and ``exit_code`` are derived from the findings: ``fail`` (or
    ``error``, unless the policy's ``errors_fail`` is false) gives exit code 1;
    ``waived`` (a failure accepted by a valid waiver) does not.
    """

    def _repr_html_(self) -> str:
        """The summary and the findings, inline in Jupyter."""
        from dfgov.render import render_html_fragment

        return render_html_fragment(self)

    # -- output -------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Read a Report written by :meth:`to_json` (any schema 1.x document).

        Raises
        ------
        InvalidInputError
            The text is not JSON, not an object, of another major schema version, or
            not a valid report (the message names the field).
        """
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"The report is not valid JSON: {exc}.") from None
        if not isinstance(data, dict):
            raise InvalidInputError("A report JSON document must be an object.")
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise InvalidInputError(
                f"The report's 'schema_version' must be {SCHEMA_VERSION.split('.')[0]}.x. "
                f"Got {version or 'none'!r}."
            )
        data.pop("summary", None)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise input_error(exc, "Report") from None

    def to_markdown(self, *, lang: str = "en") -> str:
        """Markdown that fits a CI step summary."""
        from dfgov.render import render_markdown

        return render_markdown(self, lang=lang)

    def to_html(self, path: str | Path | None = None, *, lang: str = "en") -> str:
        """Self-contained HTML; also written to ``path`` when given."""
        from dfgov.render import render_html

        return _written(render_html(self, lang=lang), path)

    def to_pdf(self, path: str | Path, *, lang: str = "en") -> Path:
        """An A4 PDF of the HTML report, printed by headless Chromium (which must be installed)."""
        from dfgov.render import render_pdf

        return render_pdf(self, path, lang=lang)

    def to_junit(self, path: str | Path | None = None, *, lang: str = "en") -> str:
        """JUnit XML: one testcase per finding."""
        from dfgov.render import render_junit

        return _written(render_junit(self, lang=lang), path)

    def save_evidence(self, path: str | Path, *, signer: Any, **kwargs: Any) -> Path:
        """Write a signed evidence bundle; see :func:`dfgov.audit.save_evidence`."""
        from dfgov.audit import save_evidence

        return save_evidence(self, path, signer=signer, **kwargs)

    def save(self, path: str | Path, *, lang: str = "en", format: str | None = None) -> Path:
        """Write the report to ``path`` whole or not at all (temporary file, then rename).

        ``format`` names a :class:`dfgov.render.Format`; by default the suffix
        names it (.json .md .html .xml .txt, or .pdf for the HTML printed by
        Chromium).
        """
        from dfgov.render import write_report

        return write_report(self, path, format=format, lang=lang)


def _written(text: str, path: str | Path | None) -> str:
    """``text``, written to ``path`` first (whole or not at all) when a path is given."""
    if path is not None:
        from dfgov.render import write_atomic

        write_atomic(path, text)
    return text
