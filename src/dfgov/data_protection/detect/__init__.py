"""Identifier validators and column/text detectors."""
