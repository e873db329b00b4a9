"""Registers: DORA xBRL-CSV package (validated), EBA register, China ledger and annual report."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.outsourcing import (
    Assessment,
    BusinessFunction,
    ExitTest,
    Incident,
    Notification,
    OutsourcingCase,
    Subcontractor,
    TransitionRecord,
)
from dfgov.outsourcing.registers import (
    COVERAGE,
    RegisterData,
    ReportingEntity,
    china_annual_report,
    china_ledger,
    dora_tables,
    eba_register,
    export_dora_package,
    validate_dora,
)
from dfgov.outsourcing.registers._dora import DORA_TEMPLATES
from tests.outsourcing import factory as f

REF = date(2025, 12, 31)
ENTITY = ReportingEntity(lei=f.BANK_LEI, name="Bank AG", country="DE",
                         competent_authority="BaFin", total_assets=1e9)
FUNCTIONS = [
    BusinessFunction(id="F1", name="Payments", licensed_activity="eba_TA:x1", critical=True,
                     reasons="core", last_assessed=date(2025, 1, 1), rto_hours=4, rpo_hours=1,
                     impact="high"),
    BusinessFunction(id="F2", name="HR", licensed_activity="eba_TA:x2", critical=False,
                     last_assessed=date(2025, 1, 1), rto_hours=72, rpo_hours=24),
]


def cases() -> list[OutsourcingCase]:
    t = datetime(2025, 5, 1, tzinfo=UTC)
    approved = TransitionRecord(from_state="due_diligence", to_state="approved", at=t,
                                actor="bob", evidence={"approver": "bob"})
    a1 = OutsourcingCase(
        provider=f.provider("P1", country="IE", uscc=f.uscc("p1")),
        arrangement=f.arrangement(
            "A1", status="active", data_sensitiveness="high", substitutability_reason="migration",
            alternative_providers=("P2",), non_onsite=True, subcontractors=(Subcontractor(
                provider_id="S1", rank=2, recipient_id="P1", country="US",
                ict_service_type="S09"),)),
        history=(approved,),
    ).add(f.contract("A1"), f.exit_plan("A1"),
          Notification(arrangement_id="A1", notified_on=date(2025, 2, 3), authority="NFRA",
                       reference="N1"),
          Assessment(arrangement_id="A1", performed_on=date(2025, 6, 1), performed_by="r",
                     kind="annual", conclusion="satisfactory"),
          ExitTest(arrangement_id="A1", plan_version=1, performed_on=date(2025, 7, 1),
                   kind="tabletop", result="passed"),
          Incident(id="INC-1", arrangement_id="A1", severity="major", occurred_at=t,
                   detected_at=t, reportable=True, reported_at=datetime(2025, 5, 3, tzinfo=UTC)))
    a2 = OutsourcingCase(
        provider=f.provider("P2", ultimate_parent_id="P1"),
        arrangement=f.arrangement("A2", "P2", status="active", important=False,
                                  importance_rationale=None, function_id="F2",
                                  ict_service_type="S19", substitutability="easy",
                                  data_countries=(), currency="EUR", annual_cost=5000.0),
    ).add(f.contract("A2", clauses=frozenset(f.MANDATORY_CLAUSES), end=None))
    a3 = OutsourcingCase(provider=f.provider("P3"),
                         arrangement=f.arrangement("A3", "P3"))  # proposed: not in registers
    return [a1, a2, a3]


def data() -> RegisterData:
    return RegisterData.from_cases(cases(), FUNCTIONS, providers=[f.provider("S1", country="US")])


def test_dora_package_validates_and_carries_column_codes(tmp_path: Path) -> None:
    tables = dora_tables(data(), ENTITY, reference_date=REF)
    assert validate_dora(tables) == []
    out = export_dora_package(data(), ENTITY, tmp_path / "roi_2025.zip", reference_date=REF)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert {"roi_2025/META-INF/reportPackage.json", "roi_2025/reports/report.json",
                "roi_2025/reports/parameters.csv",
                "roi_2025/reports/FilingIndicators.csv"} <= names
        rp = json.loads(zf.read("roi_2025/reports/report.json"))
        assert rp["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv"
        params = dict(csv.reader(io.StringIO(zf.read("roi_2025/reports/parameters.csv")
                                             .decode())))
        assert params["entityID"] == f"rs:{f.BANK_LEI}.IND" and params["refPeriod"] == "2025-12-31"
        fi = dict(csv.reader(io.StringIO(zf.read("roi_2025/reports/FilingIndicators.csv")
                                         .decode())))
        assert fi["B_01.03"] == "false" and fi["B_99.01"] == "false" and fi["B_02.02"] == "true"
        for t, cols in DORA_TEMPLATES.items():
            name = f"roi_2025/reports/{t.lower()}.csv"
            if fi[t] == "true":
                header = zf.read(name).decode().splitlines()[0].split(",")
                assert header == list(cols) and header[0] == "c0010"
            else:
                assert name not in names
        b0502 = list(csv.DictReader(io.StringIO(zf.read("roi_2025/reports/b_05.02.csv")
                                                .decode())))
    assert sorted(r["c0050"] for r in b0502) == ["1", "1", "2"]
    sub = next(r for r in b0502 if r["c0050"] == "2")
    assert sub["c0030"] == f.lei("S1") and sub["c0060"] == f.lei("P1")
    assert len(tables["B_02.01"]) == 2  # the proposed arrangement has no contract
    b0501 = tables["B_05.01"].set_index("c0010")
    assert b0501.loc[f.lei("P2"), "c0110"] == f.lei("P1")
    assert b0501.loc[f.lei("P1"), "c0100"] == "1000000.00"
    assert tables["B_02.02"].set_index("c0010").loc["C-A2", "c0080"] == "9999-12-31"
    assert list(tables["B_07.01"]["c0010"]) == ["C-A1"]  # critical or important only
    assert set(COVERAGE) == {*DORA_TEMPLATES, "B_99.01"}


def test_pre_export_validation_finds_and_blocks(tmp_path: Path) -> None:
    d = data()
    bad_providers = d.providers.copy()
    bad_providers.loc[bad_providers["provider_id"] == "P2", "lei"] = "5493001KJTIIGC8Y1R13"
    bad_contracts = d.contracts.copy()
    bad_contracts.loc[0, "function_id"] = "F404"
    bad_contracts.loc[1, "ict_service_type"] = "S99"
    bad_contracts.loc[1, "overarching_reference"] = "C-NOPE"
    broken = RegisterData(bad_providers, bad_contracts, d.supply_chain, d.functions)
    issues = {(i.template, i.column, i.rule) for i in
              validate_dora(dora_tables(broken, ENTITY, reference_date=REF))}
    assert ("B_05.01", "c0010", "not a valid ISO 17442 LEI") in issues
    assert ("B_02.02", "c0050", "function identifier not in B_06.01") in issues
    assert ("B_02.02", "c0060", "value not in the code list") in issues
    assert ("B_02.01", "c0030", "overarching reference not in B_02.01") in issues
    out = tmp_path / "x.zip"
    with pytest.raises(InvalidInputError, match="pre-export validation"):
        export_dora_package(broken, ENTITY, out, reference_date=REF)
    assert not out.exists()
    no_fn = RegisterData(d.providers, d.contracts, d.supply_chain, d.functions.iloc[:0])
    issues = validate_dora(dora_tables(no_fn, ENTITY, reference_date=REF))
    assert any(i.rule == "function identifier not in B_06.01" for i in issues)
    no_sub = RegisterData.from_cases(cases(), FUNCTIONS)  # sub-contractor S1 unknown
    issues = validate_dora(dora_tables(no_sub, ENTITY, reference_date=REF))
    assert {(i.template, i.column) for i in issues} == {("B_05.02", "c0030"), ("B_05.02", "c0040")}
    other_entity = d.contracts.assign(entity_lei=f.lei("OTHERBANK"))
    issues = validate_dora(dora_tables(RegisterData(d.providers, other_entity, d.supply_chain,
                                                    d.functions), ENTITY, reference_date=REF))
    assert {(i.template, i.rule) for i in issues} == {
        (t, "entity LEI not in B_01.02") for t in ("B_02.02", "B_03.01", "B_04.01")}
    with pytest.raises(ColumnError, match="contracts"):
        RegisterData(d.providers, d.contracts.drop(columns=["currency"]), d.supply_chain,
                     d.functions)
    with pytest.raises(InvalidInputError, match=r"The 'path' argument of export_dora_package "
                       r"must end in '\.zip'\. Got the suffix '\.csv'\."):
        export_dora_package(d, ENTITY, tmp_path / "x.csv", reference_date=REF)


def test_reporting_entity_checks() -> None:
    with pytest.raises(InvalidInputError, match=r"ReportingEntity\.lei"):
        ReportingEntity(lei="5493001KJTIIGC8Y1R13", name="B", country="DE",
                        competent_authority="X")
    with pytest.raises(InvalidInputError, match="entity_type"):
        ReportingEntity(lei=f.BANK_LEI, name="B", country="DE", competent_authority="X",
                        entity_type="bakery")


def test_eba_register(tmp_path: Path) -> None:
    reg = eba_register(cases(), functions=FUNCTIONS, path=tmp_path / "eba.csv")
    assert list(reg["54(a) reference number"]) == ["C-A1", "C-A2"]
    a1, a2 = reg.iloc[0], reg.iloc[1]
    assert a1["55(b) approved by"] == "bob" and a1["55(f) substitutability"] == "difficult"
    assert a1["55(h) recovery time objective (hours)"] == 4
    assert a1["55(e) sub-contractors"] == "S1@US" and a1["54(e) registration number"]
    assert a2["54(h) cloud service model"] == "SaaS" and a2["54(g) critical or important"] == "no"
    assert all(v is None or v != v for k, v in a2.items() if k.startswith("55"))
    assert (tmp_path / "eba.csv").read_text("utf-8").startswith("54(a) reference number,")


def test_china_ledger_and_annual_report(tmp_path: Path) -> None:
    zh = china_ledger(cases(), path=tmp_path / "ledger.csv")
    en = china_ledger(cases(), lang="en")
    assert list(zh.columns)[:3] == ["外包编号", "服务商名称", "统一社会信用代码"]
    assert list(en.columns)[:2] == ["Arrangement", "Provider"]
    assert zh.iloc[0]["外包类型"] == "运行维护类" and zh.iloc[0]["非驻场集中式外包"] == "是"
    assert len(zh) == 2
    rep = china_annual_report(cases(), 2025)
    by = {(x.control, x.subject): x.status for x in rep.findings}
    assert by["outsourcing.annual.assessment", "A1"] == "pass"
    assert by["outsourcing.annual.drill", "A1"] == "pass"
    assert by["outsourcing.annual.incident", "INC-1"] == "fail"  # reported after 48 h
    assert rep.metadata["important"] == 1 and rep.metadata["non_onsite"] == 1
    assert "年度" in rep.title.zh_cn
    rows = {r[0]: r[2] for r in rep.tables[0].rows}
    assert rows["Arrangements in force"] == 2 and rows["Notifications to the regulator"] == 1


def test_exited_arrangement_in_registers() -> None:
    def h(frm: str, to: str, when: datetime) -> TransitionRecord:
        return TransitionRecord(from_state=frm, to_state=to, at=when, actor="x")

    case = OutsourcingCase(
        provider=f.provider(), arrangement=f.arrangement(status="exited",
                                                         termination_reason="authority"),
        history=(h("approved", "contracted", datetime(2025, 3, 3, tzinfo=UTC)),
                 h("exiting", "exited", datetime(2025, 12, 1, tzinfo=UTC))),
    ).add(f.contract(), f.exit_plan())
    tables = dora_tables(RegisterData.from_cases([case], FUNCTIONS), ENTITY, reference_date=REF)
    row = tables["B_02.02"].iloc[0]
    assert row["c0080"] == "2025-12-01" and row["c0090"] == "eba_CO:x8"
    rep = china_annual_report([case], 2025)
    assert rep.metadata["in_force"] == 1 and rep.metadata["exited"] == 1
    assert china_annual_report([case], 2026).metadata["in_force"] == 0
    assert china_annual_report([case], 2024).metadata["in_force"] == 0
