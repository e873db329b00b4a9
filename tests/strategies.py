"""Shared hypothesis strategies, and the valid identifiers tests plant in data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status, Table, WaiverRef

texts = st.text(min_size=0, max_size=30)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)

localized = st.builds(LocalizedText, en=texts, zh_cn=texts)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    lo = draw(finite)
    hi = draw(finite)
    status = draw(st.sampled_from(list(Status)))
    waiver = None
    if status is Status.WAIVED:  # a waived finding carries the waiver that accepted it
        waiver = WaiverRef(id=draw(st.from_regex(r"W-[0-9]{1,4}", fullmatch=True)),
                           approver=draw(texts), expires=draw(st.dates(date(2020, 1, 1))),
                           original_status=draw(st.sampled_from([Status.FAIL, Status.ERROR])))
    return Finding(
        control=draw(st.from_regex(r"[a-z]{1,8}(\.[a-z_]{1,8}){0,2}", fullmatch=True)),
        status=status,
        waiver=waiver,
        message=draw(localized),
        metric=draw(st.none() | texts),
        value=draw(st.none() | finite),
        threshold=draw(st.none() | finite),
        interval=draw(st.none() | st.just((min(lo, hi), max(lo, hi)))),
        confidence=draw(st.none() | st.floats(0.5, 0.999)),
        subject=draw(st.none() | texts),
        clauses=tuple(draw(st.lists(st.sampled_from(["AP-16", "AP-17", "JR/T 0221-2021",
                                                       "4/5ths rule"]), max_size=3))),
        details=draw(st.dictionaries(st.text(max_size=5),
                                     st.none() | st.integers() | finite | texts, max_size=3)),
    )


@st.composite
def tables(draw: st.DrawFn) -> Table:
    ncol = draw(st.integers(1, 4))
    cell = st.none() | st.integers(-10**6, 10**6) | finite | texts | st.booleans()
    rows = draw(st.lists(st.tuples(*[cell] * ncol), max_size=4))
    return Table(title=draw(localized), columns=tuple(draw(localized) for _ in range(ncol)),
                 rows=tuple(rows))


@st.composite
def reports(draw: st.DrawFn) -> Report:
    start = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 10**8)))
    return Report(
        title=draw(localized),
        findings=tuple(draw(st.lists(findings(), max_size=6))),
        fingerprints=draw(st.dictionaries(st.sampled_from(["model", "data", "policy"]),
                                          st.text("0123456789abcdef", min_size=64, max_size=64))),
        policy_hash=draw(st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)),
        errors_fail=draw(st.booleans()),
        environment={"python": "3.11"},
        started_at=start,
        finished_at=start + timedelta(seconds=draw(st.integers(0, 1000))),
        tables=tuple(draw(st.lists(tables(), max_size=2))),
    )


def ric_checked(body: str) -> str:
    """A resident ID: its 17-digit ``body`` and the GB 11643 check character."""
    return body + ric.calc_check_digit(body + "0")


def luhn_checked(body: str) -> str:
    """A card number: its ``body`` and the Luhn check digit."""
    return body + luhn.calc_check_digit(body)


def resident_ids(regions: tuple[str, ...] = ("110105", "440305", "310115"),
                 born: date | None = None) -> st.SearchStrategy[str]:
    """Valid 18-character resident IDs of the given region codes (born on ``born``, or on a
    date drawn from 1900 to 2020)."""
    births = st.just(born) if born is not None else st.dates(date(1900, 1, 1), date(2020, 12, 31))
    return st.builds(lambda region, day, seq: ric_checked(f"{region}{day:%Y%m%d}{seq}"),
                     st.sampled_from(regions), births,
                     st.text("0123456789", min_size=3, max_size=3))


def card_numbers(prefix: str = "62", length: int = 19) -> st.SearchStrategy[str]:
    """Luhn-valid card numbers of ``length`` digits starting with ``prefix``."""
    rest = length - len(prefix) - 1
    return st.text("0123456789", min_size=rest, max_size=rest).map(
        lambda digits: luhn_checked(prefix + digits))
