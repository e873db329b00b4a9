"""JSON rendering with a ``schema_version``; :func:`parse_json` reads it back.

Schema (version 1.x): the fields of :class:`dfgov.report.Report` (``findings``
with ``message`` as ``{"en": ..., "zh-CN": ...}``), plus a derived ``summary``
object (``status``, ``exit_code``, ``counts``) that is ignored on reading.
Version 1.1 added the ``waived`` status and, on waived findings only, a
``waiver`` object (``id``, ``approver``, ``expires``, ``original_status``).
A reader accepts any 1.x document; a different major version is an error.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from dfgov._input_errors import input_error
from dfgov.errors import InvalidInputError
from dfgov.report import SCHEMA_VERSION, Report

__all__ = ["parse_json", "render_json", "report_to_dict"]


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-compatible data, with the derived summary."""
    data = report.model_dump(mode="json", by_alias=True)
    for f in data["findings"]:  # "waiver" appears only on waived findings (schema 1.1)
        if f.get("waiver") is None:
            f.pop("waiver", None)
    data["summary"] = {
        "status": report.status.value,
        "exit_code": report.exit_code,
        "counts": report.counts(),
    }
    return data


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """Stable JSON text of ``report`` (same report, same bytes)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent,
                      allow_nan=False) + "\n"


def parse_json(text: str | bytes) -> Report:
    """Read a report written by :func:`render_json`."""
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
        return Report.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc, "Report") from None
