"""Key custody in a PKCS#11 token (an HSM): KEKs created inside it, never extractable.

:class:`PKCS11KeyProvider` implements :class:`KeyProvider` on any PKCS#11
module (SoftHSM2 in tests; a bank's HSM in production) through
`python-pkcs11 <https://pypi.org/project/python-pkcs11/>`_ (extra ``hsm``).
Key-encryption keys are AES-256 secret keys generated in the token with
``CKA_EXTRACTABLE = false``, ``CKA_SENSITIVE = true`` and only the ``WRAP``
and ``UNWRAP`` usages, so their value never leaves the token and they cannot
be used to encrypt or decrypt anything else.

Wrapping happens in the token (``C_WrapKey`` / ``C_UnwrapKey``) with AES key
wrap with padding (RFC 5649, ``CKM_AES_KEY_WRAP_PAD``, default) or without
(RFC 3394, ``CKM_AES_KEY_WRAP``). The wrapped value is
``key || SHA-256(associated_data)``: AES key wrap authenticates its whole
input, so a wrapped key moved to another key id, scope or algorithm does not
unwrap. The data key enters the token as a session object only for the
duration of one wrap (and leaves it, extractable by construction, on unwrap).

KEKs are token objects labelled ``dfgov-kek-<serial>-<random>`` (``CKA_ID`` =
the serial, 8 bytes big-endian); the one with the highest serial is primary.
``rotate_kek`` creates the next; ``retire_kek`` destroys one in the token
(after every data key was re-wrapped), which is what makes crypto-shredding
final for HSM-held KEKs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
from pathlib import Path
from typing import Any, Literal

from dfgov.errors import (
    CryptoError,
    InputFileError,
    InvalidInputError,
    KeyStateError,
    MissingDependencyError,
)

__all__ = ["PKCS11KeyProvider"]

_DIGEST = 32
_MECHANISMS = {"AES-KWP": "AES_KEY_WRAP_PAD", "AES-KW": "AES_KEY_WRAP"}
_LIBS: dict[str, Any] = {}
_LIBS_LOCK = threading.Lock()
_PIN_SALT = os.urandom(16)


class _Shared:
    """One logged-in session per token per process, shared by every provider on it.

    PKCS#11 login state belongs to the application, not to a session: a
    second login raises ``CKR_USER_ALREADY_LOGGED_IN`` and any ``C_Logout``
    logs every session out. So providers on one token share this session
    (and its lock: sessions are not thread-safe) and the last one closes it.
    """

    def __init__(self, key: tuple[str, str], session: Any, pin_tag: bytes) -> None:
        self.key, self.session, self.pin_tag = key, session, pin_tag
        self.lock = threading.RLock()
        self.users = 0


_SESSIONS: dict[tuple[str, str], _Shared] = {}


def _pin_tag(pin: str) -> bytes:
    return hmac.new(_PIN_SALT, pin.encode("utf-8"), hashlib.sha256).digest()


def _session(p11: Any, module: str, token: Any, pin: str) -> _Shared:
    key = (module, str(token.serial))
    with _LIBS_LOCK:
        shared = _SESSIONS.get(key)
        if shared is not None:
            if not hmac.compare_digest(shared.pin_tag, _pin_tag(pin)):
                raise CryptoError("The PKCS#11 token refused the PIN.")
        else:
            try:
                session = token.open(user_pin=pin, rw=True)
            except (p11.exceptions.PinIncorrect, p11.exceptions.PinInvalid,
                    p11.exceptions.PinLenRange):
                raise CryptoError("The PKCS#11 token refused the PIN.") from None
            except p11.exceptions.PinLocked:
                raise CryptoError("The PKCS#11 token's PIN is locked.") from None
            except p11.exceptions.UserAlreadyLoggedIn:
                raise CryptoError("The PKCS#11 token is already logged in by other code in "
                                  "this process; dfgov needs its own login.") from None
            shared = _SESSIONS[key] = _Shared(key, session, _pin_tag(pin))
        shared.users += 1
        return shared


def _release(shared: _Shared) -> None:
    with _LIBS_LOCK:
        shared.users -= 1
        if shared.users == 0:
            _SESSIONS.pop(shared.key, None)
            shared.session.close()


def _pkcs11() -> Any:
    try:
        import pkcs11
    except ImportError:
        raise MissingDependencyError("python-pkcs11", "hsm", purpose="PKCS#11 key custody") \
            from None
    return pkcs11


def _library(module: str) -> Any:
    """One loaded PKCS#11 library per module path per process (C_Initialize runs once)."""
    p11 = _pkcs11()
    with _LIBS_LOCK:
        lib = _LIBS.get(module)
        if lib is None:
            try:
                lib = p11.lib(module)
            except (RuntimeError, OSError, p11.exceptions.PKCS11Error) as exc:
                raise InputFileError(
                    f"The PKCS#11 module {module!r} cannot be loaded ({type(exc).__name__})."
                ) from None
            _LIBS[module] = lib
    return lib


class PKCS11KeyProvider:
    """A :class:`KeyProvider` whose KEKs live, non-extractable, in a PKCS#11 token.

    Parameters
    ----------
    module : str or Path
        Path of the PKCS#11 module (e.g. ``/usr/lib/softhsm/libsofthsm2.so``).
    pin : str
        The token's user PIN (read it from the environment or a secret store;
        it is never shown).
    token_label : str, optional
        Label of the token; the only token present when omitted.
    mechanism : {"AES-KWP", "AES-KW"}
        AES key wrap with padding (RFC 5649, default) or without (RFC 3394).
    label_prefix : str
        Prefix of the KEK objects' labels (several keyrings can share a token
        under different prefixes).
    create : bool
        Create a first KEK when the token holds none with this prefix (True),
        or raise :class:`KeyStateError` (False).

    Examples
    --------
    >>> p = PKCS11KeyProvider("/usr/lib/softhsm/libsofthsm2.so", pin=os.environ["PIN"],
    ...                       token_label="dfgov")                          # doctest: +SKIP
    >>> kr = Keyring.open("keys.dfks", passphrase=pw, provider=p)           # doctest: +SKIP
    """

    def __init__(
        self,
        module: str | Path,
        *,
        pin: str,
        token_label: str | None = None,
        mechanism: Literal["AES-KWP", "AES-KW"] = "AES-KWP",
        label_prefix: str = "dfgov-kek",
        create: bool = True,
    ) -> None:
        if mechanism not in _MECHANISMS:
            raise InvalidInputError(
                "The 'mechanism' parameter of PKCS11KeyProvider must be 'AES-KWP' or 'AES-KW'. "
                f"Got {mechanism!r}."
            )
        if not isinstance(pin, str) or not pin:
            raise InvalidInputError("The 'pin' parameter of PKCS11KeyProvider must be a "
                                    "non-empty string.")
        if not isinstance(label_prefix, str) or not label_prefix or "-" in label_prefix[-1:]:
            raise InvalidInputError("The 'label_prefix' parameter of PKCS11KeyProvider must be "
                                    "a non-empty string not ending in '-'.")
        p11 = _pkcs11()
        self._p11 = p11
        self.mechanism = mechanism
        self._mech = getattr(p11.Mechanism, _MECHANISMS[mechanism])
        self._prefix = label_prefix + "-"
        self._label = re.compile(re.escape(self._prefix) + r"\d{6,}-[0-9a-f]{8}")
        lib = _library(os.fspath(module))
        try:
            token = lib.get_token(token_label=token_label) if token_label is not None \
                else lib.get_token()
        except p11.exceptions.NoSuchToken:
            raise InvalidInputError(f"No PKCS#11 token labelled {token_label!r} in "
                                    f"{os.fspath(module)!r}.") from None
        except p11.exceptions.MultipleTokensReturned:
            raise InvalidInputError("The PKCS#11 module has several tokens: pass "
                                    "'token_label'.") from None
        self._shared: _Shared | None = _session(p11, os.fspath(module), token, pin)
        self._session = self._shared.session
        self._lock = self._shared.lock
        self.token_label = str(token.label)
        self._keks: dict[str, Any] = {}
        self._serial: dict[str, int] = {}
        self._load()
        if not self._keks:
            if not create:
                self.close()
                raise KeyStateError(
                    f"The PKCS#11 token {self.token_label!r} holds no KEK labelled "
                    f"{self._prefix}*; pass create=True to make one."
                )
            self.rotate_kek()

    # -- KEK objects in the token ----------------------------------------------
    def _load(self) -> None:
        A, OC = self._p11.Attribute, self._p11.ObjectClass
        for obj in self._live().get_objects({A.CLASS: OC.SECRET_KEY}):
            label = str(obj.label or "")
            if not self._label.fullmatch(label):  # not ours (another prefix, another tool)
                continue
            try:
                serial = int.from_bytes(bytes(obj[A.ID]), "big")
            except (self._p11.exceptions.PKCS11Error, TypeError):
                continue
            self._keks[label] = obj
            self._serial[label] = serial

    def _live(self) -> Any:
        if self._session is None:
            raise KeyStateError("This PKCS11KeyProvider was closed; open a new one.")
        return self._session

    def _kek(self, kek_id: str) -> Any:
        obj = self._keks.get(kek_id)
        if obj is None:  # made by another process since we looked?
            self._load()
            obj = self._keks.get(kek_id)
        if obj is None:
            raise KeyStateError(f"The key-encryption key {kek_id!r} is not in the PKCS#11 "
                                f"token {self.token_label!r}.")
        return obj

    def primary_kek_id(self) -> str:
        """Id (token label) of the KEK with the highest serial."""
        with self._lock:
            return max(self._serial, key=lambda k: (self._serial[k], k))

    def kek_ids(self) -> list[str]:
        """Every KEK id in the token under this prefix, oldest first."""
        with self._lock:
            return sorted(self._serial, key=lambda k: (self._serial[k], k))

    def rotate_kek(self) -> str:
        """Generate a new AES-256 KEK in the token (non-extractable) and make it primary."""
        A, KT = self._p11.Attribute, self._p11.KeyType
        with self._lock:
            serial = 1 + max(self._serial.values(), default=0)
            kek_id = f"{self._prefix}{serial:06d}-{secrets.token_hex(4)}"
            template = {
                A.TOKEN: True, A.PRIVATE: True, A.SENSITIVE: True, A.EXTRACTABLE: False,
                A.WRAP: True, A.UNWRAP: True, A.ENCRYPT: False, A.DECRYPT: False,
                A.SIGN: False, A.VERIFY: False, A.DERIVE: False,
            }
            try:
                obj = self._live().generate_key(
                    KT.AES, 256, id=serial.to_bytes(8, "big"), label=kek_id, store=True,
                    template=template)
            except self._p11.exceptions.PKCS11Error as exc:
                raise CryptoError(f"The PKCS#11 token could not create a KEK "
                                  f"({type(exc).__name__}).") from None
            self._keks[kek_id] = obj
            self._serial[kek_id] = serial
            return kek_id

    def retire_kek(self, kek_id: str) -> None:
        """Destroy a non-primary KEK in the token (its wrapped keys become unrecoverable)."""
        with self._lock:
            if kek_id == self.primary_kek_id():
                raise KeyStateError(
                    f"The primary key-encryption key {kek_id!r} cannot be retired.")
            obj = self._keks.pop(kek_id, None)
            self._serial.pop(kek_id, None)
            if obj is not None:
                obj.destroy()

    # -- wrap / unwrap in the token ----------------------------------------------
    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        """AES key wrap (in the token) of ``key || SHA-256(associated_data)``."""
        A, OC, KT = self._p11.Attribute, self._p11.ObjectClass, self._p11.KeyType
        value = bytes(key) + hashlib.sha256(associated_data).digest()
        with self._lock:
            kek = self._kek(kek_id)
            try:
                tmp = self._live().create_object({
                    A.CLASS: OC.SECRET_KEY, A.KEY_TYPE: KT.GENERIC_SECRET, A.TOKEN: False,
                    A.VALUE: value, A.SENSITIVE: False, A.EXTRACTABLE: True,
                })
            except self._p11.exceptions.PKCS11Error as exc:
                raise CryptoError(f"The PKCS#11 token refused the data key "
                                  f"({type(exc).__name__}).") from None
            try:
                return bytes(kek.wrap_key(tmp, mechanism=self._mech))
            except self._p11.exceptions.PKCS11Error as exc:
                raise CryptoError(f"Wrapping in the PKCS#11 token failed "
                                  f"({type(exc).__name__}).") from None
            finally:
                tmp.destroy()

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        """Inverse of :meth:`wrap`; ``CryptoError`` when it does not verify."""
        A, OC, KT = self._p11.Attribute, self._p11.ObjectClass, self._p11.KeyType
        with self._lock:
            kek = self._kek(kek_id)
            try:
                tmp = kek.unwrap_key(OC.SECRET_KEY, KT.GENERIC_SECRET, bytes(wrapped),
                                     mechanism=self._mech, store=False,
                                     template={A.SENSITIVE: False, A.EXTRACTABLE: True})
            except self._p11.exceptions.PKCS11Error:
                raise CryptoError("A wrapped data key did not verify under its KEK.") from None
            try:
                value = bytes(tmp[A.VALUE])
            finally:
                tmp.destroy()
        if len(value) <= _DIGEST or not hmac.compare_digest(
                value[-_DIGEST:], hashlib.sha256(associated_data).digest()):
            raise CryptoError("A wrapped data key did not verify under its KEK.")
        return value[:-_DIGEST]

    # -- lifecycle ----------------------------------------------------------------
    def close(self) -> None:
        """Release the token session (closed with the last provider on it; KEKs stay)."""
        shared = getattr(self, "_shared", None)
        if shared is not None:
            self._shared = self._session = None
            _release(shared)

    def __enter__(self) -> PKCS11KeyProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"PKCS11KeyProvider(token={getattr(self, 'token_label', None)!r}, "
                f"mechanism={self.mechanism!r}, keks={len(getattr(self, '_keks', {}))})")

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("A PKCS11KeyProvider holds a logged-in token session and cannot be "
                          "pickled; build one per process.")
