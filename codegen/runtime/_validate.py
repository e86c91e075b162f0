"""Input validation, run before anything goes on the wire.

The validator walks a request model with its schema (``_schemas``) and
collects one problem per bad field, naming the field's path. By default it
checks what botocore checks (required members, types, the model's ``min``)
so that we never reject a request botocore would send; ``strict`` also checks
``max``, patterns and enums.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import ClassVar, Protocol, cast

from ._schema import ListOf, MapOf, Scalar, Schema, Structure


class Model(Protocol):
    """What a generated model class offers the validator: its schema."""

    SCHEMA: ClassVar[Structure]


def _as_sequence(value: object) -> Sequence[object] | None:
    """``value`` as a list or tuple of unknown items; botocore accepts both."""
    return cast("Sequence[object]", value) if isinstance(value, list | tuple) else None


def _as_mapping(value: object) -> Mapping[object, object] | None:
    return cast("Mapping[object, object]", value) if isinstance(value, Mapping) else None


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


_EXPECTED_SCALAR = {
    "string": ("str", str),
    "character": ("str", str),
    "integer": ("int", int),  # bool is an int, and botocore accepts it too.
    "long": ("int", int),
    "float": ("float", int | float),
    "double": ("float", int | float),
    "boolean": ("bool", bool),
    "timestamp": ("datetime", datetime.datetime | int | float),
    "blob": ("bytes", bytes | bytearray | str),
}


class Validator:
    """Collects validation problems, each naming the field's path."""

    __slots__ = ("problems", "strict")

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[str] = []

    def check(self, model: Model, prefix: str = "") -> None:
        """Report each invalid member of ``model``, named below ``prefix``."""
        for member in model.SCHEMA.members:
            self.value(
                getattr(model, member.python_name),
                member.target,
                f"{prefix}{member.python_name}",
                required=member.required,
            )

    def value(self, value: object, schema: Schema, path: str, *, required: bool = True) -> None:
        """Check one value against its shape."""
        if value is None:
            if required:
                self.problems.append(f"{path}: missing required value")
        elif isinstance(schema, Structure):
            self._structure(value, schema, path)
        elif isinstance(schema, ListOf):
            self._list(value, schema, path)
        elif isinstance(schema, MapOf):
            self._map(value, schema, path)
        elif schema.kind == "document":
            self._document(value, path)
        else:
            self._scalar(value, schema, path)

    def _wrong_type(self, value: object, path: str, expected: str) -> None:
        self.problems.append(f"{path}: expected {expected}, got {type(value).__name__}")

    def _range(
        self, measured: float, path: str, what: str, lo: float | None, hi: float | None
    ) -> None:
        if lo is not None and measured < lo:
            self.problems.append(f"{path}: {what} {measured} is below the minimum of {lo}")
        elif self.strict and hi is not None and measured > hi:
            self.problems.append(f"{path}: {what} {measured} is above the maximum of {hi}")

    def _structure(self, value: object, schema: Structure, path: str) -> None:
        if getattr(type(value), "SCHEMA", None) is not schema:
            name = schema.class_name
            hint = f" (build it with {name}(...) or {name}.from_dict(...))"
            self._wrong_type(value, path, f"{name}{hint}")
            return
        self.check(cast("Model", value), f"{path}.")
        if schema.union:
            self._union(value, schema, path)

    def _union(self, value: object, schema: Structure, path: str) -> None:
        chosen = [
            m.python_name for m in schema.members if getattr(value, m.python_name) is not None
        ]
        if len(chosen) != 1:
            names = ", ".join(m.python_name for m in schema.members)
            got = f"{len(chosen)} ({', '.join(chosen)})" if chosen else "none"
            self.problems.append(f"{path}: a union takes exactly one of {names}; got {got}")

    def _list(self, value: object, schema: ListOf, path: str) -> None:
        sequence = _as_sequence(value)
        if sequence is None:
            self._wrong_type(value, path, "list")
            return
        self._range(len(sequence), path, "length", schema.min, schema.max)
        for index, element in enumerate(sequence):
            self.value(element, schema.item, f"{path}[{index}]")

    def _map(self, value: object, schema: MapOf, path: str) -> None:
        mapping = _as_mapping(value)
        if mapping is None:
            self._wrong_type(value, path, "dict")
            return
        if self.strict:
            self._range(len(mapping), path, "length", schema.min, schema.max)
        for name, element in mapping.items():
            self.value(name, schema.key, f"{path} (key {_show(name)})")
            self.value(element, schema.value, f"{path}[{_show(name)}]")

    def _document(self, value: object, path: str) -> None:
        mapping, sequence = _as_mapping(value), _as_sequence(value)
        if mapping is not None:
            for key, item in mapping.items():
                if item is not None:
                    self._document(item, f"{path}.{key}")
        elif sequence is not None:
            for index, item in enumerate(sequence):
                if item is not None:
                    self._document(item, f"{path}[{index}]")
        elif not isinstance(value, str | int | float | bool):
            self._wrong_type(value, path, "a JSON value")

    def _scalar(self, value: object, schema: Scalar, path: str) -> None:
        expected, types = _EXPECTED_SCALAR[schema.kind]
        if not isinstance(value, types):
            self._wrong_type(value, path, expected)
        elif isinstance(value, str) and schema.kind == "string":
            self._string(value, schema, path)
        elif schema.kind == "blob":
            if self.strict:
                self._range(len(cast("str | bytes", value)), path, "length", schema.min, schema.max)
        elif schema.kind not in ("boolean", "timestamp"):
            self._range(cast("float", value), path, "value", schema.min, schema.max)

    def _string(self, value: str, schema: Scalar, path: str) -> None:
        """Check a string; a ``sensitive`` one (a password, a secret) is never quoted."""
        problems = len(self.problems)
        self._range(len(value), path, "length", schema.min, schema.max)
        if not self.strict or len(self.problems) > problems:
            # A value of the wrong length is not matched as well: searching some
            # patterns (UserPoolIdType's) takes time quadratic in the length,
            # minutes for a megabyte, while the longest valid value is short.
            return
        shown = "the value" if schema.sensitive else _show(value)
        # Smithy patterns are not implicitly anchored: search, don't fullmatch.
        if schema.pattern is not None and re.search(schema.pattern, value) is None:
            self.problems.append(f"{path}: {shown} does not match the pattern {schema.pattern}")
        if schema.enum and value not in schema.enum:
            self.problems.append(f"{path}: {shown} is not one of {', '.join(schema.enum)}")
