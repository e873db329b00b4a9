"""The columnar loader equals flattening the validated dossiers."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from dfgov.outsourcing import (
    Assessment,
    Certification,
    ExitTest,
    Incident,
    OutsourcingRegistry,
    OutsourcingReview,
    RegulatorRequest,
    SlaResult,
    portfolio_frames,
)

from . import factory as f


def _random_register(reg: OutsourcingRegistry, seed: int) -> None:
    rng = random.Random(seed)
    day0 = date(2024, 1, 1)

    def day() -> date:
        return day0 + timedelta(days=rng.randrange(0, 700))

    def moment() -> datetime:
        return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 8000))

    providers = [f.provider(f"P{i}", group=rng.choice([None, "G1", "G2"]),
                            ultimate_parent_id=rng.choice([None, "P0"]),
                            related_party=rng.random() < 0.3,
                            certifications=tuple(Certification(name=n, valid_until=day())
                                                 for n in ("ISO 27001", "SOC 2")
                                                 if rng.random() < 0.5))
                 for i in range(6)]
    arrs, recs = [], []
    for i in range(30):
        important = rng.random() < 0.5
        arrs.append(f.arrangement(
            f"A{i:02d}", f"P{rng.randrange(6)}", important=important,
            importance_rationale="r" if important else None,
            data_countries=rng.choice([(), ("DE",), ("FR", "DE")]),
            annual_cost=float(rng.randrange(0, 10_000)), cross_border=rng.random() < 0.5))
        aid = f"A{i:02d}"
        for _ in range(rng.randrange(0, 4)):
            scores = {c: float(rng.randrange(0, 101)) for c in ("sla", "security", "financial")
                      if rng.random() < 0.6}
            sla = tuple(SlaResult(metric=f"m{k}", target=50, actual=rng.randrange(0, 100),
                                  higher_is_better=rng.random() < 0.5)
                        for k in range(rng.randrange(0, 3)))
            recs.append(Assessment(arrangement_id=aid, performed_on=day(), performed_by="x",
                                   kind=rng.choice(["periodic", "annual", "audit", "post_exit"]),
                                   scores=scores, sla_results=sla,
                                   conclusion="satisfactory"))
        for _ in range(rng.randrange(0, 3)):  # same references: later ones supersede
            start = day()
            recs.append(f.contract(aid, reference=f"C{rng.randrange(2)}", signed_on=day(),
                                   start=start, end=rng.choice([None, start + timedelta(400)]),
                                   notice_days_entity=rng.randrange(0, 400)))
        if rng.random() < 0.5:
            recs.append(f.exit_plan(aid, version=rng.randrange(1, 3)))
        for _ in range(rng.randrange(0, 3)):
            recs.append(ExitTest(arrangement_id=aid, plan_version=1, performed_on=day(),
                                 kind="tabletop", result="passed"))
        for k in range(rng.randrange(0, 3)):
            t = moment()
            recs.append(Incident(
                id=f"I{k % 2}", arrangement_id=aid, severity=rng.choice(["minor", "major"]),
                occurred_at=t, detected_at=t + timedelta(hours=1),
                reportable=rng.random() < 0.7,
                report_deadline=rng.choice([None, t + timedelta(hours=12)]),
                reported_at=rng.choice([None, t + timedelta(hours=30)]),
                remediated_on=rng.choice([None, day()])))
        for _ in range(rng.randrange(0, 2)):
            recs.append(RegulatorRequest(arrangement_id=aid, received_on=day(), authority="A",
                                         subject=rng.choice(["s1", "s2"]),
                                         closed_on=rng.choice([None, day()])))
    reg.add_many(providers=providers, arrangements=arrs, records=recs)


def _norm(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].astype("datetime64[us, UTC]" if getattr(out[c].dt, "tz", None)
                                   else "datetime64[us]")
        elif out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_portfolio_equals_flattened_cases(db_url: str, seed: int) -> None:
    with OutsourcingRegistry(db_url) as reg:
        _random_register(reg, seed)
        fast, slow = reg.portfolio(), portfolio_frames(reg.cases())
    for name in ("arrangements", "incidents", "requests", "certifications"):
        a: Any = _norm(getattr(fast, name))
        b: Any = _norm(getattr(slow, name))
        if name == "certifications":  # a set of (provider, expiry): order is immaterial
            a, b = (x.sort_values(["provider_id", "valid_until"]).reset_index(drop=True)
                    for x in (a, b))
        pd.testing.assert_frame_equal(a, b, obj=name)
    ra = OutsourcingReview().run(fast, as_of=date(2026, 1, 1))
    rb = OutsourcingReview().run(slow, as_of=date(2026, 1, 1))
    assert [x.model_dump(exclude={"message"}) for x in ra.findings] == [
        x.model_dump(exclude={"message"}) for x in rb.findings]


@pytest.mark.parametrize("seed", [0, 1])
def test_both_builders_give_the_same_dtypes(db_url: str, seed: int) -> None:
    """Records and database rows go through one frame builder: dates parse alike.

    Before the builders were unified the record path parsed ``date`` objects into
    ``datetime64[s]`` and the row path parsed ISO strings into ``datetime64[us]``;
    both now give ``datetime64[us]`` (instants ``datetime64[us, UTC]``).
    """
    with OutsourcingRegistry(db_url) as reg:
        _random_register(reg, seed)
        fast, slow = reg.portfolio(), portfolio_frames(reg.cases())
    for name in ("arrangements", "incidents", "requests", "certifications"):
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.dtypes.to_dict() == b.dtypes.to_dict(), name
        for col in a.columns:
            if pd.api.types.is_datetime64_any_dtype(a[col]):
                assert a[col].dt.unit == "us", (name, col)
