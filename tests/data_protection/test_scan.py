"""scan_file in batches, the DataProtectionScan control and ``dfgov scan``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dfgov.cli import main
from dfgov.data_protection import DataProtectionPolicy, DataProtectionScan, scan, scan_file
from dfgov.data_protection._policy import AnonymityRules
from dfgov.data_protection._synthetic import synthetic_customers
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.policy import Policy


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return synthetic_customers(600, random_state=11)


@pytest.fixture(scope="module")
def files(customers: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("scan")
    pq, csv = d / "c.parquet", d / "c.csv"
    customers.to_parquet(pq)
    customers.to_csv(csv, index=False)
    return {"parquet": pq, "csv": csv, "dir": d}


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_file_in_batches_equals_in_memory(kind: str, customers: pd.DataFrame,
                                          files: dict[str, Path]) -> None:
    whole = {c.column: (c.data_type, c.category, c.level) for c in scan(customers)}
    batched = scan_file(files[kind], batch_rows=128, progress=False)
    assert batched.rows == len(customers)
    got = {c.column: (c.data_type, c.category, c.level) for c in batched}
    assert got == whole
    assert batched["身份证号"].share == 1.0
    assert batched.fingerprints["data"]
    assert scan_file(files[kind], sample=100, progress=False).rows == 100


def test_unreadable_files(files: dict[str, Path]) -> None:
    with pytest.raises(InputFileError, match="does not exist"):
        scan_file(files["dir"] / "missing.csv")
    bad = files["dir"] / "x.xlsx"
    bad.write_text("x")
    with pytest.raises(InputFileError, match=r"parquet or \.csv"):
        scan_file(bad)
    broken = files["dir"] / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InputFileError, match="Parquet"):
        scan_file(broken)



@pytest.mark.parametrize("bad", [0, -3, True, 2.5, "10"])
def test_every_scan_front_end_rejects_a_bad_sample(bad: object, customers: pd.DataFrame,
                                                   files: dict[str, Path]) -> None:
    with pytest.raises(InvalidInputError, match="'sample' argument of scan must"):
        scan(customers, sample=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'sample' argument of scan_file must"):
        scan_file(files["csv"], sample=bad, progress=False)  # type: ignore[arg-type]


def test_sampling_defaults_come_from_the_policy(customers: pd.DataFrame) -> None:
    section = DataProtectionPolicy(sample=50, random_state=7)
    assert DataProtectionScan(section).sampling(None) == (50, 7)
    assert DataProtectionScan(section).sampling(20, 3) == (20, 3)
    assert DataProtectionScan().sampling(None) == (None, 0)
    assert scan(customers, policy=section).rows == 50
    assert scan(customers, policy=section).sampled

def test_profiles(customers: pd.DataFrame) -> None:
    storage = DataProtectionScan().run(customers)
    assert storage.exit_code == 0
    c3 = [f for f in storage.findings if f.control == "data_protection.profile"]
    assert {f.subject for f in c3} == {"交易密码", "cvv"} and all(
        f.status.value == "warn" for f in c3)

    export = DataProtectionScan(DataProtectionPolicy(profile="export")).run(customers)
    assert export.exit_code == 1
    failed = {f.subject for f in export.failed()}
    assert {"交易密码", "cvv", "身份证号", "卡号", "手机号", "客户姓名"} <= failed
    assert all("PIPL Art.28" in f.clauses for f in export.findings
               if f.subject == "cvv" and f.control == "data_protection.profile")


def test_masked_display_passes(customers: pd.DataFrame) -> None:
    from dfgov.data_protection import mask

    shown = pd.DataFrame({"手机号": mask(customers["手机号"], "mobile"),
                          "身份证号": mask(customers["身份证号"], "resident_id")})
    report = DataProtectionScan(DataProtectionPolicy(profile="display")).run(shown)
    assert report.exit_code == 0, [f.message.en for f in report.failed()]


def test_anonymity_gate_in_export(customers: pd.DataFrame) -> None:
    pol = DataProtectionPolicy(profile="export", anonymity=AnonymityRules(
        quasi_identifiers=("city", "age_band", "gender"), sensitive=("余额",), k=5))
    subset = customers[["city", "age_band", "gender", "余额"]]
    report = DataProtectionScan(pol).run(subset)
    metrics = {f.metric for f in report.findings if f.control == "data_protection.anonymity"}
    assert {"k_anonymity", "prosecutor_risk", "l_diversity_distinct", "t_closeness"} <= metrics


def test_cli(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(files["parquet"]), "--json", "--no-progress"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema_version"] and doc["tables"][0]["rows"]
    policy = files["dir"] / "p.toml"
    policy.write_text('[data_protection]\nprofile = "export"\n')
    out = files["dir"] / "r.html"
    assert main(["scan", str(files["csv"]), "--policy", str(policy), "--html", "-o",
                 str(out), "--sample", "50"]) == 1
    assert "<html" in out.read_text(encoding="utf-8").lower()
    assert main(["scan", str(files["dir"] / "none.csv")]) == 2
    assert main(["scan", str(files["csv"]), "--json", "--html"]) == 2
    bad_policy = files["dir"] / "bad.toml"
    bad_policy.write_text('[data_protection]\nprofil = "x"\n')
    assert main(["scan", str(files["csv"]), "--policy", str(bad_policy)]) == 2
    err = capsys.readouterr().err
    assert "data_protection.profil" in err


def test_policy_section_roundtrip() -> None:
    p = Policy.loads('[data_protection]\nprofile = "display"\n[data_protection.masking]\n'
                     'bank_card = "last4"\n')
    section = p.section(DataProtectionPolicy)
    assert section.profile == "display" and section.masking.bank_card == "last4"


def test_reports_render_in_both_languages(customers: pd.DataFrame) -> None:
    report = DataProtectionScan(DataProtectionPolicy(profile="display")).run(customers)
    zh = report.to_markdown(lang="zh-CN")
    assert "居民身份证号码" in zh and "展示场景" in zh
    en = report.to_html(lang="en")
    assert "resident ID number" in en
    for value in customers["卡号"].head(10):
        assert value not in zh and value not in en


def test_no_rows_is_exit_2_naming_the_file(customers: pd.DataFrame, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A header and no rows is not a pass: there is nothing to judge (exit 2)."""
    empty = customers.head(0)
    csv, pq = tmp_path / "header-only.csv", tmp_path / "no-rows.parquet"
    empty.to_csv(csv, index=False)
    empty.to_parquet(pq)
    for path in (csv, pq):
        capsys.readouterr()
        assert main(["scan", str(path), "--no-progress"]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith("dfgov: error: no rows in ") and str(path) in err
        assert len(err.strip().splitlines()) == 1
        with pytest.raises(InputFileError, match="no rows"):
            DataProtectionScan().run_file(path)
    with pytest.raises(InvalidInputError, match="no rows"):
        DataProtectionScan().run(empty)
    assert scan_file(csv).rows == 0  # the inventory itself may describe an empty file
