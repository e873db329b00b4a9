"""Column plumbing shared by the encryptors: values in, values out, context checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from dfgov.data_protection.crypto._cipher import encode_context
from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    from typing import TypeAlias

    import pandas as pd

    #: A binary value.
    Buffer: TypeAlias = bytes | bytearray | memoryview
    #: A column the encryptors take: a Series, an array or any iterable of values.
    Column: TypeAlias = pd.Series | Iterable[str | Buffer | None]
    #: The encryption context: ``{"table": ..., "column": ..., ...}``.
    Context: TypeAlias = Mapping[str, str | int]
    #: One row key per value (bound into its ciphertext), or ``None``.
    RowKeys: TypeAlias = pd.Series | Iterable[str | int] | None

#: The item type of a column whose items are all text or all binary.
V = TypeVar("V", str, bytes)
T = TypeVar("T")

__all__ = [
    "RESERVED_SCOPES",
    "as_list",
    "check_context",
    "check_name",
    "check_values",
    "field_scope",
    "like_input",
    "purpose_scope",
    "row_aads",
    "scope_part",
]


def _is_missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return type(v).__name__ in ("NAType", "NaTType")


def as_list(values: Any, caller: str) -> list[Any]:
    """The values as a list, with every missing marker (None, NaN, pd.NA) as ``None``."""
    if isinstance(values, (str, bytes, bytearray)):
        raise InvalidInputError(
            f"The 'values' argument of {caller} must be a column (Series, array or list), "
            "not a single str or bytes; wrap it in a list."
        )
    if hasattr(values, "columns") or isinstance(values, Mapping):
        raise InvalidInputError(
            f"The 'values' argument of {caller} must be one column; pass df[column], "
            "not a whole table or mapping."
        )
    if getattr(values, "ndim", 1) != 1:
        raise InvalidInputError(
            f"The 'values' argument of {caller} must be one-dimensional. "
            f"Got {values.ndim} dimensions."
        )
    if hasattr(values, "tolist"):
        seq = values.tolist()
    elif isinstance(values, Iterable):
        seq = list(values)
    else:
        raise InvalidInputError(
            f"The 'values' argument of {caller} must be a Series, array or list. "
            f"Got {type(values).__name__}."
        )
    return [
        v if type(v) is str or type(v) is bytes else (None if _is_missing(v) else v)
        for v in seq
    ]


def check_values(vals: list[Any], caller: str) -> None:
    """Raise unless every value is str, bytes-like or missing (``None``)."""
    kinds = set(map(type, vals))
    if kinds <= {str, bytes, type(None), bytearray, memoryview}:
        return
    for i, v in enumerate(vals):
        if v is not None and not isinstance(v, (str, bytes, bytearray, memoryview)):
            raise InvalidInputError(
                f"The values of {caller} must be str, bytes or missing; "
                f"position {i} is {type(v).__name__}."
            )


def like_input(original: object, out: list[T]) -> pd.Series | list[T]:
    """A pandas Series (same index and name) for Series input, else a list."""
    if type(original).__module__.startswith("pandas") and hasattr(original, "index"):
        import pandas as pd

        src: Any = original
        return pd.Series(cast(list[Any], out), index=src.index, name=src.name, dtype=object)
    return out


#: First components of the scopes other key purposes use (``"<purpose>/<domain>"``).
RESERVED_SCOPES = frozenset({"blind-index", "deterministic", "record-mac"})


def scope_part(name: str) -> str:
    """One component of a key scope, encoded so that no two names give the same text.

    ``%`` and ``/`` are percent-encoded (``%25``, ``%2F``); everything else is
    kept, so a name without them is its own encoding.
    """
    return name.replace("%", "%25").replace("/", "%2F")


def field_scope(table: str, column: str) -> str:
    """The keyring scope of a column's data keys: ``"<table>/<column>"``, unambiguously.

    Each component is encoded by :func:`scope_part`, so two different
    ``(table, column)`` pairs never share a scope — and so never share a key,
    and shredding one never destroys the other (``("a/b", "c")`` gives
    ``"a%2Fb/c"``, ``("a", "b/c")`` gives ``"a/b%2Fc"``). A table named like a
    reserved purpose (``blind-index``, ``deterministic``, ``record-mac``) has
    its first character encoded, so it never meets those keys either. Names
    without ``/`` or ``%`` keep the plain ``"<table>/<column>"`` of earlier
    versions.

    Examples
    --------
    >>> field_scope("customers", "phone")
    'customers/phone'
    >>> field_scope("a/b", "c"), field_scope("a", "b/c")
    ('a%2Fb/c', 'a/b%2Fc')
    """
    for name, value in (("table", table), ("column", column)):
        if not isinstance(value, str) or not value:
            raise InvalidInputError(
                f"The {name!r} of a field's key scope must be a non-empty str."
            )
    head = scope_part(table)
    if head in RESERVED_SCOPES:
        head = f"%{ord(head[0]):02X}{head[1:]}"
    return f"{head}/{scope_part(column)}"


def check_name(value: object, name: str, caller: str) -> str:
    """``value`` if it is a non-empty str (a scope, a domain), else an error naming ``caller``."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"The {name!r} argument of {caller} must be a non-empty str.")
    return value


def purpose_scope(purpose: str, domain: str) -> str:
    """The scope of a non-field key purpose: ``"<purpose>/<domain>"``, domain encoded."""
    return f"{purpose}/{scope_part(domain)}"


def check_context(
    context: Mapping[str, Any], caller: str, *, required: Sequence[str] = ("table", "column")
) -> dict[str, str]:
    """The encryption context as checked ``str`` values, or an error naming ``caller``.

    The context (``{"table": ..., "column": ...}`` and any further keys) is
    bound into every ciphertext as associated data; :class:`FieldEncryptor`
    checks it with this function, and so can a caller that must refuse a bad
    context before it ships work elsewhere (e.g. :func:`dfgov.spark.encrypt_columns`).

    Parameters
    ----------
    context : mapping
        Non-empty ``str`` keys (``row`` is reserved) to ``str`` or ``int`` values.
    caller : str
        Named in the error message.
    required : sequence of str, default ("table", "column")
        Keys that must be present and non-empty.

    Returns
    -------
    dict
        The context with every value as ``str``.

    Raises
    ------
    InvalidInputError
        Naming ``caller`` and the rule broken.
    """
    if not isinstance(context, Mapping):
        raise InvalidInputError(
            f"The 'context' argument of {caller} must be a mapping such as "
            "{'table': 'customers', 'column': 'phone'}."
        )
    out: dict[str, str] = {}
    for k, v in context.items():
        if not isinstance(k, str) or not k:
            raise InvalidInputError(f"The keys of {caller}'s 'context' must be non-empty str.")
        if k == "row":
            raise InvalidInputError(
                f"The context key 'row' of {caller} is reserved; pass row keys as 'row_keys'."
            )
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise InvalidInputError(
                f"The context value of key {k!r} of {caller} must be a str or int. "
                f"Got {type(v).__name__}."
            )
        out[k] = str(v)
    missing = [k for k in required if not out.get(k)]
    if missing:
        raise InvalidInputError(
            f"The 'context' argument of {caller} must name {', '.join(map(repr, missing))}."
        )
    return out


def row_aads(
    context: Mapping[str, str], row_keys: Any, n: int, caller: str
) -> tuple[bytes, list[bytes] | None]:
    """The context bytes (no row) and, if row keys are given, each row's context bytes."""
    if row_keys is None:
        return encode_context(context), None
    rows = as_list(row_keys, caller)
    if len(rows) != n:
        raise InvalidInputError(
            f"The 'row_keys' argument of {caller} must have one key per value: "
            f"got {len(rows)} keys for {n} values."
        )
    before = encode_context({k: v for k, v in context.items() if k < "row"})
    after = encode_context({k: v for k, v in context.items() if k > "row"})
    tag = (3).to_bytes(4, "big") + b"row"
    out: list[bytes] = []
    for i, r in enumerate(rows):
        if isinstance(r, bool) or not isinstance(r, (str, int)):
            raise InvalidInputError(
                f"The 'row_keys' of {caller} must be str or int; position {i} is "
                f"{type(r).__name__}."
            )
        rb = str(r).encode("utf-8")
        out.append(before + tag + len(rb).to_bytes(4, "big") + rb + after)
    return encode_context(context), out
