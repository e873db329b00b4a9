"""``dfgov evidence``: verify signed evidence bundles; make signing keys."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from dfgov.cli._output import env_option
from dfgov.cli._terminal import safe_json, safe_text

__all__ = ["register"]

_POLICY = env_option("--policy", "Policy file whose signature_algorithm chooses the algorithm.")


def register(app: typer.Typer) -> None:
    """Add the ``evidence`` group to ``app``."""
    group = typer.Typer(help="Signed evidence bundles: verify them, make signing keys.",
                        no_args_is_help=True)

    @group.command("verify")
    def verify(
        bundle: Path = typer.Argument(..., help="Evidence bundle: a directory or a .zip file."),
        public_key: Path = typer.Option(
            ..., "--public-key", envvar="DFGOV_EVIDENCE_PUBLIC_KEY",
            help="PEM public key you trust (not the copy inside the bundle)."),
        algorithm: str | None = typer.Option(
            None, "--algorithm", show_default=False,
            help="Require this signature algorithm (ed25519 or sm2): the key and the bundle "
                 "must both use it. Default: the algorithm of --public-key."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the messages: en or zh-CN."),
    ) -> None:
        """Verify a bundle. Exit 0 intact, 1 unsigned, changed or bad signature, 2 unreadable.

        The signature is checked with the key you trust, before anything else in
        the bundle is read. An unsigned bundle never verifies (``UNSIGNED``, exit 1).
        """
        from dfgov.audit import load_verifier, verify_evidence
        from dfgov.i18n import check_lang

        check_lang(lang)
        _require_algorithm(algorithm, load_verifier(public_key).algorithm, "--public-key")
        result = verify_evidence(bundle, public_key)  # the path: a key inside the bundle is refused
        messages = [m.get(lang) for m in result.messages]
        status = "ok" if result.ok else "UNSIGNED" if result.unsigned else \
            "BAD-SIGNATURE" if not result.signature_ok else "CHANGED"
        if as_json:
            typer.echo(safe_json({
                "schema_version": "1.0", "ok": result.ok, "status": status.lower(),
                "signed": not result.unsigned, "signature_ok": result.signature_ok,
                "files": result.files, "changed": list(result.changed),
                "missing": list(result.missing), "added": list(result.added),
                "key_id": result.key_id, "signature_algorithm": result.signature_algorithm,
                "messages": messages,
            }, indent=2))
        else:
            typer.echo(safe_text(f"{status}  files={result.files}  "
                                 f"key_id={result.key_id or '-'}  "
                                 f"algorithm={result.signature_algorithm or '-'}"))
        for m in messages:
            typer.echo(safe_text(m), err=True)
        raise typer.Exit(0 if result.ok else 1)

    @group.command("keygen")
    def keygen(
        private_key: Path = typer.Argument(..., help="Where to write the private key (PEM)."),
        public_key: Path = typer.Option(
            ..., "--public-key", help="Where to write the public key (PEM)."),
        passphrase_env: str = typer.Option(
            "DFGOV_SIGNING_PASSPHRASE", "--passphrase-env",
            help="Environment variable holding the passphrase that encrypts the private key."),
        unencrypted: bool = typer.Option(
            False, "--unencrypted", help="Write the private key without encryption."),
        force: bool = typer.Option(
            False, "--force", help="Replace existing files (never through a symbolic link)."),
        algorithm: str | None = typer.Option(
            None, "--algorithm", show_default=False,
            help="Signature algorithm: ed25519 or sm2 (SM2 with SM3, GB/T 32918.2). "
                 "Default: the policy's [data_security.crypto] signature_algorithm, else "
                 "ed25519."),
        policy: Path | None = _POLICY,
    ) -> None:
        """Generate a signing key pair, Ed25519 or SM2 (private key mode 0600, always)."""
        from dfgov.audit import generate_signer
        from dfgov.errors import InputFileError, InvalidInputError

        for p in (private_key, public_key):
            if p.is_symlink():
                raise InputFileError(
                    f"{str(p)!r} is a symbolic link; refusing to write a key through it.")
            if p.exists() and not force:
                raise InputFileError(f"{str(p)!r} exists; pass --force to overwrite it.")
        secret = os.environ.get(passphrase_env)
        if not secret and not unencrypted:
            raise InvalidInputError(
                f"Set the environment variable {passphrase_env} to a passphrase, "
                "or pass --unencrypted."
            )
        chosen = _choose_algorithm(algorithm, policy)
        signer = generate_signer(chosen)
        signer.save(private_key, passphrase=secret.encode() if secret else None,
                    unencrypted=unencrypted and not secret)
        signer.save_public_key(public_key)
        typer.echo(f"key_id={signer.key_id}  algorithm={signer.algorithm}")
        typer.echo(f"wrote {private_key} and {public_key}", err=True)

    from dfgov.cli._anchor import register_anchor

    register_anchor(group)
    app.add_typer(group, name="evidence")


def policy_signature_algorithm(policy: Path | None) -> str | None:
    """The ``[data_security.crypto] signature_algorithm`` of a policy file (None: no file)."""
    if policy is None:
        return None
    from dfgov.data_protection import DataSecurityPolicy
    from dfgov.policy import Policy

    return str(Policy.load(policy).section(DataSecurityPolicy).crypto.signature_algorithm)


def _choose_algorithm(algorithm: str | None, policy: Path | None) -> str:
    from dfgov.audit import signature_algorithm

    from_policy = policy_signature_algorithm(policy)
    if algorithm is None:
        return from_policy or "ed25519"
    chosen = signature_algorithm(algorithm)
    _require_algorithm(from_policy, chosen, "--algorithm")
    return chosen


def _require_algorithm(required: str | None, actual: str, what: str) -> None:
    """Bad usage (exit 2) when ``actual`` is not the ``required`` signature algorithm."""
    from dfgov.audit import signature_algorithm
    from dfgov.errors import InvalidInputError

    if required is not None and signature_algorithm(required) != actual:
        raise InvalidInputError(
            f"{what} is {actual}, but {signature_algorithm(required)} is required "
            "(--algorithm or the policy's [data_security.crypto] signature_algorithm)."
        )
