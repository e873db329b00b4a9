"""PDF of a report through headless Chromium's ``--print-to-pdf``.

Why Chromium and not WeasyPrint: the report's HTML is what the browser test
checks, so printing it with the same engine gives the same layout (A4, one
area per page, from the print stylesheet); it needs no Python package with
native libraries; and Debian ships it (``apt-get install chromium``), which
CI installs anyway for the browser test. The HTML is written with every
folded part open. Chromium runs offline: no network flags, a throw-away
profile, the page has no script and no external resource.

The executable is ``$DFGOV_CHROMIUM`` or the first of ``chromium``,
``chromium-browser``, ``google-chrome``, ``google-chrome-stable`` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dfgov.errors import MissingProgramError

if TYPE_CHECKING:
    from dfgov._report_model import ReportModel

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "render_pdf"]

CHROMIUM_FLAGS = (
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
)
"""Flags for an offline headless run (no background connections)."""

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_HINT = ("Install Chromium (Debian/Ubuntu: apt-get install chromium) or set DFGOV_CHROMIUM "
         "to its path.")


def find_chromium() -> str:
    """Path of the Chromium executable, or :class:`MissingProgramError`."""
    given = os.environ.get("DFGOV_CHROMIUM")
    if given:
        if Path(given).is_file() and os.access(given, os.X_OK):
            return given
        raise MissingProgramError("chromium", purpose="PDF output",
                                  hint="DFGOV_CHROMIUM does not name an executable file.")
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise MissingProgramError("chromium", purpose="PDF output", hint=_HINT)


def chromium_command(executable: str, profile: Path) -> list[str]:
    """Chromium's command line for an offline headless run with a fresh profile."""
    cmd = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return cmd


def render_pdf(report: ReportModel, path: str | Path, *, lang: str = "en",
               timeout: float = 120.0) -> Path:
    """Write ``report`` as an A4 PDF to ``path`` (whole or not at all).

    Parameters
    ----------
    report : Report
    path : str or Path
    lang : {"en", "zh-CN"}
    timeout : float
        Seconds Chromium may take.

    Raises
    ------
    MissingProgramError
        Chromium is not installed, or it ran and wrote no PDF.
    """
    from dfgov.render._html import render_html
    from dfgov.render._registry import write_atomic

    exe = find_chromium()
    html = render_html(report, lang=lang, open_details=True)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="dfgov-pdf-") as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(html, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        cmd = [*chromium_command(exe, Path(tmp) / "profile"), "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise MissingProgramError("chromium", purpose="PDF output",
                                      hint=f"It could not run: {type(exc).__name__}.") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise MissingProgramError(
                "chromium", purpose="PDF output",
                hint=f"It ran (exit code {proc.returncode}) but wrote no PDF.")
        write_atomic(target, out.read_bytes())
    return target
