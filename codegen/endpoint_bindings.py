"""What each operation feeds the endpoint rule set, read from the service model.

botocore fills a rule-set parameter from, in this order (``EndpointRulesetResolver.
_get_provider_params``): the operation's ``staticContextParams``, an input member
marked ``contextParam``, the operation's ``operationContextParams`` (a JMESPath
expression over the input), a client context parameter, then a built-in. The
operation's ``endpoint.hostPrefix`` is put in front of the resolved host.

This module reads those traits (``service_bindings``) and compiles the JMESPath
subset the models use into plain Python over the wire-named input
(``compile_path``): field chains, ``keys(...)``, ``[*]`` projections,
multi-select lists and ``[]`` flattening. Anything else raises
``EndpointCompileError`` naming the expression.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs


class EndpointCompileError(Exception):
    """The rule set or the partition data needs something this compiler does not support."""


@attrs.frozen
class OperationBindings:
    """One operation's sources of rule-set parameters, and its host prefix."""

    operation: str
    static: tuple[tuple[str, str | bool], ...] = ()
    """(parameter, value) from ``staticContextParams``."""
    members: tuple[tuple[str, str], ...] = ()
    """(parameter, input member) from ``contextParam`` traits."""
    paths: tuple[tuple[str, str], ...] = ()
    """(parameter, JMESPath expression) from ``operationContextParams``."""
    host_prefix: str | None = None
    """``endpoint.hostPrefix``, e.g. ``"sync-"`` or ``"{AccountId}."``."""


@attrs.frozen
class ClientContextParameter:
    """A ``clientContextParams`` entry: a client option named after it."""

    name: str
    type: str
    """``string`` or ``boolean``."""
    documentation: str


@attrs.frozen
class ServiceBindings:
    operations: tuple[OperationBindings, ...] = ()
    client_context: tuple[ClientContextParameter, ...] = ()


def service_bindings(model: Mapping[str, Any], operations: Sequence[str]) -> ServiceBindings:
    """The endpoint bindings of ``operations`` in the service ``model`` (service-2.json)."""
    shapes: Mapping[str, Any] = model.get("shapes", {})
    found: list[OperationBindings] = []
    for name in sorted(operations):
        operation = model["operations"][name]
        input_name = operation.get("input", {}).get("shape")
        members: Mapping[str, Any] = shapes.get(input_name, {}).get("members", {})
        static = tuple(
            (param, _static_value(name, param, spec["value"]))
            for param, spec in operation.get("staticContextParams", {}).items()
        )
        bindings = OperationBindings(
            operation=name,
            static=static,
            members=tuple(
                (member["contextParam"]["name"], member_name)
                for member_name, member in members.items()
                if "contextParam" in member
            ),
            paths=tuple(
                (param, spec["path"])
                for param, spec in operation.get("operationContextParams", {}).items()
            ),
            host_prefix=operation.get("endpoint", {}).get("hostPrefix"),
        )
        if bindings != OperationBindings(operation=name):
            found.append(bindings)
    client_context = tuple(
        ClientContextParameter(param, spec["type"].lower(), spec.get("documentation", ""))
        for param, spec in sorted(model.get("clientContextParams", {}).items())
    )
    return ServiceBindings(tuple(found), client_context)


def _static_value(operation: str, param: str, value: object) -> str | bool:
    if not isinstance(value, str | bool):
        raise EndpointCompileError(
            f"{operation}: staticContextParams {param} = {value!r} is not a string or boolean"
        )
    return value


# --- JMESPath, the subset operationContextParams use ------------------------------

_TOKEN = re.compile(r"\s*(\[\*\]|\[\]|[A-Za-z_][A-Za-z0-9_]*|[.,()\[\]])")


class _PathCompiler:
    """Recursive descent over the tokens of one expression.

    Every compiled expression reads the variable ``current`` names (``params``
    at the top, the lambda's argument inside a projection) and yields ``object``.
    """

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = self._tokenize(expression)
        self.position = 0
        self.depth = 0

    def _tokenize(self, expression: str) -> list[str]:
        tokens: list[str] = []
        position = 0
        while position < len(expression.rstrip()):
            match = _TOKEN.match(expression, position)
            if match is None:
                raise self._error(f"unexpected {expression[position:]!r}")
            tokens.append(match.group(1))
            position = match.end()
        return tokens

    def _error(self, why: str) -> EndpointCompileError:
        return EndpointCompileError(
            f"operationContextParams path {self.expression!r}: {why}; the generator compiles "
            "field chains, keys(...), [*] projections, [a, b] multi-selects and [] flattening"
        )

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise self._error(f"expected {expected or 'more'} at token {self.position}")
        self.position += 1
        return token

    def compile(self) -> str:
        code = self._expression("params")
        if self._peek() is not None:
            raise self._error(f"unexpected {self._peek()!r}")
        return code

    def _expression(self, current: str) -> str:
        """A chain of steps applied left to right to ``current``."""
        code = self._first_step(current)
        while (token := self._peek()) in (".", "[*]", "[]"):
            if token == ".":
                self._take(".")
                code = self._step_after_dot(code)
            elif token == "[*]":
                self._take("[*]")
                code = self._projection(code)
            else:
                self._take("[]")
                code = f"flatten({code})"
                if self._peek() is not None and self._peek() not in (",", "]", ")"):
                    raise self._error("a step after [] (a projection of the flattened list)")
        return code

    def _first_step(self, current: str) -> str:
        token = self._peek()
        if token == "[":
            return self._multi_select(current)
        name = self._take()
        if not name.isidentifier():
            raise self._error(f"unexpected {name!r}")
        if name == "keys" and self._peek() == "(":
            self._take("(")
            inner = self._expression(current)
            self._take(")")
            return f"keys_of({inner})"
        return self._fields(current, name)

    def _step_after_dot(self, code: str) -> str:
        if self._peek() == "[":
            return self._multi_select(code)
        return self._fields(code, self._take())

    def _fields(self, current: str, first: str) -> str:
        names = [first]
        while self._peek() == "." and self._next_is_name():
            self._take(".")
            names.append(self._take())
        arguments = ", ".join(json.dumps(name) for name in names)
        return f"member_path({current}, {arguments})"

    def _next_is_name(self) -> bool:
        following = self.tokens[self.position + 1 : self.position + 2]
        return bool(following) and following[0].isidentifier()

    def _projection(self, code: str) -> str:
        # Everything up to the end (or a flatten) applies to each item: a lambda.
        self.depth += 1
        item = f"item{self.depth}" if self.depth > 1 else "item"
        if self._peek() == ".":
            self._take(".")
            body = self._step_after_dot(item)
            while self._peek() == ".":
                self._take(".")
                body = self._step_after_dot(body)
        else:
            body = item
        self.depth -= 1
        return f"project({code}, lambda {item}: {body})"

    def _multi_select(self, current: str) -> str:
        self._take("[")
        parts = [self._expression(current)]
        while self._peek() == ",":
            self._take(",")
            parts.append(self._expression(current))
        self._take("]")
        return f"multi_select({current}, [{', '.join(parts)}])"


def compile_path(expression: str) -> tuple[str, frozenset[str]]:
    """Python over ``params`` for a JMESPath ``expression``, and the helpers it calls."""
    code = _PathCompiler(expression).compile()
    helpers = {"member_path", "keys_of", "project", "flatten", "multi_select"}
    return code, frozenset(name for name in helpers if f"{name}(" in code)
