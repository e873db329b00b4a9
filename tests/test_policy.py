from __future__ import annotations

import json
import random
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from dfgov.errors import InputFileError, PolicyError
from dfgov.policy import Policy, PolicyMeta, PolicySection, register_section, registered_sections


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    metric: str
    threshold: float = Field(ge=0, le=1)


@register_section
class _DemoSection(PolicySection):
    """A section used only by these tests."""

    section_name: ClassVar[str] = "zz_demo"
    threshold: float = Field(0.1, ge=0, le=1, description="Largest allowed gap.")
    groups: list[str] = Field(default_factory=list)
    rules: list[_Rule] = Field(default_factory=list)


def test_defaults_without_a_file() -> None:
    p = Policy.default()
    assert p.section(_DemoSection).threshold == 0.1
    assert p.meta == PolicyMeta()


@given(
    threshold=st.floats(0, 1),
    groups=st.lists(st.text("abc", min_size=1, max_size=3), max_size=3),
    name=st.text("xyz-", min_size=1, max_size=8),
    seed=st.integers(0, 10**6),
)
def test_hash_independent_of_order_whitespace_comments(
    threshold: float, groups: list[str], name: str, seed: int
) -> None:
    lines_demo = [f"threshold = {threshold!r}", f"groups = {json.dumps(groups)}"]
    lines_meta = [f'name = "{name}"']
    rng = random.Random(seed)
    rng.shuffle(lines_demo)
    a = "[zz_demo]\n" + "\n".join(lines_demo) + "\n[policy]\n" + "\n".join(lines_meta) + "\n"
    b = ("# a comment\n[policy]\n  " + "\n".join(lines_meta) + "   # trailing\n\n\n[zz_demo]\n"
         + "\n".join(reversed(lines_demo)) + "\n")
    pa, pb = Policy.loads(a), Policy.loads(b)
    assert pa.hash == pb.hash
    # JSON form of the same content hashes the same too
    assert Policy.loads(pa.dumps("json"), format="json").hash == pa.hash
    # TOML dump round-trips
    assert Policy.loads(pa.dumps()).hash == pa.hash


def test_hash_same_for_explicit_default_and_changes_with_content() -> None:
    assert Policy.loads("[zz_demo]\nthreshold = 0.1\n").hash == Policy.default().hash
    assert Policy.loads("[zz_demo]\nthreshold = 0.2\n").hash != Policy.default().hash


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ("[zz_demo]\nthreshhold = 0.1\n", "zz_demo.threshhold", 2),
        ("[zz_demo]\nthreshold = 1.5\n", "zz_demo.threshold", 2),
        ('[zz_demo]\nthreshold = "high"\n', "zz_demo.threshold", 2),
        ("[nonsense]\nx = 1\n", "nonsense", 1),
        ("[zz_demo]\n\n[[zz_demo.rules]]\nmetric = 'dp'\nthreshold = 7\n",
         "zz_demo.rules[0].threshold", 5),
        ("[zz_demo]\n[[zz_demo.rules]]\nmetric = 'dp'\nbogus = 1\n", "zz_demo.rules[0].bogus", 4),
    ],
)
def test_errors_name_the_key_path_and_line(text: str, path: str, line: int) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.loads(text)
    assert info.value.path == path
    assert info.value.line == line
    assert path in str(info.value)
    assert isinstance(info.value, ValueError)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not valid TOML"):
        Policy.loads("[zz_demo\n")
    with pytest.raises(InputFileError):
        Policy.load(tmp_path / "absent.toml")


def test_load_dump_files(tmp_path: Path) -> None:
    p = Policy.loads(
        '[policy]\nname = "retail"\n[zz_demo]\nrules = [{metric="dp", threshold=0.2}]\n'
    )
    for name in ("p.toml", "p.json"):
        p.dump(tmp_path / name)
        q = Policy.load(tmp_path / name)
        assert q.hash == p.hash
        assert q.section(_DemoSection).rules[0].threshold == 0.2


def test_template_is_valid_and_commented() -> None:
    text = Policy.template()
    assert "# Largest allowed gap." in text
    assert Policy.loads(text).hash == Policy.default().hash


def test_json_schema_covers_sections() -> None:
    schema = Policy.json_schema()
    assert schema["additionalProperties"] is False
    assert set(registered_sections()) <= set(schema["properties"])
    assert "fairness" in schema["properties"]  # registered through the entry point


def test_section_names_validated() -> None:
    class Bad(PolicySection):
        section_name: ClassVar[str] = "Bad Name"

    with pytest.raises(PolicyError):
        register_section(Bad)
