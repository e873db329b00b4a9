"""``dfgov demo``: the full assessment of a credit model on bundled real data.

Trains a gradient-boosting model on the UCI German credit data, runs the
model-risk assessment under the shipped example policy and writes the reports,
the algorithm disclosure, an audit log and a signed evidence bundle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dfgov.i18n import LocalizedText

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.report import Report

__all__ = ["build_demo_model", "register", "run_demo"]

SENSITIVE = ["sex", "age_band"]
#: What the demo states before it judges anything.
FAVOURABLE_NOTE = LocalizedText(
    en="German credit: the target 'default' is 1 when the applicant defaulted; the favourable "
       "label is 0 (repaid) and the model's score is the probability of default (a higher "
       "score is unfavourable; >= 0.5 declines) — [model_risk] in the demo policy.",
    zh_cn="德国信贷数据：目标列 default 为 1 表示申请人违约；有利标签为 0（按期还款），模型评分为"
          "违约概率（评分越高越不利；不低于 0.5 即拒绝）——见演示策略的 [model_risk]。",
)
MONOTONE_INCREASING = ("duration_months",)
TARGET = "default"


def demo_frame() -> pd.DataFrame:
    """German credit with ``age_band`` ("< 25" / ">= 25") added."""
    import pandas as pd

    from dfgov.datasets import load_german_credit

    df = load_german_credit()
    df["age_band"] = pd.Categorical(
        (df["age"] >= 25).map({True: ">= 25", False: "< 25"}), categories=["< 25", ">= 25"]
    )
    return df


def build_demo_model(random_state: int = 0) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    """Fit the demo pipeline; return ``(model, train, test)`` frames (features + target).

    The model sees neither ``sex`` nor age (``age``, ``age_band``); note that
    ``personal_status`` still encodes sex — the explainability control's proxy
    check measures how much the model leans on it.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    df = demo_frame()
    train, test = train_test_split(df, test_size=0.3, random_state=random_state,
                                   stratify=df[TARGET])
    features = [c for c in df.columns if c not in (TARGET, "age", *SENSITIVE)]
    categorical = [c for c in features if str(df[c].dtype) == "category"]
    numeric = [c for c in features if c not in categorical]
    pre = ColumnTransformer(
        [("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
         ("num", "passthrough", numeric)],
        verbose_feature_names_out=False,
    )
    names = list(pre.fit(train[features]).get_feature_names_out())
    # Longer loans never lower the estimated default risk (a declared monotone constraint
    # that the robustness control then verifies).
    monotone = [1 if n in MONOTONE_INCREASING else 0 for n in names]
    model = Pipeline([
        ("pre", pre),
        ("gbm", HistGradientBoostingClassifier(
            max_iter=120, max_depth=3, learning_rate=0.05, min_samples_leaf=20,
            l2_regularization=1.0, monotonic_cst=monotone, random_state=random_state)),
    ])
    model.fit(train[features], train[TARGET])
    return model, train.reset_index(drop=True), test.reset_index(drop=True)


def run_demo(out: Path, *, lang: str = "en", pdf: bool = False) -> Report:
    """Run the whole demo into ``out``; return the assessment Report.

    With ``pdf``, also ``report.pdf`` (and ``report.zh-CN.pdf``), printed by
    headless Chromium.
    """
    from importlib import resources

    from dfgov.model_risk.assessment import ModelRiskAssessment
    from dfgov.policy import Policy

    out.mkdir(parents=True, exist_ok=True)
    policy_text = resources.files("dfgov.datasets").joinpath("german_credit_policy.toml") \
        .read_text(encoding="utf-8")
    (out / "policy.toml").write_text(policy_text, encoding="utf-8")
    policy = Policy.load(out / "policy.toml")
    from dfgov.cli._demo_extras import DISCLOSURE_METADATA
    from dfgov.model_risk.validation import load_model

    fitted, train, test = build_demo_model()
    features = list(fitted.feature_names_in_)
    _save_model(fitted, out / "model.skops")
    model = load_model(out / "model.skops")  # as a bank would: from the registry, via skops

    audit = _audit_log(out)
    assessment = ModelRiskAssessment(policy, audit=audit, actor="dfgov demo")
    report = assessment.run(
        model, test[features], test[TARGET].to_numpy(),
        sensitive_features=test[SENSITIVE],
        X_reference=train[features], X_train=train[features], y_train=train[TARGET].to_numpy(),
        model_format="skops",
        metadata={"model_name": {"en": "German credit GBM (demo)",
                                 "zh-CN": "德国信贷梯度提升模型（演示）"},
                  "model_version": "1.0.0",
                  "model_owner": {"en": "Example Bank, Model Risk Management",
                                  "zh-CN": "示例银行模型风险管理部"},
                  "dataset": {"en": "UCI German credit, 300 held-out applications",
                              "zh-CN": "UCI 德国信贷数据，留出的 300 笔申请"},
                  "disclosure": DISCLOSURE_METADATA},
    )
    report.to_html(out / "report.html", lang=lang)
    if lang != "zh-CN":
        report.to_html(out / "report.zh-CN.html", lang="zh-CN")
    for name in ("report.json", "junit.xml", "report.md"):
        report.save(out / name, lang=lang)
    if pdf:
        report.to_pdf(out / "report.pdf", lang=lang)
        if lang != "zh-CN":
            report.to_pdf(out / "report.zh-CN.pdf", lang="zh-CN")
    _extras(report, out, policy, model, audit)
    return report


def _save_model(model: Any, path: Path) -> None:
    import skops.io as sio

    sio.dump(model, path)


def _audit_log(out: Path) -> Any:
    try:
        from dfgov.audit import AuditLog
    except ImportError:  # pragma: no cover - the audit area ships with dfgov
        return None
    db = out / "governance.db"
    db.unlink(missing_ok=True)
    return AuditLog(db)


def _extras(report: Report, out: Path, policy: Any, model: Any, audit: Any) -> None:
    """Disclosure and evidence bundle (filled in by the areas that provide them)."""
    from dfgov.cli import _demo_extras

    _demo_extras.write(report, out, policy=policy, model=model, audit=audit)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to ``app``."""

    @app.command("demo")
    def demo(
        out: Path = typer.Option(Path("dfgov-demo"), "--out", help="Output directory."),
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
        pdf: bool = typer.Option(False, "--pdf", help="Also print the reports to PDF "
                                 "(needs Chromium)."),
    ) -> None:
        """Train a credit model on bundled German credit data, assess it, write the reports."""
        import sys

        from dfgov.cli._output import print_summary
        from dfgov.i18n import check_lang

        lang = check_lang(lang)
        sys.stderr.write(FAVOURABLE_NOTE.get(lang) + "\n")
        report = run_demo(out, lang=lang, pdf=pdf)
        print_summary(report, lang)
        sys.stderr.write(f"wrote {out}/report.html, report.json, junit.xml and more\n")
        raise typer.Exit(report.exit_code)
