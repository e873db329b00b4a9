"""What dfgov's SQL stores share: opening their database, their audit log, closing both.

The audit log, the monitoring store, the review store and waiver register, the model
inventory and the data-security assessment register all live in SQLite or any SQLAlchemy
database, often the same one. :func:`open_engine` turns the ``target`` each accepts (a
path, a URL or an Engine) into an Engine, :func:`attach_audit_log` takes the audit log a
store writes its events to (or makes the default one), and :class:`StoreHandle` gives a
store ``close()``, the context manager and its ``repr`` (:class:`Closable` gives the
context manager alone to an object that closes something else). sqlalchemy is imported only
when a database is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from dfgov.errors import InputFileError, InvalidInputError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["Closable", "StoreHandle", "attach_audit_log", "open_engine"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


def open_engine(target: object, caller: str, *, create: bool = True) -> tuple[sa.Engine, bool]:
    """An Engine for a path, URL or Engine, and whether the caller owns (must dispose) it.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine
        An SQLite file (a path, or a string without ``://``), an SQLAlchemy URL, or an
        Engine the caller keeps (not disposed by the store).
    caller : str
        The class or function named in error messages.
    create : bool
        Whether a missing SQLite file may be created (``False`` for readers).

    Raises
    ------
    InputFileError
        The path is a directory, an existing file that is not an SQLite database, or
        (with ``create=False``) missing.
    InvalidInputError
        ``target`` is not a path, URL or Engine, or the URL is not usable.
    """
    import sqlalchemy as sa

    if isinstance(target, sa.Engine):
        return target, False
    if isinstance(target, Path) or (isinstance(target, str) and "://" not in target):
        path = Path(target)
        if path.is_dir():
            raise InputFileError(f"The database {str(path)!r} of {caller} is a directory.")
        if path.exists():
            with open(path, "rb") as fh:
                head = fh.read(16)
            if head and head != _SQLITE_MAGIC:
                raise InputFileError(
                    f"The database {str(path)!r} of {caller} is not an SQLite file.")
        elif not create:
            raise InputFileError(f"The database {str(path)!r} of {caller} does not exist.")
        url = sa.URL.create("sqlite", database=str(path))
        return sa.create_engine(url, connect_args={"timeout": 60.0}), True
    if isinstance(target, str):
        try:
            return sa.create_engine(target), True
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise InvalidInputError(
                f"The 'target' argument of {caller} is not a usable SQLAlchemy URL "
                f"({type(exc).__name__})."
            ) from None
    raise InvalidInputError(
        f"The 'target' argument of {caller} must be a path, a SQLAlchemy URL or an Engine. "
        f"Got {type(target).__name__}."
    )


def attach_audit_log(audit_log: Any, default: Callable[[], Any], caller: str) -> tuple[Any, bool]:
    """The audit log a store writes to, and whether the store owns (must close) it.

    ``audit_log`` (a store's ``audit=``) when given (anything with an ``append`` method),
    else ``default()`` (the store's own :class:`dfgov.audit.AuditLog` in its database).

    Raises
    ------
    InvalidInputError
        ``audit_log`` has no ``append`` method.
    """
    if audit_log is None:
        return default(), True
    if not callable(getattr(audit_log, "append", None)):
        raise InvalidInputError(
            f"The 'audit' argument of {caller} must have an append method.")
    return audit_log, False


class Closable:
    """``with`` support for an object with a ``close()`` method: closed on leaving the block."""

    def close(self) -> None:
        """Release what this object holds (subclasses say what)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StoreHandle(Closable):
    """``close()``, ``with`` and ``repr`` for a store over an Engine and an audit log.

    A subclass sets ``engine``, ``audit_log`` and whether it owns each (``_owns``,
    ``_owns_log``, from :func:`open_engine` and :func:`attach_audit_log`).
    """

    engine: sa.Engine
    audit_log: Any
    _owns: bool
    _owns_log: bool

    def close(self) -> None:
        """Release the connections (and the audit log) this store opened."""
        if self._owns_log:
            self.audit_log.close()
        if self._owns:
            self.engine.dispose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.engine.url.render_as_string(hide_password=True)!r})"
