"""Explainability through SHAP: explainers, reason codes, checks.

``Explainer`` picks shap's tree, linear, permutation or exact explainer for a
model and reports contributions on the original input columns (one-hot
columns of a Pipeline summed back); ``Explanation`` gives global importance
with bootstrap intervals, importance by group, local explanations and
adverse-action reason codes; ``ExplainabilityCheck`` judges fidelity,
stability, concentration, prohibited features, proxies and group divergence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.explain._association import association as association
    from dfgov.model_risk.explain._association import proxy_table as proxy_table
    from dfgov.model_risk.explain._check import ExplainabilityCheck as ExplainabilityCheck
    from dfgov.model_risk.explain._explainer import Explainer as Explainer
    from dfgov.model_risk.explain._explainer import ExplainerKind as ExplainerKind
    from dfgov.model_risk.explain._explanation import Explanation as Explanation
    from dfgov.model_risk.explain._policy import ExplainabilityPolicy as ExplainabilityPolicy
    from dfgov.model_risk.explain._reasons import top_k_reasons as top_k_reasons

_EXPORTS = {
    "association": "._association",
    "proxy_table": "._association",
    "ExplainabilityCheck": "._check",
    "Explainer": "._explainer",
    "ExplainerKind": "._explainer",
    "Explanation": "._explanation",
    "ExplainabilityPolicy": "._policy",
    "top_k_reasons": "._reasons",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
