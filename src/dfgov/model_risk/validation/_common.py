"""Helpers shared by the three controls: policy resolution and clause tags."""

from __future__ import annotations

from typing import TypeVar

from dfgov.policy import PolicySection, resolve_section

__all__ = [
    "CLAUSES_ACCURACY",
    "CLAUSES_ATTACK",
    "CLAUSES_DEPENDENCY",
    "CLAUSES_MONITORING",
    "CLAUSES_ROBUSTNESS",
    "CLAUSES_SOUNDNESS",
    "resolve_section",
]

#: Discrimination and calibration: accuracy (JR/T 0221 §8), outcomes analysis (SR 11-7 §V).
CLAUSES_ACCURACY = ("AP-16", "JR/T 0221-2021 §8", "SR 11-7 §V", "EU AI Act Art.15")
#: Stability monitoring: internal control incl. monitoring (JR/T 0221 §6.5), ongoing monitoring.
CLAUSES_MONITORING = ("AP-16", "JR/T 0221-2021 §6.5", "SR 11-7 §V", "EU AI Act Art.15")
#: Perturbation and edge inputs: robustness.
CLAUSES_ROBUSTNESS = ("AP-16", "JR/T 0221-2021 §6.2", "SR 11-7 §V", "EU AI Act Art.15")
#: Declared monotone relationships: conceptual soundness.
CLAUSES_SOUNDNESS = ("AP-16", "JR/T 0221-2021 §6.1", "SR 11-7 §V", "EU AI Act Art.15")
#: Membership inference and evasion: defence against common attacks.
CLAUSES_ATTACK = ("AP-16", "JR/T 0221-2021 §6.2", "EU AI Act Art.15")
#: Dependency inventory and model file format: dependency security, traceability.
CLAUSES_DEPENDENCY = ("AP-16", "JR/T 0221-2021 §6.3", "JR/T 0221-2021 §6.4", "EU AI Act Art.15")

S = TypeVar("S", bound=PolicySection)


