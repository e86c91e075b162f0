"""What an option's value looks like: type names and the Shorthand and JSON syntax examples.

As the AWS CLI's ``ParamShorthandDocGen`` and its JSON examples, built from
the schema when help is asked for. Both guard against structures that
contain themselves.
"""

from __future__ import annotations

from .._schema import ListOf, MapOf, Scalar, Schema, Structure


def type_name(schema: Schema) -> str:
    """The model's type name, as the AWS CLI's help shows it: ``string``, ``structure``, ..."""
    if isinstance(schema, Scalar):
        return schema.kind
    if isinstance(schema, ListOf):
        return "list"
    return "map" if isinstance(schema, MapOf) else "structure"


def is_complex(schema: Schema) -> bool:
    return not isinstance(schema, Scalar)


def is_document(schema: Schema) -> bool:
    return isinstance(schema, Scalar) and schema.kind == "document"


def holds_document(schema: Schema) -> bool:
    """Whether ``schema`` is a document or a list or map of documents (not through structures)."""
    if isinstance(schema, ListOf):
        return holds_document(schema.item)
    if isinstance(schema, MapOf):
        return holds_document(schema.value)
    return is_document(schema)


def supports_shorthand(schema: Schema) -> bool:
    """Structures, maps and lists of complex values take shorthand, unless they hold documents."""
    if holds_document(schema):
        return False
    if isinstance(schema, ListOf):
        return is_complex(schema.item)
    return isinstance(schema, Structure | MapOf)


class _TooComplexError(Exception):
    """Shorthand nests too deep to document; the AWS CLI then shows JSON only."""


class _ShorthandSyntax:
    """The "Shorthand Syntax" example of an option."""

    _MAX_DEPTH = 3

    def example(self, schema: Schema) -> str:
        """The example, or "" when shorthand does not apply or nests too deep."""
        if not supports_shorthand(schema):
            return ""
        try:
            if isinstance(schema, ListOf):
                return self._doc(schema.item, []) + " ..."
            return self._doc(schema, [])
        except _TooComplexError:
            return ""

    def _doc(self, schema: Schema, stack: list[str]) -> str:
        if len(stack) > self._MAX_DEPTH:
            raise _TooComplexError
        if isinstance(schema, Structure):
            return self._structure(schema, stack)
        if isinstance(schema, ListOf):
            return self._list(schema, stack)
        if isinstance(schema, MapOf):
            return self._map(schema, stack)
        return type_name(schema)

    def _structure(self, schema: Structure, stack: list[str]) -> str:
        parts = [
            self._member(m.wire_name, m.target, stack)
            for m in schema.members
            if not holds_document(m.target)
        ]
        return ",".join(parts) if not stack else "{" + ",".join(parts) + "}"

    def _member(self, name: str, schema: Schema, stack: list[str]) -> str:
        if schema.name in stack:
            return "( ... recursive ... )"
        stack.append(schema.name)
        try:
            return f"{name}={self._doc(schema, stack)}"
        finally:
            stack.pop()

    def _list(self, schema: ListOf, stack: list[str]) -> str:
        element = self._nested(schema.item, stack)
        if is_complex(schema.item) or len(stack) > 1:
            return f"[{element},{element}]"
        return f"{element},{element}"

    def _map(self, schema: MapOf, stack: list[str]) -> str:
        value = self._nested(schema.value, stack)
        text = f"KeyName1={value},KeyName2={value}"
        if stack:
            return "{" + text + "}"
        if schema.key.enum:
            names = "".join(f"  {name}\n" for name in schema.key.enum)
            text += f"\n\nWhere valid key names are:\n{names}"
        return text

    def _nested(self, schema: Schema, stack: list[str]) -> str:
        stack.append(schema.name)
        try:
            return self._doc(schema, stack)
        finally:
            stack.pop()


def shorthand_example(schema: Schema) -> str:
    """The "Shorthand Syntax" example, or "" when shorthand does not apply."""
    return _ShorthandSyntax().example(schema)


def json_value_name(schema: Schema, *, include_enum: bool = True) -> str:
    """How a JSON example shows a scalar: ``"string"``, ``"A"|"B"``, ``true|false``, ..."""
    if isinstance(schema, Scalar) and schema.kind == "string":
        if schema.enum and include_enum:
            return "|".join(f'"{value}"' for value in schema.enum)
        return '"string"'
    if isinstance(schema, Scalar) and schema.kind == "boolean":
        return "true|false"
    return type_name(schema)


class _JsonSyntax:
    """The "JSON Syntax" example of an option, indented two spaces a level."""

    def __init__(self) -> None:
        self._text: list[str] = []
        self._indent = 0

    def example(self, schema: Schema) -> str:
        self._example(schema, [])
        return "".join(self._text)

    def _write(self, text: str) -> None:
        self._text.append(text)

    def _new_line(self) -> None:
        self._text.append("\n" + "  " * self._indent)

    def _example(self, schema: Schema, stack: list[str]) -> None:
        if stack.count(schema.name) > 1:
            if isinstance(schema, Structure):
                self._write("{ ... recursive ... }")
            return
        stack.append(schema.name)
        try:
            if isinstance(schema, ListOf):
                self._list(schema, stack)
            elif isinstance(schema, MapOf):
                self._map(schema, stack)
            elif isinstance(schema, Structure):
                self._structure(schema, stack)
            elif is_document(schema):
                self._write("{...}")
        finally:
            stack.pop()

    def _list(self, schema: ListOf, stack: list[str]) -> None:
        self._write("[")
        if is_complex(schema.item) or is_document(schema.item):
            self._indent += 1
            self._new_line()
            self._example(schema.item, stack)
            self._new_line()
            self._write("...")
            self._indent -= 1
            self._new_line()
        else:
            self._write(f"{json_value_name(schema.item)}, ...")
        self._write("]")

    def _map(self, schema: MapOf, stack: list[str]) -> None:
        self._write("{")
        self._indent += 1
        self._write(f"{json_value_name(schema.key)}: ")
        if is_complex(schema.value) or is_document(schema.value):
            self._indent += 1
            self._example(schema.value, stack)
            self._indent -= 1
        else:
            self._write(json_value_name(schema.value))
        self._new_line()
        self._write("...")
        self._indent -= 1
        self._write("}")

    def _structure(self, schema: Structure, stack: list[str]) -> None:
        members = schema.members
        self._write("{")
        self._indent += 1
        self._new_line()
        for i, member in enumerate(members):
            target = member.target
            if is_complex(target) or is_document(target):
                self._write(f'"{member.wire_name}": ')
                self._example(target, stack)
            else:
                self._write(f'"{member.wire_name}": {json_value_name(target)}')
            if i < len(members) - 1:
                self._write(",")
                self._new_line()
        self._indent -= 1
        self._new_line()
        self._write("}")


def json_example(schema: Schema) -> str:
    """The "JSON Syntax" example of a structure, list, map or document."""
    return _JsonSyntax().example(schema)
