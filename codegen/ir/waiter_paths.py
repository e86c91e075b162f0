"""The JMESPath of waiter acceptors, compiled into plain Python at generation time.

botocore evaluates each ``path``/``pathAll``/``pathAny`` acceptor's
``argument`` with the ``jmespath`` package over the parsed response. The
generated packages have no such dependency: this module parses an expression
as ``jmespath``'s own Pratt parser does (same binding powers, so the same
tree) and writes it as one Python expression over ``response`` that calls the
helpers of the runtime's ``_waiter.py`` (``field``, ``project``, ``compare``,
...), which follow ``jmespath``'s ``TreeInterpreter`` rule for rule.

The subset is what waiters use: fields (plain and quoted), ``@``, ``a.b``,
``[n]``, ``[]`` flattening, ``[*]`` and ``[?filter]`` projections,
comparisons, ``&&``, ``||``, ``!``, parentheses, JSON and raw string literals
and the ``length()`` function. Anything else raises ``WaiterPathError``
naming the expression, and the waiter is left out of the package.
"""

from __future__ import annotations

import json
import re
from typing import cast

import attrs


class WaiterPathError(Exception):
    """An acceptor's expression uses JMESPath this compiler does not support."""


HELPERS = (
    "both",
    "compare",
    "either",
    "field",
    "flatten",
    "index",
    "length",
    "negate",
    "project",
    "select",
)
"""The runtime functions compiled expressions may call."""

# jmespath's binding powers (parser.Parser.BINDING_POWER), for the tokens of the subset.
_BINDING_POWER = {
    "eof": 0,
    "unquoted_identifier": 0,
    "quoted_identifier": 0,
    "literal": 0,
    "rbracket": 0,
    "rparen": 0,
    "comma": 0,
    "number": 0,
    "current": 0,
    "or": 2,
    "and": 3,
    "eq": 5,
    "gt": 5,
    "lt": 5,
    "gte": 5,
    "lte": 5,
    "ne": 5,
    "flatten": 9,
    "star": 20,
    "filter": 21,
    "dot": 40,
    "not": 45,
    "lbracket": 55,
    "lparen": 60,
}
_PROJECTION_STOP = 10
_COMPARATORS = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_FUNCTIONS = {"length": 1}

_SIMPLE_TOKENS = [
    ("[?", "filter"),
    ("[]", "flatten"),
    ("==", "eq"),
    ("!=", "ne"),
    (">=", "gte"),
    ("<=", "lte"),
    ("&&", "and"),
    ("||", "or"),
    (">", "gt"),
    ("<", "lt"),
    ("!", "not"),
    (".", "dot"),
    ("[", "lbracket"),
    ("]", "rbracket"),
    ("(", "lparen"),
    (")", "rparen"),
    (",", "comma"),
    ("*", "star"),
    ("@", "current"),
]
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"-?[0-9]+")


@attrs.frozen
class Token:
    type: str
    value: object = None


@attrs.frozen
class Node:
    """One node of the expression tree, as ``jmespath.ast`` builds it."""

    type: str
    children: tuple[Node, ...] = ()
    value: object = None


_IDENTITY = Node("identity")


def tokenize(expression: str) -> list[Token]:
    """The tokens of ``expression``, as ``jmespath.lexer.Lexer`` yields them."""
    tokens: list[Token] = []
    position = 0
    while position < len(expression):
        char = expression[position]
        if char.isspace():
            position += 1
            continue
        if match := _IDENTIFIER.match(expression, position):
            tokens.append(Token("unquoted_identifier", match.group()))
            position = match.end()
            continue
        if match := _NUMBER.match(expression, position):
            tokens.append(Token("number", int(match.group())))
            position = match.end()
            continue
        if char in "`'\"":
            end = _closing(expression, position, char)
            body = expression[position + 1 : end]
            position = end + 1
            if char == "'":
                tokens.append(Token("literal", body.replace("\\'", "'")))
            elif char == '"':
                tokens.append(Token("quoted_identifier", json.loads(f'"{body}"')))
            else:
                tokens.append(Token("literal", _json_literal(body.replace("\\`", "`"))))
            continue
        for text, kind in _SIMPLE_TOKENS:
            if expression.startswith(text, position):
                tokens.append(Token(kind))
                position += len(text)
                break
        else:
            raise WaiterPathError(f"unexpected {expression[position:]!r}")
    tokens.append(Token("eof"))
    return tokens


def _closing(expression: str, start: int, quote: str) -> int:
    position = start + 1
    while position < len(expression):
        if expression[position] == "\\":
            position += 2
            continue
        if expression[position] == quote:
            return position
        position += 1
    raise WaiterPathError(f"unclosed {quote} at {start}")


def _json_literal(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise WaiterPathError(f"literal `{text}` is not JSON") from exc


class _Parser:
    """``jmespath.parser.Parser`` for the subset: nud/led functions by token type."""

    def __init__(self, expression: str) -> None:
        self.tokens = tokenize(expression)
        self.index = 0

    def parse(self) -> Node:
        node = self.expression(0)
        if self.current != "eof":
            raise WaiterPathError(f"unexpected {self.current} at token {self.index}")
        return node

    @property
    def current(self) -> str:
        return self.tokens[self.index].type

    def lookahead(self, offset: int) -> str:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)].type

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def match(self, kind: str) -> None:
        if self.current != kind:
            raise WaiterPathError(f"expected {kind}, found {self.current} at token {self.index}")
        self.advance()

    def expression(self, binding_power: int) -> Node:
        left = self.nud(self.advance())
        while binding_power < _BINDING_POWER.get(self.current, 0):
            left = self.led(self.advance().type, left)
        return left

    def nud(self, token: Token) -> Node:
        kind = token.type
        if kind == "literal":
            return Node("literal", value=token.value)
        if kind in ("unquoted_identifier", "quoted_identifier"):
            if kind == "quoted_identifier" and self.current == "lparen":
                raise WaiterPathError("a quoted identifier cannot name a function")
            return Node("field", value=token.value)
        if kind == "current":
            return Node("current")
        if kind == "lparen":
            inner = self.expression(0)
            self.match("rparen")
            return inner
        if kind == "not":
            return Node("not", (self.expression(_BINDING_POWER["not"]),))
        if kind == "flatten":
            left = Node("flatten", (_IDENTITY,))
            return Node("projection", (left, self.projection_rhs(_BINDING_POWER["flatten"])))
        if kind == "filter":
            return self.led("filter", _IDENTITY)
        if kind == "lbracket":
            if self.current == "number":
                return Node("index_expression", (_IDENTITY, self.index_node()))
            if self.current == "star" and self.lookahead(1) == "rbracket":
                self.advance()
                self.advance()
                right = self.projection_rhs(_BINDING_POWER["star"])
                return Node("projection", (_IDENTITY, right))
        raise WaiterPathError(f"unsupported {kind} at token {self.index - 1}")

    def led(self, kind: str, left: Node) -> Node:
        if kind == "dot":
            if self.current == "star":
                raise WaiterPathError("value projections (.*) are not supported")
            right = self.dot_rhs(_BINDING_POWER["dot"])
            if left.type == "subexpression":
                return Node("subexpression", (*left.children, right))
            return Node("subexpression", (left, right))
        if kind in ("or", "and"):
            return Node(kind, (left, self.expression(_BINDING_POWER[kind])))
        if kind in _COMPARATORS:
            right = self.expression(_BINDING_POWER[kind])
            return Node("comparator", (left, right), _COMPARATORS[kind])
        if kind == "flatten":
            flat = Node("flatten", (left,))
            return Node("projection", (flat, self.projection_rhs(_BINDING_POWER["flatten"])))
        if kind == "filter":
            condition = self.expression(0)
            self.match("rbracket")
            if self.current == "flatten":
                right = _IDENTITY
            else:
                right = self.projection_rhs(_BINDING_POWER["filter"])
            return Node("filter_projection", (left, right, condition))
        if kind == "lbracket":
            if self.current == "number":
                index = self.index_node()
                if left.type == "index_expression":
                    return Node("index_expression", (*left.children, index))
                return Node("index_expression", (left, index))
            self.match("star")
            self.match("rbracket")
            return Node("projection", (left, self.projection_rhs(_BINDING_POWER["star"])))
        if kind == "lparen":
            return self.function(left)
        raise WaiterPathError(f"unsupported {kind} at token {self.index - 1}")

    def index_node(self) -> Node:
        if self.lookahead(1) != "rbracket":
            raise WaiterPathError("slices are not supported")
        node = Node("index", value=self.advance().value)
        self.match("rbracket")
        return node

    def function(self, left: Node) -> Node:
        name = left.value
        if left.type != "field" or not isinstance(name, str) or name not in _FUNCTIONS:
            raise WaiterPathError(f"function {name!r} is not supported (only length)")
        arguments: list[Node] = []
        while self.current != "rparen":
            arguments.append(self.expression(0))
            if self.current == "comma":
                self.match("comma")
        self.match("rparen")
        if len(arguments) != _FUNCTIONS[name]:
            raise WaiterPathError(f"{name}() takes {_FUNCTIONS[name]} argument(s)")
        return Node("function", tuple(arguments), name)

    def projection_rhs(self, binding_power: int) -> Node:
        if _BINDING_POWER.get(self.current, 0) < _PROJECTION_STOP:
            return _IDENTITY
        if self.current in ("lbracket", "filter"):
            return self.expression(binding_power)
        if self.current == "dot":
            self.match("dot")
            return self.dot_rhs(binding_power)
        raise WaiterPathError(f"unexpected {self.current} after a projection")

    def dot_rhs(self, binding_power: int) -> Node:
        if self.current in ("unquoted_identifier", "quoted_identifier", "star"):
            return self.expression(binding_power)
        raise WaiterPathError(f"unsupported {self.current} after a dot")


def parse(expression: str) -> Node:
    """The tree of ``expression``; ``WaiterPathError`` outside the subset."""
    try:
        return _Parser(expression).parse()
    except WaiterPathError as exc:
        raise WaiterPathError(f"JMESPath {expression!r}: {exc}") from None


def compile_expression(expression: str) -> str:
    """One Python expression over ``response`` computing ``expression`` as jmespath does."""
    return _Compiler().compile(parse(expression), "response")


class _Compiler:
    def __init__(self) -> None:
        self.depth = 0

    def compile(self, node: Node, current: str) -> str:
        kind = node.type
        if kind in ("identity", "current"):
            return current
        if kind == "literal":
            return python_literal(node.value)
        if kind == "field":
            return f"field({current}, {json.dumps(node.value)})"
        if kind in ("subexpression", "index_expression"):
            code = current
            for child in node.children:
                code = self.compile(child, code)
            return code
        if kind == "index":
            return f"index({current}, {node.value})"
        if kind == "flatten":
            return f"flatten({self.compile(node.children[0], current)})"
        if kind == "projection":
            base = self.compile(node.children[0], current)
            return f"project({base}, {self.function(node.children[1])})"
        if kind == "filter_projection":
            left, right, condition = node.children
            selected = f"select({self.compile(left, current)}, {self.function(condition)})"
            if right.type == "identity":
                return selected
            return f"project({selected}, {self.function(right)})"
        if kind == "comparator":
            first, second = (self.compile(child, current) for child in node.children)
            return f"compare({first}, {json.dumps(node.value)}, {second})"
        if kind in ("and", "or"):
            first, second = (self.compile(child, current) for child in node.children)
            return f"{'both' if kind == 'and' else 'either'}({first}, lambda: {second})"
        if kind == "not":
            return f"negate({self.compile(node.children[0], current)})"
        assert kind == "function", kind
        return f"{node.value}({self.compile(node.children[0], current)})"

    def function(self, node: Node) -> str:
        """``lambda item: ...`` applying ``node`` to each element of a projection."""
        self.depth += 1
        item = "item" if self.depth == 1 else f"item{self.depth}"
        body = self.compile(node, item)
        self.depth -= 1
        return f"lambda {item}: {body}"


def python_literal(value: object) -> str:
    """A JSON value as Python source (``True``, ``None``, nested lists and dicts)."""
    if isinstance(value, list):
        items = cast("list[object]", value)
        return "[" + ", ".join(python_literal(item) for item in items) + "]"
    if isinstance(value, dict):
        pairs = cast("dict[str, object]", value)
        inner = ", ".join(f"{json.dumps(k)}: {python_literal(v)}" for k, v in pairs.items())
        return "{" + inner + "}"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)
