"""The audit package defines every name it exports (no re-export from another package).

Resolution, ``dir()`` and light imports of every package: ``tests/test_public_api.py``.
"""

from __future__ import annotations

import dfgov.audit


def test_every_exported_name_is_defined_in_audit() -> None:
    for name in dfgov.audit.__all__:
        assert getattr(dfgov.audit, name).__module__.startswith("dfgov.audit."), name
