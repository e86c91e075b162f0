"""CLI model: what the generated command line needs, derived from the IR.

The generated ``cli`` module offers each operation as the AWS CLI (v2) does:
``aws cognito-idp update-user-pool-domain --domain ... --custom-domain-config
CertificateArn=...``. Everything that depends on the service model is decided
here: option names, how each option's value is read, the value types used to
convert shorthand and check JSON input, the ``--generate-cli-skeleton``
outputs and the help text. The template only lays these out, and the
service-agnostic work happens at run time in ``runtime/_cli.py``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from .. import naming
from ..docs import docstring_lines
from .shapes import Kind, Member, ModelError, TypeRef
from .shapes import Structure as Shape

if TYPE_CHECKING:
    from .package import Operation, Package

# Options every operation command has besides its members; a member may not take them.
GLOBAL_FLAGS = frozenset(
    {
        "--debug",
        "--endpoint-url",
        "--no-verify-ssl",
        "--output",
        "--profile",
        "--region",
        "--cli-connect-timeout",
        "--cli-read-timeout",
        "--help",
    }
)
OPERATION_FLAGS = frozenset({"--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton"})

HELP_WIDTH = 80
"""Help text is wrapped to this many columns, as the AWS CLI's rendered help."""
_SECTION = " " * 7
_BODY = " " * 10
_NESTED_STEP = 4

# The AWS CLI's own wording for the options every operation has.
CLI_INPUT_HELP = (
    "--cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON string "
    "provided. The JSON string follows the format provided by --generate-cli-skeleton. If "
    "other arguments are provided on the command line, those values will override the "
    "JSON-provided values. It is not possible to pass arbitrary binary values using a "
    "JSON-provided value as the string will be taken literally. This may not be specified "
    "along with --cli-input-yaml."
)
SKELETON_HELP = (
    "--generate-cli-skeleton (string) Prints a JSON skeleton to standard output without "
    "sending an API request. If provided with no value or the value input, prints a sample "
    "input JSON that can be used as an argument for --cli-input-json. Similarly, if provided "
    "yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If "
    "provided with the value output, it validates the command inputs and returns a sample "
    "output JSON for that command."
)

# Runtime value-type constants (``runtime/_cli.py``) for each scalar kind.
_SCALAR_CONSTANTS: Mapping[Kind, str] = {
    Kind.STRING: "STRING",
    Kind.INTEGER: "INTEGER",
    Kind.LONG: "LONG",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.FLOAT: "FLOAT",
    Kind.DOUBLE: "DOUBLE",
    Kind.TIMESTAMP: "TIMESTAMP",
    Kind.BLOB: "BLOB",
    Kind.DOCUMENT: "DOCUMENT",
}
_COMPLEX_KINDS = frozenset({Kind.STRUCTURE, Kind.LIST, Kind.MAP})
SERVICE_HELP_CONSTANT = "_SERVICE_HELP"
# Runtime classes the generated module always uses.
_RUNTIME_CLASSES = frozenset({"CliOperation", "Field", "Option", "PreparedCall", "Structure"})

# botocore's ArgumentGenerator: the placeholder of a timestamp, printed as ISO 8601.
_SKELETON_TIMESTAMP = "1970-01-01T00:00:00"
_YAML_TIMESTAMP = "1970-01-01 00:00:00"
# The AWS CLI's YAML overview comment: the documentation up to the first "." or ":".
_SENTENCE_END = re.compile(r"[.:]+")
# html_to_text keeps a link's target as " (https://...)"; the AWS CLI's overview drops it.
_LINK_TARGET = re.compile(r" \([a-z][a-z0-9+.\-]*:[^\s()]*\)")
_YAML_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_YAML_RESERVED = frozenset({"true", "false", "null", "~"})


class ArgKind(enum.Enum):
    """How the command line reads an option's value."""

    SCALAR = "scalar"
    """One value, converted to the member's type."""
    BOOLEAN = "boolean"
    """``--flag`` / ``--no-flag``."""
    LIST = "list"
    """One or more values (or a JSON list), each read as the item type."""
    COMPLEX = "complex"
    """A structure or map: JSON, or the AWS CLI's shorthand syntax."""
    DOCUMENT = "document"
    """Any JSON value; shorthand does not apply."""


@attrs.frozen
class CliField:
    """A member of a structure's runtime value type."""

    wire_name: str
    type_expr: str
    required: bool
    sensitive: bool


@attrs.frozen
class CliStructure:
    """A structure's runtime value type, generated as a module constant."""

    constant: str
    fields: tuple[CliField, ...]


@attrs.frozen
class CliOption:
    """One ``--kebab-case`` option of an operation command, for one input member."""

    flag: str
    negated_flag: str | None
    """``--no-<name>`` for booleans, as the AWS CLI offers them."""
    wire_name: str
    kind: ArgKind
    type_expr: str
    required: bool


@attrs.frozen
class CliOperation:
    """An operation command."""

    name: str
    operation: Operation
    options: tuple[CliOption, ...]
    input_type: str
    """Constant naming the runtime value type of the whole input."""
    help_text: str
    input_skeleton: str
    """Python literal of the ``--generate-cli-skeleton input`` value."""
    yaml_skeleton: str
    """Text of ``--generate-cli-skeleton yaml-input``."""
    output_skeleton: str
    """Python literal of the response ``--generate-cli-skeleton output`` prints."""

    @property
    def prepare_function(self) -> str:
        """The generated function building the request: ``_prepare_update_user_pool_domain``."""
        return f"_prepare_{self.operation.method_name}"

    @property
    def help_constant(self) -> str:
        return _text_constants(self.operation)[0]

    @property
    def yaml_skeleton_constant(self) -> str:
        return _text_constants(self.operation)[1]

    @property
    def help_literal(self) -> str:
        return triple_quoted(self.help_text)

    @property
    def yaml_skeleton_literal(self) -> str:
        return triple_quoted(self.yaml_skeleton)


@attrs.frozen
class CliService:
    """Everything the ``cli`` template lays out."""

    prog: str
    help_text: str
    structures: tuple[CliStructure, ...]
    operations: tuple[CliOperation, ...]

    runtime_imports: tuple[str, ...]
    """Names the generated module imports from ``_cli``, in import order."""

    @property
    def request_classes(self) -> tuple[str, ...]:
        """The request models the generated module imports, sorted."""
        names = (op.operation.input.class_name for op in self.operations)
        return tuple(sorted(names, key=_import_order))

    @property
    def help_literal(self) -> str:
        return triple_quoted(self.help_text)

    @property
    def help_constant(self) -> str:
        return SERVICE_HELP_CONSTANT


def build_cli_model(service: Package) -> CliService:
    """Derive the command line of ``service`` from its IR."""
    shapes = {shape.class_name: shape for shape in service.structures}
    inputs = _input_shapes(service, shapes)
    structures = tuple(_structure(shape) for shape in inputs)
    constants = [s.constant for s in structures]
    constants += [name for op in service.operations for name in _text_constants(op)]
    if len(set(constants)) != len(constants) or SERVICE_HELP_CONSTANT in constants:
        raise ModelError("two values of the generated cli module map to the same constant name")
    value_types = {name for shape in inputs for m in shape.members for name in _value_types(m.type)}
    skeletons = _Skeletons(shapes)
    help_text = _HelpText(shapes)
    return CliService(
        prog=service.user_agent_name,
        help_text=help_text.service(service),
        structures=structures,
        operations=tuple(_operation(op, skeletons, help_text) for op in service.operations),
        runtime_imports=tuple(sorted(value_types | _RUNTIME_CLASSES, key=_import_order)),
    )


def _text_constants(op: Operation) -> tuple[str, str]:
    """The constants holding an operation's help and YAML skeleton (see ``CliOperation``)."""
    prefix = f"_{op.method_name.upper()}"
    return f"{prefix}_HELP", f"{prefix}_YAML_SKELETON"


def _import_order(name: str) -> tuple[bool, str, str]:
    """isort's order, as ruff applies it: constants first, then case-insensitively."""
    return (not name.isupper(), name.lower(), name)


def triple_quoted(text: str) -> str:
    """``text`` as a triple-quoted Python string literal, for the template."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'"""\\\n{escaped}"""'


def _innermost(ref: TypeRef) -> TypeRef:
    while ref.item is not None:
        ref = ref.item
    return ref


def type_name(ref: TypeRef) -> str:
    """The model's type name, as the AWS CLI's help shows it: ``string``, ``structure``, ..."""
    return str(ref.kind.value)


def _is_complex(ref: TypeRef) -> bool:
    return ref.kind in _COMPLEX_KINDS


# --- value types -------------------------------------------------------------------


def structure_constant(class_name: str) -> str:
    """``CustomDomainConfig`` -> ``_CUSTOM_DOMAIN_CONFIG``."""
    return f"_{naming.snake_case(class_name).upper()}"


def type_expr(ref: TypeRef) -> str:
    """The runtime value type of ``ref``, as a Python expression."""
    if ref.kind is Kind.STRUCTURE:
        assert ref.class_name is not None
        return structure_constant(ref.class_name)
    if ref.kind is Kind.LIST:
        assert ref.item is not None
        return f"ListOf({type_expr(ref.item)})"
    if ref.kind is Kind.MAP:
        assert ref.item is not None
        return f"MapOf({type_expr(ref.item)})"
    return _SCALAR_CONSTANTS[ref.kind]


def _value_types(ref: TypeRef) -> set[str]:
    """Runtime names ``type_expr(ref)`` uses, structure constants aside."""
    if ref.kind is Kind.STRUCTURE:
        return set()
    if ref.kind in (Kind.LIST, Kind.MAP):
        assert ref.item is not None
        return {"ListOf" if ref.kind is Kind.LIST else "MapOf"} | _value_types(ref.item)
    return {_SCALAR_CONSTANTS[ref.kind]}


def _input_shapes(service: Package, shapes: Mapping[str, Shape]) -> tuple[Shape, ...]:
    """The structures operation inputs reach, in the IR's order (each defined before use)."""
    reached: set[str] = set()
    for op in service.operations:
        _reach(op.input, shapes, reached)
    return tuple(
        shape for shape in _definition_order(service.structures) if shape.class_name in reached
    )


def _structure(shape: Shape) -> CliStructure:
    return CliStructure(
        constant=structure_constant(shape.class_name),
        fields=tuple(
            CliField(m.wire_name, type_expr(m.type), m.required, m.type.sensitive)
            for m in shape.members
        ),
    )


def _reach(shape: Shape, shapes: Mapping[str, Shape], reached: set[str]) -> None:
    if shape.class_name in reached:
        return
    reached.add(shape.class_name)
    for member in shape.members:
        class_name = _innermost(member.type).class_name
        if class_name is not None:
            _reach(shapes[class_name], shapes, reached)


# --- operations and their options -------------------------------------------------


def arg_kind(ref: TypeRef) -> ArgKind:
    """How the AWS CLI reads a top-level option of this type."""
    if ref.kind is Kind.BOOLEAN:
        return ArgKind.BOOLEAN
    if ref.kind is Kind.LIST:
        return ArgKind.LIST
    if ref.kind in (Kind.STRUCTURE, Kind.MAP):
        return ArgKind.COMPLEX
    if ref.kind is Kind.DOCUMENT:
        return ArgKind.DOCUMENT
    return ArgKind.SCALAR


def option_flag(wire_name: str) -> str:
    """``CustomDomainConfig`` -> ``--custom-domain-config``, as the AWS CLI names options."""
    return f"--{naming.kebab_case(wire_name)}"


def _option(member: Member, operation: str) -> CliOption:
    flag = option_flag(member.wire_name)
    kind = arg_kind(member.type)
    negated = f"--no-{flag[2:]}" if kind is ArgKind.BOOLEAN else None
    for name in (flag, negated):
        if name in GLOBAL_FLAGS | OPERATION_FLAGS:
            raise ModelError(
                f"{operation}.{member.wire_name}: option {name} collides with a built-in option"
            )
    return CliOption(flag, negated, member.wire_name, kind, type_expr(member.type), member.required)


def _operation(op: Operation, skeletons: _Skeletons, help_text: _HelpText) -> CliOperation:
    options = tuple(_option(m, op.name) for m in op.input.members)
    flags = [o.flag for o in options] + [o.negated_flag for o in options if o.negated_flag]
    if len(set(flags)) != len(flags):
        raise ModelError(f"{op.name}: two members map to the same option")
    output = skeletons.output(op.output) if op.output is not None else {}
    return CliOperation(
        name=op.cli_name,
        operation=op,
        options=options,
        input_type=structure_constant(op.input.class_name),
        help_text=help_text.operation(op, options),
        input_skeleton=repr(skeletons.input(op.input)),
        yaml_skeleton=skeletons.yaml_input(op.input),
        output_skeleton=repr(output),
    )


# --- skeletons -----------------------------------------------------------------------


class _Skeletons:
    """What ``--generate-cli-skeleton`` prints, as botocore's ArgumentGenerator builds it.

    Members come in model order, with placeholders by type: "" for strings (the
    member name in output skeletons), 0 for numbers, true for booleans, one
    element per list, a "KeyName" key per map, and an empty object where a
    structure recurses. For an enum the AWS CLI picks a random value; the first
    one is used here, so that the output is stable.
    """

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes

    def input(self, shape: Shape) -> dict[str, object]:
        return self._structure(shape, [], member_names=False)

    def output(self, shape: Shape) -> dict[str, object]:
        """The fake response of ``output``: strings hold their member's name."""
        return self._structure(shape, [], member_names=True)

    def yaml_input(self, shape: Shape) -> str:
        """``yaml-input``: the input skeleton, each member commented as the AWS CLI does."""
        lines = _YamlSkeleton(self._shapes).structure(shape, [], indent=0)
        return "\n".join(lines or ["{}"]) + "\n"

    def _structure(
        self, shape: Shape, stack: list[str], *, member_names: bool
    ) -> dict[str, object]:
        if shape.name in stack:
            return {}
        stack.append(shape.name)
        try:
            return {
                m.wire_name: self._value(m.type, stack, m.wire_name, member_names=member_names)
                for m in shape.members
            }
        finally:
            stack.pop()

    def _value(self, ref: TypeRef, stack: list[str], name: str, *, member_names: bool) -> object:
        if ref.kind is Kind.STRUCTURE:
            assert ref.class_name is not None
            shape = self._shapes[ref.class_name]
            return self._structure(shape, stack, member_names=member_names)
        if ref.kind is Kind.LIST:
            assert ref.item is not None
            item_name = ref.item.shape_name if member_names else ""
            return [self._value(ref.item, stack, item_name, member_names=member_names)]
        if ref.kind is Kind.MAP:
            assert ref.item is not None
            return {"KeyName": self._value(ref.item, stack, "", member_names=member_names)}
        return scalar_placeholder(ref, name if member_names else None)


def scalar_placeholder(ref: TypeRef, member_name: str | None = None) -> object:
    """A scalar's skeleton value; strings hold ``member_name`` when it is given."""
    if ref.kind is Kind.STRING:
        if member_name is not None:
            return member_name
        return ref.constraints.enum[0] if ref.constraints.enum else ""
    if ref.kind in (Kind.INTEGER, Kind.LONG):
        return 0
    if ref.kind in (Kind.FLOAT, Kind.DOUBLE):
        return 0.0
    if ref.kind is Kind.BOOLEAN:
        return True
    if ref.kind is Kind.TIMESTAMP:
        return _SKELETON_TIMESTAMP
    if ref.kind is Kind.DOCUMENT:
        return {}
    return None  # a blob: botocore has no placeholder


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

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes

    def structure(self, shape: Shape, stack: list[str], indent: int) -> list[str]:
        """Lines of a structure's mapping at ``indent``; none when the structure recurses."""
        if shape.name in stack:
            return []
        stack.append(shape.name)
        try:
            mapping = _YamlMapping(indent)
            for member in shape.members:
                value, nested = self._value(member.type, stack, indent)
                mapping.add(member.wire_name, value, self._comment(member), nested)
            return mapping.lines
        finally:
            stack.pop()

    @staticmethod
    def _comment(member: Member) -> str:
        parts = ["[REQUIRED]"] if member.required else []
        parts.append(yaml_overview(member.documentation))
        if member.type.kind is Kind.STRING and member.type.constraints.enum:
            parts.append(f"Valid values are: {', '.join(member.type.constraints.enum)}.")
        comment = " ".join(parts)
        return "" if comment.isspace() else comment

    def _value(self, ref: TypeRef, stack: list[str], indent: int) -> tuple[str | None, list[str]]:
        """A member's value: inline text, or None and the lines of its nested block."""
        if ref.kind is Kind.STRUCTURE:
            assert ref.class_name is not None
            lines = self.structure(self._shapes[ref.class_name], stack, indent + 2)
            return (None, lines) if lines else ("{}", [])
        if ref.kind is Kind.LIST:
            assert ref.item is not None
            return None, self._list_item(ref.item, stack, indent)
        if ref.kind is Kind.MAP:
            assert ref.item is not None
            value, nested = self._value(ref.item, stack, indent + 2)
            key = f"{' ' * (indent + 2)}KeyName:"
            return None, [key if value is None else f"{key} {value}", *nested]
        return self._scalar(ref), []

    def _list_item(self, ref: TypeRef, stack: list[str], indent: int) -> list[str]:
        """The one element of a list: a ``- `` item at the indentation of its key.

        A mapping item starts on the dash's line, as ruamel.yaml prints it.
        """
        dash = " " * indent + "- "
        value, nested = self._value(ref, stack, indent)
        if value is not None:
            return [dash + value, *nested]
        first, *rest = nested
        return [dash + first[indent + 2 :], *rest]

    @staticmethod
    def _scalar(ref: TypeRef) -> str:
        if ref.kind is Kind.BLOB:
            return "!!binary ''"
        if ref.kind is Kind.TIMESTAMP:
            return _YAML_TIMESTAMP
        value = scalar_placeholder(ref)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return yaml_scalar(value)
        return "{}" if isinstance(value, dict) else str(value)


# --- syntax examples -------------------------------------------------------------------


def supports_shorthand(ref: TypeRef) -> bool:
    """Structures, maps and lists of those take shorthand, unless they hold documents."""
    if _holds_document(ref):
        return False
    if ref.kind is Kind.LIST:
        assert ref.item is not None
        return _is_complex(ref.item)
    return ref.kind in (Kind.STRUCTURE, Kind.MAP)


def _holds_document(ref: TypeRef) -> bool:
    if ref.kind is Kind.DOCUMENT:
        return True
    return any(_holds_document(child) for child in (ref.item, ref.key) if child is not None)


class _TooComplexError(Exception):
    """Shorthand nests too deep to document; the AWS CLI then shows JSON only."""


class _ShorthandSyntax:
    """The "Shorthand Syntax" example of an option, as the AWS CLI's ParamShorthandDocGen."""

    _MAX_DEPTH = 3

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes

    def example(self, ref: TypeRef) -> str:
        """The example, or "" when shorthand does not apply or nests too deep."""
        if not supports_shorthand(ref):
            return ""
        try:
            if ref.kind is Kind.LIST:
                assert ref.item is not None
                return self._doc(ref.item, []) + " ..."
            return self._doc(ref, [])
        except _TooComplexError:
            return ""

    def _doc(self, ref: TypeRef, stack: list[str]) -> str:
        if len(stack) > self._MAX_DEPTH:
            raise _TooComplexError
        if ref.kind is Kind.STRUCTURE:
            return self._structure(ref, stack)
        if ref.kind is Kind.LIST:
            return self._list(ref, stack)
        if ref.kind is Kind.MAP:
            return self._map(ref, stack)
        return type_name(ref)

    def _structure(self, ref: TypeRef, stack: list[str]) -> str:
        assert ref.class_name is not None
        members = self._shapes[ref.class_name].members
        parts = [
            self._member(m.wire_name, m.type, stack) for m in members if not _holds_document(m.type)
        ]
        return ",".join(parts) if not stack else "{" + ",".join(parts) + "}"

    def _member(self, name: str, ref: TypeRef, stack: list[str]) -> str:
        if ref.shape_name in stack:
            return "( ... recursive ... )"
        stack.append(ref.shape_name)
        try:
            return f"{name}={self._doc(ref, stack)}"
        finally:
            stack.pop()

    def _list(self, ref: TypeRef, stack: list[str]) -> str:
        assert ref.item is not None
        element = self._nested(ref.item, stack)
        if _is_complex(ref.item) or len(stack) > 1:
            return f"[{element},{element}]"
        return f"{element},{element}"

    def _map(self, ref: TypeRef, stack: list[str]) -> str:
        assert ref.item is not None and ref.key is not None
        value = self._nested(ref.item, stack)
        text = f"KeyName1={value},KeyName2={value}"
        if stack:
            return "{" + text + "}"
        if ref.key.constraints.enum:
            names = "".join(f"  {name}\n" for name in ref.key.constraints.enum)
            text += f"\n\nWhere valid key names are:\n{names}"
        return text

    def _nested(self, ref: TypeRef, stack: list[str]) -> str:
        stack.append(ref.shape_name)
        try:
            return self._doc(ref, stack)
        finally:
            stack.pop()


def json_value_name(ref: TypeRef, *, include_enum: bool = True) -> str:
    """How a JSON example shows a scalar: ``"string"``, ``"A"|"B"``, ``true|false``, ..."""
    if ref.kind is Kind.STRING:
        if ref.constraints.enum and include_enum:
            return "|".join(f'"{value}"' for value in ref.constraints.enum)
        return '"string"'
    if ref.kind is Kind.BOOLEAN:
        return "true|false"
    return type_name(ref)


class _JsonSyntax:
    """The "JSON Syntax" example of an option, indented two spaces a level as the AWS CLI's."""

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes
        self._text: list[str] = []
        self._indent = 0

    def example(self, ref: TypeRef) -> str:
        self._text, self._indent = [], 0
        self._example(ref, [])
        return "".join(self._text)

    def _write(self, text: str) -> None:
        self._text.append(text)

    def _new_line(self) -> None:
        self._text.append("\n" + "  " * self._indent)

    def _example(self, ref: TypeRef, stack: list[str]) -> None:
        if stack.count(ref.shape_name) > 1:
            if ref.kind is Kind.STRUCTURE:
                self._write("{ ... recursive ... }")
            return
        stack.append(ref.shape_name)
        try:
            if ref.kind is Kind.LIST:
                self._list(ref, stack)
            elif ref.kind is Kind.MAP:
                self._map(ref, stack)
            elif ref.kind is Kind.DOCUMENT:
                self._write("{...}")
            elif ref.kind is Kind.STRUCTURE:
                self._structure(ref, stack)
        finally:
            stack.pop()

    def _list(self, ref: TypeRef, stack: list[str]) -> None:
        assert ref.item is not None
        self._write("[")
        if _is_complex(ref.item) or ref.item.kind is Kind.DOCUMENT:
            self._indent += 1
            self._new_line()
            self._example(ref.item, stack)
            self._new_line()
            self._write("...")
            self._indent -= 1
            self._new_line()
        else:
            self._write(f"{json_value_name(ref.item)}, ...")
        self._write("]")

    def _map(self, ref: TypeRef, stack: list[str]) -> None:
        assert ref.item is not None and ref.key is not None
        self._write("{")
        self._indent += 1
        self._write(f"{json_value_name(ref.key)}: ")
        if _is_complex(ref.item) or ref.item.kind is Kind.DOCUMENT:
            self._indent += 1
            self._example(ref.item, stack)
            self._indent -= 1
        else:
            self._write(json_value_name(ref.item))
        self._new_line()
        self._write("...")
        self._indent -= 1
        self._write("}")

    def _structure(self, ref: TypeRef, stack: list[str]) -> None:
        assert ref.class_name is not None
        members = self._shapes[ref.class_name].members
        self._write("{")
        self._indent += 1
        self._new_line()
        for i, member in enumerate(members):
            if _is_complex(member.type) or member.type.kind is Kind.DOCUMENT:
                self._write(f'"{member.wire_name}": ')
                self._example(member.type, stack)
            else:
                self._write(f'"{member.wire_name}": {json_value_name(member.type)}')
            if i < len(members) - 1:
                self._write(",")
                self._new_line()
        self._indent -= 1
        self._new_line()
        self._write("}")


# --- help text -------------------------------------------------------------------------


def _wrap(text: str, indent: str) -> list[str]:
    return docstring_lines(text, width=HELP_WIDTH, indent=indent, first_indent=indent)


def _indented(indent: str, lines: Sequence[str]) -> list[str]:
    return [f"{indent}{line}" for line in lines]


class _HelpText:
    """Help text laid out as the AWS CLI's rendered help, wrapped to ``HELP_WIDTH``."""

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self._shapes = shapes
        self._shorthand = _ShorthandSyntax(shapes)
        self._json = _JsonSyntax(shapes)

    def service(self, service: Package) -> str:
        lines = ["NAME", f"{_SECTION}{service.user_agent_name} -", "", "DESCRIPTION"]
        lines += _wrap(service.documentation or f"{service.service_id}.", _SECTION)
        lines += ["", "AVAILABLE COMMANDS"]
        lines += [f"{_SECTION}o {op.cli_name}" for op in service.operations]
        return _text(lines)

    def operation(self, op: Operation, options: Sequence[CliOption]) -> str:
        lines = ["NAME", f"{_SECTION}{op.cli_name} -", "", "DESCRIPTION"]
        lines += _wrap(op.documentation or f"{op.name}.", _SECTION)
        lines += ["", "SYNOPSIS", f"{' ' * 12}{op.cli_name}"]
        lines += [f"{_BODY}{_synopsis(option)}" for option in options]
        lines += [f"{_BODY}[--cli-input-json | --cli-input-yaml]"]
        lines += [f"{_BODY}[--generate-cli-skeleton <value>]", "", "OPTIONS"]
        for option, member in zip(options, op.input.members, strict=True):
            lines += [*self._option(option, member), ""]
        lines += [*_wrap(CLI_INPUT_HELP, _SECTION), ""]
        lines += [*_wrap(SKELETON_HELP, _SECTION), "", "OUTPUT"]
        output = op.output.members if op.output is not None else ()
        if not output:
            lines.append(f"{_SECTION}None")
        for m in output:
            lines += self._member(m.wire_name, m.type, m.documentation, [], len(_SECTION))
        return _text(lines)

    def _option(self, option: CliOption, member: Member) -> list[str]:
        flags = f"{option.flag} | {option.negated_flag}" if option.negated_flag else option.flag
        ref = member.type
        lines = [f"{_SECTION}{flags} ({type_name(ref)})"]
        lines += _wrap(member.documentation, _BODY) if member.documentation else []
        if ref.kind is Kind.STRING and ref.constraints.enum:
            lines += ["", f"{_BODY}Possible values:", ""]
            lines += [f"{_BODY}o {value}" for value in ref.constraints.enum]
        lines += self._nested(ref, [ref.shape_name], len(_BODY))
        return lines + self._syntax(ref)

    def _nested(self, ref: TypeRef, stack: list[str], indent: int) -> list[str]:
        """The members of a structure, the item of a list, the key and value of a map."""
        if ref.kind is Kind.STRUCTURE:
            assert ref.class_name is not None
            return [
                line
                for m in self._shapes[ref.class_name].members
                for line in self._member(m.wire_name, m.type, m.documentation, stack, indent)
            ]
        if ref.kind is Kind.LIST:
            assert ref.item is not None
            return self._member("", ref.item, "", stack, indent)
        if ref.kind is Kind.MAP:
            assert ref.key is not None and ref.item is not None
            key = self._member("key", ref.key, "", stack, indent)
            return key + self._member("value", ref.item, "", stack, indent)
        return []

    def _member(
        self, name: str, ref: TypeRef, doc: str, stack: list[str], indent: int
    ) -> list[str]:
        """``Name -> (type)``, its documentation and its own members."""
        if stack.count(ref.shape_name) > 1:
            return [f"{' ' * indent}( ... recursive ... )"] if ref.kind is Kind.STRUCTURE else []
        title = f"{name} -> ({type_name(ref)})" if name else f"({type_name(ref)})"
        lines = ["", f"{' ' * indent}{title}"]
        lines += _wrap(doc, " " * (indent + _NESTED_STEP)) if doc else []
        stack.append(ref.shape_name)
        try:
            return lines + self._nested(ref, stack, indent + _NESTED_STEP)
        finally:
            stack.pop()

    def _syntax(self, ref: TypeRef) -> list[str]:
        """The "Shorthand Syntax" and "JSON Syntax" (for lists of scalars, "Syntax") examples."""
        lines: list[str] = []
        shorthand = self._shorthand.example(ref)
        if shorthand:
            lines += ["", f"{_SECTION}Shorthand Syntax:", ""]
            lines += _indented(_BODY, shorthand.splitlines())
        if ref.kind is Kind.LIST and ref.item is not None and not _is_complex(ref.item):
            example = json_value_name(ref.item, include_enum=False)
            lines += ["", f"{_SECTION}Syntax:", "", f"{_BODY}{example} {example} ..."]
            if ref.item.constraints.enum:
                lines += ["", f"{_BODY}Where valid values are:"]
                lines += _indented(f"{_BODY}  ", ref.item.constraints.enum)
        elif _is_complex(ref) or ref.kind is Kind.DOCUMENT:
            lines += ["", f"{_SECTION}JSON Syntax:", ""]
            lines += _indented(_BODY, self._json.example(ref).splitlines())
        return lines


def _synopsis(option: CliOption) -> str:
    if option.negated_flag is not None:
        usage = f"{option.flag} | {option.negated_flag}"
    else:
        usage = f"{option.flag} <value>"
    return usage if option.required else f"[{usage}]"


def _text(lines: Sequence[str]) -> str:
    """Lines joined, without trailing spaces, ending in one newline."""
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def _definition_order(structures: Sequence[Shape]) -> list[Shape]:
    """``structures`` with each one after the structures its members hold."""
    by_class = {s.class_name: s for s in structures}
    ordered: list[Shape] = []
    placed: set[str] = set()

    def place(shape: Shape) -> None:
        if shape.class_name in placed:
            return
        placed.add(shape.class_name)
        for member in shape.members:
            inner = member.type.innermost.class_name
            if inner is not None:
                place(by_class[inner])
        ordered.append(shape)

    for shape in structures:
        place(shape)
    return ordered
