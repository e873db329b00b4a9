"""DORA Register of Information (ITS (EU) 2024/2956) as b_XX.XX tables and an xBRL-CSV package.

Column codes (``c0010`` ...) and code-list values follow the EBA DPM 4.0
data dictionary. Coverage is stated per template in ``COVERAGE`` and in
the docs: branches (B_01.03) and entity definitions (B_99.01) are not
produced, groups are reduced to the reporting entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dfgov.outsourcing._codes import (
    COUNTRIES,
    CURRENCIES,
    DORA_ICT_SERVICE_TYPES,
    DORA_IMPACT,
    DORA_RELIANCE,
    DORA_SENSITIVENESS,
    DORA_SUBSTITUTABILITY,
    DORA_TERMINATION_REASONS,
    DORA_TYPE_OF_CODE,
    ENTITY_TYPES,
    NO,
    NOT_ASSESSED,
    YES,
)
from dfgov.outsourcing.registers._data import RegisterData, ReportingEntity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COVERAGE", "DORA_TEMPLATES", "RegisterIssue", "dora_tables"]

TAXONOMY_MODULE = "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json"
OPEN_END = "9999-12-31"

#: Columns per template: code -> (label, mandatory). Conditional rules are in validate_dora.
DORA_TEMPLATES: dict[str, dict[str, tuple[str, bool]]] = {
    "B_01.01": {
        "c0010": ("LEI of the entity maintaining the register of information", True),
        "c0020": ("Name of the entity", True), "c0030": ("Country of the entity", True),
        "c0040": ("Type of entity", True), "c0050": ("Competent authority", True),
        "c0060": ("Date of the reporting", True),
    },
    "B_01.02": {
        "c0010": ("LEI of the entity", True), "c0020": ("Name of the entity", True),
        "c0030": ("Country of the entity", True), "c0040": ("Type of entity", True),
        "c0050": ("Hierarchy of the entity within the group", True),
        "c0060": ("LEI of the direct parent undertaking", True),
        "c0070": ("Date of last update", True),
        "c0080": ("Date of integration in the register", True),
        "c0090": ("Date of deletion in the register", True), "c0100": ("Currency", True),
        "c0110": ("Value of total assets", False),
    },
    "B_01.03": {
        "c0010": ("Identification code of the branch", True),
        "c0020": ("LEI of the head office of the branch", True),
        "c0030": ("Name of the branch", True), "c0040": ("Country of the branch", True),
    },
    "B_02.01": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("Type of contractual arrangement", True),
        "c0030": ("Overarching contractual arrangement reference number", False),
        "c0040": ("Currency of the amount reported", True),
        "c0050": ("Annual expense or estimated cost", True),
    },
    "B_02.02": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("LEI of the entity making use of the ICT service", True),
        "c0030": ("Identification code of the ICT third-party service provider", True),
        "c0040": ("Type of code to identify the provider", True),
        "c0050": ("Function identifier", True), "c0060": ("Type of ICT services", True),
        "c0070": ("Start date of the contractual arrangement", True),
        "c0080": ("End date of the contractual arrangement", True),
        "c0090": ("Reason of the termination or ending", False),
        "c0100": ("Notice period for the financial entity", False),
        "c0110": ("Notice period for the ICT third-party service provider", False),
        "c0120": ("Country of the governing law", False),
        "c0130": ("Country of provision of the ICT services", False),
        "c0140": ("Storage of data", False), "c0150": ("Location of the data at rest", False),
        "c0160": ("Location of management of the data", False),
        "c0170": ("Sensitiveness of the data stored", False),
        "c0180": ("Level of reliance on the ICT service", False),
    },
    "B_02.03": {
        "c0010": ("Contractual arrangement with the ICT intra-group provider", True),
        "c0020": ("Linked contractual arrangement with an ICT third-party provider", True),
    },
    "B_03.01": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("LEI of the entity signing the contractual arrangement", True),
    },
    "B_03.02": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("Identification code of the ICT third-party service provider", True),
        "c0030": ("Type of code to identify the provider", True),
    },
    "B_03.03": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("LEI of the intra-group entity providing ICT services", True),
    },
    "B_04.01": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("LEI of the entity making use of the ICT services", True),
        "c0030": ("Nature of the entity", True),
        "c0040": ("Identification code of the branch", False),
    },
    "B_05.01": {
        "c0010": ("Identification code of the ICT third-party service provider", True),
        "c0020": ("Type of code to identify the provider", True),
        "c0030": ("Additional identification code", False),
        "c0040": ("Type of the additional identification code", False),
        "c0050": ("Legal name of the provider", True),
        "c0060": ("Name of the provider in Latin alphabet", False),
        "c0070": ("Type of person of the provider", True),
        "c0080": ("Country of the provider's headquarters", True),
        "c0090": ("Currency of the amount reported", False),
        "c0100": ("Total annual expense or estimated cost", False),
        "c0110": ("Identification code of the ultimate parent undertaking", False),
        "c0120": ("Type of code of the ultimate parent undertaking", False),
    },
    "B_05.02": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("Type of ICT services", True),
        "c0030": ("Identification code of the ICT third-party service provider", True),
        "c0040": ("Type of code to identify the provider", True), "c0050": ("Rank", True),
        "c0060": ("Identification code of the recipient of sub-contracted services", False),
        "c0070": ("Type of code of the recipient", False),
    },
    "B_06.01": {
        "c0010": ("Function identifier", True), "c0020": ("Licenced activity", True),
        "c0030": ("Function name", True), "c0040": ("LEI of the financial entity", True),
        "c0050": ("Criticality or importance assessment", True),
        "c0060": ("Reasons for criticality or importance", False),
        "c0070": ("Date of the last assessment of criticality or importance", True),
        "c0080": ("Recovery time objective of the function", True),
        "c0090": ("Recovery point objective of the function", True),
        "c0100": ("Impact of discontinuing the function", True),
    },
    "B_07.01": {
        "c0010": ("Contractual arrangement reference number", True),
        "c0020": ("Identification code of the ICT third-party service provider", True),
        "c0030": ("Type of code to identify the provider", True),
        "c0040": ("Type of ICT services", True),
        "c0050": ("Substitutability of the ICT third-party service provider", True),
        "c0060": ("Reason if not substitutable or difficult to substitute", False),
        "c0070": ("Date of the last audit on the provider", False),
        "c0080": ("Existence of an exit plan", True),
        "c0090": ("Possibility of reintegration of the contracted ICT service", True),
        "c0100": ("Impact of discontinuing the ICT services", True),
        "c0110": ("Alternative ICT third-party service providers identified", True),
        "c0120": ("Identification of alternative ICT third-party service providers", False),
    },
}
ALL_TEMPLATES = (*DORA_TEMPLATES, "B_99.01")

#: Honest coverage per template: "full", "partial: why", or "not produced: why".
COVERAGE: dict[str, str] = {
    "B_01.01": "full",
    "B_01.02": "partial: only the reporting entity (no group members); update/integration "
               "dates are the reference date",
    "B_01.03": "not produced: branches are not modelled (filed as not reported)",
    "B_02.01": "full",
    "B_02.02": "partial: one function and one ICT service type per arrangement",
    "B_02.03": "full for intra-group arrangements with an overarching reference",
    "B_03.01": "partial: the reporting entity signs every arrangement",
    "B_03.02": "full",
    "B_03.03": "full",
    "B_04.01": "partial: the reporting entity uses every service; branches not modelled",
    "B_05.01": "partial: LEI only (no EUID/additional codes, no Latin-alphabet name)",
    "B_05.02": "full (rank 1 from the contract, ranks >= 2 from the sub-contractor chain)",
    "B_06.01": "full",
    "B_07.01": "full, for arrangements supporting critical or important functions",
    "B_99.01": "not produced: entity-specific definitions (filed as not reported)",
}

_TYPE_CODE = {"standalone": "eba_CO:x1", "overarching": "eba_CO:x2", "subsequent": "eba_CO:x3"}
_HIERARCHY = {"ultimate_parent": "eba_RP:x53", "parent": "eba_RP:x551",
              "subsidiary": "eba_RP:x56", "outside_group": "eba_RP:x21"}
_PERSON = {"legal": "eba_CT:x212", "natural": "eba_CT:x213"}
_REINTEGRATION = {"easy": "eba_ZZ:x798", "difficult": "eba_ZZ:x966",
                  "highly_complex": "eba_ZZ:x967"}
_SUBST_REASON = {"no_alternatives": "eba_ZZ:x963", "migration": "eba_ZZ:x964",
                 "both": "eba_ZZ:x965"}
_LEI_CODE = DORA_TYPE_OF_CODE["lei"]
_GA = frozenset(f"eba_GA:{c}" for c in COUNTRIES)
_CU = frozenset(f"eba_CU:{c}" for c in CURRENCIES)
_CODE_LISTS: dict[tuple[str, str], frozenset[str]] = {
    ("B_01.01", "c0030"): _GA, ("B_01.01", "c0040"): frozenset(ENTITY_TYPES.values()),
    ("B_01.02", "c0030"): _GA, ("B_01.02", "c0040"): frozenset(ENTITY_TYPES.values()),
    ("B_01.02", "c0050"): frozenset(_HIERARCHY.values()), ("B_01.02", "c0100"): _CU,
    ("B_02.01", "c0020"): frozenset(_TYPE_CODE.values()), ("B_02.01", "c0040"): _CU,
    ("B_02.02", "c0040"): frozenset(DORA_TYPE_OF_CODE.values()),
    ("B_02.02", "c0060"): frozenset(f"eba_TA:{k}" for k in DORA_ICT_SERVICE_TYPES),
    ("B_02.02", "c0090"): frozenset(DORA_TERMINATION_REASONS.values()),
    ("B_02.02", "c0120"): _GA, ("B_02.02", "c0130"): _GA, ("B_02.02", "c0140"): frozenset(
        {YES, NO}), ("B_02.02", "c0150"): _GA, ("B_02.02", "c0160"): _GA,
    ("B_02.02", "c0170"): frozenset(DORA_SENSITIVENESS.values()),
    ("B_02.02", "c0180"): frozenset(DORA_RELIANCE.values()),
    ("B_03.02", "c0030"): frozenset(DORA_TYPE_OF_CODE.values()),
    ("B_04.01", "c0030"): frozenset({"eba_ZZ:x838", "eba_ZZ:x839"}),
    ("B_05.01", "c0020"): frozenset(DORA_TYPE_OF_CODE.values()),
    ("B_05.01", "c0070"): frozenset(_PERSON.values()), ("B_05.01", "c0080"): _GA,
    ("B_05.01", "c0090"): _CU, ("B_05.01", "c0120"): frozenset(DORA_TYPE_OF_CODE.values()),
    ("B_05.02", "c0020"): frozenset(f"eba_TA:{k}" for k in DORA_ICT_SERVICE_TYPES),
    ("B_05.02", "c0040"): frozenset(DORA_TYPE_OF_CODE.values()),
    ("B_06.01", "c0050"): frozenset({YES, NO, NOT_ASSESSED}),
    ("B_06.01", "c0100"): frozenset(DORA_IMPACT.values()),
    ("B_07.01", "c0040"): frozenset(f"eba_TA:{k}" for k in DORA_ICT_SERVICE_TYPES),
    ("B_07.01", "c0050"): frozenset(DORA_SUBSTITUTABILITY.values()),
    ("B_07.01", "c0060"): frozenset(_SUBST_REASON.values()),
    ("B_07.01", "c0080"): frozenset({YES, NO}),
    ("B_07.01", "c0090"): frozenset(_REINTEGRATION.values()),
    ("B_07.01", "c0100"): frozenset(DORA_IMPACT.values()),
    ("B_07.01", "c0110"): frozenset({YES, NO, NOT_ASSESSED}),
}
_LEI_COLUMNS = (("B_01.01", "c0010"), ("B_01.02", "c0010"), ("B_01.02", "c0060"),
                ("B_02.02", "c0020"), ("B_03.01", "c0020"), ("B_03.03", "c0020"),
                ("B_04.01", "c0020"), ("B_06.01", "c0040"))


@dataclass(frozen=True)
class RegisterIssue:
    """A pre-export validation failure: where, which rule, how many rows."""

    template: str
    column: str
    rule: str
    rows: int

    def __str__(self) -> str:
        return f"{self.template} {self.column}: {self.rule} ({self.rows} row(s))"


def _pref(prefix: str, s: pd.Series) -> pd.Series:
    return (prefix + s.astype("string")).fillna("")


def _date(s: pd.Series, open_end: str = "") -> pd.Series:
    out: pd.Series = s.dt.strftime("%Y-%m-%d").fillna(open_end).astype("string")
    return out


def _map(s: pd.Series, codes: dict[str, str]) -> pd.Series:
    out: pd.Series = s.map(codes).fillna("").astype("string")
    return out


def _frame(template: str, cols: dict[str, Any], n: int | None = None) -> pd.DataFrame:
    import pandas as pd

    codes = list(DORA_TEMPLATES[template])
    data = {c: cols.get(c, "") for c in codes}
    if n is not None:
        data = {c: (v if not isinstance(v, str) else [v] * n) for c, v in data.items()}
    frame = pd.DataFrame(data, columns=codes)
    return frame.reset_index(drop=True)


def dora_tables(
    data: RegisterData, entity: ReportingEntity, *, reference_date: date
) -> dict[str, pd.DataFrame]:
    """The register's templates as DataFrames whose columns are the EBA column codes."""
    import numpy as np
    import pandas as pd

    ref = reference_date.isoformat()
    con, prov = data.contracts, data.providers
    lei_of = prov.set_index("provider_id")["lei"]
    p_lei = con["provider_id"].map(lei_of)
    p_type = np.where(p_lei.notna(), _LEI_CODE, "")
    p_code = p_lei.fillna("").astype("string")
    ext = ~con["intra_group"].astype(bool)
    n = len(con)
    ref_col = con["contract_reference"].astype("string")
    out: dict[str, pd.DataFrame] = {}
    out["B_01.01"] = _frame("B_01.01", {
        "c0010": [entity.lei], "c0020": [entity.name], "c0030": [f"eba_GA:{entity.country}"],
        "c0040": [ENTITY_TYPES[entity.entity_type]], "c0050": [entity.competent_authority],
        "c0060": [ref]})
    out["B_01.02"] = _frame("B_01.02", {
        "c0010": [entity.lei], "c0020": [entity.name], "c0030": [f"eba_GA:{entity.country}"],
        "c0040": [ENTITY_TYPES[entity.entity_type]], "c0050": [_HIERARCHY[entity.hierarchy]],
        "c0060": [entity.parent_lei or entity.lei], "c0070": [ref], "c0080": [ref],
        "c0090": [OPEN_END], "c0100": [f"eba_CU:{entity.currency}"],
        "c0110": ["" if entity.total_assets is None else f"{entity.total_assets:.2f}"]})
    out["B_01.03"] = _frame("B_01.03", {}, 0)
    out["B_02.01"] = _frame("B_02.01", {
        "c0010": ref_col, "c0020": _map(con["contract_type"], _TYPE_CODE),
        "c0030": con["overarching_reference"].fillna("").astype("string"),
        "c0040": _pref("eba_CU:", con["currency"]),
        "c0050": con["annual_cost"].map("{:.2f}".format)})
    stores = con["stores_data"].astype(bool)
    out["B_02.02"] = _frame("B_02.02", {
        "c0010": ref_col, "c0020": con["entity_lei"].astype("string"), "c0030": p_code,
        "c0040": p_type, "c0050": con["function_id"].astype("string"),
        "c0060": _pref("eba_TA:", con["ict_service_type"]),
        "c0070": _date(con["contract_start"]), "c0080": _date(con["contract_end"], OPEN_END),
        "c0090": _map(con["termination_reason"], DORA_TERMINATION_REASONS),
        "c0100": con["notice_entity"].astype("Int64").astype("string").fillna(""),
        "c0110": con["notice_provider"].astype("Int64").astype("string").fillna(""),
        "c0120": _pref("eba_GA:", con["governing_law"]),
        "c0130": _pref("eba_GA:", con["service_country"]),
        "c0140": np.where(stores, YES, NO),
        "c0150": _pref("eba_GA:", con["data_country"].where(stores)),
        "c0160": _pref("eba_GA:", con["processing_country"]),
        "c0170": _map(con["data_sensitiveness"], DORA_SENSITIVENESS),
        "c0180": _map(con["reliance"], DORA_RELIANCE)})
    ig = con[~ext & con["overarching_reference"].notna()]
    out["B_02.03"] = _frame("B_02.03", {
        "c0010": ig["contract_reference"].astype("string"),
        "c0020": ig["overarching_reference"].astype("string")})
    out["B_03.01"] = _frame("B_03.01", {"c0010": ref_col,
                                        "c0020": con["entity_lei"].astype("string")})
    out["B_03.02"] = _frame("B_03.02", {"c0010": ref_col[ext], "c0020": p_code[ext],
                                        "c0030": pd.Series(p_type, dtype="string")[ext.to_numpy()]})
    out["B_03.03"] = _frame("B_03.03", {"c0010": ref_col[~ext], "c0020": p_code[~ext]})
    out["B_04.01"] = _frame("B_04.01", {
        "c0010": ref_col, "c0020": con["entity_lei"].astype("string"),
        "c0030": pd.Series(["eba_ZZ:x839"] * n, dtype="string")})
    out["B_05.01"] = _providers(data)
    out["B_05.02"] = _supply(data, ref_col, p_code, p_type)
    fn = data.functions
    crit = fn["critical"].map({True: YES, False: NO}).fillna(NOT_ASSESSED)
    out["B_06.01"] = _frame("B_06.01", {
        "c0010": fn["function_id"].astype("string"),
        "c0020": fn["licensed_activity"].astype("string"), "c0030": fn["name"].astype("string"),
        "c0040": pd.Series([entity.lei] * len(fn), dtype="string"), "c0050": crit,
        "c0060": fn["reasons"].fillna("").astype("string"),
        "c0070": _date(fn["last_assessed"]),
        "c0080": fn["rto_hours"].astype("string"), "c0090": fn["rpo_hours"].astype("string"),
        "c0100": _map(fn["impact"], DORA_IMPACT)})
    imp = ext & con["important"].astype(bool)
    c7 = con[imp]
    alt = c7["alternative_providers"]
    out["B_07.01"] = _frame("B_07.01", {
        "c0010": ref_col[imp], "c0020": p_code[imp],
        "c0030": pd.Series(p_type, dtype="string")[imp.to_numpy()],
        "c0040": _pref("eba_TA:", c7["ict_service_type"]),
        "c0050": _map(c7["substitutability"], DORA_SUBSTITUTABILITY),
        "c0060": _map(c7["substitutability_reason"], _SUBST_REASON),
        "c0070": _date(c7["last_audit"]),
        "c0080": np.where(c7["exit_plan"].astype(bool), YES, NO),
        "c0090": _map(c7["reintegration"], _REINTEGRATION),
        "c0100": _map(c7["discontinuing_impact"], DORA_IMPACT),
        "c0110": np.where(alt.notna(), YES, NO), "c0120": alt.fillna("").astype("string")})
    return out


def _providers(data: RegisterData) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    prov, con = data.providers, data.contracts
    direct = con[~con["intra_group"].astype(bool)]
    cost = direct.groupby("provider_id")["annual_cost"].sum()
    by_cur = direct.groupby("provider_id")["currency"]
    cur = by_cur.first().where(by_cur.nunique() == 1, "MIXED")
    lei_of = prov.set_index("provider_id")["lei"]
    parent_lei = prov["parent_id"].map(lei_of)
    lei = prov["lei"].astype("string")
    pcost = prov["provider_id"].map(cost)
    return _frame("B_05.01", {
        "c0010": lei.fillna(""), "c0020": np.where(lei.notna(), _LEI_CODE, ""),
        "c0050": prov["legal_name"].astype("string"),
        "c0070": _map(prov["person_type"], _PERSON),
        "c0080": _pref("eba_GA:", prov["country"]),
        "c0090": _pref("eba_CU:", prov["provider_id"].map(cur)),
        "c0100": pcost.map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
        "c0110": parent_lei.fillna("").astype("string"),
        "c0120": np.where(parent_lei.notna(), _LEI_CODE, "")})


def _supply(data: RegisterData, ref_col: pd.Series, p_code: pd.Series, p_type: Any) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    con, sc = data.contracts, data.supply_chain
    lei_of = data.providers.set_index("provider_id")["lei"]
    rank1 = _frame("B_05.02", {
        "c0010": ref_col, "c0020": _pref("eba_TA:", con["ict_service_type"]), "c0030": p_code,
        "c0040": pd.Series(p_type, dtype="string"),
        "c0050": pd.Series(["1"] * len(con), dtype="string")})
    sub_lei, rec_lei = sc["provider_id"].map(lei_of), sc["recipient_id"].map(lei_of)
    deeper = _frame("B_05.02", {
        "c0010": sc["contract_reference"].astype("string"),
        "c0020": _pref("eba_TA:", sc["ict_service_type"]),
        "c0030": sub_lei.fillna("").astype("string"),
        "c0040": np.where(sub_lei.notna(), _LEI_CODE, ""), "c0050": sc["rank"].astype("string"),
        "c0060": rec_lei.fillna("").astype("string"),
        "c0070": np.where(rec_lei.notna(), _LEI_CODE, "")})
    return pd.concat([rank1, deeper], ignore_index=True)
