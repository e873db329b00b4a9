"""Fairness: exact group metrics from counts, intervals, FairnessCheck, mitigation."""
