"""The shapes of a service as our own frozen IR, built in two phases.

Phase one declares every shape the chosen operations reach, giving each
structure its class name, module and schema constant before any member is
read; phase two resolves members against those declarations. A member never
builds the structure it points to, so a structure may contain itself,
directly or through other shapes, like DynamoDB's ``AttributeValue``.

Everything the templates print about a shape is decided here: Python names,
annotations, and the expressions that serialize and parse each member.
"""

from __future__ import annotations

import enum
import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .. import naming
from ..docs import html_to_text
from .overrides import CONSTRAINT_OVERRIDES


class ModelError(Exception):
    """The service model uses something the generator does not understand."""


class Kind(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    LONG = "long"
    BOOLEAN = "boolean"
    CHARACTER = "character"
    FLOAT = "float"
    DOUBLE = "double"
    TIMESTAMP = "timestamp"
    BLOB = "blob"
    LIST = "list"
    MAP = "map"
    STRUCTURE = "structure"
    DOCUMENT = "document"


# Scalars: (annotation, boto3-shaped annotation, parser).
_SCALARS: Mapping[Kind, tuple[str, str, str]] = {
    Kind.STRING: ("str", "str", "_parse.as_str"),
    Kind.INTEGER: ("int", "int", "_parse.as_int"),
    Kind.LONG: ("int", "int", "_parse.as_int"),
    Kind.BOOLEAN: ("bool", "bool", "_parse.as_bool"),
    Kind.CHARACTER: ("str", "str", "_parse.as_str"),
    Kind.FLOAT: ("float", "float", "_parse.as_float"),
    Kind.DOUBLE: ("float", "float", "_parse.as_float"),
    Kind.TIMESTAMP: ("datetime.datetime", "datetime.datetime", "_parse.as_timestamp"),
    Kind.BLOB: ("bytes", "bytes", "_parse.as_blob"),
    Kind.DOCUMENT: ("JsonValue", "JsonValue", "_parse.as_document"),
}

# timestampFormat -> the ``_wire`` function sending it; epoch seconds, the
# awsJson default, are left to the JSON encoder (``_parse.encode_wire_value``).
_TIMESTAMP_WRITERS: Mapping[str, str] = {"iso8601": "_wire.iso8601", "rfc822": "_wire.rfc822"}
_DEFAULT_TIMESTAMP_FORMAT = "unixtimestamp"

# Java-style constructs that Python's re module cannot express.
_UNSUPPORTED_PATTERN = re.compile(r"\\p\{|\\P\{")


@attrs.frozen
class Constraints:
    """Validation constraints of a shape, with the service's exceptions applied."""

    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    enum: tuple[str, ...] = ()
    note: str | None = None
    """Why a constraint differs from the model, when it does."""

    @property
    def checkable_pattern(self) -> str | None:
        """The pattern, unless it uses Unicode property classes (``\\p{L}``) ``re`` lacks."""
        if self.pattern is None or _UNSUPPORTED_PATTERN.search(self.pattern):
            return None
        return self.pattern

    def describe(self) -> str:
        """One line for docstrings: the constraints a reader needs to know."""
        parts: list[str] = []
        if self.min is not None or self.max is not None:
            parts.append(f"Length/range: {_bound(self.min)}..{_bound(self.max)}.")
        if self.enum:
            parts.append(f"One of: {', '.join(self.enum)}.")
        if self.pattern is not None:
            parts.append(f"Pattern: {self.pattern}")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


def _bound(value: int | None) -> str:
    return "" if value is None else str(value)


@attrs.frozen
class TypeRef:
    """How values of one shape are typed, converted and checked in generated code."""

    shape_name: str
    kind: Kind
    annotation: str
    """Type of the attribute on the model class, e.g. ``list[Failover]``."""
    dict_annotation: str
    """Type of the value in the boto3-shaped dict, e.g. ``list[FailoverDict]``."""
    constraints: Constraints
    schema_constant: str
    """The shape's constant in the generated ``_schemas`` module."""
    item: TypeRef | None = None
    """Element of a list, value of a map."""
    key: TypeRef | None = None
    """Key of a map."""
    class_name: str | None = None
    """Model class of a structure."""
    sensitive: bool = False
    """The shape, or any shape inside it, must never be shown."""
    timestamp_format: str | None = None
    """The shape's own ``timestampFormat``, for a timestamp."""
    wire_differs: bool = False
    """Whether the JSON body holds this value in another form than ``to_dict()``: a blob
    (base64), a timestamp in a text format, or a structure holding one, at any depth."""
    literal: str | None = None
    """``Literal`` alias of an enum string, e.g. ``DomainStatusTypeType`` (in ``literals.py``)."""

    def to_dict_expr(self, value: str) -> str:
        """Expression turning ``value`` (of ``annotation``) into its boto3-shaped form."""
        if self.kind is Kind.STRUCTURE:
            return f"{value}.to_dict()"
        if self.kind is Kind.LIST:
            assert self.item is not None
            inner = self.item.to_dict_expr("item")
            return f"list({value})" if inner == "item" else f"[{inner} for item in {value}]"
        if self.kind is Kind.MAP:
            assert self.item is not None
            inner = self.item.to_dict_expr("item")
            return (
                f"dict({value})"
                if inner == "item"
                else f"{{key: {inner} for key, item in {value}.items()}}"
            )
        return value

    def to_wire_expr(self, value: str) -> str:
        """Expression turning ``value`` into its form in the JSON body (see ``wire_differs``)."""
        if not self.wire_differs:
            return self.to_dict_expr(value)
        if self.kind is Kind.STRUCTURE:
            return f"{value}.to_wire()"
        if self.kind is Kind.BLOB:
            return f"_wire.blob({value})"
        if self.kind is Kind.TIMESTAMP:
            return f"{_TIMESTAMP_WRITERS[self.timestamp_format or '']}({value})"
        assert self.item is not None
        inner = self.item.to_wire_expr("item")
        if self.kind is Kind.LIST:
            return f"[{inner} for item in {value}]"
        return f"{{key: {inner} for key, item in {value}.items()}}"

    def reader(self, value: str, depth: int = 0) -> str:
        """Expression reading JSON ``value`` into ``annotation``, with no path on the way.

        A mismatch raises ``_parse.MismatchError``; the model's ``parse`` then names
        the member (``_parse.locate``). Elements of lists and maps are read in
        comprehensions whose names carry their depth (``element``, ``element_2``).
        """
        if self.kind is Kind.STRUCTURE:
            return f"{self.class_name}.from_json({value})"
        suffix = f"_{depth + 1}" if depth else ""
        if self.kind is Kind.LIST:
            assert self.item is not None
            element = f"element{suffix}"
            inner = self.item.reader(element, depth + 1)
            return f"[{inner} for {element} in _parse.as_list({value}) if {element} is not None]"
        if self.kind is Kind.MAP:
            assert self.item is not None
            key, entry = f"key{suffix}", f"entry{suffix}"
            inner = self.item.reader(entry, depth + 1)
            return (
                f"{{{key}: {inner} for {key}, {entry} in _parse.as_mapping({value}).items()"
                f" if {entry} is not None}}"
            )
        if self.literal is not None:
            # Kept as received, unchecked: a value the service added after
            # generation must still parse (the annotation is for type checkers).
            return f'cast("{self.literal}", _parse.as_str({value}))'
        return f"{_SCALARS[self.kind][2]}({value})"

    @property
    def innermost(self) -> TypeRef:
        """The element type at the bottom of lists and maps (``list[list[X]]`` -> ``X``)."""
        ref = self
        while ref.item is not None:
            ref = ref.item
        return ref

    @property
    def literals(self) -> frozenset[str]:
        """The ``Literal`` aliases this type's annotation names, itself and its elements.

        Not a map's key: keys are annotated ``str`` whatever their shape.
        """
        found = {self.literal} if self.literal is not None else set[str]()
        if self.item is not None:
            found |= self.item.literals
        return frozenset(found)

    def uses(self, kind: Kind) -> bool:
        return self.kind is kind or any(
            child.uses(kind) for child in (self.item, self.key) if child is not None
        )


@attrs.frozen
class Member:
    """A member of a structure."""

    wire_name: str
    python_name: str
    type: TypeRef
    required: bool
    documentation: str
    deprecated: bool = False
    idempotency_token: bool = False
    """Filled with a fresh uuid4 when the caller leaves it out, as botocore does."""
    timestamp_format: str | None = None
    """The member's own ``timestampFormat``, which wins over its shape's."""

    @property
    def wire_differs(self) -> bool:
        """Whether the JSON body holds this member in another form than ``to_dict()``."""
        if self.type.kind is Kind.TIMESTAMP and self.timestamp_format is not None:
            return self.timestamp_format != _DEFAULT_TIMESTAMP_FORMAT
        return self.type.wire_differs

    @property
    def to_wire_value(self) -> str:
        value = f"self.{self.python_name}"
        if not self.wire_differs:
            return self.type.to_dict_expr(value)
        if self.type.kind is Kind.TIMESTAMP:
            writer = _TIMESTAMP_WRITERS[self.timestamp_format or self.type.timestamp_format or ""]
            return f"{writer}({value})"
        return self.type.to_wire_expr(value)

    @property
    def annotation(self) -> str:
        return self.type.annotation if self.required else f"{self.type.annotation} | None"

    @property
    def dict_annotation(self) -> str:
        inner = self.type.dict_annotation
        return inner if self.required else f"NotRequired[{inner}]"

    @property
    def to_dict_value(self) -> str:
        return self.type.to_dict_expr(f"self.{self.python_name}")

    @property
    def read_value(self) -> str:
        """Expression reading this member from ``data`` (a model's ``from_json``)."""
        if self.required:
            return self.type.reader(f'_parse.present(data, "{self.wire_name}")')
        value = self.type.reader("item")
        return f'None if (item := data.get("{self.wire_name}")) is None else {value}'

    @property
    def doc_line(self) -> str:
        """Documentation with the constraints appended, as plain text."""
        parts = [self.documentation] if self.documentation else []
        described = self.type.constraints.describe()
        if described:
            parts.append(described)
        if self.deprecated:
            parts.append("Deprecated.")
        return " ".join(parts)


@attrs.frozen
class Structure:
    """A structure that becomes a model class, in a module of its own."""

    name: str
    class_name: str
    module: str
    """Module of the ``models`` subpackage defining the class: ``_custom_domain_config``."""
    schema_constant: str
    documentation: str
    members: tuple[Member, ...]
    dict_name: str
    """Name of the TypedDict describing the boto3-shaped dict: ``CustomDomainConfigDict``."""
    sensitive: bool = False
    union: bool = False
    """Exactly one member must be set."""

    @property
    def wire_differs(self) -> bool:
        """Whether ``to_wire()`` needs its own body, or is ``to_dict()`` itself."""
        return any(m.wire_differs for m in self.members)

    @property
    def uses_wire(self) -> bool:
        """Whether ``to_wire()`` calls the ``_wire`` helpers (blobs, text timestamps)."""
        return any(
            m.wire_differs and m.type.innermost.kind is not Kind.STRUCTURE for m in self.members
        )

    @property
    def dict_is_functional(self) -> bool:
        """Whether the TypedDict needs the call syntax.

        A key that is no Python name (``from``), or one that would hide a type
        another key's annotation names (a key ``str`` beside a ``list[str]``).
        """
        used = [_names_in(m.dict_annotation) for m in self.members]
        return any(
            not m.wire_name.isidentifier()
            or keyword.iskeyword(m.wire_name)
            or any(m.wire_name in names for other, names in enumerate(used) if other != index)
            for index, m in enumerate(self.members)
        )

    @property
    def walks_keys(self) -> bool:
        """Whether ``from_json`` walks the keys present rather than looking each member up.

        A union holds one member of many and a wide structure (say a table's
        description) few of its members: a lookup per modeled member would cost
        in proportion to the model, not to the response.
        """
        return self.union or len(self.members) > WIDE_STRUCTURE

    @property
    def reads_lone_member_directly(self) -> bool:
        """Whether ``from_json`` builds a one-key object straight from that key's member.

        Objects whose keys are walked often hold one key: a union's member, or
        DynamoDB's ``AttributeValue`` (19,000 of them in a 1 MB Query page).
        Building it from that member alone skips a local per modeled member and
        passing them all; it reads what the walk reads, so it needs no required
        member (the walk checks those).
        """
        return self.walks_keys and not any(m.required for m in self.members)

    @property
    def read_locals(self) -> tuple[tuple[Member, str], ...]:
        """Each member with the local variable ``from_json`` reads it into when walking keys.

        The member's name, with underscores added where it would hide a name the
        method itself uses (``value``, ``data``, ``key``, ``item``, ``cls``...).
        """
        taken = set(_READER_NAMES)
        result: list[tuple[Member, str]] = []
        for member in self.members:
            name = member.python_name
            while name in taken:
                name = f"{name}_"
            taken.add(name)
            result.append((member, name))
        return tuple(result)

    @property
    def required_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.required)

    @property
    def optional_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if not m.required)

    @property
    def stdlib_imports(self) -> tuple[str, ...]:
        return ("datetime",) if any(m.type.uses(Kind.TIMESTAMP) for m in self.members) else ()

    @property
    def uses_documents(self) -> bool:
        return any(m.type.uses(Kind.DOCUMENT) for m in self.members)

    @property
    def has_sensitive(self) -> bool:
        return any(m.type.sensitive for m in self.members)

    @property
    def literal_imports(self) -> tuple[str, ...]:
        """``Literal`` aliases the members' annotations name."""
        return literal_imports(m.type for m in self.members)

    @property
    def class_imports(self) -> tuple[tuple[str, str], ...]:
        """(module, class) of the other model classes this one parses its members into."""
        names = {
            name
            for m in self.members
            if (name := m.type.innermost.class_name) is not None and name != self.class_name
        }
        return tuple(sorted((naming.model_module(name), name) for name in names))


# A structure with more members than this is read by walking the keys of its
# response object (``Structure.walks_keys``); below it, a ``dict.get`` per
# modeled member is cheaper than a comparison chain per key present.
WIDE_STRUCTURE = 8

# The names a walking ``from_json`` binds or reads besides the members' locals.
_READER_NAMES = frozenset({"cls", "value", "data", "key", "item", "cast", "_parse"})


@attrs.frozen
class ErrorShape:
    """A modeled error, generated as an exception class."""

    name: str
    """The shape's name: the error code the class answers to."""
    class_name: str
    """The exception class: the name, unless ``errors.py`` already binds it."""
    documentation: str
    status_code: int | None
    members: tuple[Member, ...] = ()
    """Modeled members besides the message, e.g. ``reasonCode``; ``python_name`` is the
    property's name (``code_`` for a modeled ``Code``: ``code`` is the error code)."""
    code: str = ""
    """The error code that selects this class: the modeled ``error.code``, else the name
    (botocore's ``shape.error_code``; query-compatible services model codes of their own)."""
    message_member: str | None = None
    """The wire name of the modeled message member (``message`` or ``Message``), if any."""


# The message is ServiceError.message; other members become typed properties,
# named so that they do not shadow what ServiceError itself defines.
_ERROR_MESSAGE_MEMBERS = frozenset({"message", "Message"})


class ShapeTable:
    """The shapes of one model: declared all at once, resolved on demand.

    Construction is phase one: every structure gets its class name and every
    shape its schema constant. ``structure`` and ``type_ref`` are phase two;
    they only ever look declarations up, so recursion in the model is legal.
    """

    def __init__(self, model: Mapping[str, Any], *, reserved: Iterable[str] = ()) -> None:
        """``reserved``: names the package defines for this service (its client, its base error)."""
        self._shapes: Mapping[str, Any] = model["shapes"]
        reserved = frozenset(reserved)
        self.class_names = naming.class_names(
            (
                name
                for name, shape in self._shapes.items()
                if shape["type"] == "structure" and not shape.get("document")
            ),
            reserved=reserved,
            request_shapes=(
                op["input"]["shape"] for op in model["operations"].values() if "input" in op
            ),
        )
        self.dict_names = naming.dict_names(self.class_names.values())
        self.error_class_names = naming.error_class_names(
            (name for name, shape in self._shapes.items() if shape.get("exception")),
            reserved=reserved,
        )
        self.constants = naming.constant_names(self._shapes)
        self._refs: dict[str, TypeRef] = {}
        self._structures: dict[str, Structure] = {}
        self._wire_differs: frozenset[str] | None = None

    def reachable(self, roots: Iterable[str]) -> tuple[str, ...]:
        """Every shape reachable from ``roots``, sorted by name."""
        return reachable_shapes(self._shapes, roots)

    def wire_differs(self, shape_name: str) -> bool:
        """Whether values of ``shape_name`` go on the wire in another form than ``to_dict()``.

        True for blobs, timestamps in a text format and every shape that holds
        one at any depth; computed for the whole model at once, by walking
        back from those shapes along "is held by" (recursion included).
        """
        if self._wire_differs is None:
            holders: dict[str, set[str]] = {}
            pending: list[str] = []
            for name, shape in self._shapes.items():
                if shape["type"] == "blob" or _text_timestamp(shape.get("timestampFormat")):
                    pending.append(name)
                refs = list(shape.get("members", {}).values())
                refs += [shape[part] for part in ("member", "key", "value") if part in shape]
                for ref in refs:
                    holders.setdefault(ref["shape"], set()).add(name)
                    if _text_timestamp(ref.get("timestampFormat")):
                        pending.append(name)
            found: set[str] = set()
            while pending:
                name = pending.pop()
                if name not in found:
                    found.add(name)
                    pending += holders.get(name, ())
            self._wire_differs = frozenset(found)
        return shape_name in self._wire_differs

    def type_ref(self, shape_name: str) -> TypeRef:
        if shape_name not in self._refs:
            self._refs[shape_name] = self._build_ref(shape_name)
        return self._refs[shape_name]

    def _build_ref(self, shape_name: str) -> TypeRef:
        shape = self._shapes[shape_name]
        kind = _kind(shape_name, shape)
        constraints = _constraints(shape_name, shape)
        sensitive = bool(shape.get("sensitive"))
        constant = self.constants[shape_name]
        differs = self.wire_differs(shape_name) and kind is not Kind.DOCUMENT
        if kind is Kind.STRUCTURE:
            class_name = self.class_names[shape_name]
            return TypeRef(
                shape_name,
                kind,
                class_name,
                self.dict_names[class_name],
                constraints,
                constant,
                class_name=class_name,
                sensitive=sensitive,
                wire_differs=differs,
            )
        if kind is Kind.LIST:
            item = self.type_ref(shape["member"]["shape"])
            return TypeRef(
                shape_name,
                kind,
                f"list[{item.annotation}]",
                f"list[{item.dict_annotation}]",
                constraints,
                constant,
                item=item,
                sensitive=sensitive or item.sensitive,
                wire_differs=differs,
            )
        if kind is Kind.MAP:
            key = self.type_ref(shape["key"]["shape"])
            value = self.type_ref(shape["value"]["shape"])
            return TypeRef(
                shape_name,
                kind,
                f"dict[str, {value.annotation}]",
                f"dict[str, {value.dict_annotation}]",
                constraints,
                constant,
                item=value,
                key=key,
                sensitive=sensitive or key.sensitive or value.sensitive,
                wire_differs=differs,
            )
        if kind is Kind.STRING and constraints.enum:
            alias = naming.literal_name(shape_name)
            return TypeRef(
                shape_name,
                kind,
                alias,
                alias,
                constraints,
                constant,
                sensitive=sensitive,
                literal=alias,
            )
        annotation, dict_annotation, _ = _SCALARS[kind]
        return TypeRef(
            shape_name,
            kind,
            annotation,
            dict_annotation,
            constraints,
            constant,
            sensitive=sensitive,
            timestamp_format=_timestamp_format(shape),
            wire_differs=differs,
        )

    def structure(self, shape_name: str) -> Structure:
        if shape_name not in self._structures:
            self._structures[shape_name] = self._build_structure(shape_name)
        return self._structures[shape_name]

    def _build_structure(self, shape_name: str) -> Structure:
        shape = self._shapes[shape_name]
        if _kind(shape_name, shape) is not Kind.STRUCTURE:
            raise ModelError(f"shape {shape_name} is not a structure")
        members = self.members(shape)
        class_name = self.class_names[shape_name]
        return Structure(
            name=shape_name,
            class_name=class_name,
            module=naming.model_module(class_name),
            schema_constant=self.constants[shape_name],
            documentation=html_to_text(shape.get("documentation", "")),
            members=members,
            dict_name=self.dict_names[class_name],
            sensitive=bool(shape.get("sensitive")),
            union=bool(shape.get("union")),
        )

    def members(self, shape: Mapping[str, Any]) -> tuple[Member, ...]:
        required = set(shape.get("required", ()))
        refs: Mapping[str, Any] = shape.get("members", {})
        used = [_names_in(self.type_ref(ref["shape"]).annotation) for ref in refs.values()]
        shadowed = [
            frozenset[str]().union(*(names for other, names in enumerate(used) if other != index))
            for index in range(len(used))
        ]
        return tuple(
            Member(
                wire_name=wire_name,
                python_name=python_name,
                type=self.type_ref(ref["shape"]),
                required=wire_name in required,
                documentation=html_to_text(ref.get("documentation", "")),
                deprecated=bool(ref.get("deprecated")),
                idempotency_token=bool(ref.get("idempotencyToken")),
                timestamp_format=_timestamp_format(ref),
            )
            for (wire_name, ref), python_name in zip(
                refs.items(), naming.member_names(refs, shadowed), strict=True
            )
        )

    def error(self, shape_name: str) -> ErrorShape:
        shape = self._shapes[shape_name]
        if not shape.get("exception"):
            raise ModelError(f"shape {shape_name} is listed as an error but is not one")
        all_members = self.members(shape)
        message = [m.wire_name for m in all_members if m.wire_name in _ERROR_MESSAGE_MEMBERS]
        members = tuple(
            # A member named like a ServiceError attribute (``Code``) gets a trailing underscore.
            attrs.evolve(m, python_name=naming.error_property_name(m.python_name))
            for m in all_members
            if m.wire_name not in _ERROR_MESSAGE_MEMBERS
        )
        error = shape.get("error", {})
        return ErrorShape(
            name=shape_name,
            class_name=self.error_class_names[shape_name],
            documentation=html_to_text(shape.get("documentation", "")),
            status_code=error.get("httpStatusCode"),
            members=members,
            code=error.get("code") or shape_name,
            message_member=message[0] if message else None,
        )


def reachable_shapes(shapes: Mapping[str, Any], roots: Iterable[str]) -> tuple[str, ...]:
    """Every shape of the model's ``shapes`` reachable from ``roots``, sorted by name."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        pending += [ref["shape"] for ref in shape.get("members", {}).values()]
        pending += [shape[part]["shape"] for part in ("member", "key", "value") if part in shape]
    return tuple(sorted(seen))


def literal_imports(types: Iterable[TypeRef]) -> tuple[str, ...]:
    """The ``Literal`` aliases ``types`` name, sorted for an import statement."""
    names = set[str]().union(*(t.literals for t in types))
    return tuple(sorted(names, key=lambda name: (name.lower(), name)))


def _names_in(annotation: str) -> frozenset[str]:
    """The names an annotation refers to: ``list[datetime.datetime]`` -> list, datetime."""
    return frozenset(re.findall(r"(?<![\w.])[A-Za-z_]\w*", annotation))


def _kind(shape_name: str, shape: Mapping[str, Any]) -> Kind:
    if shape.get("document"):
        return Kind.DOCUMENT
    try:
        return Kind(shape["type"])
    except ValueError:
        raise ModelError(f"shape {shape_name}: unsupported type {shape['type']!r}") from None


def _timestamp_format(shape_or_ref: Mapping[str, Any]) -> str | None:
    """``timestampFormat``, lower-cased: botocore reads it without regard to case."""
    value = shape_or_ref.get("timestampFormat")
    if value is None:
        return None
    if str(value).lower() not in (*_TIMESTAMP_WRITERS, _DEFAULT_TIMESTAMP_FORMAT):
        raise ModelError(f"unsupported timestampFormat {value!r}")
    return str(value).lower()


def _text_timestamp(timestamp_format: str | None) -> bool:
    return timestamp_format is not None and timestamp_format.lower() != _DEFAULT_TIMESTAMP_FORMAT


def _constraints(shape_name: str, shape: Mapping[str, Any]) -> Constraints:
    values: dict[str, Any] = {
        "min": shape.get("min"),
        "max": shape.get("max"),
        "pattern": shape.get("pattern"),
        "enum": tuple(shape.get("enum", ())),
    }
    values.update(CONSTRAINT_OVERRIDES.get(shape_name, {}))
    return Constraints(**values)
