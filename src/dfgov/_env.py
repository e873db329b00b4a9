"""The versions a report records: Python, the platform, dfgov and its main dependencies."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from dfgov._version import __version__

__all__ = ["environment"]

_ENV_PACKAGES = (
    "numpy", "pandas", "scikit-learn", "fairlearn", "shap", "cryptography",
    "pydantic", "sqlalchemy", "skops",
)


def environment() -> dict[str, str]:
    """Versions of Python, the platform, dfgov and its main dependencies (no imports)."""
    env = {
        "python": sys.version.split()[0],
        "platform": platform.platform(terse=True),
        "dfgov": __version__,
    }
    for name in _ENV_PACKAGES:
        try:
            env[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return env
