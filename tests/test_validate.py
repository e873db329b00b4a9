"""One format for parameter errors: the caller, the parameter, the rule and the value received."""

from __future__ import annotations

import warnings

import pytest

from dfgov._validate import check_choice, param_error, renamed_arg
from dfgov.errors import InvalidInputError


def test_param_error_names_all_four() -> None:
    err = param_error("Lifecycle.missing", "to", "must be one of ['a', 'b']", got="c")
    assert isinstance(err, InvalidInputError)
    assert str(err) == "The 'to' argument of Lifecycle.missing must be one of ['a', 'b']. Got 'c'."
    assert str(param_error("f", "x", "is required")) == "The 'x' argument of f is required."


def test_long_values_are_cut() -> None:
    msg = str(param_error("f", "x", "must be short", got="y" * 500))
    assert msg.endswith("....") and len(msg) < 160


def test_check_choice() -> None:
    assert check_choice("b", ("a", "b"), caller="f", parameter="x") == "b"
    with pytest.raises(InvalidInputError, match=r"'x' argument of f must be one of \['a'\]\. "
                                                r"Got \['a'\]\."):
        check_choice(["a"], frozenset({"a"}), caller="f", parameter="x")  # unhashable


def test_renamed_arg_maps_the_old_keyword_with_a_warning() -> None:
    kw = {"caller": "f", "new": "as_of", "old": "on"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert renamed_arg(3, None, **kw) == 3  # the new name: no warning
        assert renamed_arg(None, None, **kw) is None
    with pytest.warns(DeprecationWarning, match=r"'on' argument of f is deprecated.*use 'as_of'"):
        assert renamed_arg(None, 4, **kw) == 4
    with pytest.raises(InvalidInputError, match=r"'as_of' argument of f and its deprecated "
                                                r"old name 'on' were both given"):
        renamed_arg(3, 4, **kw)
    with pytest.raises(InvalidInputError, match=r"'as_of' argument of f is required"):
        renamed_arg(None, None, **kw, required=True)


def test_check_int_and_check_range() -> None:
    import numpy as np

    from dfgov._validate import check_int, check_range

    assert check_int(3, caller="f", parameter="n") == 3
    for bad in (0, True, 2.0, "3"):
        with pytest.raises(InvalidInputError, match=r"^The 'n' argument of f must be an integer"):
            check_int(bad, caller="f", parameter="n")
    assert check_int(0, caller="f", parameter="n", minimum=0) == 0
    assert check_range(np.float32(0.5), 0, 1, caller="f", parameter="c") == 0.5
    assert check_range(1, 0, 1, caller="f", parameter="c", closed=True) == 1.0
    for bad in (0, 1, float("nan"), True, "0.5"):
        with pytest.raises(InvalidInputError,
                           match=r"^The 'c' argument of f must be a number in \(0, 1\)\. Got "):
            check_range(bad, 0, 1, caller="f", parameter="c")
    with pytest.raises(InvalidInputError, match=r"must be a number in \[0, 1\]"):
        check_range(1.5, 0, 1, caller="f", parameter="c", closed=True)
