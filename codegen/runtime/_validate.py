"""Input validation, run before anything goes on the wire.

The validator walks a request model with its schema (``_schemas``) and
collects one problem per bad field, naming the field's path. By default it
checks what botocore checks (required members, types, the model's ``min``)
so that we never reject a request botocore would send; ``strict`` also checks
``max``, patterns and enums.
"""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar, Protocol, TypeAlias, cast

from ._schema import ListOf, MapOf, Scalar, Schema, Structure


class Model(Protocol):
    """What a generated model class offers the validator: its schema."""

    SCHEMA: ClassVar[Structure]


def _as_sequence(value: object) -> Sequence[object] | None:
    """``value`` as a list or tuple of unknown items; botocore accepts both."""
    if isinstance(value, list | tuple):
        return value  # pyright: ignore[reportUnknownVariableType]
    return None


def _as_mapping(value: object) -> Mapping[object, object] | None:
    if isinstance(value, dict):  # checked first: the ABC check below is slower
        return value  # pyright: ignore[reportUnknownVariableType]
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


_VALUE_GETTERS: dict[Structure, Callable[[object], tuple[object, ...]]] = {}


def _values_of(schema: Structure) -> Callable[[object], tuple[object, ...]]:
    """A function reading every member of a model of ``schema`` at once, in schema order."""
    getter = _VALUE_GETTERS.get(schema)
    if getter is None:
        names = [member.python_name for member in schema.members]
        getter = operator.attrgetter(*names) if len(names) > 1 else _few_values_getter(names)
        _VALUE_GETTERS[schema] = getter
    return getter


def _few_values_getter(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    """``attrgetter`` returns a bare value for one name, and needs at least one."""
    return lambda model: tuple(getattr(model, name) for name in names)


# Where a value sits in the request, kept as a chain of (parent, kind, key) and
# written out only for a problem: a megabyte of input holds tens of thousands of
# values, and formatting each one's path would cost more than checking it.
# Kinds: "." a member, "[" a list index, "v" a map value, "k" a map key.
_Path: TypeAlias = "tuple[_Path, str, object] | str"


def _text(path: _Path) -> str:
    """The path as the problems show it: ``request_items['t'][0].put_request``."""
    steps: list[tuple[str, object]] = []
    while not isinstance(path, str):
        path, kind, key = path
        steps.append((kind, key))
    text = path
    for kind, key in reversed(steps):
        if kind == ".":
            text = f"{text}.{key}" if text else str(key)
        elif kind == "[":
            text = f"{text}[{key}]"
        elif kind == "v":
            text = f"{text}[{_show(key)}]"
        else:
            text = f"{text} (key {_show(key)})"
    return text


class Validator:
    """Collects validation problems, each naming the field's path."""

    __slots__ = ("problems", "strict")

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[str] = []

    def check(self, model: Model, prefix: str = "") -> None:
        """Report each invalid member of ``model``, named below ``prefix`` (``root.``)."""
        self._members(model, prefix.removesuffix("."))

    def _members(self, model: Model, path: _Path) -> None:
        schema = model.SCHEMA
        for member, value in zip(schema.members, _values_of(schema)(model), strict=True):
            if value is not None:
                self.value(value, member.target, (path, ".", member.python_name))
            elif member.required:
                self._problem((path, ".", member.python_name), "missing required value")

    def _problem(self, path: _Path, text: str) -> None:
        self.problems.append(f"{_text(path)}: {text}")

    def value(self, value: object, schema: Schema, path: _Path, *, required: bool = True) -> None:
        """Check one value against its shape."""
        if value is None:
            if required:
                self._problem(path, "missing required value")
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

    def _wrong_type(self, value: object, path: _Path, expected: str) -> None:
        self._problem(path, f"expected {expected}, got {type(value).__name__}")

    def _range(
        self, measured: float, path: _Path, what: str, lo: float | None, hi: float | None
    ) -> None:
        if lo is not None and measured < lo:
            self._problem(path, f"{what} {measured} is below the minimum of {lo}")
        elif self.strict and hi is not None and measured > hi:
            self._problem(path, f"{what} {measured} is above the maximum of {hi}")

    def _structure(self, value: object, schema: Structure, path: _Path) -> None:
        if getattr(type(value), "SCHEMA", None) is not schema:
            name = schema.class_name
            hint = f" (build it with {name}(...) or {name}.from_dict(...))"
            self._wrong_type(value, path, f"{name}{hint}")
            return
        self._members(cast("Model", value), path)
        if schema.union:
            self._union(value, schema, path)

    def _union(self, value: object, schema: Structure, path: _Path) -> None:
        chosen = [
            m.python_name for m in schema.members if getattr(value, m.python_name) is not None
        ]
        if len(chosen) != 1:
            names = ", ".join(m.python_name for m in schema.members)
            got = f"{len(chosen)} ({', '.join(chosen)})" if chosen else "none"
            self._problem(path, f"a union takes exactly one of {names}; got {got}")

    def _list(self, value: object, schema: ListOf, path: _Path) -> None:
        sequence = _as_sequence(value)
        if sequence is None:
            self._wrong_type(value, path, "list")
            return
        self._range(len(sequence), path, "length", schema.min, schema.max)
        for index, element in enumerate(sequence):
            self.value(element, schema.item, (path, "[", index))

    def _map(self, value: object, schema: MapOf, path: _Path) -> None:
        mapping = _as_mapping(value)
        if mapping is None:
            self._wrong_type(value, path, "dict")
            return
        if self.strict:
            self._range(len(mapping), path, "length", schema.min, schema.max)
        for name, element in mapping.items():
            self.value(name, schema.key, (path, "k", name))
            self.value(element, schema.value, (path, "v", name))

    def _document(self, value: object, path: _Path) -> None:
        mapping, sequence = _as_mapping(value), _as_sequence(value)
        if mapping is not None:
            for key, item in mapping.items():
                if item is not None:
                    self._document(item, (path, ".", key))
        elif sequence is not None:
            for index, item in enumerate(sequence):
                if item is not None:
                    self._document(item, (path, "[", index))
        elif not isinstance(value, str | int | float | bool):
            self._wrong_type(value, path, "a JSON value")

    def _scalar(self, value: object, schema: Scalar, path: _Path) -> None:
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

    def _string(self, value: str, schema: Scalar, path: _Path) -> None:
        """Check a string; a ``sensitive`` one (a password, a secret) is never quoted."""
        if not self.strict:
            if schema.min is not None and len(value) < schema.min:
                self._range(len(value), path, "length", schema.min, schema.max)
            return
        problems = len(self.problems)
        self._range(len(value), path, "length", schema.min, schema.max)
        if len(self.problems) > problems:
            # A value of the wrong length is not matched as well: searching some
            # patterns (UserPoolIdType's) takes time quadratic in the length,
            # minutes for a megabyte, while the longest valid value is short.
            return
        shown = "the value" if schema.sensitive else _show(value)
        # Smithy patterns are not implicitly anchored: search, don't fullmatch.
        if schema.pattern is not None and re.search(schema.pattern, value) is None:
            self._problem(path, f"{shown} does not match the pattern {schema.pattern}")
        if schema.enum and value not in schema.enum:
            self._problem(path, f"{shown} is not one of {', '.join(schema.enum)}")
