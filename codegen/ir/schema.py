"""The generated ``_schemas`` table: one constant per shape, the facts every consumer reads.

Validation, the command line (option types, parameter checks, skeletons,
help) and secret redaction all read this one table. Each entry is decided
here as a Python expression; the template only lays the entries out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import attrs

from .shapes import Constraints, Kind, ShapeTable, Structure, TypeRef


@attrs.frozen
class SchemaEntry:
    """``constant: Final = expression``."""

    constant: str
    expression: str


@attrs.frozen
class StructureDefinition:
    """``CONSTANT.define(member, ...)``: phase two, once every shape is declared."""

    constant: str
    members: tuple[str, ...]
    """One ``Member(...)`` expression per member, in model order."""


@attrs.frozen
class SchemaTable:
    scalars: tuple[SchemaEntry, ...]
    structures: tuple[SchemaEntry, ...]
    """Declarations: structures without their members."""
    containers: tuple[SchemaEntry, ...]
    """Lists and maps, each after the lists and maps it holds."""
    definitions: tuple[StructureDefinition, ...]
    """The structures without a model class (an error's member), defined by the table."""
    model_definitions: Mapping[str, StructureDefinition]
    """By constant, the structures with a model class: their module defines them, with
    the constants named through ``_schemas.``, so that a process compiles the member
    lists of the models it imports only."""
    runtime_imports: tuple[str, ...]
    """Names the module imports from ``_schema``."""


def build_schema_table(
    table: ShapeTable, shape_names: Sequence[str], modelled: Collection[str] = ()
) -> SchemaTable:
    """The entries of ``shape_names`` (a closure: every shape they refer to is included).

    ``modelled``: the structures with a model class, whose modules define their members.
    """
    refs = [table.type_ref(name) for name in sorted(shape_names)]
    scalars = [_scalar(ref) for ref in refs if ref.kind not in _NON_SCALAR]
    structures = [ref for ref in refs if ref.kind is Kind.STRUCTURE]
    containers: list[SchemaEntry] = []
    placed: set[str] = set()
    for ref in refs:
        _place_container(ref, containers, placed)
    definitions = [
        StructureDefinition(ref.schema_constant, _members(table, ref.shape_name))
        for ref in structures
        if ref.shape_name not in modelled
    ]
    model_definitions = {
        ref.schema_constant: StructureDefinition(
            ref.schema_constant, _members(table, ref.shape_name, prefix="_schemas.")
        )
        for ref in structures
        if ref.shape_name in modelled
    }
    used = {"Structure"} if structures else set[str]()
    used |= {"Member"} if any(d.members for d in definitions) else set()
    used |= {"Scalar"} if scalars else set()
    used |= {"ListOf"} if any(r.kind is Kind.LIST for r in refs) else set()
    used |= {"MapOf"} if any(r.kind is Kind.MAP for r in refs) else set()
    return SchemaTable(
        scalars=tuple(scalars),
        structures=tuple(
            _declaration(ref, table.structure(ref.shape_name), ref.shape_name in modelled)
            for ref in structures
        ),
        containers=tuple(containers),
        definitions=tuple(definitions),
        model_definitions=model_definitions,
        runtime_imports=tuple(sorted(used)),
    )


_NON_SCALAR = frozenset({Kind.STRUCTURE, Kind.LIST, Kind.MAP})


def _bounds(constraints: Constraints) -> list[str]:
    bounds: list[str] = []
    if constraints.min is not None:
        bounds.append(f"min={constraints.min!r}")
    if constraints.max is not None:
        bounds.append(f"max={constraints.max!r}")
    return bounds


def _string_literal(text: str) -> str:
    """A raw string literal where one can hold ``text`` (patterns read best raw)."""
    if "\\" in text and '"' not in text and "\n" not in text and not text.endswith("\\"):
        return f'r"{text}"'
    return repr(text)


def _call(name: str, arguments: Sequence[str]) -> str:
    return f"{name}({', '.join(arguments)})"


def _scalar(ref: TypeRef) -> SchemaEntry:
    c = ref.constraints
    options = _bounds(c)
    pattern = c.checkable_pattern
    if ref.kind is Kind.STRING and pattern is not None:
        options.append(f"pattern={_string_literal(pattern)}")
    if ref.kind is Kind.STRING and c.enum:
        options.append(f"enum={c.enum!r}")
    if ref.sensitive:
        options.append("sensitive=True")
    arguments = [repr(ref.shape_name), repr(ref.kind.value), *options]
    return SchemaEntry(ref.schema_constant, _call("Scalar", arguments))


def _declaration(ref: TypeRef, structure: Structure, modelled: bool) -> SchemaEntry:
    assert ref.class_name is not None
    arguments = [repr(ref.shape_name), repr(ref.class_name)]
    if ref.sensitive:
        arguments.append("sensitive=True")
    if structure.union:
        arguments.append("union=True")
    if modelled:
        arguments.append(f"module={structure.module!r}")
    return SchemaEntry(ref.schema_constant, _call("Structure", arguments))


def _place_container(ref: TypeRef, out: list[SchemaEntry], placed: set[str]) -> None:
    """Append the list or map ``ref`` after the lists and maps it holds."""
    if ref.kind not in (Kind.LIST, Kind.MAP) or ref.shape_name in placed:
        return
    placed.add(ref.shape_name)
    assert ref.item is not None
    for child in (ref.key, ref.item):
        if child is not None:
            _place_container(child, out, placed)
    options = _bounds(ref.constraints) + (["sensitive=True"] if ref.sensitive else [])
    if ref.kind is Kind.LIST:
        arguments = [repr(ref.shape_name), ref.item.schema_constant, *options]
        expression = _call("ListOf", arguments)
    else:
        assert ref.key is not None
        arguments = [repr(ref.shape_name), ref.key.schema_constant, ref.item.schema_constant]
        expression = _call("MapOf", arguments + options)
    out.append(SchemaEntry(ref.schema_constant, expression))


def _members(table: ShapeTable, shape_name: str, prefix: str = "") -> tuple[str, ...]:
    return tuple(
        _call(
            "Member",
            [repr(m.wire_name), repr(m.python_name), prefix + m.type.schema_constant]
            + (["required=True"] if m.required else []),
        )
        for m in table.structure(shape_name).members
    )
