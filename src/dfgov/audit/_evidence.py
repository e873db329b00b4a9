"""Signed evidence bundles: a directory an auditor can verify years later.

Layout (format ``dfgov-evidence/1``)::

    bundle/
      report.json        the report (stable JSON schema)
      policy.toml        the policy file as given (or policy.json), when there is one
      fingerprints.json  model, data and policy digests (+ the policy file's digest)
      environment.json   Python, platform, dfgov and dependency versions
      provenance.json    operator, bundle time, report start/end, status, exit code
      files/...          extra files, copied byte for byte
      public_key.pem     the signer's public key (for information only)
      manifest.json      format, digest algorithm, signature algorithm, key id (and the
                         SM2 signer ID, hex), and a digest of every file above
      manifest.sig       signature of manifest.json's exact bytes (base64 text)

A path ending in ``.zip`` gets the same files as a reproducible zip archive
(sorted members, the bundle's time as their date). Verification checks the
signature over the manifest with a public key the *verifier* trusts (never
the copy inside the bundle) **before reading any other member**, then every
listed file's digest and size, and that no file was added or removed; it
reads a directory or a zip archive, regular files only, within caps on the
number of members and the bytes read (:mod:`._bundle`). A bundle without a
signature is reported as unsigned, never as verified.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from dfgov._validate import renamed_arg
from dfgov.audit import _messages  # noqa: F401  (registers texts)
from dfgov.audit._bundle import (
    MAX_FILES,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
    Source,
    TooLarge,
    open_source,
    safe_member_name,
)
from dfgov.audit._signing import Signer, Verifier, load_verifier
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.fingerprint import fingerprint_file
from dfgov.i18n import LocalizedText, text

if TYPE_CHECKING:
    from dfgov._report_model import ReportModel
    from dfgov.audit._log import AuditLog
    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = ["FORMAT", "EvidenceResult", "save_evidence", "verify_evidence"]

FORMAT = "dfgov-evidence/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _safe_name(name: str, what: str) -> str:
    p = PurePosixPath(name)
    if not name or p.is_absolute() or any(part in ("", ".", "..") for part in p.parts) \
            or "\\" in name:
        raise InvalidInputError(
            f"The {what} name must be a relative path without '..'. Got {name!r}."
        )
    return p.as_posix()


def _extra(extra_files: Mapping[str, str | Path] | Sequence[str | Path] | None
           ) -> dict[str, Path]:
    if extra_files is None:
        return {}
    if isinstance(extra_files, Mapping):
        items = [(str(k), Path(v)) for k, v in extra_files.items()]
    else:
        items = [(Path(v).name, Path(v)) for v in extra_files]
    out: dict[str, Path] = {}
    for name, src in items:
        key = "files/" + _safe_name(name, "'extra_files'")
        if key in out:
            raise InvalidInputError(f"Two 'extra_files' share the name {name!r}.")
        if not src.is_file():
            raise InputFileError(f"The extra file {str(src)!r} does not exist or is not a file.")
        out[key] = src
    return out


def save_evidence(
    report: ReportModel,
    path: str | Path,
    *,
    signer: Signer,
    policy: Policy | None = None,
    policy_file: str | Path | None = None,
    operator: str | None = None,
    extra_files: Mapping[str, str | Path] | Sequence[str | Path] | None = None,
    algorithm: str = "sha256",
    audit: AuditLog | None = None,
    clock: Clock | None = None,
    audit_log: AuditLog | None = None,
) -> Path:
    """Write a signed evidence bundle (a directory) for ``report``.

    Parameters
    ----------
    report : Report
    path : path
        The bundle directory to create, or a ``.zip`` file; it must not exist
        yet. It appears complete or not at all (written beside it, then
        renamed).
    signer : Signer
        Signs the manifest (e.g. :class:`Ed25519Signer`, :class:`SM2Signer`, an
        HSM adapter). The manifest records its algorithm.
    policy : Policy, optional
        Written as ``policy.toml`` when no ``policy_file`` is given.
    policy_file : path, optional
        The policy file as the bank keeps it, copied byte for byte.
    operator : str, optional
        Who ran the assessment (JR/T 0221-2021 §6.4: operator and timestamps).
    extra_files : sequence of paths or mapping name -> path, optional
        More evidence (model card, data dictionary), copied under ``files/``.
    algorithm : {"sha256", "sm3"}
        Digest of the manifest entries.
    audit : AuditLog, optional
        Record the log's head hash in ``provenance.json`` (an anchor for the
        log) and append an ``evidence.saved`` event with the manifest's
        digest, so the bundle and the log vouch for each other.
    clock : Clock, optional
        Where the bundle's ``created`` time is read (default
        :data:`dfgov.clock.SYSTEM_CLOCK`); a fixed clock gives the same bytes twice.

    Returns
    -------
    Path
        The bundle directory.
    """
    audit_log = renamed_arg(audit, audit_log, caller="save_evidence", new="audit",
                            old="audit_log")
    from dfgov._env import environment
    from dfgov._hashing import check_algorithm, digest
    from dfgov.clock import now

    check_algorithm(algorithm)
    if not isinstance(signer, Signer):
        raise InvalidInputError(
            "The 'signer' argument of save_evidence must implement dfgov.audit.Signer "
            "(algorithm, key_id, sign(), public_key_pem())."
        )
    target = Path(path)
    if target.exists():
        raise InputFileError(f"The evidence bundle {str(target)!r} already exists.")
    extras = _extra(extra_files)
    files: dict[str, bytes | Path] = {"report.json": report.to_json().encode("utf-8")}
    fingerprints = dict(report.fingerprints)
    if policy_file is not None:
        pf = Path(policy_file)
        if not pf.is_file():
            raise InputFileError(f"The policy file {str(pf)!r} does not exist.")
        name = "policy" + (pf.suffix.lower() if pf.suffix.lower() in (".toml", ".json") else "")
        files[name] = pf
        fingerprints["policy_file"] = fingerprint_file(pf, algorithm=algorithm)
    elif policy is not None:
        files["policy.toml"] = policy.dumps("toml").encode("utf-8")
    if policy is not None:
        fingerprints.setdefault("policy", policy.hash)
    created = now(clock).isoformat()
    files["fingerprints.json"] = _dump(fingerprints)
    files["environment.json"] = _dump({"report": report.environment, "bundle": environment()})
    files["provenance.json"] = _dump({
        "operator": operator,
        "created_at": created,
        "report_started_at": report.started_at.isoformat(),
        "report_finished_at": report.finished_at.isoformat(),
        "report_status": report.status.value,
        "exit_code": report.exit_code,
        "policy_hash": report.policy_hash,
        "policy_name": report.policy_name,
        "audit_log_head": audit_log.head() if audit_log is not None else None,
    })
    files["public_key.pem"] = signer.public_key_pem()
    files.update(extras)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        entries: dict[str, str] = {}
        sizes: dict[str, int] = {}
        for name, content in sorted(files.items()):
            dest = tmp / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, dest)
            else:
                dest.write_bytes(content)
            entries[name] = fingerprint_file(dest, algorithm=algorithm)
            sizes[name] = dest.stat().st_size
        head: dict[str, Any] = {
            "format": FORMAT,
            "algorithm": algorithm,
            "signature_algorithm": signer.algorithm,
            "key_id": signer.key_id,
            "created_at": created,
            "files": entries,
            "sizes": sizes,
        }
        signer_id = getattr(signer, "signer_id", None)
        if isinstance(signer_id, bytes):  # SM2: the ID hashed into Z (openssl hexdistid:)
            head["signer_id_hex"] = signer_id.hex()
        manifest = _dump(head)
        (tmp / MANIFEST).write_bytes(manifest)
        signature = signer.sign(manifest)
        (tmp / SIGNATURE).write_text(base64.b64encode(signature).decode() + "\n")
        if target.suffix.lower() == ".zip":
            _zip_dir(tmp, target, created)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if audit_log is not None:
        audit_log.append(action="evidence.saved", actor=operator, subject=str(target),
                         payload={"manifest_digest": digest(manifest, algorithm),
                                  "algorithm": algorithm, "key_id": signer.key_id,
                                  "report_status": report.status.value,
                                  # the report's own (possibly pinned) time; the event's
                                  # time is always the wall clock
                                  "report_time": report.finished_at.isoformat(),
                                  "bundle_time": created})
    return target


def _zip_dir(src: Path, target: Path, created: str) -> None:
    """Zip ``src`` into ``target`` reproducibly (sorted names, the bundle's time)."""
    from datetime import datetime

    stamp = datetime.fromisoformat(created)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second)
    part = target.with_name(f".{target.name}.part")
    try:
        with zipfile.ZipFile(part, "w") as zf:
            for name in sorted(_listing(src)):
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, (src / name).read_bytes())
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


@dataclass(frozen=True)
class EvidenceResult:
    """Outcome of :func:`verify_evidence`.

    ``ok`` is true only when the bundle is signed, the signature verifies
    with the trusted key and every file matches the manifest, with none
    missing or added. ``unsigned`` is true when the bundle has no signature
    at all: nothing then proves who wrote it or that it is unchanged. When
    the signature does not verify, no member is read, so ``changed``,
    ``missing`` and ``added`` stay empty and ``files`` is 0.
    """

    ok: bool
    signature_ok: bool
    files: int
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    key_id: str | None = None
    unsigned: bool = False
    manifest: dict[str, Any] = field(default_factory=dict, repr=False)
    signature_algorithm: str | None = None
    messages: tuple[LocalizedText, ...] = field(default=(), repr=False)

    @property
    def problems(self) -> list[str]:
        """English description of each problem (empty when ok)."""
        return [] if self.ok else [m.en for m in self.messages]

    def __bool__(self) -> bool:
        return self.ok


def _listing(root: Path) -> set[str]:
    out = set()
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            out.add((Path(dirpath) / n).relative_to(root).as_posix())
    return out


def _signature(content: bytes | None) -> bytes:
    """The signature bytes, or b"" unless ``content`` is exactly canonical base64 + newline."""
    if not content:
        return b""
    try:
        sig = base64.b64decode(content.removesuffix(b"\n"), validate=True)
    except (binascii.Error, ValueError):
        return b""
    return sig if base64.b64encode(sig) + b"\n" == content else b""


def _key_inside(public_key: object, root: Path) -> bool:
    """Whether a key given as a path lies inside the bundle directory ``root``."""
    if not isinstance(public_key, (str, Path)) or not root.is_dir():
        return False
    try:
        key = Path(public_key).resolve()
        return key.is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def verify_evidence(
    path: str | Path,
    public_key: bytes | str | Path | Verifier,
    *,
    max_files: int = MAX_FILES,
    max_bytes: int = MAX_TOTAL_BYTES,
) -> EvidenceResult:
    """Verify an evidence bundle written by :func:`save_evidence`.

    The signature over ``manifest.json`` is checked first, with the key the
    caller trusts; no other member is opened unless it verifies. Then each
    listed file is hashed, reading at most the size the signed manifest
    states, and the bundle must hold exactly the listed files. Only regular
    files are read: a link, FIFO or device member is reported, never opened.

    Parameters
    ----------
    path : path
        The bundle directory, or a zip archive of it.
    public_key : PEM bytes, path to a PEM file, or Verifier
        The key the verifier trusts — never the copy inside the bundle (a
        key file inside the bundle directory is refused).
    max_files : int
        At most this many members (files, directories, anything else) are
        listed; a bundle with more does not verify, and nothing in it is read.
    max_bytes : int
        At most this many bytes are read from members whose size the manifest
        does not state (bundles written by dfgov before sizes were recorded).

    Returns
    -------
    EvidenceResult
        ``ok`` only when the bundle is signed, the signature verifies and
        every file matches; ``unsigned`` when it has no signature at all.

    Raises
    ------
    InputFileError
        ``path`` is not a directory or zip archive holding a manifest or a
        signature, or the archive cannot be read.
    InvalidInputError
        ``public_key`` is a file inside the bundle, or a limit is not a positive int.
    """
    root = Path(path)
    for name, value in (("max_files", max_files), ("max_bytes", max_bytes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(
                f"The {name!r} argument of verify_evidence must be a positive int."
            )
    if _key_inside(public_key, root):
        raise InvalidInputError(
            "The 'public_key' of verify_evidence lies inside the bundle: verification needs "
            "a key you trust, kept apart from what it verifies."
        )
    verifier = load_verifier(public_key)
    source = open_source(root, max_files)
    try:
        return _verify(source, verifier, where=root, max_files=max_files, max_bytes=max_bytes)
    finally:
        source.close()


def _fail(messages: list[LocalizedText], *, signature_ok: bool = False,
          unsigned: bool = False) -> EvidenceResult:
    return EvidenceResult(ok=False, signature_ok=signature_ok, files=0, unsigned=unsigned,
                          messages=tuple(messages))


def _signature_problem(raw: bytes, verifier: Verifier) -> LocalizedText:
    """Why the signature failed, as precisely as the (unverified) manifest lets us say.

    The manifest's claimed signature algorithm and SM2 signer ID are only
    read to name a mismatch with the trusted key; nothing else of an
    unverified manifest is used.
    """
    try:
        claimed = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        claimed = None
    if isinstance(claimed, dict):
        signed = claimed.get("signature_algorithm")
        if isinstance(signed, str) and signed != verifier.algorithm:
            return text("evidence.algorithm", signed=signed[:40], given=verifier.algorithm)
        given_id = getattr(verifier, "signer_id", None)
        signed_id = claimed.get("signer_id_hex")
        if isinstance(given_id, bytes) and isinstance(signed_id, str) \
                and signed_id != given_id.hex():
            return text("evidence.signer_id", signed=signed_id[:200], given=given_id.hex())
    return text("evidence.signature")


def _parse_manifest(raw: bytes) -> tuple[dict[str, Any], dict[str, str], dict[str, int] | None,
                                         str]:
    from dfgov._hashing import check_algorithm

    manifest = json.loads(raw)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError("format")
    algorithm = check_algorithm(str(manifest.get("algorithm")))
    entries: dict[str, str] = {}
    for k, v in dict(manifest["files"]).items():
        name = safe_member_name(str(k))
        if name is None or name in (MANIFEST, SIGNATURE) or not isinstance(v, str):
            raise ValueError("entry")
        entries[name] = v
    sizes: dict[str, int] | None = None
    if "sizes" in manifest:
        sizes = {}
        for k, n in dict(manifest["sizes"]).items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError("size")
            sizes[str(k)] = n
        if set(sizes) != set(entries):
            raise ValueError("sizes")
    return manifest, entries, sizes, algorithm


def _verify(source: Source, verifier: Verifier, *, where: Path, max_files: int,
            max_bytes: int) -> EvidenceResult:
    if source.truncated:  # more members than the cap: refused before anything is read
        return _fail([text("evidence.too_many", limit=max_files)])
    listed = source.names | set(source.rejected)
    has_manifest, has_signature = MANIFEST in listed, SIGNATURE in listed
    if not has_manifest and not has_signature:
        raise InputFileError(
            f"{str(where)!r} is not an evidence bundle (no {MANIFEST} or {SIGNATURE})."
        )
    if not has_signature:
        return _fail([text("evidence.unsigned")], unsigned=True)
    raw = source.read_small(MANIFEST, MAX_MANIFEST_BYTES) or b""
    signature = _signature(source.read_small(SIGNATURE, MAX_SIGNATURE_BYTES))
    # The signature is checked before any other member is opened.
    if not (raw and signature and verifier.verify(raw, signature)):
        return _fail([_signature_problem(raw, verifier)])
    try:
        manifest, entries, sizes, algorithm = _parse_manifest(raw)
    except (ValueError, KeyError, TypeError, AttributeError, InvalidInputError):
        return _fail([text("evidence.manifest")], signature_ok=True)
    if manifest.get("signature_algorithm") != verifier.algorithm:
        return _fail([_signature_problem(raw, verifier)])
    messages: list[LocalizedText] = []
    present = set(source.names) - {MANIFEST, SIGNATURE}
    rejected = set(source.rejected)
    changed, missing = [], []
    budget = max_bytes
    for name, expected in sorted(entries.items()):
        if name in rejected:
            changed.append(name)
            messages.append(text("evidence.not_regular", path=name))
            continue
        if name not in present:
            missing.append(name)
            messages.append(text("evidence.missing", path=name))
            continue
        limit = sizes[name] if sizes is not None else budget
        try:
            hx, n = source.digest(name, algorithm, limit)
        except TooLarge:
            changed.append(name)
            messages.append(text("evidence.limit", path=name, limit=limit))
            continue
        if sizes is None:
            budget -= n
        if hx != expected or (sizes is not None and n != sizes[name]):
            changed.append(name)
            messages.append(text("evidence.changed", path=name))
    added = sorted((present - set(entries)) | (rejected - set(entries)))
    messages.extend(text("evidence.added", path=name) for name in added)
    ok = not messages
    return EvidenceResult(
        ok=ok, signature_ok=True, files=len(entries), changed=tuple(changed),
        missing=tuple(missing), added=tuple(added), key_id=str(manifest.get("key_id")),
        manifest=manifest if ok else {},
        signature_algorithm=str(manifest.get("signature_algorithm")),
        messages=(text("evidence.ok", files=len(entries)),) if ok else tuple(messages),
    )
