"""Key material given as PEM bytes or as a file path (signers, verifiers, SM2 key providers)."""

from __future__ import annotations

from pathlib import Path

from dfgov.errors import InputFileError, InvalidInputError

__all__ = ["pem_bytes"]


def pem_bytes(value: object, what: str, *, allow_bytes: bool = True) -> bytes:
    """The PEM bytes of ``value``: the bytes themselves, or the file a path names.

    Parameters
    ----------
    value : bytes, str or pathlib.Path
        PEM bytes (when ``allow_bytes``) or the path of a PEM file.
    what : str
        What the key is, for messages (``"SM2 private key"``).
    allow_bytes : bool, default True
        Whether bytes are accepted as the key itself (``False``: a path only).

    Returns
    -------
    bytes
        The PEM bytes; never echoed in an error.

    Raises
    ------
    InvalidInputError
        ``value`` is of another type.
    InputFileError
        The file cannot be read.
    """
    if allow_bytes and isinstance(value, bytes):
        return value
    if not isinstance(value, (str, Path)):
        kinds = "PEM bytes or a file path" if allow_bytes else "a file path"
        raise InvalidInputError(
            f"The {what} must be given as {kinds}. Got {type(value).__name__}."
        )
    try:
        return Path(value).read_bytes()
    except OSError as exc:
        raise InputFileError(
            f"Cannot read the {what} file {str(value)!r}: {exc.__class__.__name__}."
        ) from None
