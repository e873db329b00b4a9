"""One BLAS/OpenMP thread per test: the CI machines are small and shared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True)
def _single_thread() -> Iterator[None]:
    with threadpool_limits(limits=1):
        yield
