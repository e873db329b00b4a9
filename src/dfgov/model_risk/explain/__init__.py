"""Explainability through SHAP: explainers, reason codes, checks."""
