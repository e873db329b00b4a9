"""mkdocs hook: the traceability page is generated at build time from the code and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace ``clauses.md`` with the matrix generated from the controls and the tests."""
    if page.file.src_uri != "clauses.md":
        return markdown
    from dfgov.clauses import controls, matrix, to_markdown

    root = Path(config["config_file_path"]).parent
    return to_markdown(matrix(root / "tests"), controls())
