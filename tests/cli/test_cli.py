"""The dfgov command through a subprocess: exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DFGOV = [str(Path(sys.executable).with_name("dfgov"))]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    return subprocess.run([*DFGOV, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def test_version_and_help() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("dfgov ")
    r = run("--help")
    assert r.returncode == 0 and "policy" in r.stdout


def test_policy_init_validate_schema(tmp_path: Path) -> None:
    target = tmp_path / "policy.toml"
    assert run("policy", "init", str(target)).returncode == 0
    assert "#" in target.read_text()
    r = run("policy", "validate", str(target))
    assert r.returncode == 0 and "sha256:" in r.stdout
    assert run("policy", "init", str(target)).returncode == 2  # exists
    r = run("policy", "schema")
    assert r.returncode == 0 and json.loads(r.stdout)["additionalProperties"] is False


def test_policy_init_asks_for_the_favourable_label(tmp_path: Path) -> None:
    target = tmp_path / "policy.toml"
    assert run("policy", "init", str(target)).returncode == 0
    text = target.read_text()
    section = text[text.index("[model_risk]"):]
    assert "# favourable_label = 0" in section and "REQUIRED" in section
    assert '# score_direction = "higher_is_unfavourable"' in section
    # stated as the comment suggests, the policy validates
    stated = text.replace("# favourable_label = 0", "favourable_label = 0")
    (tmp_path / "stated.toml").write_text(stated)
    assert run("policy", "validate", str(tmp_path / "stated.toml")).returncode == 0
    # the demo policy states it
    from importlib import resources

    from dfgov.model_risk import DecisionVocabulary
    from dfgov.policy import Policy

    demo = Policy.loads(resources.files("dfgov.datasets").joinpath(
        "german_credit_policy.toml").read_text(encoding="utf-8"))
    voc = DecisionVocabulary.from_policy(demo)
    assert (voc.favourable_label, voc.score_direction) == (0, "higher_is_unfavourable")


def test_bad_policy_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[policy]\nnmae = 'x'\n")
    r = run("policy", "validate", str(bad))
    assert r.returncode == 2
    assert "policy.nmae" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_usage_error_exit_2() -> None:
    r = run("no-such-command")
    assert r.returncode == 2
    r = run("policy", "validate", "/nonexistent/policy.toml")
    assert r.returncode == 2 and "Traceback" not in r.stderr
