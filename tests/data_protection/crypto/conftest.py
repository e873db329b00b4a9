"""Fixtures for the cryptography tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dfgov.data_protection.crypto import _selftest


class MemoryAudit:
    """Duck-typed audit sink that keeps every event (stand-in for dfgov.audit.AuditLog)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def append(self, *, action: str, actor: str, subject: str, payload: dict[str, Any]) -> None:
        self.events.append(
            {"action": action, "actor": actor, "subject": subject, "payload": payload}
        )


@pytest.fixture
def audit() -> MemoryAudit:
    return MemoryAudit()


@pytest.fixture
def fresh_selftests() -> Iterator[None]:
    """Re-run the self-tests from scratch, and restore a clean state afterwards."""
    _selftest.reset()
    yield
    _selftest.reset()
