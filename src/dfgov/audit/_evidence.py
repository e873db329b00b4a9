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
signature with a public key the *verifier* trusts (never the copy inside the
bundle), then every listed file's digest, and that no file was added or
removed; it reads a directory or a zip archive.
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

from dfgov.audit import _messages  # noqa: F401  (registers texts)
from dfgov.audit._signing import Signer, Verifier, load_verifier
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.fingerprint import fingerprint_file
from dfgov.i18n import LocalizedText, text

if TYPE_CHECKING:
    from dfgov.audit._log import AuditLog
    from dfgov.policy import Policy
    from dfgov.report import Report

__all__ = ["FORMAT", "EvidenceResult", "save_evidence", "verify_evidence"]

FORMAT = "dfgov-evidence/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _report_json(report: Report) -> bytes:
    try:
        return report.to_json().encode("utf-8")
    except ImportError:  # renderer not installed: the model's own JSON
        return report.model_dump_json(indent=2, by_alias=True).encode("utf-8")


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
    report: Report,
    path: str | Path,
    *,
    signer: Signer,
    policy: Policy | None = None,
    policy_file: str | Path | None = None,
    operator: str | None = None,
    extra_files: Mapping[str, str | Path] | Sequence[str | Path] | None = None,
    algorithm: str = "sha256",
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
    audit_log : AuditLog, optional
        Record the log's head hash in ``provenance.json`` (an anchor for the
        log) and append an ``evidence.saved`` event with the manifest's
        digest, so the bundle and the log vouch for each other.

    Returns
    -------
    Path
        The bundle directory.
    """
    from dfgov._hashing import check_algorithm, digest
    from dfgov.report import environment, now

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
    files: dict[str, bytes | Path] = {"report.json": _report_json(report)}
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
    created = now().isoformat()
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
        for name, content in sorted(files.items()):
            dest = tmp / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, dest)
            else:
                dest.write_bytes(content)
            entries[name] = fingerprint_file(dest, algorithm=algorithm)
        head: dict[str, Any] = {
            "format": FORMAT,
            "algorithm": algorithm,
            "signature_algorithm": signer.algorithm,
            "key_id": signer.key_id,
            "created_at": created,
            "files": entries,
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
                                  "report_status": report.status.value})
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


def _unzip(path: Path, dest: Path) -> list[str]:
    """Extract a zipped bundle safely; return member names that were not extracted."""
    rejected: list[str] = []
    seen: set[str] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                try:
                    name = _safe_name(info.filename, "zip member")
                except InvalidInputError:
                    rejected.append(info.filename)
                    continue
                if name in seen:  # a second member with the same name
                    rejected.append(name)
                    continue
                seen.add(name)
                out = dest / name
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as fh, open(out, "wb") as w:
                    shutil.copyfileobj(fh, w)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputFileError(
            f"The zipped evidence bundle {str(path)!r} cannot be read: "
            f"{exc.__class__.__name__}."
        ) from None
    return rejected


@dataclass(frozen=True)
class EvidenceResult:
    """Outcome of :func:`verify_evidence`.

    ``ok`` is true only when the signature verifies and every file matches
    the manifest, with none missing or added.
    """

    ok: bool
    signature_ok: bool
    files: int
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    key_id: str | None = None
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


def _read_signature(path: Path) -> bytes:
    """The signature bytes, or b"" unless the file is exactly canonical base64 + newline."""
    if not path.is_file():
        return b""
    content = path.read_bytes()
    try:
        sig = base64.b64decode(content.removesuffix(b"\n"), validate=True)
    except (binascii.Error, ValueError):
        return b""
    return sig if base64.b64encode(sig) + b"\n" == content else b""


def verify_evidence(path: str | Path, public_key: bytes | str | Path | Verifier
                    ) -> EvidenceResult:
    """Verify an evidence bundle written by :func:`save_evidence`.

    Parameters
    ----------
    path : path
        The bundle directory, or a zip archive of it.
    public_key : PEM bytes, path to a PEM file, or Verifier
        The key the verifier trusts (not the copy inside the bundle).

    Raises
    ------
    InputFileError
        ``path`` is not a directory or zip archive holding a manifest or a
        signature, or the archive cannot be read.
    """
    root = Path(path)
    verifier = load_verifier(public_key)
    if root.is_file() and zipfile.is_zipfile(root):
        with tempfile.TemporaryDirectory(prefix="dfgov-evidence-") as tmp:
            rejected = _unzip(root, Path(tmp))
            return _verify_dir(Path(tmp), verifier, rejected, where=root)
    if not root.is_dir():
        raise InputFileError(
            f"The evidence bundle {str(root)!r} is not a directory or a zip file."
        )
    return _verify_dir(root, verifier, [], where=root)


def _verify_dir(root: Path, verifier: Verifier, rejected: list[str], *, where: Path
                ) -> EvidenceResult:
    from dfgov._hashing import check_algorithm

    mpath, spath = root / MANIFEST, root / SIGNATURE
    if not mpath.is_file() and not spath.is_file():
        raise InputFileError(
            f"{str(where)!r} is not an evidence bundle (no {MANIFEST} or {SIGNATURE})."
        )
    messages: list[LocalizedText] = []
    mismatch: LocalizedText | None = None
    raw = mpath.read_bytes() if mpath.is_file() else b""
    signature = _read_signature(spath)
    signature_ok = bool(raw) and bool(signature) and verifier.verify(raw, signature)
    manifest: dict[str, Any] = {}
    entries: dict[str, str] = {}
    try:
        manifest = json.loads(raw)
        if manifest.get("format") != FORMAT:
            raise ValueError("format")
        algorithm = check_algorithm(str(manifest.get("algorithm")))
        if manifest.get("signature_algorithm") != verifier.algorithm:
            signature_ok = False
            mismatch = text("evidence.algorithm", signed=str(manifest.get(
                "signature_algorithm")), given=verifier.algorithm)
        elif not signature_ok and isinstance(given_id := getattr(verifier, "signer_id", None),
                                             bytes) \
                and manifest.get("signer_id_hex") not in (None, given_id.hex()):
            mismatch = text("evidence.signer_id", signed=str(manifest["signer_id_hex"]),
                            given=given_id.hex())
        entries = {_safe_name(str(k), "manifest entry"): str(v)
                   for k, v in dict(manifest["files"]).items()}
    except (ValueError, KeyError, TypeError, AttributeError, InvalidInputError):
        messages.append(text("evidence.manifest"))
        algorithm = "sha256"
    if not signature_ok:
        messages.insert(0, mismatch or text("evidence.signature"))
    present = _listing(root) - {MANIFEST, SIGNATURE}
    changed, missing = [], []
    for name, expected in sorted(entries.items()):
        if name not in present:
            missing.append(name)
            messages.append(text("evidence.missing", path=name))
        elif fingerprint_file(root / name, algorithm=algorithm) != expected:
            changed.append(name)
            messages.append(text("evidence.changed", path=name))
    added = sorted((present - set(entries)) | set(rejected))
    messages.extend(text("evidence.added", path=name) for name in added)
    ok = signature_ok and not messages
    return EvidenceResult(
        ok=ok, signature_ok=signature_ok, files=len(entries), changed=tuple(changed),
        missing=tuple(missing), added=tuple(added), key_id=manifest.get("key_id")
        if isinstance(manifest, dict) else None, manifest=manifest if ok else {},
        signature_algorithm=manifest.get("signature_algorithm")
        if isinstance(manifest, dict) else None,
        messages=(text("evidence.ok", files=len(entries)),) if ok else tuple(messages),
    )
