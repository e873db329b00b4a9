"""Audit tests write many small SQLite files: keep them in memory-backed /dev/shm when present,
so the commits' fsyncs do not dominate the run time."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_BASE: Path | None = None


def scratch_dir() -> Path:
    """A fresh directory, in /dev/shm when writable."""
    global _BASE
    if _BASE is None:
        shm = "/dev/shm"
        parent = shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None
        _BASE = Path(tempfile.mkdtemp(prefix="dfgov-audit-tests-", dir=parent))
    return Path(tempfile.mkdtemp(dir=_BASE))


@pytest.fixture(scope="session", autouse=True)
def _remove_scratch() -> Iterator[None]:
    yield
    if _BASE is not None:
        shutil.rmtree(_BASE, ignore_errors=True)
