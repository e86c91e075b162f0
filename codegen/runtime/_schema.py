"""The shape facts every consumer reads: validation, the command line, skeletons, help, redaction.

The generated ``_schemas`` module holds one constant per shape of the model,
built from these classes in two steps, as the generator's own model is:
structures are declared first and given their members afterwards (by their
model's module, see ``Structure``), so that a structure may contain itself,
directly or through other shapes.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Literal, TypeAlias

# The package's ``models`` subpackage, where structures with a model class get their members.
_MODELS = f"{__package__}.models"

ScalarKind: TypeAlias = Literal[
    "string",
    "character",
    "integer",
    "long",
    "boolean",
    "float",
    "double",
    "timestamp",
    "blob",
    "document",
]


class Scalar:
    """A string, number, boolean, timestamp, blob or document shape, with its constraints."""

    __slots__ = ("enum", "kind", "max", "min", "name", "pattern", "sensitive")

    def __init__(
        self,
        name: str,
        kind: ScalarKind,
        *,
        min: float | None = None,
        max: float | None = None,
        pattern: str | None = None,
        enum: tuple[str, ...] = (),
        sensitive: bool = False,
    ) -> None:
        self.name = name
        self.kind: ScalarKind = kind
        self.min = min
        self.max = max
        self.pattern = pattern
        """Only patterns Python's ``re`` can check; Java-only constructs are left out."""
        self.enum = enum
        self.sensitive = sensitive

    def __repr__(self) -> str:
        return f"Scalar({self.name!r}, {self.kind!r})"


class ListOf:
    """A list shape: its item shape and length constraints."""

    __slots__ = ("item", "max", "min", "name", "sensitive")

    def __init__(
        self,
        name: str,
        item: Schema,
        *,
        min: int | None = None,
        max: int | None = None,
        sensitive: bool = False,
    ) -> None:
        self.name = name
        self.item = item
        self.min = min
        self.max = max
        self.sensitive = sensitive

    def __repr__(self) -> str:
        return f"ListOf({self.name!r})"


class MapOf:
    """A map shape: string keys (with their own constraints) to values of one shape."""

    __slots__ = ("key", "max", "min", "name", "sensitive", "value")

    def __init__(
        self,
        name: str,
        key: Scalar,
        value: Schema,
        *,
        min: int | None = None,
        max: int | None = None,
        sensitive: bool = False,
    ) -> None:
        self.name = name
        self.key = key
        self.value = value
        self.min = min
        self.max = max
        self.sensitive = sensitive

    def __repr__(self) -> str:
        return f"MapOf({self.name!r})"


class Member:
    """A member of a structure: its names, target shape and whether it is required."""

    __slots__ = ("python_name", "required", "target", "wire_name")

    def __init__(
        self, wire_name: str, python_name: str, target: Schema, *, required: bool = False
    ) -> None:
        self.wire_name = wire_name
        """The key on the wire and in boto3's dicts: ``CustomDomainConfig``."""
        self.python_name = python_name
        """The attribute and keyword argument: ``custom_domain_config``."""
        self.target = target
        self.required = required

    @property
    def sensitive(self) -> bool:
        return self.target.sensitive

    def __repr__(self) -> str:
        return f"Member({self.wire_name!r})"


class Structure:
    """A structure shape: declared by name, then given its members once with ``define``.

    Its documentation is looked up by ``name`` (and ``name.Member`` for members)
    wherever text is needed, so the facts here stay small. A structure with a
    model class is given its members by that class's module (``module``), so
    that a process compiles the member lists of the models it uses only: the
    first read of ``members`` imports the module.
    """

    __slots__ = ("_by_wire_name", "_members", "class_name", "module", "name", "sensitive", "union")

    def __init__(
        self,
        name: str,
        class_name: str,
        *,
        sensitive: bool = False,
        union: bool = False,
        module: str | None = None,
    ) -> None:
        self.name = name
        """The shape's name in the service model: ``CustomDomainConfigType``."""
        self.class_name = class_name
        """The model class generated for it: ``CustomDomainConfig``."""
        self.sensitive = sensitive
        self.union = union
        """A union: exactly one member must be set."""
        self.module = module
        """The module of the ``models`` subpackage that defines the members, if not the table."""
        self._members: tuple[Member, ...] | None = None
        self._by_wire_name: Mapping[str, Member] = {}

    def define(self, *members: Member) -> None:
        """Give the declared structure its members; done once, by the generated code."""
        if self._members is not None:
            raise RuntimeError(f"{self.name} is already defined")
        self._by_wire_name = {member.wire_name: member for member in members}
        self._members = members

    @property
    def members(self) -> tuple[Member, ...]:
        if self._members is None:
            self._load()
        return self._members or ()

    @property
    def by_wire_name(self) -> Mapping[str, Member]:
        if self._members is None:
            self._load()
        return self._by_wire_name

    @property
    def required(self) -> tuple[Member, ...]:
        return tuple(member for member in self.members if member.required)

    def _load(self) -> None:
        if self.module is not None:
            importlib.import_module(f"{_MODELS}.{self.module}")  # it calls ``define``

    def __repr__(self) -> str:
        return f"Structure({self.name!r})"


Schema: TypeAlias = Scalar | ListOf | MapOf | Structure
