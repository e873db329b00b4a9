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
    from dfgov.spark._assessment import run_assessment_spark
    from dfgov.spark._encryption import decrypt_columns, encrypt_columns
    from dfgov.spark._fairness import (
        confusion_table_spark,
        fairness_check_spark,
        group_metrics_from_counts,
        group_metrics_from_spark,
    )
    from dfgov.spark._gate import spark_fairness_control
    from dfgov.spark._monitoring import add_period_spark, period_counts_spark
    from dfgov.spark._scan import scan_spark
    from dfgov.spark._stability import population_stability_index_spark, stability_table_spark
    from dfgov.spark._transforms import PSEUDONYM_AD, mask_columns, pseudonymize_columns
    from dfgov.spark._validation import stability_findings_spark

__all__ = [
    "PSEUDONYM_AD",
    "add_period_spark",
    "confusion_table_spark",
    "decrypt_columns",
    "encrypt_columns",
    "fairness_check_spark",
    "group_metrics_from_counts",
    "group_metrics_from_spark",
    "mask_columns",
    "period_counts_spark",
    "population_stability_index_spark",
    "pseudonymize_columns",
    "run_assessment_spark",
    "scan_spark",
    "spark_fairness_control",
    "stability_findings_spark",
    "stability_table_spark",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "PSEUDONYM_AD": "._transforms",
        "add_period_spark": "._monitoring",
        "confusion_table_spark": "._fairness",
        "decrypt_columns": "._encryption",
        "encrypt_columns": "._encryption",
        "fairness_check_spark": "._fairness",
        "group_metrics_from_counts": "._fairness",
        "group_metrics_from_spark": "._fairness",
        "population_stability_index_spark": "._stability",
        "mask_columns": "._transforms",
        "period_counts_spark": "._monitoring",
        "pseudonymize_columns": "._transforms",
        "run_assessment_spark": "._assessment",
        "scan_spark": "._scan",
        "spark_fairness_control": "._gate",
        "stability_findings_spark": "._validation",
        "stability_table_spark": "._stability",
    },
)
