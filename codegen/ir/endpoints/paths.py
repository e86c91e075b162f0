"""JMESPath, the subset ``operationContextParams`` use, compiled into Python.

``compile_path`` turns an expression into plain Python over the wire-named
input: field chains, ``keys(...)``, ``[*]`` projections, multi-select lists and
``[]`` flattening. Anything else raises ``EndpointCompileError`` naming the
expression. The helpers the code calls are in the runtime's ``_rules_extra.py``.
"""

from __future__ import annotations

import json
import re

from .errors import EndpointCompileError

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
