"""Measure 16, models and algorithms: fairness, explainability, validation, disclosure, inventory."""
