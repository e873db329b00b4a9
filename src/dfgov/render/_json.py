"""JSON rendering with a ``schema_version``; ``Report.from_json`` reads it back.

The JSON form is part of the data model (a report's :attr:`~dfgov.report.Report.digest`
is the SHA-256 of it), so it is written in ``dfgov._report_model``; the renderer
registry serves it from here. Schema (version 1.x): the fields of
:class:`dfgov.report.Report` (``findings`` with ``message`` as
``{"en": ..., "zh-CN": ...}``), plus a derived ``summary`` object (``status``,
``exit_code``, ``counts``) that is ignored on reading. Version 1.1 added the
``waived`` status and, on waived findings only, a ``waiver`` object (``id``,
``approver``, ``expires``, ``original_status``). A reader accepts any 1.x
document; a different major version is an error.
"""

from __future__ import annotations

from dfgov._report_model import render_json, report_to_dict

__all__ = ["render_json", "report_to_dict"]
