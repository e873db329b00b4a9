"""Base of the outsourcing records (shared with the review records: :mod:`dfgov._records`)."""

from __future__ import annotations

from dfgov._records import Record

__all__ = ["Record"]
