"""Field encryption as Spark column transforms (``mapInArrow``), keys shipped wrapped.

:func:`encrypt_columns` / :func:`decrypt_columns` run
:class:`~dfgov.data_protection.crypto.FieldEncryptor` on each Arrow record
batch, so ciphertexts have the in-memory format: what Spark writes decrypts
in memory with the same keyring, and the other way round.

Data keys never travel in plaintext: the driver exports them with
:meth:`Keyring.export_wrapped` (bytes wrapped by the KEK, bound to key id,
scope and algorithm) and the task carries those plus ``provider``, a
zero-argument factory of a :class:`~dfgov.data_protection.crypto.KeyProvider`
that each executor builds itself (a KMS or HSM client configured from the
executor's environment). Keys are unwrapped on first use, in executor memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from dfgov.errors import InvalidInputError, KeyStateError
from dfgov.spark._common import column_type, require_columns, require_dataframe

if TYPE_CHECKING:
    from typing import TypeAlias

    from dfgov.data_protection.crypto import KeyProvider, Keyring, WrappedKey

    #: One column name or several.
    Columns: TypeAlias = str | Sequence[str]
    #: A keyring on the driver, or the wrapped keys it exported.
    Keys: TypeAlias = Keyring | Sequence[WrappedKey]
    #: Builds the KEK provider on each executor.
    ProviderFactory: TypeAlias = Callable[[], KeyProvider]

__all__ = ["decrypt_columns", "encrypt_columns"]

_Algorithm = Literal["SM4-GCM", "AES-256-GCM"]
_ALGORITHMS = get_args(_Algorithm)
_TYPES = ("StringType", "BinaryType")


def _columns(df: Any, columns: Columns, caller: str) -> list[str]:
    require_dataframe(df, "df", caller)
    names = [columns] if isinstance(columns, str) else list(columns) if isinstance(
        columns, Sequence) else None
    if not names or len(set(names)) != len(names):
        raise InvalidInputError(
            f"The 'columns' argument of {caller} must name one or more distinct columns."
        )
    require_columns(df, names, "columns", caller)
    for c in names:
        kind = column_type(df, c)
        if kind not in _TYPES:
            raise InvalidInputError(
                f"The column {c!r} given to {caller} must be a string or binary column. "
                f"Got {kind} instead."
            )
    return names


def _context(context: Mapping[str, Any], caller: str) -> dict[str, str]:
    from dfgov.data_protection.crypto import check_context

    if isinstance(context, Mapping) and "column" in context:
        raise InvalidInputError(
            f"The 'context' argument of {caller} must not name 'column': each column's "
            "name is added as its 'column'."
        )
    return check_context(context, caller, required=("table",))


def _keys(
    keys: Keys, scopes: dict[str, str], algorithm: _Algorithm | None,
    *, encrypt: bool, caller: str,
) -> list[WrappedKey]:
    """The wrapped keys the tasks need (creating a missing primary key on the driver)."""
    from dfgov.data_protection.crypto import Keyring, WrappedKey

    if isinstance(keys, Keyring):
        out: list[WrappedKey] = []
        for scope in scopes.values():
            if encrypt:
                keys.aead(scope, algorithm).primary(create=True)  # as FieldEncryptor does
                out.extend(keys.export_wrapped(scope, algorithm, primary_only=True))
            else:
                out.extend(keys.export_wrapped(scope))
        return out
    if isinstance(keys, (str, bytes)) or not isinstance(keys, Sequence) or not all(
            isinstance(k, WrappedKey) for k in keys):
        raise InvalidInputError(
            f"The 'keys' argument of {caller} must be a Keyring or a list of WrappedKey "
            "(from Keyring.export_wrapped)."
        )
    wanted = set(scopes.values())
    chosen = [k for k in keys if k.info.scope in wanted]
    if encrypt:  # an executor must never create a key of its own (its data would be lost)
        from dfgov.data_protection.crypto import KeyState

        have = {k.info.scope for k in chosen
                if k.info.algorithm == algorithm and k.info.state is KeyState.PRIMARY}
        for scope in scopes.values():
            if scope not in have:
                raise KeyStateError(
                    f"The 'keys' of {caller} hold no primary {algorithm} key of scope "
                    f"{scope!r}; export it with Keyring.export_wrapped."
                )
    return chosen


def _batch_function(
    all_names: list[str], scopes: dict[str, str], keys: list[WrappedKey],
    provider: ProviderFactory, context: dict[str, str], algorithm: _Algorithm | None,
    *, encrypt: bool,
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function each task runs: it captures wrapped keys and the provider factory only."""
    positions = {n: all_names.index(n) for n in scopes}

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from dfgov.data_protection.crypto import FieldEncryptor, Keyring

        fe = FieldEncryptor(Keyring.from_wrapped(provider(), keys), algorithm=algorithm)
        for batch in batches:
            arrays = list(batch.columns)
            for name, i in positions.items():
                ctx = {**context, "column": name}
                values = batch.column(i).to_pylist()
                out = fe.encrypt(values, context=ctx) if encrypt else fe.decrypt(
                    values, context=ctx)
                arrays[i] = pa.array(out, batch.schema.field(i).type)
            yield pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

    return run


def _apply(
    df: Any, columns: Columns, keys: Keys, provider: ProviderFactory,
    algorithm: _Algorithm | None, context: Mapping[str, Any], *, encrypt: bool, caller: str,
) -> Any:
    from dfgov.data_protection.crypto import field_scope

    names = _columns(df, columns, caller)
    if encrypt and algorithm not in _ALGORITHMS:
        raise InvalidInputError(
            f"The 'algorithm' argument of {caller} must be 'SM4-GCM' or 'AES-256-GCM'. "
            f"Got {algorithm!r}."
        )
    if not callable(provider):
        raise InvalidInputError(
            f"The 'provider' argument of {caller} must be a zero-argument callable that "
            "returns a KeyProvider."
        )
    ctx = _context(context, caller)
    scopes = {n: field_scope(ctx["table"], n) for n in names}
    wrapped = _keys(keys, scopes, algorithm, encrypt=encrypt, caller=caller)
    if encrypt:
        from dfgov.data_protection.crypto import require_self_test

        require_self_test(algorithm or "")  # fail on the driver if the self-test fails
    fn = _batch_function(list(df.columns), scopes, wrapped, provider, ctx,
                         algorithm, encrypt=encrypt)
    return df.mapInArrow(fn, df.schema)


def encrypt_columns(
    df: Any, columns: Columns, keys: Keys, *, provider: ProviderFactory,
    context: Mapping[str, Any], algorithm: _Algorithm = "SM4-GCM",
) -> Any:
    """Encrypt string or binary columns of a Spark DataFrame (lazily, on the executors).

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    columns : str or list of str
        String columns become base64 text ciphertexts, binary columns binary
        ciphertexts (as :meth:`FieldEncryptor.encrypt`); nulls stay null.
    keys : Keyring or list of WrappedKey
        A keyring (on the driver: the primary key of each column's scope
        ``"<table>/<column>"`` is created there if the scope has none, then
        exported wrapped), or :meth:`Keyring.export_wrapped` output.
    provider : callable
        Builds the KEK provider on each executor; it must not capture key
        material (it is serialised into the task).
    context : mapping
        The FieldEncryptor context without ``column`` (at least ``table``);
        each column's name is added as its ``column``.
    algorithm : {"SM4-GCM", "AES-256-GCM"}

    Returns
    -------
    pyspark.sql.DataFrame
        Same schema; values equal to what ``FieldEncryptor(keyring,
        algorithm=...).decrypt(..., context={**context, "column": name})``
        turns back into the plaintext.
    """
    return _apply(df, columns, keys, provider, algorithm, context, encrypt=True,
                  caller="encrypt_columns")


def decrypt_columns(
    df: Any, columns: Columns, keys: Keys, *, provider: ProviderFactory,
    context: Mapping[str, Any],
) -> Any:
    """Decrypt columns made by :func:`encrypt_columns` or :meth:`FieldEncryptor.encrypt`.

    Parameters are those of :func:`encrypt_columns`; every live key of each
    column's scope is shipped (wrapped), so data under rotated keys decrypts.
    Any failure (tampering, wrong context, unknown or destroyed key) fails the
    Spark job with ``DecryptionError("decryption failed")``.
    """
    return _apply(df, columns, keys, provider, None, context, encrypt=False,
                  caller="decrypt_columns")
