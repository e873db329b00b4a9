"""Fixtures for the cryptography tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dfgov.data_protection.crypto import _selftest


@pytest.fixture
def fresh_selftests() -> Iterator[None]:
    """Re-run the self-tests from scratch, and restore a clean state afterwards."""
    _selftest.reset()
    yield
    _selftest.reset()
