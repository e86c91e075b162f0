"""Model layer: our own small, frozen intermediate representation of a service.

Everything the templates print is decided here: Python names, type
annotations, and the exact expressions used to serialize, parse and validate
each member. Templates only lay these strings out.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from . import naming
from .docs import html_to_text
from .load import ServiceSpec

NO_AUTH = "smithy.api#noAuth"


class Kind(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    LONG = "long"
    BOOLEAN = "boolean"
    FLOAT = "float"
    DOUBLE = "double"
    TIMESTAMP = "timestamp"
    BLOB = "blob"
    LIST = "list"
    MAP = "map"
    STRUCTURE = "structure"
    DOCUMENT = "document"


# Scalars: (annotation, boto3-shaped annotation, parser, validator method).
_SCALARS: Mapping[Kind, tuple[str, str, str, str]] = {
    Kind.STRING: ("str", "str", "_parse.as_str", "string"),
    Kind.INTEGER: ("int", "int", "_parse.as_int", "integer"),
    Kind.LONG: ("int", "int", "_parse.as_int", "integer"),
    Kind.BOOLEAN: ("bool", "bool", "_parse.as_bool", "boolean"),
    Kind.FLOAT: ("float", "float", "_parse.as_float", "number"),
    Kind.DOUBLE: ("float", "float", "_parse.as_float", "number"),
    Kind.TIMESTAMP: ("datetime.datetime", "datetime.datetime", "_parse.as_timestamp", "timestamp"),
    Kind.BLOB: ("bytes", "bytes", "_parse.as_blob", "blob"),
    Kind.DOCUMENT: ("JsonValue", "JsonValue", "_parse.as_document", "document"),
}

_DNS_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"

# Where the model's constraint contradicts what the service documents and
# accepts, the service wins. Each entry says why.
CONSTRAINT_OVERRIDES: Mapping[str, Mapping[str, Any]] = {
    # The model allows one DNS label (no dots, at most 63 characters), yet the
    # service documents custom domains such as "auth.example.com" for the same
    # member. Accept any lowercase DNS name of up to 253 characters instead.
    "DomainType": {
        "pattern": _DNS_LABEL.join(("^", r"(?:\.", ")*$")),
        "max": 253,
        "note": "The model allows a single label; the service also accepts custom domains "
        "such as auth.example.com, so dots are allowed.",
    },
}

# Java-style constructs that Python's re module cannot express.
_UNSUPPORTED_PATTERN = re.compile(r"\\p\{|\\P\{")


# The message is ServiceError.message; other members become typed properties,
# which must not shadow what ServiceError itself defines.
_ERROR_MESSAGE_MEMBERS = frozenset({"message", "Message"})
_SERVICE_ERROR_ATTRIBUTES = frozenset(
    {"code", "message", "status_code", "request_id", "details", "args"}
)


class ModelError(Exception):
    """The service model uses something the generator does not understand."""


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
    def pattern_checkable(self) -> bool:
        """Patterns using Unicode property classes (``\\p{L}``) cannot be checked with ``re``."""
        return self.pattern is not None and not _UNSUPPORTED_PATTERN.search(self.pattern)

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
    item: TypeRef | None = None
    """Element of a list, value of a map."""
    key: TypeRef | None = None
    """Key of a map."""
    class_name: str | None = None
    """Model class of a structure."""
    sensitive: bool = False

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

    def parser(self) -> str:
        """A callable ``(value: object, path: str) -> annotation`` for response parsing."""
        if self.kind is Kind.STRUCTURE:
            return f"{self.class_name}.parse"
        if self.kind is Kind.LIST:
            assert self.item is not None
            return f"_parse.list_of({self.item.parser()})"
        if self.kind is Kind.MAP:
            assert self.item is not None
            return f"_parse.map_of({self.item.parser()})"
        return _SCALARS[self.kind][2]

    def validate_call(self, value: str, path: str, *, required: bool) -> str:
        """A statement checking ``value`` with the ``Validator`` named ``v``."""
        args = [value, path]
        if required:
            args.append("required=True")
        if self.kind is Kind.STRUCTURE:
            args.insert(2, str(self.class_name))
            return f"v.structure({', '.join(args)})"
        c = self.constraints
        if c.min is not None:
            args.append(f"min={c.min}")
        if c.max is not None:
            args.append(f"max={c.max}")
        if self.kind is Kind.STRING:
            if c.pattern is not None and c.pattern_checkable:
                args.append(f"pattern={c.pattern!r}")
            if c.enum:
                args.append(f"enum={c.enum!r}")
            if self.sensitive:
                args.append("sensitive=True")
        if self.kind in (Kind.LIST, Kind.MAP):
            assert self.item is not None
            args.append(f"item={self._item_checker(self.item)}")
        if self.kind is Kind.MAP:
            assert self.key is not None
            args.append(f"key={self._item_checker(self.key)}")
        method = "list" if self.kind is Kind.LIST else "map" if self.kind is Kind.MAP else None
        return f"v.{method or _SCALARS[self.kind][3]}({', '.join(args)})"

    @staticmethod
    def _item_checker(ref: TypeRef) -> str:
        return f"lambda item, item_path: {ref.validate_call('item', 'item_path', required=True)}"

    def imports(self) -> frozenset[str]:
        """Standard-library modules the annotation needs."""
        own = {"datetime"} if self.kind is Kind.TIMESTAMP else set[str]()
        for child in (self.item, self.key):
            if child is not None:
                own |= child.imports()
        return frozenset(own)


@attrs.frozen
class Member:
    """A member of a structure."""

    wire_name: str
    python_name: str
    type: TypeRef
    required: bool
    documentation: str
    deprecated: bool = False

    @property
    def annotation(self) -> str:
        return self.type.annotation if self.required else f"{self.type.annotation} | None"

    @property
    def dict_annotation(self) -> str:
        inner = self.type.dict_annotation
        return inner if self.required else f"NotRequired[{inner}]"

    @property
    def path_expr(self) -> str:
        """Expression naming this member in validation messages, below ``prefix``."""
        return f'f"{{prefix}}{self.python_name}"'

    @property
    def validate_statement(self) -> str:
        return self.type.validate_call(
            f"self.{self.python_name}", self.path_expr, required=self.required
        )

    @property
    def to_dict_value(self) -> str:
        return self.type.to_dict_expr(f"self.{self.python_name}")

    @property
    def parse_call(self) -> str:
        kind = "required" if self.required else "optional"
        return f'_parse.{kind}(data, "{self.wire_name}", path, {self.type.parser()})'

    @property
    def error_detail_call(self) -> str:
        """Reading this member from an error's ``details``: optional, whatever the model says."""
        return f'_parse.optional(self.details, "{self.wire_name}", self.code, {self.type.parser()})'

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
class Shape:
    """A structure that becomes a model class."""

    name: str
    class_name: str
    documentation: str
    members: tuple[Member, ...]

    @property
    def dict_name(self) -> str:
        """Name of the TypedDict describing the boto3-shaped dict."""
        return f"{self.class_name}Dict"

    @property
    def required_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.required)

    @property
    def optional_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if not m.required)


@attrs.frozen
class ErrorShape:
    """A modeled error, generated as an exception class."""

    name: str
    documentation: str
    status_code: int | None
    members: tuple[Member, ...] = ()
    """Modeled members besides the message, e.g. ``reasonCode``."""

    @property
    def summary(self) -> str:
        """The first sentence of the documentation, for a ``Raises:`` line."""
        first = self.documentation.split("\n\n", 1)[0]
        return first.split(". ", 1)[0].rstrip(".") + "." if first else f"{self.name}."


@attrs.frozen
class Operation:
    """One operation: becomes a client method."""

    name: str
    method_name: str
    cli_name: str
    documentation: str
    input: Shape
    output: Shape | None
    errors: tuple[ErrorShape, ...]
    signed: bool

    @property
    def example_call(self) -> str:
        """``client.method(required=...)``, for docstrings."""
        required = ", ".join(f"{m.python_name}=..." for m in self.input.required_members)
        return f"client.{self.method_name}({required})"

    @property
    def arguments(self) -> tuple[Member, ...]:
        """Keyword arguments of the client method: required ones first, in model order."""
        return self.input.required_members + self.input.optional_members


@attrs.frozen
class Service:
    """A service with the operations to generate and the closure of their shapes."""

    name: str
    package: str
    service_id: str
    class_prefix: str
    client_name: str
    base_error_name: str
    api_version: str
    target_prefix: str
    json_version: str
    signing_name: str
    env_name: str
    config_key: str
    documentation: str
    operations: tuple[Operation, ...]
    shapes: tuple[Shape, ...]
    """Structures, ordered so that each is defined before it is used."""
    errors: tuple[ErrorShape, ...]
    spec_sha256: str
    botocore_version: str

    @property
    def stdlib_imports(self) -> tuple[str, ...]:
        needed: set[str] = set()
        for shape in self.shapes:
            for member in shape.members:
                needed |= member.type.imports()
        return tuple(sorted(needed))

    @property
    def errors_have_members(self) -> bool:
        return any(error.members for error in self.errors)

    @property
    def model_exports(self) -> tuple[str, ...]:
        """Names ``__init__`` re-exports from ``models``, in import-sorting order."""
        names = [name for s in self.shapes for name in (s.class_name, s.dict_name)]
        return tuple(sorted(names, key=_isort_key))

    @property
    def user_agent_name(self) -> str:
        return f"{self.name}-lite"

    @property
    def has_sensitive(self) -> bool:
        return any(m.type.sensitive for s in self.shapes for m in s.members)

    @property
    def client_model_imports(self) -> tuple[str, ...]:
        """Model classes the client module names: argument, request and response types."""
        names: set[str] = set()
        for op in self.operations:
            names.add(op.input.class_name)
            if op.output is not None:
                names.add(op.output.class_name)
            names.update(m.type.class_name for m in op.arguments if m.type.class_name)
            names.update(_nested_class_names(m.type) for m in op.arguments if m.type.item)
        names.discard("")
        return tuple(sorted(names, key=_isort_key))

    @property
    def arguments_use_documents(self) -> bool:
        """Whether a client method takes a document-typed argument (needs ``JsonValue``)."""
        return any(_uses(m.type, Kind.DOCUMENT) for op in self.operations for m in op.arguments)

    @property
    def uses_documents(self) -> bool:
        return any(_uses(m.type, Kind.DOCUMENT) for s in self.shapes for m in s.members)


def _isort_key(name: str) -> tuple[str, str]:
    # isort's (and ruff's) default order within a section: case-insensitive.
    return (name.lower(), name)


def _nested_class_names(ref: TypeRef) -> str:
    """Class named inside a list or map annotation (``list[Foo]`` -> ``Foo``), or ``""``."""
    while ref.item is not None:
        ref = ref.item
    return ref.class_name or ""


def _uses(ref: TypeRef, kind: Kind) -> bool:
    return ref.kind is kind or any(
        _uses(child, kind) for child in (ref.item, ref.key) if child is not None
    )


class _Builder:
    """Builds the IR for the closure of shapes the chosen operations need."""

    def __init__(self, model: Mapping[str, Any]) -> None:
        self._shapes: Mapping[str, Any] = model["shapes"]
        self._class_names = naming.class_names(
            name for name, shape in self._shapes.items() if shape["type"] == "structure"
        )
        self._structures: dict[str, Shape] = {}
        self._order: list[str] = []

    def type_ref(self, shape_name: str) -> TypeRef:
        shape = self._shapes[shape_name]
        kind = self._kind(shape_name, shape)
        constraints = self._constraints(shape_name, shape)
        sensitive = bool(shape.get("sensitive"))
        if kind is Kind.STRUCTURE:
            built = self.structure(shape_name)
            return TypeRef(
                shape_name,
                kind,
                built.class_name,
                built.dict_name,
                constraints,
                class_name=built.class_name,
                sensitive=sensitive,
            )
        if kind is Kind.LIST:
            item = self.type_ref(shape["member"]["shape"])
            return TypeRef(
                shape_name,
                kind,
                f"list[{item.annotation}]",
                f"list[{item.dict_annotation}]",
                constraints,
                item=item,
                sensitive=sensitive or item.sensitive,
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
                item=value,
                key=key,
                sensitive=sensitive or key.sensitive or value.sensitive,
            )
        annotation, dict_annotation, _, _ = _SCALARS[kind]
        return TypeRef(
            shape_name, kind, annotation, dict_annotation, constraints, sensitive=sensitive
        )

    @staticmethod
    def _kind(shape_name: str, shape: Mapping[str, Any]) -> Kind:
        if shape.get("document"):
            return Kind.DOCUMENT
        try:
            return Kind(shape["type"])
        except ValueError:
            raise ModelError(f"shape {shape_name}: unsupported type {shape['type']!r}") from None

    @staticmethod
    def _constraints(shape_name: str, shape: Mapping[str, Any]) -> Constraints:
        values: dict[str, Any] = {
            "min": shape.get("min"),
            "max": shape.get("max"),
            "pattern": shape.get("pattern"),
            "enum": tuple(shape.get("enum", ())),
        }
        values.update(CONSTRAINT_OVERRIDES.get(shape_name, {}))
        return Constraints(**values)

    def structure(self, shape_name: str) -> Shape:
        if shape_name in self._structures:
            return self._structures[shape_name]
        shape = self._shapes[shape_name]
        if shape.get("exception"):
            raise ModelError(f"shape {shape_name} is an error, not a member type")
        members = self.members(shape)
        names = [m.python_name for m in members]
        if len(set(names)) != len(names):
            raise ModelError(f"shape {shape_name}: two members map to the same Python name")
        built = Shape(
            name=shape_name,
            class_name=self._class_names[shape_name],
            documentation=html_to_text(shape.get("documentation", "")),
            members=members,
        )
        # Members are built first, so dependencies land earlier in the order.
        self._structures[shape_name] = built
        self._order.append(shape_name)
        return built

    def members(self, shape: Mapping[str, Any]) -> tuple[Member, ...]:
        required = set(shape.get("required", ()))
        return tuple(
            Member(
                wire_name=wire_name,
                python_name=naming.member_name(wire_name),
                type=self.type_ref(ref["shape"]),
                required=wire_name in required,
                documentation=html_to_text(ref.get("documentation", "")),
                deprecated=bool(ref.get("deprecated")),
            )
            for wire_name, ref in shape.get("members", {}).items()
        )

    def error(self, shape_name: str) -> ErrorShape:
        shape = self._shapes[shape_name]
        if not shape.get("exception"):
            raise ModelError(f"shape {shape_name} is listed as an error but is not one")
        members = tuple(m for m in self.members(shape) if m.wire_name not in _ERROR_MESSAGE_MEMBERS)
        clashes = [m.python_name for m in members if m.python_name in _SERVICE_ERROR_ATTRIBUTES]
        if clashes:
            raise ModelError(
                f"error {shape_name}: member(s) {clashes} shadow ServiceError attributes"
            )
        return ErrorShape(
            name=shape_name,
            documentation=html_to_text(shape.get("documentation", "")),
            status_code=shape.get("error", {}).get("httpStatusCode"),
            members=members,
        )

    def ordered_structures(self) -> tuple[Shape, ...]:
        return tuple(self._structures[name] for name in self._order)


def build_service(spec: ServiceSpec, operation_names: Sequence[str] | None = None) -> Service:
    """Build the IR for ``operation_names`` (all operations when ``None``)."""
    model = spec.model
    metadata = model["metadata"]
    all_operations: Mapping[str, Any] = model["operations"]
    chosen = sorted(all_operations) if operation_names is None else list(operation_names)
    unknown = [name for name in chosen if name not in all_operations]
    if unknown:
        raise ModelError(f"unknown operation(s) for {spec.name}: {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise ModelError("an operation is listed twice")

    builder = _Builder(model)
    operations = tuple(_operation(builder, all_operations[name]) for name in sorted(chosen))
    errors = {e.name: e for op in operations for e in op.errors}
    service_id: str = metadata["serviceId"]
    prefix = naming.service_class_prefix(service_id)
    return Service(
        name=spec.name,
        package=naming.package_name(spec.name),
        service_id=service_id,
        class_prefix=prefix,
        client_name=f"{prefix}Client",
        base_error_name=f"{prefix}Error",
        api_version=metadata["apiVersion"],
        target_prefix=metadata["targetPrefix"],
        json_version=metadata["jsonVersion"],
        signing_name=metadata.get("signingName", metadata["endpointPrefix"]),
        env_name=naming.env_name(service_id),
        config_key=naming.config_key(service_id),
        documentation=html_to_text(model.get("documentation", "")),
        operations=operations,
        shapes=builder.ordered_structures(),
        errors=tuple(errors[name] for name in sorted(errors)),
        spec_sha256=spec.sha256,
        botocore_version=spec.provenance["botocore_version"],
    )


def _operation(builder: _Builder, op: Mapping[str, Any]) -> Operation:
    name: str = op["name"]
    if "input" not in op:
        raise ModelError(f"operation {name} has no input shape")
    auth: Iterable[str] = op.get("auth", ())
    return Operation(
        name=name,
        method_name=naming.method_name(name),
        cli_name=naming.kebab_case(name),
        documentation=html_to_text(op.get("documentation", "")),
        input=builder.structure(op["input"]["shape"]),
        output=builder.structure(op["output"]["shape"]) if "output" in op else None,
        errors=tuple(builder.error(e["shape"]) for e in op.get("errors", ())),
        signed=NO_AUTH not in auth and op.get("authtype") != "none",
    )
