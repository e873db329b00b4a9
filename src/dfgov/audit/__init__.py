"""Tamper-evident audit log and evidence."""
