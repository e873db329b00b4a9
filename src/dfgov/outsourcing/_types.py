"""Annotated field types of the outsourcing records: one validator per code list.

``Provider.country: CountryCode`` replaces a ``field_validator`` copied into every
record with a country, currency, LEI or ICT-service-type field.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Annotated

from pydantic import AfterValidator

from dfgov.outsourcing._codes import COUNTRIES, CURRENCIES, DORA_ICT_SERVICE_TYPES, ENTITY_TYPES
from dfgov.outsourcing._ids import lei_is_valid, uscc_is_valid

__all__ = ["CountryCode", "CurrencyCode", "EntityType", "IctServiceType", "Lei", "Uscc"]


def _member(allowed: Collection[str], rule: str) -> Callable[[str], str]:
    def check(v: str) -> str:
        if v not in allowed:
            raise ValueError(rule)
        return v

    return check


def _valid(ok: Callable[[str], bool], rule: str) -> Callable[[str], str]:
    def check(v: str) -> str:
        if not ok(v):
            raise ValueError(rule)
        return v

    return check


#: An ISO 3166-1 alpha-2 country code (``"DE"``, ``"CN"``).
CountryCode = Annotated[
    str, AfterValidator(_member(COUNTRIES, "must be an ISO 3166-1 alpha-2 country code"))]
#: An ISO 4217 currency code (``"EUR"``, ``"CNY"``).
CurrencyCode = Annotated[
    str, AfterValidator(_member(CURRENCIES, "must be an ISO 4217 currency code"))]
#: A DORA ICT service type code (``"S01"`` .. ``"S19"``).
IctServiceType = Annotated[str, AfterValidator(
    _member(DORA_ICT_SERVICE_TYPES, "must be a DORA ICT service type code S01-S19"))]
#: A DORA financial-entity type (``"credit_institution"``, ...).
EntityType = Annotated[str, AfterValidator(
    _member(ENTITY_TYPES, f"must be one of {sorted(ENTITY_TYPES)}"))]
#: An ISO 17442 legal entity identifier (20 characters, mod 97 check digits).
Lei = Annotated[str, AfterValidator(
    _valid(lei_is_valid, "must be an ISO 17442 LEI (20 characters, mod 97 check digits)"))]
#: A GB 32100-2015 unified social credit code (18 characters, check character).
Uscc = Annotated[str, AfterValidator(
    _valid(uscc_is_valid, "must be a GB 32100-2015 USCC (18 characters, check character)"))]
