"""Measure 16, external partners: outsourcing records, lifecycle, review, registers."""
