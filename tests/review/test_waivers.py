"""Applying waivers (dfgov.waivers) and showing ``waived`` in every report format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov import Policy
from dfgov.audit import MemoryAuditLog
from dfgov.errors import InvalidInputError, PolicyError
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status
from dfgov.review import Waiver
from dfgov.waivers import WaiverPolicy, apply_waivers, is_non_waivable

DAY = date(2026, 3, 1)


def finding(control: str = "fairness.four_fifths_rule", status: str = "fail",
            subject: str | None = "sex", metric: str | None = "demographic_parity_ratio",
            ) -> Finding:
    return Finding(control=control, status=Status(status), subject=subject, metric=metric,
                   value=0.4, message=LocalizedText.same(f"{control} {status}"))


def waiver(**kw: Any) -> Waiver:
    data: dict[str, Any] = {
        "id": "W-1", "control": "fairness.four_fifths_rule", "subject": "sex",
        "model": "scorer", "version": "2.0", "reason": "retraining in Q2",
        "compensating_controls": ("manual review of declines",), "requester": "alice",
        "requested_at": datetime(2026, 1, 5, tzinfo=UTC), "valid_from": date(2026, 1, 10),
        "expires": date(2026, 6, 30), "status": "approved", "approver": "cro",
    }
    data.update(kw)
    return Waiver(**data)


def report(*findings: Finding, model_fp: str | None = None) -> Report:
    fps = {"model": model_fp} if model_fp else {}
    return Report.build(findings or (finding(),), fingerprints=fps)


def apply(rep: Report, *ws: Waiver, version: str = "2.0", on: date = DAY,
          policy: Policy | None = None, audit: Any = None) -> tuple[Report, list[Any]]:
    return apply_waivers(rep, ws, model="scorer", version=version, as_of=on, policy=policy,
                         audit=audit, actor="ci")


def test_a_valid_waiver_turns_the_failure_into_waived_never_pass() -> None:
    audit = MemoryAuditLog()
    out, decisions = apply(report(finding(), finding("validation.auc", "pass", None)),
                           waiver(), audit=audit)
    waived, passed = out.findings
    assert waived.status is Status.WAIVED and passed.status is Status.PASS
    assert waived.waiver is not None and (waived.waiver.id, waived.waiver.approver) == (
        "W-1", "cro")
    assert waived.waiver.original_status is Status.FAIL
    assert (out.status, out.exit_code) == (Status.WAIVED, 0)
    assert out.counts()["waived"] == 1 and out.counts()["pass"] == 1
    assert [d.outcome for d in decisions] == ["applied"]
    assert out.metadata["waivers"] == [d.to_dict() for d in decisions]
    assert [e["action"] for e in audit.events] == ["waiver.applied"]
    assert audit.events[0]["payload"]["finding_fingerprint"] == finding().fingerprint


@pytest.mark.parametrize(("w", "on", "version", "outcome", "says"), [
    (waiver(), date(2026, 7, 1), "2.0", "expired", "expired on 2026-06-30"),
    (waiver(), date(2026, 1, 9), "2.0", "not_yet_valid", "valid only from 2026-01-10"),
    (waiver(), DAY, "2.1", "out_of_scope", "covers scorer@2.0, not scorer@2.1"),
    (waiver(status="requested", approver=None), DAY, "2.0", "refused", "not approved"),
    (waiver(expires=date(2026, 12, 31)), DAY, "2.0", "refused", "longer than the policy"),
    (waiver(compensating_controls=()), DAY, "2.0", "refused", "no compensating controls"),
])
def test_an_ineffective_waiver_has_no_effect_and_the_report_says_so(
        w: Waiver, on: date, version: str, outcome: str, says: str) -> None:
    audit = MemoryAuditLog()
    out, decisions = apply(report(), w, version=version, on=on, audit=audit)
    assert out.findings[0].status is Status.FAIL and out.exit_code == 1
    assert [d.outcome for d in decisions] == [outcome]
    note = out.findings[-1]
    assert (note.control, note.status, note.subject) == ("waivers.not_applied", Status.WARN,
                                                          "W-1")
    assert says in note.message.en and note.message.zh_cn
    assert [e["action"] for e in audit.events] == ["waiver.not_applied"]
    assert out.counts()["waived"] == 0 and "badge waived" not in out.to_html()
    assert "[waived]" not in out.to_junit() and "🛡️" not in out.to_markdown()


def test_a_pinned_model_fingerprint_must_match() -> None:
    w = waiver(model_fingerprint="a" * 64)
    out, d = apply(report(model_fp="a" * 64), w)
    assert d[0].outcome == "applied"
    out, d = apply(report(model_fp="b" * 64), w)
    assert d[0].outcome == "out_of_scope" and out.exit_code == 1


def test_non_waivable_controls_and_errors_are_never_waived() -> None:
    pol = Policy.loads('[waivers]\nnon_waivable = ["fairness.*"]\n')
    out, d = apply(report(), waiver(), policy=pol)
    assert d[0].outcome == "refused" and out.exit_code == 1
    assert "forbids waivers for control fairness.four_fifths_rule" in out.findings[-1].message.en
    err = finding(status="error")
    out, d = apply(report(err), waiver())
    assert out.findings[0].status is Status.ERROR and d[0].outcome == "refused"
    assert "could not be judged" in out.findings[-1].message.en
    assert is_non_waivable("explain.prohibited_features", WaiverPolicy().non_waivable)
    with pytest.raises(PolicyError, match="non_waivable"):
        Policy.loads('[waivers]\nnon_waivable = ["fair*ness"]\n')


def test_waivers_of_other_models_are_silent_and_the_latest_expiry_wins() -> None:
    other = waiver(id="W-9", model="other")
    early = waiver(id="W-2", expires=date(2026, 4, 30))
    out, d = apply(report(), other, early, waiver())
    assert out.findings[0].waiver is not None and out.findings[0].waiver.id == "W-1"
    assert {x.waiver_id: x.outcome for x in d} == {"W-9": "unused", "W-2": "unused",
                                                   "W-1": "applied"}
    assert len(out.findings) == 1  # nothing to say about unused waivers


def test_fingerprint_waivers_name_one_finding() -> None:
    a = finding(metric="demographic_parity_ratio")
    b = finding(metric="demographic_parity_difference")
    w = waiver(subject=None, finding_fingerprint=b.fingerprint)
    out, _ = apply(report(a, b), w)
    assert [f.status for f in out.findings] == [Status.FAIL, Status.WAIVED]
    assert a.fingerprint != b.fingerprint == finding(metric=b.metric).fingerprint


def test_bad_arguments_name_the_argument() -> None:
    with pytest.raises(InvalidInputError, match="'version' argument of apply_waivers"):
        apply_waivers(report(), [waiver()], model="scorer", version="")
    with pytest.raises(InvalidInputError, match="Item 0 of 'waivers'"):
        apply_waivers(report(), [object()], model="scorer", version="2.0")  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="'report' argument"):
        apply_waivers("x", [], model="scorer", version="2.0")  # type: ignore[arg-type]


def test_every_format_says_waived_and_counts_it_apart() -> None:
    out, _ = apply(report(finding(), finding("validation.auc", "pass", None)), waiver())
    data = json.loads(out.to_json())
    assert data["schema_version"] == "1.1"
    assert data["summary"] == {"status": "waived", "exit_code": 0, "counts": {
        "pass": 1, "warn": 0, "fail": 0, "error": 0, "skipped": 0, "waived": 1}}
    assert data["findings"][0]["waiver"]["id"] == "W-1" and "waiver" not in data["findings"][1]
    assert Report.from_json(out.to_json()) == out
    md = out.to_markdown()
    assert "| 🛡️ waived | four-fifths rule `fairness.four_fifths_rule`" in md
    assert "1 passed, 0 warnings, 1 waived, 0 failed" in md and "waived by W-1" in md
    assert "已豁免 1 项" in out.to_markdown(lang="zh-CN")
    html = out.to_html()
    assert '<span class="badge waived">waived</span>' in html
    root = ET.fromstring(out.to_junit())
    assert root.get("waived") == "1" and root.get("failures") == "0"
    case = root.find(".//testcase[@classname='dfgov.fairness.four_fifths_rule']")
    assert case is not None and case.find("failure") is None
    prop = case.find("properties/property")
    assert prop is not None and prop.get("value") == "W-1"
    assert (case.findtext("system-out") or "").startswith("[waived]")


def test_a_report_without_waivers_renders_as_before() -> None:
    plain = report(finding("validation.auc", "pass", None))
    assert "waiver" not in plain.to_json() and "waived" not in plain.to_markdown()
    assert ET.fromstring(plain.to_junit()).get("waived") is None


_statuses = st.sampled_from(["pass", "warn", "fail", "error", "skipped"])
_controls = st.sampled_from(["fairness.a", "fairness.b", "validation.c"])
_subjects = st.sampled_from([None, "sex", "age"])


def loose(**kw: Any) -> Any:
    """A waiver from elsewhere (any object with the protocol's attributes), unchecked."""
    return SimpleNamespace(**{**waiver().model_dump(), **kw})


@given(
    findings=st.lists(st.builds(finding, _controls, _statuses, _subjects), max_size=8),
    waivers=st.lists(st.builds(
        lambda i, c, s, v, end, ok: loose(id=f"W-{i}", control=c, subject=s, version=v,
                                          expires=DAY + timedelta(days=end),
                                          approver="cro" if ok else "alice"),
        st.integers(0, 99), _controls, _subjects, st.sampled_from(["2.0", "1.0"]),
        st.integers(-20, 20), st.booleans()), max_size=5, unique_by=lambda w: w.id),
)
def test_waived_exactly_where_a_valid_waiver_covers_a_failure(
        findings: list[Finding], waivers: list[Any]) -> None:
    rep = Report.build(findings)
    out, decisions = apply(rep, *waivers)
    valid = [w for w in waivers if w.version == "2.0" and w.expires >= DAY and
             w.approver != w.requester]
    for before, after in zip(rep.findings, out.findings, strict=False):
        covered = before.status is Status.FAIL and any(
            w.control == before.control and w.subject == before.subject for w in valid)
        assert after.status is (Status.WAIVED if covered else before.status)
        assert (after.waiver is not None) == covered
    extra = out.findings[len(rep.findings):]
    assert all(f.control == "waivers.not_applied" and f.status is Status.WARN for f in extra)
    assert len(extra) == sum(d.outcome not in ("applied", "unused") for d in decisions)
    assert not any(f.status is Status.PASS for f in out.findings if
                   f.control != "validation.c" and f not in rep.findings)
    still_failing = any(f.status in (Status.FAIL, Status.ERROR) for f in out.findings)
    assert out.exit_code == (1 if still_failing else 0)


def test_the_day_of_decision_is_read_from_the_injected_clock() -> None:
    import numpy as np
    import pandas as pd

    from dfgov.clock import FixedClock
    from dfgov.model_risk import ModelRiskAssessment

    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    audit = MemoryAuditLog()
    _, decisions = apply_waivers(report(), [waiver()], model="scorer", version="2.0",
                                 audit=audit, clock=clock)
    assert [d.outcome for d in decisions] == ["applied"]
    assert audit.events[0]["payload"]["as_of"] == "2026-03-01"
    clock.set(datetime(2026, 7, 1, tzinfo=UTC))
    _, decisions = apply_waivers(report(), [waiver()], model="scorer", version="2.0",
                                 clock=clock)
    assert [d.outcome for d in decisions] == ["expired"]
    # an assessment passes its clock on: report times and the waivers' day agree
    rng = np.random.default_rng(0)
    sex = pd.Series(np.where(rng.random(400) < 0.5, "female", "male"), name="sex")
    female = sex.to_numpy() == "female"
    y_pred = np.where(female, rng.random(400) < 0.6, rng.random(400) < 0.2).astype(int)
    y = rng.integers(0, 2, 400)
    pol = Policy.loads('[model_risk]\ncontrols = ["fairness"]\nfavourable_label = 0\n')
    w = waiver(control="fairness.demographic_parity_difference", expires=date(2026, 6, 30))
    for at, outcome in ((datetime(2026, 3, 1, tzinfo=UTC), "waived"),
                        (datetime(2026, 7, 1, tzinfo=UTC), "fail")):
        rep = ModelRiskAssessment(pol, clock=FixedClock(at)).run(
            y=y, y_pred=y_pred, sensitive_features=sex, waivers=[w], figures=False,
            metadata={"model_id": "scorer", "model_version": "2.0"})
        assert rep.finished_at == at
        assert {f.status.value for f in rep.findings
                if f.control == "fairness.demographic_parity_difference"} == {outcome}
