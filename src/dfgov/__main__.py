"""``python -m dfgov``: the same command line as ``dfgov``."""

from __future__ import annotations

from dfgov.cli import main

if __name__ == "__main__":
    main()
