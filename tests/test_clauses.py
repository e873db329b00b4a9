"""Traceability: every control declares its clauses; the docs matrix is generated and current."""

from __future__ import annotations

import re
from pathlib import Path

from dfgov.clauses import components, controls, matrix, to_markdown

ROOT = Path(__file__).resolve().parents[1]
TAG = re.compile(
    r"^(AP-1[67]|JR/T 0(221|287|258|171|197|223)-20\d\d( §\d+(\.\d+)?)?|GB/T \d+-20\d\d( §[\d.]+)?"
    r"|PIPL Art\.\d+|SR 11-7( §[IVX]+)?|EU AI Act (Art\.\d+|Annex IV)|ECOA/Reg B 1002\.9"
    r"|4/5ths rule|CBIRC-2021-141 Art\.\d+|EBA/GL/2019/02 ¶5[45]|DORA (Art\.\d+|RoI))$"
)


def test_every_control_declares_valid_clause_tags() -> None:
    infos = controls() + components()
    assert len(controls()) >= 12 and len(components()) >= 9
    for info in infos:
        assert info.clauses, info.qualname
        for tag in info.clauses:
            assert TAG.match(tag), (info.qualname, tag)
    ids = [i.control_id for i in infos]
    assert len(ids) == len(set(ids))


def test_both_measures_are_served_and_exercised() -> None:
    rows = {r.clause: r for r in matrix(ROOT / "tests")}
    for measure in ("AP-16", "AP-17"):
        assert rows[measure].controls and rows[measure].tests
    assert "fairness" in rows["4/5ths rule"].controls


def _without_tests(page: str) -> list[str]:
    """The page's lines with the (growing) tests column dropped."""
    out = []
    for line in page.splitlines():
        cells = line.split(" | ")
        out.append(" | ".join(cells[:2]) if line.startswith("| ") and len(cells) == 3 else line)
    return out


def test_docs_matrix_is_generated_and_current() -> None:
    """The committed page matches the code's clauses; the site build regenerates it whole
    (docs/hooks/clauses.py), so the tests column there is always current."""
    expected = to_markdown(matrix(ROOT / "tests"), controls())
    page = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    assert _without_tests(page) == _without_tests(expected), (
        "regenerate with: dfgov clauses --markdown > docs/clauses.md")


def test_controls_and_components_are_apart() -> None:
    """The controls group lists controls only; stores, keys and logs are components."""
    ctl = {i.class_name for i in controls()}
    parts = {i.class_name for i in components()}
    assert not ctl & parts
    assert {"Keyring", "FieldEncryptor", "AuditLog", "ModelInventory", "OutsourcingRegistry",
            "ReviewStore", "WaiverRegister", "AssessmentRegister", "Monitor"} == parts
    assert {"FairnessCheck", "ModelRiskAssessment", "DataProtectionScan"} <= ctl
