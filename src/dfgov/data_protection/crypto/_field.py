"""FieldEncryptor: randomised AEAD encryption of columns (SM4-GCM or AES-256-GCM)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, ClassVar, overload

from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import AEAD_ALGORITHMS, Algorithm
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._values import (
    as_list,
    check_context,
    check_values,
    field_scope,
    like_input,
    row_aads,
)
from dfgov.errors import InvalidInputError, PolicyError

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.data_protection.crypto._values import Buffer, Column, Context, RowKeys, V
    from dfgov.policy import Policy

__all__ = ["FieldEncryptor"]


@dataclass(eq=False, repr=False)
class FieldEncryptor:
    """Encrypt and decrypt columns with envelope keys from a :class:`Keyring`.

    Each non-missing value gets a fresh random 96-bit nonce made here; the
    associated data binds the context (table, column, other keys) and, when
    ``row_keys`` are given, the row, so a ciphertext moved to another cell
    does not decrypt. ``str`` values become base64 text ciphertexts (and
    decrypt back to ``str``); ``bytes`` values become binary ciphertexts.
    Missing values (None, NaN, pd.NA) stay ``None``.

    Parameters
    ----------
    keyring : Keyring
    algorithm : {"SM4-GCM", "AES-256-GCM"}, optional
        Default: the policy's ``data_security.crypto.default_algorithm`` ("SM4-GCM").
    policy : Policy, optional
        When given, the algorithm must be among its ``allowed_algorithms``.

    Examples
    --------
    >>> kr = Keyring.in_memory()
    >>> fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    >>> ctx = {"table": "customers", "column": "phone"}
    >>> ct = fe.encrypt(["13800138000", None], context=ctx)
    >>> fe.decrypt(ct, context=ctx)
    ['13800138000', None]
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.field_encryption"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-17",
        "GB/T 39786-2021",
        "JR/T 0171-2020",
        "PIPL Art.51",
    )

    keyring: Keyring
    _: KW_ONLY
    algorithm: Algorithm | None = None
    policy: Policy | None = None

    def _check_keyring(self) -> None:
        if not isinstance(self.keyring, Keyring):
            raise InvalidInputError("The 'keyring' parameter of FieldEncryptor must be a Keyring.")

    def _algorithm(self) -> Algorithm:
        self._check_keyring()
        allowed: tuple[str, ...] = AEAD_ALGORITHMS
        default = "SM4-GCM"
        if self.policy is not None:
            from dfgov.data_protection._policy import DataSecurityPolicy

            settings = self.policy.section(DataSecurityPolicy).crypto
            allowed, default = settings.allowed_algorithms, settings.default_algorithm
        alg = self.algorithm or default
        if alg not in AEAD_ALGORITHMS:
            raise InvalidInputError(
                "The 'algorithm' parameter of FieldEncryptor must be 'SM4-GCM' or "
                f"'AES-256-GCM'. Got {alg!r}."
            )
        if alg not in allowed:
            raise PolicyError(
                f"The policy key 'data_security.crypto.allowed_algorithms' does not allow {alg}.",
                path="data_security.crypto.allowed_algorithms",
            )
        _selftest.require(alg)
        return alg

    # -- encryption --------------------------------------------------------
    @overload
    def encrypt(
        self, values: pd.Series, *, context: Context, row_keys: RowKeys = None
    ) -> pd.Series: ...

    @overload
    def encrypt(
        self, values: Iterable[V | None], *, context: Context, row_keys: RowKeys = None
    ) -> list[V | None]: ...

    @overload
    def encrypt(
        self, values: Iterable[str | Buffer | None], *, context: Context, row_keys: RowKeys = None
    ) -> list[str | bytes | None]: ...

    def encrypt(
        self, values: Column, *, context: Context, row_keys: RowKeys = None
    ) -> pd.Series | Sequence[str | bytes | None]:
        """Encrypt a column under the primary key of the context's table/column.

        The data key is created on first use. Returns a Series for a Series
        (same index), else a list: ``str`` items become base64 text,
        ``bytes`` items binary ciphertexts, missing items ``None``.
        """
        alg = self._algorithm()
        ctx = check_context(context, "FieldEncryptor.encrypt")
        vals = as_list(values, "FieldEncryptor.encrypt")
        check_values(vals, "FieldEncryptor.encrypt")  # before any key is touched
        base, rows = row_aads(ctx, row_keys, len(vals), "FieldEncryptor.encrypt")
        aead = self.keyring.aead(field_scope(ctx["table"], ctx["column"]), alg)
        return like_input(values, aead.encrypt_values(vals, base, rows))

    # -- decryption --------------------------------------------------------
    @overload
    def decrypt(
        self, values: pd.Series, *, context: Context, row_keys: RowKeys = None
    ) -> pd.Series: ...

    @overload
    def decrypt(
        self, values: Iterable[V | None], *, context: Context, row_keys: RowKeys = None
    ) -> list[V | None]: ...

    @overload
    def decrypt(
        self, values: Iterable[str | Buffer | None], *, context: Context, row_keys: RowKeys = None
    ) -> list[str | bytes | None]: ...

    def decrypt(
        self, values: Column, *, context: Context, row_keys: RowKeys = None
    ) -> pd.Series | Sequence[str | bytes | None]:
        """Decrypt a column; any failure raises ``DecryptionError("decryption failed")``.

        Tampering, a wrong context or row key, a truncated value, invalid
        base64, an unknown or destroyed key all give the same error. Text
        ciphertexts decrypt to ``str``, binary ones to ``bytes``.
        """
        self._check_keyring()
        ctx = check_context(context, "FieldEncryptor.decrypt")
        vals = as_list(values, "FieldEncryptor.decrypt")
        base, rows = row_aads(ctx, row_keys, len(vals), "FieldEncryptor.decrypt")
        aead = self.keyring.aead(field_scope(ctx["table"], ctx["column"]))
        return like_input(values, aead.decrypt_values(vals, base, rows))

    def reencrypt(
        self, values: Column, *, context: Context, row_keys: RowKeys = None
    ) -> pd.Series | Sequence[str | bytes | None]:
        """Decrypt and encrypt again under the current primary key (after a rotation)."""
        plain = self.decrypt(values, context=context, row_keys=row_keys)
        return self.encrypt(plain, context=context, row_keys=row_keys)

    def __repr__(self) -> str:
        return f"FieldEncryptor(algorithm={self.algorithm!r})"

