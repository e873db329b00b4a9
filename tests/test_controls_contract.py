"""The control contract: every registered control is built as
``Control(policy: Policy | <its section> | None = None, **options)``.

The section is resolved through :func:`dfgov.policy.resolve_section` when the
control is built, so passing any other kind is an ``InvalidInputError`` naming
the ``policy`` argument and the control — never an AttributeError, TypeError or
pydantic ValidationError from inside, and never only later, at ``run``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import pytest

from dfgov.clauses import ENTRY_POINT_GROUP
from dfgov.errors import InvalidInputError
from dfgov.policy import Policy, PolicyMeta, registered_sections

#: The section each control reads (a new control must be added here).
SECTION_OF = {
    "ModelRiskAssessment": "model_risk",
    "FairnessCheck": "fairness",
    "ExplainabilityCheck": "explainability",
    "ValidationCheck": "validation",
    "RobustnessCheck": "robustness",
    "SecurityCheck": "security",
    "DisclosureCheck": "disclosure",
    "DataProtectionScan": "data_protection",
    "AnonymityCheck": "data_protection",
    "DataSecurityAssessment": "data_security",
    "Lifecycle": "outsourcing",
    "OutsourcingReview": "outsourcing",
    "ConcentrationAnalysis": "outsourcing",
}

#: Controls in src/dfgov/outsourcing/** (another engineer's files in this round) that
#: do not hold the contract yet. Strict: each entry fails once its control holds it.
PENDING: dict[str, str] = {}


def _controls() -> list[Any]:
    eps = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    out = []
    for ep in eps:
        cls = ep.load()
        marks = ([pytest.mark.xfail(strict=True, reason=PENDING[cls.__name__])]
                 if cls.__name__ in PENDING else [])
        out.append(pytest.param(cls, id=ep.name, marks=marks))
    return out


def test_every_registered_control_is_mapped_to_its_section() -> None:
    names = {p.values[0].__name__ for p in _controls()}
    assert names == set(SECTION_OF), "add the new control to SECTION_OF"
    assert set(PENDING) <= names


@pytest.mark.parametrize("cls", _controls())
def test_control_is_built_from_policy_section_or_none(cls: Any) -> None:
    section_cls = registered_sections()[SECTION_OF[cls.__name__]]
    policy = Policy.default()
    for arg in (policy, policy.section(section_cls), section_cls(), None):
        cls(arg)
    cls()
    cls(policy=section_cls())
    for wrong in (PolicyMeta() if section_cls is not PolicyMeta else None, "policy.toml",
                  {"fairness": {}}):
        with pytest.raises(InvalidInputError) as info:
            cls(wrong)
        assert "'policy'" in str(info.value), str(info.value)
        assert cls.__name__ in str(info.value), str(info.value)
        with pytest.raises(InvalidInputError):
            cls(policy=wrong)


@pytest.mark.parametrize("cls", _controls())
def test_every_control_takes_an_injected_clock(cls: Any) -> None:
    """``clock=`` is a keyword-only option of every control: time is injected, never pinned
    by writing ``os.environ``."""
    import inspect

    from dfgov.clock import FixedClock

    param = inspect.signature(cls).parameters.get("clock")
    assert param is not None, f"{cls.__name__} has no clock= option"
    assert param.kind is inspect.Parameter.KEYWORD_ONLY and param.default is None
    clock = FixedClock(_PINNED)
    assert cls(None, clock=clock).clock is clock


_PINNED = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_fixed_clock_pins_a_controls_report_times() -> None:
    import numpy as np
    import pandas as pd

    from dfgov.clock import FixedClock
    from dfgov.data_protection import AnonymityCheck
    from dfgov.model_risk import DecisionVocabulary
    from dfgov.model_risk.fairness import FairnessCheck

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    vocabulary = DecisionVocabulary(favourable_label=1, score_direction="higher_is_favourable")
    report = FairnessCheck(vocabulary=vocabulary, clock=FixedClock(_PINNED)).run(
        y, y, sensitive_features=pd.Series(rng.choice(["a", "b"], 400), name="g"))
    assert report.started_at == report.finished_at == _PINNED
    data = pd.DataFrame({"age": rng.integers(20, 60, 400), "city": rng.choice(["x", "y"], 400)})
    report = AnonymityCheck(clock=FixedClock(_PINNED)).run(data, quasi_identifiers=["age", "city"])
    assert report.started_at == report.finished_at == _PINNED
