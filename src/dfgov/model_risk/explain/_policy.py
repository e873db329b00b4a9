"""Policy section [explainability]."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from dfgov._validate import renamed_arg
from dfgov.model_risk._protected import DEFAULT_PROTECTED
from dfgov.policy import PolicySection, register_section

__all__ = ["ExplainabilityPolicy"]


@register_section
class ExplainabilityPolicy(PolicySection):
    """Explainability checks: fidelity, stability, concentration, prohibited features, proxies."""

    section_name: ClassVar[str] = "explainability"
    moved_keys: ClassVar[dict[str, str]] = {
        "adverse": "which outcome is adverse follows from [model_risk] favourable_label (and "
        "score_direction); it is not set here.",
        "adverse_threshold": "adverse-action reasons are given for the rows the decision "
        "threshold declines: set [model_risk] decision_threshold.",
    }

    # -- the explainer ------------------------------------------------------
    scale: Literal["auto", "probability", "log_odds", "raw"] = Field(
        "auto",
        description=(
            "Scale explanations are additive on: probability, log_odds, raw (regressors), or auto "
            "(log_odds for classifiers, raw for regressors)."
        ),
    )
    background_size: int = Field(
        100, ge=1, le=10_000,
        description="Most background rows the explainer integrates over.",
    )
    background_method: Literal["sample", "kmeans"] = Field(
        "sample", description="How the background is bounded: a random sample or k-means summary."
    )
    max_rows: int = Field(
        1_000, ge=10,
        description="Most rows of X the check explains (a random sample above that).",
    )
    random_state: int = Field(0, description="Seed for samples and bootstrap resamples.")

    # -- fidelity -----------------------------------------------------------
    additivity_tolerance: float | None = Field(
        None, ge=0,
        description=(
            "Largest allowed |base value + sum of contributions - model output|; by default "
            "derived from the model's float precision (float32 boosters get a looser bound "
            "than float64 models)."
        ),
    )

    # -- stability ----------------------------------------------------------
    n_boot: int = Field(
        100, ge=10, le=10_000, description="Bootstrap resamples for intervals and stability "
        "(the key was n_bootstrap before; that name still works for one release and warns)."
    )
    confidence: float = Field(
        0.95, gt=0, lt=1, description="Confidence level of bootstrap intervals."
    )
    min_rank_stability: float = Field(
        0.8, ge=-1, le=1,
        description=(
            "Least allowed 5th percentile of the Spearman correlation between a bootstrap "
            "resample's global importance and the full sample's."
        ),
    )

    # -- concentration ------------------------------------------------------
    concentration_share: float = Field(
        0.8, gt=0, le=1, description="Share of total importance the concentration metric counts to."
    )
    max_features_for_share: int | None = Field(
        10, ge=1,
        description=(
            "Most features allowed to reach concentration_share (warn above: explanations get "
            "hard to communicate). None: report only."
        ),
    )

    # -- prohibited features and proxies ------------------------------------
    protected_attributes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PROTECTED),
        description="Protected attributes: a column whose name contains one of these terms "
        "(case-insensitive; English terms as whole words, Chinese anywhere) is protected. "
        "Default: sex/gender/性别, age/年龄/date of birth, race/ethnicity/民族, "
        "religion/宗教, nationality/国籍, region/地域/籍贯, marital status/婚姻, health/健康, "
        "occupation/职业.",
    )
    non_actionable: list[str] = Field(
        default_factory=list,
        description="Features never given as adverse-action reasons (besides protected ones).",
    )
    max_protected_importance: float = Field(
        0.0, ge=0, le=1,
        description="Largest allowed share of total importance carried by a protected input.",
    )
    proxy_association_threshold: float = Field(
        0.5, ge=0, le=1,
        description=(
            "Association (Cramér's V, correlation ratio or |Pearson r|) above which a feature "
            "may proxy a sensitive attribute."
        ),
    )
    proxy_importance_threshold: float = Field(
        0.05, ge=0, le=1,
        description="Share of total importance above which a likely proxy is flagged.",
    )
    proxy_status: Literal["warn", "fail"] = Field(
        "fail", description="Status of a finding for a flagged proxy."
    )

    # -- group divergence ---------------------------------------------------
    max_group_divergence: float = Field(
        0.3, ge=0, le=1,
        description=(
            "Largest allowed total-variation distance between a group's importance profile "
            "and the overall one."
        ),
    )
    min_group_size: int = Field(
        30, ge=1, description="Groups with fewer explained rows are not compared."
    )

    # -- reason codes -------------------------------------------------------
    n_reasons: int = Field(4, ge=1, le=10, description="Reasons per adverse-action notice.")
    min_reason_coverage: float = Field(
        0.95, ge=0, le=1,
        description=(
            "Least share of adverse outcomes that must get at least one reason from actionable, "
            "non-protected features (warn below)."
        ),
    )

    # -- renamed keys (one release) -----------------------------------------
    @model_validator(mode="before")
    @classmethod
    def _renamed_keys(cls, data: Any) -> Any:
        """``n_bootstrap`` (the old key) still sets ``n_boot``, with a DeprecationWarning."""
        if isinstance(data, Mapping) and "n_bootstrap" in data:
            data = dict(data)
            data["n_boot"] = renamed_arg(data.get("n_boot"), data.pop("n_bootstrap"),
                                         caller="ExplainabilityPolicy", new="n_boot",
                                         old="n_bootstrap")
        return data

    @property
    def n_bootstrap(self) -> int:
        """Deprecated: read :attr:`n_boot`."""
        warnings.warn("ExplainabilityPolicy.n_bootstrap is deprecated and goes in the next "
                      "release; use ExplainabilityPolicy.n_boot.", DeprecationWarning,
                      stacklevel=2)
        return self.n_boot
