"""Code lists: ISO 3166-1 countries, ISO 4217 currencies, and the DORA/EBA code lists.

The DORA lists follow the EBA DPM 4.0 "list of possible values" used by the
Register of Information (Commission Implementing Regulation (EU) 2024/2956).
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "COUNTRIES",
    "CURRENCIES",
    "DORA_ICT_SERVICE_TYPES",
    "DORA_IMPACT",
    "DORA_RELIANCE",
    "DORA_SENSITIVENESS",
    "DORA_SUBSTITUTABILITY",
    "DORA_TERMINATION_REASONS",
    "DORA_TYPE_OF_CODE",
    "ENTITY_TYPES",
    "NO",
    "NOT_ASSESSED",
    "YES",
    "Impact",
    "Reliance",
    "Sensitiveness",
    "Substitutability",
    "TerminationReason",
]

#: ISO 3166-1 alpha-2 officially assigned codes (249).
COUNTRIES: frozenset[str] = frozenset(
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW",
        "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN",
        "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG",
        "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
        "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI",
        "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
        "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR",
        "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
        "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
        "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
        "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
        "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
        "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR",
        "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD",
        "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
        "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
        "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
        "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"
    ]
)

#: ISO 4217 codes of currencies in legal use (as of 2025).
CURRENCIES: frozenset[str] = frozenset(
    [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD",
        "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN",
        "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF",
        "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
        "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
        "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
        "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
        "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
        "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
        "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SYP", "SZL", "THB", "TJS", "TMT", "TND",
        "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND",
        "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG"
    ]
)

#: DORA ICT service types (ITS 2024/2956 Annex III), code -> label.
DORA_ICT_SERVICE_TYPES: dict[str, str] = {
    "S01": "ICT project management",
    "S02": "ICT development",
    "S03": "ICT help desk and first level support",
    "S04": "ICT security management services",
    "S05": "Provision of data",
    "S06": "Data analysis",
    "S07": "ICT, facilities and hosting services (excluding cloud services)",
    "S08": "Computation",
    "S09": "Non-cloud data storage",
    "S10": "Telecom carrier",
    "S11": "Network infrastructure",
    "S12": "Hardware and physical devices",
    "S13": "Software licencing (excluding SaaS)",
    "S14": "ICT operation management (including maintenance)",
    "S15": "ICT consulting",
    "S16": "ICT risk management",
    "S17": "Cloud services: IaaS",
    "S18": "Cloud services: PaaS",
    "S19": "Cloud services: SaaS",
}

Substitutability = Literal["easy", "medium", "difficult", "impossible"]
#: B_07.01.0050 (LIST0701050). EBA guideline ¶55 "easy/difficult/impossible" map onto it.
DORA_SUBSTITUTABILITY: dict[str, str] = {
    "impossible": "eba_ZZ:x959",  # not substitutable
    "difficult": "eba_ZZ:x960",  # highly complex substitutability
    "medium": "eba_ZZ:x961",  # medium complexity
    "easy": "eba_ZZ:x962",  # easily substitutable
}

Reliance = Literal["not_significant", "low", "material", "full"]
#: B_02.02.0180 (LIST0202180).
DORA_RELIANCE: dict[str, str] = {
    "not_significant": "eba_ZZ:x794",
    "low": "eba_ZZ:x795",
    "material": "eba_ZZ:x796",
    "full": "eba_ZZ:x797",
}

Sensitiveness = Literal["low", "medium", "high"]
#: B_02.02.0170 (LIST0202170).
DORA_SENSITIVENESS: dict[str, str] = {
    "low": "eba_ZZ:x791",
    "medium": "eba_ZZ:x792",
    "high": "eba_ZZ:x793",
}

Impact = Literal["low", "medium", "high", "not_assessed"]
#: B_06.01.0100 / B_07.01.0100 (LIST0601100).
DORA_IMPACT: dict[str, str] = {  # the sensitiveness list's low/medium/high members
    **DORA_SENSITIVENESS,
    "not_assessed": "eba_ZZ:x799",
}

TerminationReason = Literal[
    "expired", "breach", "impediment", "data_security", "authority", "other"
]
#: B_02.02.0090 (LIST0202090).
DORA_TERMINATION_REASONS: dict[str, str] = {
    "expired": "eba_CO:x4",
    "breach": "eba_CO:x5",
    "impediment": "eba_CO:x6",
    "data_security": "eba_CO:x7",
    "authority": "eba_CO:x8",
    "other": "eba_CO:x9",
}

#: Type of identification code (LISTIDTYPE) for the provider code columns.
DORA_TYPE_OF_CODE: dict[str, str] = {"lei": "eba_qCO:qx2000", "euid": "eba_qCO:qx2002"}

#: B_01.01.0040 entity types (LIST0101040), short name -> code (a selection).
ENTITY_TYPES: dict[str, str] = {
    "credit_institution": "eba_CT:x12",
    "investment_firm": "eba_CT:x599",
    "payment_institution": "eba_CT:x300",
    "electronic_money_institution": "eba_CT:x302",
    "insurance_undertaking": "eba_CT:x309",
    "other_financial_entity": "eba_CT:x316",
}

YES, NO, NOT_ASSESSED = "eba_BT:x28", "eba_BT:x29", "eba_BT:x21"
