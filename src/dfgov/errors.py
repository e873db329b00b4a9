"""The dfgov exception tree.

Every error dfgov raises on purpose derives from :class:`DfgovError`. Leaves
also subclass the built-in they refine, so ``except ValueError`` keeps working
in code that does not know dfgov::

    DfgovError
    ├── InvalidInputError (ValueError)        bad argument, column, array or file
    │   ├── ColumnError (KeyError)             a named column is missing or unusable
    │   ├── InputFileError                     a file cannot be read or parsed
    │   └── ModelError                         a model cannot be loaded, recognised or called
    ├── PolicyError (ValueError)              a policy key is unknown, mistyped or out of range
    ├── IntegrityError                        stored evidence does not verify
    │   └── TamperError                        a hash chain, digest or signature is broken
    ├── CryptoError                           key management or cipher failure
    │   ├── DecryptionError                    always "decryption failed", whatever the cause
    │   ├── KeyStateError                      unknown, destroyed or decrypt-only key used wrongly
    │   └── SelfTestError                      a known-answer test failed; algorithm disabled
    ├── LifecycleError                        an illegal state transition (names missing evidence)
    │   └── ConflictError                      a stale concurrent update was rejected
    └── MissingDependencyError (ImportError)  an optional extra is not installed
        └── MissingProgramError                a program dfgov runs (Chromium for PDF) is absent

Messages name the argument, column, key or field and the rule that was
broken. They never contain personal data values or key material; as a second
line of defence, ``str()`` of any of these errors masks identifiers that dfgov's
own detector finds (a column name that is a resident ID, say).
"""

from __future__ import annotations

__all__ = [
    "ColumnError",
    "ConflictError",
    "CryptoError",
    "DecryptionError",
    "DfgovError",
    "InputFileError",
    "IntegrityError",
    "InvalidInputError",
    "KeyStateError",
    "LifecycleError",
    "MissingDependencyError",
    "MissingProgramError",
    "ModelError",
    "PolicyError",
    "SelfTestError",
    "TamperError",
]


class DfgovError(Exception):
    """Root of every error dfgov raises on purpose."""

    def __str__(self) -> str:
        from dfgov._pii import redact_text

        return redact_text(super().__str__())


class InvalidInputError(DfgovError, ValueError):
    """An argument, array, column or file content breaks a documented rule."""


class ColumnError(InvalidInputError, KeyError):
    """A named column is missing from a table or has an unusable type."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        from dfgov._pii import redact_text

        return redact_text(str(self.args[0])) if self.args else ""


class InputFileError(InvalidInputError):
    """A file cannot be read, or is not of the expected kind."""


class ModelError(InvalidInputError):
    """A model cannot be loaded, is not a model dfgov recognises, or raised when called."""


class PolicyError(DfgovError, ValueError):
    """A policy is invalid. ``path`` is the dotted key path, ``line`` the file line if known."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class IntegrityError(DfgovError):
    """Stored evidence (audit log, bundle, record) does not verify."""


class TamperError(IntegrityError):
    """A hash chain, digest, MAC or signature does not match."""


class CryptoError(DfgovError):
    """Key management or cipher failure. Never carries key bytes."""


class DecryptionError(CryptoError):
    """Decryption failed. The message is always the same, whatever the cause."""

    def __init__(self, message: str = "decryption failed") -> None:
        super().__init__(message)


class KeyStateError(CryptoError):
    """A key is unknown, destroyed, or not allowed for the requested operation."""


class SelfTestError(CryptoError):
    """A known-answer self-test failed; the algorithm is disabled."""


class LifecycleError(DfgovError):
    """An illegal lifecycle transition; the message names the missing evidence."""


class ConflictError(LifecycleError):
    """A concurrent update was stale and has been rejected (nothing was written)."""


class MissingDependencyError(DfgovError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, package: str, extra: str, *, purpose: str = "") -> None:
        what = f" for {purpose}" if purpose else ""
        super().__init__(
            f"The optional package {package!r} is required{what}. "
            f'Install it with: pip install "dfgov[{extra}]"'
        )
        self.package = package
        self.extra = extra


class MissingProgramError(MissingDependencyError):
    """A program dfgov runs is missing or unusable (e.g. Chromium for PDF output).

    The message names the program, what it is needed for and how to get it.
    """

    def __init__(self, program: str, *, purpose: str, hint: str) -> None:
        Exception.__init__(self, f"The program {program!r} is required for {purpose}. {hint}")
        self.package = program
        self.extra = ""
