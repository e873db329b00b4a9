"""The UCI Statlog (German Credit Data) set, shipped inside the package."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_german_credit"]

_COLUMNS = [
    "checking_status", "duration_months", "credit_history", "purpose", "credit_amount",
    "savings", "employment_since", "installment_rate", "personal_status", "other_debtors",
    "residence_since", "property", "age", "other_installment_plans", "housing",
    "existing_credits", "job", "num_dependents", "telephone", "foreign_worker", "class",
]

_CODES: dict[str, dict[str, str]] = {
    "checking_status": {"A11": "< 0 DM", "A12": "0 <= ... < 200 DM",
                        "A13": ">= 200 DM or salary assignment", "A14": "no checking account"},
    "credit_history": {"A30": "no credits / all paid back duly",
                       "A31": "all credits at this bank paid back duly",
                       "A32": "existing credits paid back duly till now",
                       "A33": "delay in paying off in the past",
                       "A34": "critical account / other credits existing"},
    "purpose": {"A40": "car (new)", "A41": "car (used)", "A42": "furniture/equipment",
                "A43": "radio/television", "A44": "domestic appliances", "A45": "repairs",
                "A46": "education", "A47": "vacation", "A48": "retraining", "A49": "business",
                "A410": "others"},
    "savings": {"A61": "< 100 DM", "A62": "100 <= ... < 500 DM", "A63": "500 <= ... < 1000 DM",
                "A64": ">= 1000 DM", "A65": "unknown / none"},
    "employment_since": {"A71": "unemployed", "A72": "< 1 year", "A73": "1 <= ... < 4 years",
                         "A74": "4 <= ... < 7 years", "A75": ">= 7 years"},
    "personal_status": {"A91": "male, divorced/separated",
                        "A92": "female, divorced/separated/married", "A93": "male, single",
                        "A94": "male, married/widowed", "A95": "female, single"},
    "other_debtors": {"A101": "none", "A102": "co-applicant", "A103": "guarantor"},
    "property": {"A121": "real estate", "A122": "building society savings / life insurance",
                 "A123": "car or other", "A124": "unknown / none"},
    "other_installment_plans": {"A141": "bank", "A142": "stores", "A143": "none"},
    "housing": {"A151": "rent", "A152": "own", "A153": "for free"},
    "job": {"A171": "unemployed/unskilled non-resident", "A172": "unskilled resident",
            "A173": "skilled employee/official", "A174": "management/self-employed"},
    "telephone": {"A191": "none", "A192": "yes, registered"},
    "foreign_worker": {"A201": "yes", "A202": "no"},
}

_SEX = {"A91": "male", "A92": "female", "A93": "male", "A94": "male", "A95": "female"}


@overload
def load_german_credit(*, return_X_y: Literal[False] = ...) -> pd.DataFrame: ...


@overload
def load_german_credit(*, return_X_y: Literal[True]) -> tuple[pd.DataFrame, pd.Series]: ...


def load_german_credit(
    *, return_X_y: bool = False
) -> pd.DataFrame | tuple[pd.DataFrame, pd.Series]:
    """Load the UCI German credit data (1,000 applicants; 700 good, 300 bad).

    Columns have readable names and decoded categories (pandas ``category``
    dtype); ``sex`` ("female"/"male") is derived from ``personal_status``;
    ``age`` is in years; the target ``default`` is 1 for bad credit, 0 for good.

    Source and licence: Hofmann, H. (1994). Statlog (German Credit Data).
    UCI Machine Learning Repository. https://doi.org/10.24432/C5NC77 —
    CC BY 4.0. The file is shipped unchanged (md5
    6b94c2e35480e671545e52a808a8a549).

    Parameters
    ----------
    return_X_y : bool, default False
        If True, return ``(X, y)``: the features (including ``sex`` and
        ``age``) and the ``default`` Series, like scikit-learn's loaders.

    Returns
    -------
    pandas.DataFrame or (pandas.DataFrame, pandas.Series)

    Examples
    --------
    >>> from dfgov.datasets import load_german_credit
    >>> df = load_german_credit()
    >>> df.shape
    (1000, 22)
    >>> int(df["default"].sum())
    300
    """
    import pandas as pd

    with resources.files("dfgov.datasets").joinpath("german.data").open("r") as fh:
        raw = pd.read_csv(fh, sep=" ", header=None, names=_COLUMNS, dtype=str)
    df = pd.DataFrame(index=pd.RangeIndex(len(raw)))
    for col in _COLUMNS[:-1]:
        if col in _CODES:
            codes = _CODES[col]
            levels = list(dict.fromkeys(codes.values()))
            df[col] = pd.Categorical(raw[col].map(codes), categories=levels)
        else:
            df[col] = raw[col].astype("int64")
    df["sex"] = pd.Categorical(raw["personal_status"].map(_SEX), categories=["female", "male"])
    df["default"] = (raw["class"] == "2").astype("int64")
    if return_X_y:
        return df.drop(columns="default"), df["default"]
    return df
