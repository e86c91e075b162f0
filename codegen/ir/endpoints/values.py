"""Values of the compiled rules: their static types, and Python literals.

A rule-set value compiles to an ``Expr``: Python source plus its ``ValueType``
(optional when it may be None) and, for a literal, its value, so that the rule
compiler can fold constant conditions and check every function's argument
types at generation time.
"""

from __future__ import annotations

import json

import attrs

INDENT = "    "

_NEGATED_OPERATOR = {"==": "!=", "!=": "==", "is": "is not", "is not": "is"}


@attrs.frozen
class ValueType:
    """The static type of a value in the generated code."""

    name: str
    """Python annotation of the value when it is set."""
    optional: bool = False
    """Whether the value may be None (an unset parameter)."""

    @property
    def annotation(self) -> str:
        return f"{self.name} | None" if self.optional else self.name

    def when_set(self) -> ValueType:
        return attrs.evolve(self, optional=False)


STRING = ValueType("str")
BOOLEAN = ValueType("bool")
INTEGER = ValueType("int")
STRING_ARRAY = ValueType("list[str]")
PARTITION = ValueType("_Partition")
ARN = ValueType("Arn")
URL = ValueType("Url")


@attrs.frozen
class Expr:
    """A compiled rule-set value: Python source plus what the compiler knows about it."""

    code: str
    type: ValueType
    atomic: bool = True
    """False for comparisons and ``not``, which need parentheses as operands."""
    constant: str | bool | int | None = None
    """The value, when it is a literal known at generation time."""
    negation: Expr | None = None
    """The natural spelling of ``not`` this (``a != b`` for ``a == b``), if any."""
    equality: tuple[str, str, bool] | None = None
    """``(code, literal, equal)`` for a comparison of ``code`` with a string literal."""


NONE_EXPR = Expr("None", ValueType("None"))


def literal_expr(value: str | bool | int) -> Expr:
    if isinstance(value, bool):
        return Expr(repr(value), BOOLEAN, constant=value)
    if isinstance(value, int):
        return Expr(repr(value), INTEGER, constant=value)
    return Expr(string_literal(value), STRING, constant=value)


def operand(expr: Expr) -> str:
    return expr.code if expr.atomic else f"({expr.code})"


def compare(left: Expr, operator: str, right: Expr) -> Expr:
    def spelled(op: str) -> str:
        return f"{operand(left)} {op} {operand(right)}"

    negation = Expr(spelled(_NEGATED_OPERATOR[operator]), BOOLEAN, atomic=False)
    return Expr(spelled(operator), BOOLEAN, atomic=False, negation=negation)


def negate(expr: Expr) -> Expr:
    if expr.constant is not None:
        return literal_expr(not expr.constant)
    if expr.negation is not None:
        return attrs.evolve(expr.negation, negation=expr)
    return Expr(f"not {operand(expr)}", BOOLEAN, atomic=False, negation=expr)


def string_literal(text: str) -> str:
    # JSON string syntax is valid Python and already uses the double quotes ruff wants.
    return json.dumps(text, ensure_ascii=False)


def regex_literal(pattern: str) -> str:
    if '"' in pattern or "\n" in pattern or pattern.endswith("\\"):
        return string_literal(pattern)
    return f'r"{pattern}"'


def python_value(value: str | bool | None) -> str:
    return string_literal(value) if isinstance(value, str) else repr(value)
