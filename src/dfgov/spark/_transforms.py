"""Masking and keyed pseudonyms as column transforms of Spark DataFrames (Arrow batches).

Both run :func:`dfgov.data_protection.mask` / :func:`~dfgov.data_protection.pseudonymize`
on each Arrow record batch through ``mapInArrow`` and return a new DataFrame
with the same columns (transformed ones as strings), so every value equals
what the in-memory function gives.

Pseudonym keys never travel in plaintext: the task carries only the
*wrapped* secret, its KEK id and a zero-argument factory of a
:class:`~dfgov.data_protection.crypto.KeyProvider` that the executors build
themselves (for example a KMS or HSM client configured from the executor's
environment). Each task unwraps the secret once, in executor memory; the
plan, the task closure and the logs hold ciphertext only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_dataframe, require_pyspark

if TYPE_CHECKING:
    from dfgov.data_protection import MaskingRules
    from dfgov.data_protection.crypto import KeyProvider

__all__ = ["PSEUDONYM_AD", "mask_columns", "pseudonymize_columns"]

PSEUDONYM_AD = b"dfgov.spark.pseudonym-key"
"""Default associated data binding a wrapped pseudonym secret to its purpose."""


def _output_schema(df: Any, columns: list[str]) -> Any:
    sql = require_pyspark()
    T = sql.types
    fields = [T.StructField(f.name, T.StringType(), True) if f.name in columns else f
              for f in df.schema.fields]
    return T.StructType(fields)


def _check(df: Any, columns: Mapping[str, Any], caller: str) -> list[str]:
    require_dataframe(df, "df", caller)
    if not isinstance(columns, Mapping) or not columns:
        raise InvalidInputError(
            f"The 'columns' argument of {caller} must map column names to data types."
        )
    names = list(columns)
    require_columns(df, names, "columns", caller)
    return names


def _map_batches(
    df: Any, names: list[str], transform: Callable[[Any, str], Any], setup: Any = None,
) -> Any:
    all_names = list(df.columns)
    positions = {n: all_names.index(n) for n in names}

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        state = setup() if setup is not None else None
        for batch in batches:
            arrays = list(batch.columns)
            for name, i in positions.items():
                out = transform(batch.column(i), name) if state is None else transform(
                    (batch.column(i), state), name)
                arrays[i] = pa.array(out.tolist(), pa.string())
            yield pa.RecordBatch.from_arrays(arrays, names=all_names)

    return df.mapInArrow(run, _output_schema(df, names))


def mask_columns(
    df: Any, columns: Mapping[str, str], *, rules: MaskingRules | None = None,
) -> Any:
    """Display-mask columns of a Spark DataFrame (a new DataFrame, lazily evaluated).

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    columns : mapping of column name to data type
        E.g. ``{"手机号": "mobile", "身份证号": "resident_id"}`` (types of
        :func:`dfgov.data_protection.data_types`; an inventory's ``data_type``).
    rules : MaskingRules, optional
        The ``[data_protection.masking]`` table.

    Returns
    -------
    pyspark.sql.DataFrame
        Same columns and order; masked columns are strings (null stays null).
    """
    from dfgov.data_protection import MaskingRules, data_types

    caller = "mask_columns"
    names = _check(df, columns, caller)
    known = set(data_types())
    for name, dt in columns.items():
        if dt not in known:
            raise InvalidInputError(
                f"The data type given to {caller} for column {name!r} is not one of "
                "dfgov.data_protection.data_types()."
            )
    rules = rules or MaskingRules()
    types = dict(columns)

    def transform(values: Any, name: str) -> Any:
        from dfgov.data_protection import mask

        return mask(values.to_pandas(), types[name], rules=rules)

    return _map_batches(df, names, transform)


def pseudonymize_columns(
    df: Any,
    columns: Mapping[str, str | None],
    *,
    wrapped_secret: bytes,
    key_id: str,
    kek_id: str,
    provider: Callable[[], KeyProvider],
    associated_data: bytes = PSEUDONYM_AD,
    algorithm: Literal["sha256", "sm3"] = "sha256",
    domain: str = "",
    length: int = 32,
) -> Any:
    """Replace columns by keyed pseudonyms ``ps:<key_id>:<hex>`` on the executors.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    columns : mapping of column name to data type or None
        The data type selects the compact form of identifiers, as
        :func:`dfgov.data_protection.pseudonymize`'s ``data_type``.
    wrapped_secret : bytes
        The pseudonym secret wrapped by ``provider().wrap(kek_id, secret,
        associated_data)``.
    key_id : str
        The key id stamped on the tokens (as :class:`PseudonymKey`'s).
    kek_id : str
        The KEK that wrapped the secret.
    provider : callable
        Builds a key provider on each executor; it must not capture key
        material (it is serialised into the task).
    associated_data : bytes
        Bound to the wrapped secret at wrapping time.
    algorithm, domain, length
        As for :func:`~dfgov.data_protection.pseudonymize`.

    Returns
    -------
    pyspark.sql.DataFrame
        Tokens equal to ``pseudonymize(values, PseudonymKey(secret, key_id), ...)``.
    """
    from dfgov.data_protection import PseudonymKey

    caller = "pseudonymize_columns"
    names = _check(df, columns, caller)
    if not isinstance(wrapped_secret, bytes) or not wrapped_secret:
        raise InvalidInputError(f"The 'wrapped_secret' argument of {caller} must be bytes.")
    if not callable(provider):
        raise InvalidInputError(
            f"The 'provider' argument of {caller} must be a zero-argument callable that "
            "returns a KeyProvider."
        )
    PseudonymKey(b"\0" * 16, key_id)  # validates key_id on the driver, no secret involved
    types = dict(columns)

    def setup() -> Any:
        secret = provider().unwrap(kek_id, wrapped_secret, associated_data)
        return PseudonymKey(secret, key_id)

    def transform(item: Any, name: str) -> Any:
        from dfgov.data_protection import pseudonymize

        values, key = item
        return pseudonymize(values.to_pandas(), key, algorithm=algorithm,
                            data_type=types[name], domain=domain, length=length)

    return _map_batches(df, names, transform, setup)
