"""Policy-as-code: one TOML or JSON file, a validated section per area.

Each area defines a :class:`PolicySection` subclass with a ``section_name``
and registers it — in-process with :func:`register_section`, and for files
through the ``dfgov.policy_sections`` entry-point group, so a new area (or a
bank's own plug-in) adds a section without editing this module. Unknown keys
are errors at every level and name their dotted path (and the file line where
it can be found).

Examples
--------
>>> from dfgov import Policy
>>> p = Policy.loads('[policy]\\nname = "retail-credit"\\n')
>>> p.meta.name
'retail-credit'
>>> len(p.hash)
64
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dfgov._hashing import digest
from dfgov._input_errors import first_field_error
from dfgov._toml import dumps as toml_dumps
from dfgov.errors import InputFileError, InvalidInputError, PolicyError

__all__ = [
    "Policy",
    "PolicyMeta",
    "PolicySection",
    "register_section",
    "registered_sections",
    "resolve_section",
]

ENTRY_POINT_GROUP = "dfgov.policy_sections"

S = TypeVar("S", bound="PolicySection")


class PolicySection(BaseModel):
    """Base of every policy section: unknown keys forbidden, immutable.

    Subclasses set the class variable ``section_name`` (the TOML table name)
    and document each field with ``Field(description=...)``; the descriptions
    become the comments of ``dfgov policy init``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True,
                              allow_inf_nan=False)

    section_name: ClassVar[str] = ""
    #: Names this section had before (a policy still using one gets an error naming
    #: the new name, never a silent default).
    former_names: ClassVar[tuple[str, ...]] = ()
    #: Keys that moved to another section: old key -> what to write instead. A policy
    #: still setting one fails validation with that text.
    moved_keys: ClassVar[Mapping[str, str]] = {}


#: Deepest nesting of tables and arrays a policy may have (dfgov's own need 4).
MAX_DEPTH = 32


def _check_data(data: Any, where: str, text: str | None) -> None:
    """Raise :class:`PolicyError` naming the path of a value nested deeper than
    :data:`MAX_DEPTH` or of a float that is not finite (``inf``, ``nan``)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            line = _find_line(text, path)
            at = f" (line {line})" if line else ""
            raise PolicyError(
                f"Policy key '{path}'{where}{at} must be a finite number (not inf or nan).",
                path=path, line=line,
            )
        if isinstance(value, (Mapping, list)):
            if depth >= MAX_DEPTH:
                raise PolicyError(
                    f"Policy key '{path}'{where} is nested more than {MAX_DEPTH} levels deep.",
                    path=path,
                )
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            for k, v in items:
                sub = f"{path}[{k}]" if isinstance(k, int) else (f"{path}.{k}" if path else k)
                stack.append((v, str(sub), depth + 1))


_SECTIONS: dict[str, type[PolicySection]] = {}
_DISCOVERED = False


def register_section(cls: type[S]) -> type[S]:
    """Register a section class under its ``section_name`` (usable as a decorator)."""
    name = cls.section_name
    if not name or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise PolicyError(
            f"{cls.__name__}.section_name must be a lower-case identifier. Got {name!r}."
        )
    existing = _SECTIONS.get(name)
    if existing is not None and existing is not cls and (
        existing.__module__, existing.__qualname__
    ) != (cls.__module__, cls.__qualname__):
        raise PolicyError(f"Policy section [{name}] is already registered by {existing!r}.")
    _SECTIONS[name] = cls
    return cls


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in _SECTIONS:
            continue
        cls = ep.load()
        if isinstance(cls, type) and issubclass(cls, PolicySection):
            register_section(cls)


def registered_sections() -> dict[str, type[PolicySection]]:
    """All known sections, by name (entry points loaded on first call)."""
    _discover()
    return dict(sorted(_SECTIONS.items()))


class PolicyMeta(PolicySection):
    """The ``[policy]`` table: what this policy is and how errors count."""

    section_name: ClassVar[str] = "policy"

    name: str = "default"
    version: str = "1"
    description: str = ""
    errors_fail: bool = True
    """Whether a control that ends in ``error`` makes the gate fail (exit 1)."""


register_section(PolicyMeta)


def _renamed(name: str, table: Any, known: Mapping[str, type[PolicySection]]) -> str:
    """The error text for a section that was renamed, or "" when ``name`` never existed."""
    for new, cls in known.items():
        if name in cls.former_names:
            text = f"was renamed [{new}]: move its keys there."
            keys = [str(k) for k in table] if isinstance(table, Mapping) else []
            moved = [f"'{k}': {cls.moved_keys[k]}" for k in keys if k in cls.moved_keys]
            if moved:
                text += " " + " ".join(moved)
            return text
    return ""


def _loc_to_path(section: str, loc: tuple[int | str, ...]) -> str:
    out = section
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _find_line(text: str | None, path: str) -> int | None:
    """Best-effort line number of a dotted key path in a TOML text."""
    if not text:
        return None
    parts = [p for p in re.split(r"\.|\[\d+\]", path) if p]
    if not parts:
        return None
    lines = text.splitlines()
    table = parts[0]
    header = re.compile(r"^\s*\[\[?\s*" + re.escape(table) + r"(\.[^\]]*)?\s*\]\]?\s*$")
    start = next((i for i, ln in enumerate(lines) if header.match(ln)), None)
    if start is None:
        return None
    if len(parts) == 1:
        return start + 1
    key = re.compile(r"^\s*\"?" + re.escape(parts[-1]) + r"\"?\s*=")
    for i in range(start + 1, len(lines)):
        if key.match(lines[i]):
            return i + 1
    sub = re.compile(r"^\s*\[\[?\s*" + re.escape(".".join(parts[:2])) + r"\s*\]\]?")
    for i in range(start, len(lines)):
        if sub.match(lines[i]):
            return i + 1
    return start + 1


class Policy:
    """A validated policy: one section object per area, defaults where absent.

    Build it with :meth:`load` (a file), :meth:`loads` (a string),
    :meth:`from_dict`, or :meth:`default`. Sections are read with
    :meth:`section`, e.g. ``policy.section(FairnessPolicy)``.
    """

    def __init__(
        self, sections: Mapping[str, PolicySection] | None = None, *, source: str | None = None
    ) -> None:
        self._sections: dict[str, PolicySection] = dict(sections or {})
        self.source = source
        if "policy" not in self._sections:
            self._sections["policy"] = PolicyMeta()

    # -- construction -------------------------------------------------
    @classmethod
    def default(cls) -> Policy:
        """The default policy: every section at its defaults."""
        return cls()

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, source: str | None = None, text: str | None = None
    ) -> Policy:
        """Validate a mapping of section name → table into a Policy."""
        if not isinstance(data, Mapping):
            raise PolicyError("A policy must be a table of sections.", path="")
        known = registered_sections()
        sections: dict[str, PolicySection] = {}
        where = f" in {source}" if source else ""
        _check_data(data, where, text)
        for name, table in data.items():
            if name not in known:
                line = _find_line(text, name)
                at = f" (line {line})" if line else ""
                renamed = _renamed(name, table, known)
                if renamed:
                    raise PolicyError(f"Policy section [{name}]{where}{at} {renamed}",
                                      path=name, line=line)
                raise PolicyError(
                    f"Unknown policy section [{name}]{where}{at}. "
                    f"Known sections: {', '.join(known)}.",
                    path=name,
                    line=line,
                )
            if not isinstance(table, Mapping):
                raise PolicyError(f"Policy key '{name}'{where} must be a table.", path=name)
            for key in table:
                moved = known[name].moved_keys.get(str(key))
                if moved is not None:
                    path = f"{name}.{key}"
                    line = _find_line(text, path)
                    at = f" (line {line})" if line else ""
                    raise PolicyError(f"Policy key '{path}'{where}{at} is no longer read: "
                                      f"{moved}", path=path, line=line)
            try:
                sections[name] = known[name].model_validate(dict(table))
            except ValidationError as exc:
                # An unknown key (often a typo) is the likeliest root cause: reported first.
                loc, rule, _ = first_field_error(exc, unknown="unknown key")
                path = _loc_to_path(name, loc)
                line = _find_line(text, path)
                at = f" (line {line})" if line else ""
                raise PolicyError(
                    f"Policy key '{path}'{where}{at}: {rule}.", path=path, line=line
                ) from None
        return cls(sections, source=source)

    @classmethod
    def loads(cls, text: str, *, format: Literal["toml", "json"] = "toml") -> Policy:
        """Parse a policy from TOML or JSON text."""
        try:
            data = json.loads(text) if format == "json" else tomllib.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise PolicyError(f"The policy is not valid {format.upper()}: {exc}.") from None
        except RecursionError:
            raise PolicyError(
                f"The policy is nested too deeply to read (at most {MAX_DEPTH} levels)."
            ) from None
        return cls.from_dict(data, text=text if format == "toml" else None)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """Read a ``.toml`` or ``.json`` policy file."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(
                f"Cannot read policy file {str(p)!r}: {exc.__class__.__name__}."
            ) from None
        fmt: Literal["toml", "json"] = "json" if p.suffix.lower() == ".json" else "toml"
        try:
            data = json.loads(text) if fmt == "json" else tomllib.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise PolicyError(
                f"Policy file {str(p)!r} is not valid {fmt.upper()}: {exc}."
            ) from None
        except RecursionError:
            raise PolicyError(
                f"Policy file {str(p)!r} is nested too deeply to read "
                f"(at most {MAX_DEPTH} levels)."
            ) from None
        return cls.from_dict(data, source=str(p), text=text if fmt == "toml" else None)

    # -- access -------------------------------------------------------
    def section(self, cls: type[S]) -> S:
        """The section of type ``cls`` — the file's values, or its defaults."""
        if cls.section_name not in _SECTIONS:
            register_section(cls)
        found = self._sections.get(cls.section_name)
        if found is None:
            return cls()
        if not isinstance(found, cls):
            # Same name, other class object (e.g. module reloaded): revalidate.
            return cls.model_validate(found.model_dump())
        return found

    def has_section(self, name: str) -> bool:
        """Whether the policy's source set ``[name]`` explicitly."""
        return (name in self._sections and name != "policy") or (
            name == "policy" and bool(self._sections["policy"].model_dump(exclude_defaults=True))
        )

    @property
    def meta(self) -> PolicyMeta:
        """The ``[policy]`` table."""
        return self.section(PolicyMeta)

    def replace(self, *sections: PolicySection) -> Policy:
        """A copy with the given sections replaced."""
        new = dict(self._sections)
        for s in sections:
            new[s.section_name] = s
        return Policy(new, source=self.source)

    # -- output -------------------------------------------------------
    def to_dict(self, *, exclude_defaults: bool = False) -> dict[str, Any]:
        """The sections as plain data (JSON-compatible)."""
        out: dict[str, Any] = {}
        for name in sorted(self._sections):
            d = self._sections[name].model_dump(mode="json", exclude_defaults=exclude_defaults)
            if d or not exclude_defaults:
                out[name] = d
        return out

    def dumps(self, format: Literal["toml", "json"] = "toml") -> str:
        """Serialise to TOML or JSON (complete, defaults included)."""
        if format == "json":
            return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        return toml_dumps(self.to_dict())

    def dump(self, path: str | Path) -> None:
        """Write to ``path``; the suffix (.toml or .json) decides the format."""
        p = Path(path)
        p.write_text(self.dumps("json" if p.suffix.lower() == ".json" else "toml"), "utf-8")

    @property
    def hash(self) -> str:
        """SHA-256 of the policy's content.

        Independent of key order, whitespace, comments and of whether a
        default value is written out or omitted. The dfgov version is
        recorded separately in every Report, since defaults may change.
        """
        canon = json.dumps(
            self.to_dict(exclude_defaults=True),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return digest(canon.encode("utf-8"))

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """JSON Schema of a policy file, assembled from every registered section."""
        props: dict[str, Any] = {}
        defs: dict[str, Any] = {}
        for name, cls in registered_sections().items():
            schema = cls.model_json_schema(ref_template="#/$defs/{model}")
            defs.update(schema.pop("$defs", {}))
            props[name] = schema
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "dfgov policy",
            "type": "object",
            "properties": props,
            "additionalProperties": False,
            "$defs": defs,
        }

    @staticmethod
    def template() -> str:
        """A commented TOML policy with every registered section at its defaults."""
        data: dict[str, Any] = {}
        comments: dict[str, str] = {
            "": "dfgov policy — every key below is at its default; delete what you do not change."
        }
        for name, cls in registered_sections().items():
            data[name] = cls().model_dump(mode="json")
            if cls.__doc__:
                comments[name] = cls.__doc__.strip().splitlines()[0]
            for field, info in cls.model_fields.items():
                if info.description:
                    comments[f"{name}.{field}"] = info.description
                if info.examples and data[name].get(field) is None:
                    comments[f"{name}.{field}="] = toml_dumps(
                        {"x": info.examples[0]}).strip().split(" = ", 1)[1]
        return toml_dumps(data, comments)

    def __repr__(self) -> str:
        return f"Policy(name={self.meta.name!r}, hash={self.hash[:12]}…)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and other.hash == self.hash

    def __hash__(self) -> int:
        return hash(self.hash)


def resolve_section(policy: Policy | PolicySection | None, cls: type[S], caller: str) -> S:
    """The section ``cls`` in force for a control built from ``policy``.

    Controls accept a whole :class:`Policy`, the section object itself, or
    None (the section's defaults); ``caller`` names the control in the error.
    """
    if policy is None:
        return cls()
    if isinstance(policy, cls):
        return policy
    if isinstance(policy, Policy):
        return policy.section(cls)
    raise InvalidInputError(
        f"The 'policy' argument of {caller} must be a dfgov.Policy, a {cls.__name__} or None. "
        f"Got {type(policy).__name__}."
    )
