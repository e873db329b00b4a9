"""Bundled real data."""
