"""Finding 8: a model must not walk to production on nothing.

Before the fix, a failing validation report, or any 64-hex string, counted as a
validation; a validation could be dated in the future; and the owner could approve their
own model by writing their name as ``Alice`` or ``alice ``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.i18n import LocalizedText
from dfgov.model_risk.inventory import ModelInventory
from dfgov.report import Finding, Report, Status


def _report(status: Status) -> Report:
    return Report.build([Finding(control="validation.auc", status=status,
                                 message=LocalizedText.same("auc"), value=0.8)])


@pytest.fixture
def inv(tmp_path: Path) -> ModelInventory:
    inventory = ModelInventory(tmp_path / "inv.db", actor="ci")
    inventory.register("pd", "1", owner="alice")
    return inventory


@pytest.mark.parametrize("status", [Status.FAIL, Status.ERROR, Status.SKIPPED])
def test_a_report_that_did_not_pass_is_no_validation(inv: ModelInventory,
                                                     status: Status) -> None:
    with pytest.raises(LifecycleError, match="passed"):
        inv.record_validation("pd", "1", _report(status), as_of=date.today())
    with pytest.raises(LifecycleError, match="no validation"):
        inv.transition("pd", "1", "validated", approver="val-team")


def test_an_arbitrary_digest_is_no_validation(inv: ModelInventory) -> None:
    with pytest.raises(LifecycleError, match="no passing report"):
        inv.record_validation("pd", "1", "0" * 64)
    failing = _report(Status.FAIL)
    inv.link_report("pd", "1", failing, kind="validation")

    with pytest.raises(LifecycleError, match="no passing report"):
        inv.record_validation("pd", "1", failing.digest)
    passing = _report(Status.PASS)
    inv.link_report("pd", "1", passing, kind="validation")
    assert inv.record_validation("pd", "1", passing.digest).last_validation


def test_validation_dates_may_not_lie_in_the_future(inv: ModelInventory) -> None:
    with pytest.raises(InvalidInputError, match="future"):
        inv.record_validation("pd", "1", _report(Status.PASS),
                              as_of=date.today() + timedelta(days=400))


def test_a_past_as_of_cannot_hide_an_overdue_validation(inv: ModelInventory) -> None:
    long_ago = date.today() - timedelta(days=3000)
    inv.record_validation("pd", "1", _report(Status.PASS), as_of=long_ago)
    inv.transition("pd", "1", "validated", approver="val-team")
    inv.transition("pd", "1", "approved", approver="cro")
    with pytest.raises(LifecycleError, match="overdue"):
        inv.transition("pd", "1", "production", approver="cro",
                       as_of=long_ago + timedelta(days=1))


@pytest.mark.parametrize("name", ["Alice", "alice ", " ALICE", "Ａｌｉｃｅ", "al\u200bice"])
def test_the_owner_cannot_approve_under_another_spelling(inv: ModelInventory,
                                                         name: str) -> None:
    inv.record_validation("pd", "1", _report(Status.PASS), as_of=date.today())
    inv.transition("pd", "1", "validated", approver="val-team")
    with pytest.raises(LifecycleError, match="independent"):
        inv.transition("pd", "1", "approved", approver=name)


@pytest.mark.parametrize("name", ["bob chen", "Bob  Chen", "BOB CHEN\t"])
def test_the_developer_cannot_validate_or_approve(tmp_path: Path, name: str) -> None:
    inv = ModelInventory(tmp_path / "dev.db", actor="ci")
    inv.register("pd", "1", owner="alice", developer="Bob Chen")
    inv.record_validation("pd", "1", _report(Status.PASS), as_of=date.today())
    with pytest.raises(LifecycleError, match="independent"):
        inv.transition("pd", "1", "validated", approver=name)
    inv.transition("pd", "1", "validated", approver="val-team")
    with pytest.raises(LifecycleError, match="independent"):
        inv.transition("pd", "1", "approved", approver=name)
