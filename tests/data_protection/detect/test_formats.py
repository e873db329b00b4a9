"""Numbers as people print them: phones against libphonenumber, IBANs with dots against stdnum."""

from __future__ import annotations

import re
import string

import phonenumbers
from hypothesis import assume, given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import iban

from dfgov._pii import IBAN_BBAN
from dfgov.data_protection import find_pii, is_valid
from tests.conftest import budget

DIGITS = string.digits
AREA_CODES = ["10", "20", "21", "22", "23", "24", "25", "27", "28", "29", "311", "351", "371",
              "431", "451", "531", "551", "571", "591", "731", "755", "757", "769", "851", "871",
              "898", "931", "991"]


def one(value: str, kind: str) -> bool:
    return bool(is_valid([value], kind)[0])


def kinds_in_text(text: str) -> list[str]:
    return find_pii([text])["kind"].tolist()


def parse_cn(digits: str) -> phonenumbers.PhoneNumber | None:
    """libphonenumber's reading of a number dialled in China (None if it cannot read it)."""
    try:
        return phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None


@st.composite
def cn_mobiles(draw: st.DrawFn) -> phonenumbers.PhoneNumber:
    number = parse_cn("1" + draw(st.text(DIGITS, min_size=10, max_size=10)))
    assume(number is not None and phonenumbers.is_valid_number(number))
    assert number is not None
    assume(phonenumbers.number_type(number) == PhoneNumberType.MOBILE)
    return number


@st.composite
def cn_landlines(draw: st.DrawFn) -> phonenumbers.PhoneNumber:
    area = draw(st.sampled_from(AREA_CODES))
    size = 8 if len(area) == 2 else draw(st.sampled_from([7, 8]))
    local = draw(st.sampled_from("2345678")) + draw(
        st.text(DIGITS, min_size=size - 1, max_size=size - 1))
    number = parse_cn("0" + area + local)
    assume(number is not None and phonenumbers.is_valid_number(number))
    assert number is not None
    assume(phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE)
    return number


def printed(number: phonenumbers.PhoneNumber) -> list[str]:
    """The ways a Chinese number is printed: libphonenumber's formats and common variants."""
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    nsn = str(number.national_number)
    return [e164, intl, national, f"(+86){nsn}", f"(+86) {nsn}", "0086" + nsn,
            "0086-" + national.replace(" ", "-").lstrip("0"), intl.replace(" ", "-")]


@given(cn_mobiles())
def test_valid_mobiles_in_every_print_form_are_found(number: phonenumbers.PhoneNumber) -> None:
    for form in printed(number):
        assert one(form, "cn_mobile"), form
        assert kinds_in_text(f"请回电{form}谢谢") == ["cn_mobile"], form
        assert not one(form, "bank_card"), form


@given(cn_landlines())
def test_valid_landlines_in_every_print_form_are_found(number: phonenumbers.PhoneNumber) -> None:
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    forms = [f for f in printed(number) if not f.startswith(("(+86)", "0086-"))]
    forms.append(intl.replace("+86 ", "+86 (0)"))  # "+86 (0)10 6552 9988"
    forms.append("(0" + intl.split(" ")[1] + ")" + "".join(intl.split(" ")[2:]))  # (0755)...
    for form in forms:
        assert one(form, "cn_landline"), form
        assert kinds_in_text(f"办公电话：{form}。") == ["cn_landline"], form


@given(st.text(DIGITS, min_size=10, max_size=10).map(lambda d: "1" + d))
def test_every_mobile_dfgov_accepts_is_a_possible_cn_number(national: str) -> None:
    """dfgov accepts 1[3-9] + 9 digits; libphonenumber also checks which prefixes are
    allocated today. The difference is deliberate (a new prefix must not escape masking);
    anything dfgov accepts is at least a possible Chinese mobile number."""
    number = parse_cn(national)
    if number is not None and str(number.national_number) != national:
        # libphonenumber strips a leading "179xx" as an IP-dialling carrier prefix
        # ("17900001000" -> "001000"): it read another number, nothing to compare
        return
    if one(national, "cn_mobile"):
        assert number is not None and phonenumbers.is_possible_number(number)
    if number is not None and phonenumbers.is_valid_number(number) and (
            phonenumbers.number_type(number) == PhoneNumberType.MOBILE):
        assert one(national, "cn_mobile")


def test_a_179_mobile_is_read_as_a_carrier_prefix_by_libphonenumber() -> None:
    """The example hypothesis found: dfgov masks it as a mobile number; libphonenumber strips
    "17900" as a carrier prefix and reads what is left."""
    number = parse_cn("17900001000")
    assert number is not None and str(number.national_number) != "17900001000"
    assert one("17900001000", "cn_mobile")


def test_the_forms_named_in_the_issue() -> None:
    assert one("(+86)13812345678", "cn_mobile")
    assert one("+86 (0)10 6552 9988", "cn_landline")
    assert kinds_in_text("手机(+86)13812345678，座机+86 (0)10 6552 9988") == [
        "cn_mobile", "cn_landline"]


# -- IBANs printed with dots -------------------------------------------------------

CLASS = {"n": DIGITS, "a": string.ascii_uppercase, "c": DIGITS + string.ascii_uppercase}


@st.composite
def dotted_ibans(draw: st.DrawFn) -> tuple[str, str]:
    cc = draw(st.sampled_from(sorted(IBAN_BBAN)))
    bban = "".join(draw(st.text(CLASS[kind], min_size=int(count), max_size=int(count)))
                   for count, kind in re.findall(r"(\d+)!([nac])", IBAN_BBAN[cc]))
    number = cc + iban.calc_check_digits(cc + "00" + bban) + bban
    if draw(st.booleans()):
        i = draw(st.integers(4, len(number) - 1))
        number = number[:i] + draw(st.sampled_from(CLASS["c"])) + number[i + 1:]
    sep = draw(st.sampled_from([".", " ", ""]))
    return number, sep.join(number[i: i + 4] for i in range(0, len(number), 4))


@budget.wide(100)
@given(dotted_ibans())
def test_iban_with_dots_agrees_with_stdnum(case: tuple[str, str]) -> None:
    number, shown = case
    expected = iban.is_valid(number, check_country=False)
    assert iban.is_valid(shown, check_country=False) == expected  # stdnum drops dots too
    assert one(shown, "iban") == expected


def test_norwegian_and_belgian_ibans_printed_with_dots() -> None:
    for shown in ("NO93.8601.1117.947", "BE68.5390.0754.7034", "NO93 8601 1117 947"):
        assert one(shown, "iban"), shown
        assert kinds_in_text(f"account {shown}, thanks") == ["iban"]
    assert not one("NO93.8601.1117.948", "iban")
