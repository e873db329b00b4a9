"""Records reject bad input with InvalidInputError naming the field, never the value."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from dfgov.errors import InvalidInputError
from dfgov.outsourcing import Assessment, Incident, OutsourcingCase, Subcontractor

from . import factory as f

BAD_LEI = "5493001KJTIIGC8Y1R13"


def test_invalid_lei_and_uscc() -> None:
    with pytest.raises(InvalidInputError, match=r"Provider\.lei: must be an ISO 17442") as e:
        f.provider(lei=BAD_LEI)
    assert BAD_LEI not in str(e.value)
    with pytest.raises(InvalidInputError, match=r"Provider\.uscc"):
        f.provider(uscc="91110000802100433C")
    assert f.provider(uscc=f.uscc("x1")).uscc
    with pytest.raises(InvalidInputError, match=r"Arrangement\.entity_lei"):
        f.arrangement(entity_lei=BAD_LEI)


def test_contract_end_before_start() -> None:
    with pytest.raises(InvalidInputError, match="end must not be before its start"):
        f.contract(start=date(2025, 3, 1), end=date(2025, 2, 1))


@pytest.mark.parametrize(("field", "value", "rule"), [
    ("ict_service_type", "S20", "DORA ICT service type"),
    ("currency", "XXX", "ISO 4217"),
    ("service_countries", ("ZZ",), "ISO 3166-1"),
    ("substitutability", "trivial", "Input should be"),
    ("outsourcing_type", "catering", "Input should be"),
    ("data_categories", ("C4",), "Input should be"),
])
def test_unknown_code_list_values(field: str, value: object, rule: str) -> None:
    with pytest.raises(InvalidInputError, match=rule) as e:
        f.arrangement(**{field: value})
    assert field in str(e.value)


def test_other_rules() -> None:
    with pytest.raises(InvalidInputError, match="importance_rationale"):
        f.arrangement(importance_rationale=None)
    with pytest.raises(InvalidInputError, match="unknown clause"):
        f.contract(clauses=frozenset({"free_lunch"}))
    with pytest.raises(InvalidInputError, match="unknown field"):
        f.provider(colour="red")
    with pytest.raises(InvalidInputError, match=r"scores"):
        Assessment(arrangement_id="A1", performed_on=date(2025, 1, 1), performed_by="x",
                   scores={"sla": 120.0}, conclusion="satisfactory")
    with pytest.raises(InvalidInputError, match="detected_at"):
        Incident(id="I", arrangement_id="A1", severity="major",
                 occurred_at=datetime(2025, 1, 2, tzinfo=UTC),
                 detected_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidInputError, match="rank"):
        Subcontractor(provider_id="S", rank=1, recipient_id="P1", country="DE",
                      ict_service_type="S01")
    with pytest.raises(InvalidInputError, match="Provider"):
        f.Provider.model_validate({"id": "x"})
    with pytest.raises(InvalidInputError, match="Provider"):
        f.Provider.model_validate_json('{"id": "x"}')


def test_case_add_checks_the_arrangement() -> None:
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    with pytest.raises(InvalidInputError, match="arrangement_id"):
        case.add(f.due_diligence("OTHER"))
    with pytest.raises(InvalidInputError, match="holds"):
        case.add(f.provider())  # type: ignore[arg-type]
    assert case.add(f.due_diligence()).due_diligence[0].missing_items == ()


def test_incident_deadline() -> None:
    t = datetime(2025, 1, 1, 8, tzinfo=UTC)
    i = Incident(id="I", arrangement_id="A1", severity="major", occurred_at=t, detected_at=t,
                 reportable=True)
    assert i.deadline(24) == datetime(2025, 1, 2, 8, tzinfo=UTC)
    assert Incident(id="J", arrangement_id="A1", severity="minor", occurred_at=t,
                    detected_at=t).deadline() is None


CODE_FIELDS = [  # (record builder, field, bad value, rule): every field typed by a code list
    (f.provider, "country", "ZZ", "ISO 3166-1"),
    (f.provider, "ultimate_parent_lei", BAD_LEI, "ISO 17442"),
    (f.arrangement, "data_countries", ("DE", "ZZ"), "ISO 3166-1"),
    (f.contract, "governing_law", "XX", "ISO 3166-1"),
]


@pytest.mark.parametrize(("build", "field", "value", "rule"), CODE_FIELDS)
def test_annotated_code_types(build: Any, field: str, value: object, rule: str) -> None:
    with pytest.raises(InvalidInputError, match=rule) as e:
        build(**{field: value})
    assert f".{field}" in str(e.value) and str(value) not in str(e.value)


def test_register_entity_and_subcontractor_use_the_same_types() -> None:
    from dfgov.outsourcing.registers import ReportingEntity

    good = {"lei": f.provider().lei, "name": "Bank", "country": "DE",
            "competent_authority": "BaFin"}
    ReportingEntity(**good)
    for field, value, rule in (("country", "ZZ", "ISO 3166-1"), ("currency", "XXX", "ISO 4217"),
                               ("lei", BAD_LEI, "ISO 17442"),
                               ("entity_type", "bakery", "must be one of")):
        with pytest.raises(InvalidInputError, match=rf"ReportingEntity\.{field}: .*{rule}"):
            ReportingEntity(**{**good, field: value})
    sub = {"provider_id": "P9", "rank": 2, "recipient_id": "P1", "country": "DE",
           "ict_service_type": "S01"}
    Subcontractor(**sub)
    for field, value in (("country", "ZZ"), ("ict_service_type", "S99")):
        with pytest.raises(InvalidInputError, match=rf"Subcontractor\.{field}"):
            Subcontractor(**{**sub, field: value})
