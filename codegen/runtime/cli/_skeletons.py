"""What ``--generate-cli-skeleton input|yaml-input|output`` prints, built from the schema.

As botocore's ArgumentGenerator: members in model order, with placeholders
by type: "" for strings (the member name in output skeletons), 0 for
numbers, true for booleans, one element per list, a "KeyName" key per map,
and an empty object where a structure recurses. For an enum the AWS CLI
picks a random value; the first one is used here, so that the output is
stable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .._schema import ListOf, MapOf, Member, Scalar, Schema, Structure
from ._table import member_doc_key

# botocore's ArgumentGenerator: the placeholder of a timestamp, printed as ISO 8601.
_SKELETON_TIMESTAMP = "1970-01-01T00:00:00"
_YAML_TIMESTAMP = "1970-01-01 00:00:00"
# The AWS CLI's YAML overview comment: the documentation up to the first "." or ":".
_SENTENCE_END = re.compile(r"[.:]+")
# The documentation keeps a link's target as " (https://...)"; the AWS CLI's overview drops it.
_LINK_TARGET = re.compile(r" \([a-z][a-z0-9+.\-]*:[^\s()]*\)")
_YAML_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_YAML_RESERVED = frozenset({"true", "false", "null", "~"})


def input_skeleton(structure: Structure) -> dict[str, object]:
    """``input``: what ``--cli-input-json`` takes, with placeholders."""
    return _structure(structure, [], member_names=False)


def output_skeleton(structure: Structure | None) -> dict[str, object]:
    """``output``: a made-up response whose strings hold their member's name."""
    return {} if structure is None else _structure(structure, [], member_names=True)


def _structure(structure: Structure, stack: list[str], *, member_names: bool) -> dict[str, object]:
    if structure.name in stack:
        return {}
    stack.append(structure.name)
    try:
        return {
            m.wire_name: _value(m.target, stack, m.wire_name, member_names=member_names)
            for m in structure.members
        }
    finally:
        stack.pop()


def _value(schema: Schema, stack: list[str], name: str, *, member_names: bool) -> object:
    if isinstance(schema, Structure):
        return _structure(schema, stack, member_names=member_names)
    if isinstance(schema, ListOf):
        item_name = schema.item.name if member_names else ""
        return [_value(schema.item, stack, item_name, member_names=member_names)]
    if isinstance(schema, MapOf):
        return {"KeyName": _value(schema.value, stack, "", member_names=member_names)}
    return _placeholder(schema, name if member_names else None)


def _placeholder(scalar: Scalar, member_name: str | None = None) -> object:
    """A scalar's skeleton value; strings hold ``member_name`` when it is given."""
    kind = scalar.kind
    if kind == "string":
        if member_name is not None:
            return member_name
        return scalar.enum[0] if scalar.enum else ""
    if kind in ("integer", "long"):
        return 0
    if kind in ("float", "double"):
        return 0.0
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return _SKELETON_TIMESTAMP
    if kind == "document":
        return {}
    return None  # a blob: botocore has no placeholder


def yaml_input_skeleton(structure: Structure, docs: Mapping[str, str]) -> str:
    """``yaml-input``: the input skeleton, each member commented as the AWS CLI does."""
    lines = _YamlSkeleton(docs).structure(structure, [], indent=0)
    return "\n".join(lines or ["{}"]) + "\n"


def yaml_overview(documentation: str) -> str:
    """The first sentence of a member's documentation, as the AWS CLI's YAML comments show it."""
    text = _LINK_TARGET.sub("", documentation).replace("\n\n", " ")
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    return f"{sentence}." if sentence else ""


def yaml_scalar(value: str) -> str:
    """A string as ruamel.yaml prints it: plain when that reads back the same, else quoted."""
    if _YAML_PLAIN.fullmatch(value) and value.lower() not in _YAML_RESERVED:
        return value
    return "'" + value.replace("'", "''") + "'"


class _YamlMapping:
    """Lines of one YAML mapping, with ruamel.yaml's end-of-line comment spacing.

    ruamel.yaml (which the AWS CLI prints YAML with) puts two spaces before a
    comment unless an earlier comment of the mapping sets the column: the
    previous key's, or else one on a key before the first key that sorts at
    or after this one. Then it puts one.
    """

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.lines: list[str] = []
        self._keys: list[str] = []
        self._commented: set[str] = set()

    def add(self, key: str, value: str | None, comment: str, nested: Sequence[str] = ()) -> None:
        """Add ``key: value`` (``value`` None for a nested block) and its block's lines."""
        line = f"{' ' * self.indent}{key}:" + ("" if value is None else f" {value}")
        if comment:
            line = f"{line}{self._comment_spacing(key)}# {comment}".rstrip()
            self._commented.add(key)
        self._keys.append(key)
        self.lines.append(line)
        self.lines.extend(nested)

    def _comment_spacing(self, key: str) -> str:
        if self._keys and self._keys[-1] in self._commented:
            return " "
        for earlier in self._keys:
            if earlier >= key:
                break
            if earlier in self._commented:
                return " "
        return "  "


class _YamlSkeleton:
    """The input skeleton as the AWS CLI prints it with ruamel.yaml.

    Each structure member carries a comment: ``[REQUIRED]``, the first sentence
    of its documentation and its enum values. Maps are plain, uncommented
    mappings with a ``KeyName`` key; list items sit at their key's indentation.
    """

    def __init__(self, docs: Mapping[str, str]) -> None:
        self._docs = docs

    def structure(self, structure: Structure, stack: list[str], indent: int) -> list[str]:
        """Lines of a structure's mapping at ``indent``; none when the structure recurses."""
        if structure.name in stack:
            return []
        stack.append(structure.name)
        try:
            mapping = _YamlMapping(indent)
            for member in structure.members:
                value, nested = self._value(member.target, stack, indent)
                mapping.add(member.wire_name, value, self._comment(structure, member), nested)
            return mapping.lines
        finally:
            stack.pop()

    def _comment(self, structure: Structure, member: Member) -> str:
        parts = ["[REQUIRED]"] if member.required else []
        parts.append(yaml_overview(self._docs.get(member_doc_key(structure, member), "")))
        target = member.target
        if isinstance(target, Scalar) and target.kind == "string" and target.enum:
            parts.append(f"Valid values are: {', '.join(target.enum)}.")
        comment = " ".join(parts)
        return "" if comment.isspace() else comment

    def _value(self, schema: Schema, stack: list[str], indent: int) -> tuple[str | None, list[str]]:
        """A member's value: inline text, or None and the lines of its nested block."""
        if isinstance(schema, Structure):
            lines = self.structure(schema, stack, indent + 2)
            return (None, lines) if lines else ("{}", [])
        if isinstance(schema, ListOf):
            return None, self._list_item(schema.item, stack, indent)
        if isinstance(schema, MapOf):
            value, nested = self._value(schema.value, stack, indent + 2)
            key = f"{' ' * (indent + 2)}KeyName:"
            return None, [key if value is None else f"{key} {value}", *nested]
        return self._scalar(schema), []

    def _list_item(self, schema: Schema, stack: list[str], indent: int) -> list[str]:
        """The one element of a list: a ``- `` item at the indentation of its key.

        A mapping item starts on the dash's line, as ruamel.yaml prints it.
        """
        dash = " " * indent + "- "
        value, nested = self._value(schema, stack, indent)
        if value is not None:
            return [dash + value, *nested]
        first, *rest = nested
        return [dash + first[indent + 2 :], *rest]

    @staticmethod
    def _scalar(scalar: Scalar) -> str:
        if scalar.kind == "blob":
            return "!!binary ''"
        if scalar.kind == "timestamp":
            return _YAML_TIMESTAMP
        value = _placeholder(scalar)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return yaml_scalar(value)
        return "{}" if isinstance(value, dict) else str(value)
