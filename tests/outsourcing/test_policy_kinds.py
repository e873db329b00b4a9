"""Every outsourcing entry point takes a Policy, its [outsourcing] section or None.

The wrong kind is an InvalidInputError naming the 'policy' argument and the caller,
never an AttributeError from deep inside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dfgov.errors import InvalidInputError
from dfgov.model_risk.fairness import FairnessPolicy
from dfgov.outsourcing import (
    ConcentrationAnalysis,
    Lifecycle,
    OutsourcingCase,
    OutsourcingPolicy,
    OutsourcingRegistry,
)
from dfgov.outsourcing.registers import china_annual_report, eba_register
from dfgov.policy import Policy

from . import factory as f

SECTION = OutsourcingPolicy(notification_working_days=5, hhi_warn=0.9)


def _registry(policy: Any) -> Any:
    reg = OutsourcingRegistry("sqlite://", policy=policy)
    reg.close()
    return reg.lifecycle.section


def _case() -> list[OutsourcingCase]:
    return [OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())]


BUILDERS: dict[str, Callable[[Any], Any]] = {
    "Lifecycle": lambda p: Lifecycle(p).section,
    "ConcentrationAnalysis": lambda p: ConcentrationAnalysis(p).section,
    "OutsourcingRegistry": _registry,
    "china_annual_report": lambda p: china_annual_report(_case(), 2025, policy=p),
    "eba_register": lambda p: eba_register(_case(), policy=p),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_policy_section_or_none(name: str) -> None:
    build = BUILDERS[name]
    for given in (None, SECTION, Policy().replace(SECTION)):
        build(given)  # none of them raises
    if name in ("Lifecycle", "ConcentrationAnalysis", "OutsourcingRegistry"):
        assert build(None) == OutsourcingPolicy()
        assert build(SECTION) == SECTION
        assert build(Policy().replace(SECTION)) == SECTION


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("wrong", [FairnessPolicy(), {"hhi_warn": 0.5}, "outsourcing"])
def test_wrong_kind_names_the_argument(name: str, wrong: object) -> None:
    with pytest.raises(InvalidInputError, match=rf"'policy' argument of {name}\b") as err:
        BUILDERS[name](wrong)
    assert type(wrong).__name__ in str(err.value)


def test_the_policy_section_is_the_one_in_force() -> None:
    from datetime import UTC, date, datetime

    from dfgov.outsourcing import Notification, TransitionEvidence

    lc = Lifecycle(Policy().replace(SECTION))
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    case = lc.transition(case, "pre_assessment", actor="a", at=datetime(2025, 1, 2, tzinfo=UTC))
    case = lc.transition(case, "due_diligence", actor="a", at=datetime(2025, 1, 3, tzinfo=UTC),
                         evidence=TransitionEvidence(pre_assessment="PA", senior_approver="c"))
    case = lc.transition(case.add(f.due_diligence()), "approved", actor="b",
                         at=datetime(2025, 1, 20, tzinfo=UTC),
                         evidence=TransitionEvidence(approver="b"))
    case = case.add(Notification(arrangement_id="A1", notified_on=date(2025, 2, 3),
                                 authority="NFRA", reference="N"))
    case = lc.transition(case, "regulator_notified", actor="a",
                         at=datetime(2025, 2, 3, tzinfo=UTC))
    # 5 working days after Monday 2025-02-03 is Monday 2025-02-10 (not 20 days: the policy's)
    signed = case.add(f.contract(signed_on=date(2025, 2, 10)), f.exit_plan())
    assert lc.missing(signed, "contracted", as_of=date(2025, 3, 3)) == []
    assert Lifecycle().missing(signed, "contracted", as_of=date(2025, 3, 3)) != []
