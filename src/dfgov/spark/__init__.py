"""Scale-out on Apache Spark: count-based controls pushed down to Spark DataFrames.

Only small tables of counts (or per-column evidence) travel to the driver;
the numbers are then computed by the same in-memory code as everywhere else
in dfgov. Needs the ``spark`` extra (``pip install "dfgov[spark]"``);
nothing here imports pyspark until a function is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.spark._assessment import run_assessment_spark as run_assessment_spark
    from dfgov.spark._encryption import decrypt_columns as decrypt_columns
    from dfgov.spark._encryption import encrypt_columns as encrypt_columns
    from dfgov.spark._fairness import confusion_table_spark as confusion_table_spark
    from dfgov.spark._fairness import fairness_check_spark as fairness_check_spark
    from dfgov.spark._fairness import group_metrics_from_counts as group_metrics_from_counts
    from dfgov.spark._fairness import group_metrics_from_spark as group_metrics_from_spark
    from dfgov.spark._gate import spark_fairness_control as spark_fairness_control
    from dfgov.spark._monitoring import add_period_spark as add_period_spark
    from dfgov.spark._monitoring import period_counts_spark as period_counts_spark
    from dfgov.spark._scan import scan_spark as scan_spark
    from dfgov.spark._stability import (
        population_stability_index_spark as population_stability_index_spark,
    )
    from dfgov.spark._stability import stability_table_spark as stability_table_spark
    from dfgov.spark._transforms import PSEUDONYM_AD as PSEUDONYM_AD
    from dfgov.spark._transforms import mask_columns as mask_columns
    from dfgov.spark._transforms import pseudonymize_columns as pseudonymize_columns
    from dfgov.spark._validation import stability_findings_spark as stability_findings_spark

_EXPORTS = {
    "run_assessment_spark": "._assessment",
    "decrypt_columns": "._encryption",
    "encrypt_columns": "._encryption",
    "confusion_table_spark": "._fairness",
    "fairness_check_spark": "._fairness",
    "group_metrics_from_counts": "._fairness",
    "group_metrics_from_spark": "._fairness",
    "spark_fairness_control": "._gate",
    "add_period_spark": "._monitoring",
    "period_counts_spark": "._monitoring",
    "scan_spark": "._scan",
    "population_stability_index_spark": "._stability",
    "stability_table_spark": "._stability",
    "PSEUDONYM_AD": "._transforms",
    "mask_columns": "._transforms",
    "pseudonymize_columns": "._transforms",
    "stability_findings_spark": "._validation",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
