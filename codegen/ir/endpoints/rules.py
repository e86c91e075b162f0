"""The rules compiled into the body of ``_evaluate_rules``: nested if-statements.

A rule's conditions become tests and assignments (``_guard``), its outcome a
``return Endpoint(...)``, a ``raise`` or the compiled sub-rules; each rule-set
function (``isSet``, ``getAttr``, ``aws.partition`` ...) compiles to Python that
calls the runtime's ``_rules.py`` and is type-checked here, so that a rule that
botocore would reject at run time is refused at generation time instead.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import attrs

from .errors import EndpointCompileError
from .parameters import RULE_FUNCTIONS, RuleParameter, local_name
from .partitions import PARTITION_TABLE, PartitionField
from .values import (
    ARN,
    BOOLEAN,
    INDENT,
    INTEGER,
    NONE_EXPR,
    PARTITION,
    STRING,
    STRING_ARRAY,
    URL,
    Expr,
    ValueType,
    compare,
    literal_expr,
    negate,
    operand,
    string_literal,
)

# botocore treats a string as a template only when this matches
# (botocore.endpoint_provider.TEMPLATE_STRING_RE).
_TEMPLATE_FIELD = re.compile(r"\{[a-zA-Z#]+\}")
# The auth schemes the client signs with; the first the endpoint lists wins, as in
# botocore without awscrt (sigv4a needs it: botocore then raises, and so do we).
_SUPPORTED_AUTH_SCHEMES = ("sigv4",)
_SIGV4_KEYS = frozenset({"name", "signingName", "signingRegion", "signingRegionSet"})

# What getAttr can read from the records _rules.py returns: rule-set key -> (field, type).
_RECORD_FIELDS: Mapping[ValueType, Mapping[str, tuple[str, ValueType]]] = {
    ARN: {
        "partition": ("partition", STRING),
        "service": ("service", STRING),
        "region": ("region", STRING),
        "accountId": ("account_id", STRING),
        "resourceId": ("resource_id", STRING_ARRAY),
    },
    URL: {
        "scheme": ("scheme", STRING),
        "authority": ("authority", STRING),
        "path": ("path", STRING),
        "normalizedPath": ("normalized_path", STRING),
        "isIp": ("is_ip", BOOLEAN),
    },
}
_GET_ATTR_INDEX = re.compile(r"(\w*)\[(\d+)\]")


@attrs.frozen
class _Variable:
    python_name: str
    type: ValueType


Scope = Mapping[str, _Variable]
"""What a rule can refer to: rule-set name -> variable, as narrowed so far."""


@attrs.frozen
class _Test:
    """A condition that must hold: one operand of an ``if ... and ...``."""

    code: str


@attrs.frozen
class _Assign:
    """A condition that always holds and binds a name: a plain assignment."""

    name: str
    code: str


@attrs.frozen
class _Block:
    lines: tuple[str, ...]
    always_exits: bool
    """Every path through the lines ends in ``return`` or ``raise``."""


_EMPTY = _Block((), always_exits=False)


class RuleCompiler:
    """Compiles rules into lines of Python and records the ``_rules.py`` functions they call."""

    def __init__(
        self, parameters: Sequence[RuleParameter], partition_fields: Mapping[str, PartitionField]
    ) -> None:
        self._parameters = parameters
        self._partition_fields = partition_fields
        self.functions_used: set[str] = set()
        # One Python local per rule-set name, with one type, across the whole function.
        self._owner_of_local: dict[str, str] = {p.python_name: p.name for p in parameters}
        self._type_of_local: dict[str, ValueType] = {}
        self._functions: Mapping[str, Callable[[str, Sequence[Expr]], Expr]] = {
            "isSet": self._is_set,
            "not": self._not,
            "booleanEquals": self._boolean_equals,
            "stringEquals": self._string_equals,
            "getAttr": self._get_attr,
            "aws.partition": self._aws_partition,
            "aws.parseArn": self._aws_parse_arn,
            "parseURL": self._parse_url,
            "isValidHostLabel": self._is_valid_host_label,
            "substring": self._substring,
            "uriEncode": self._uri_encode,
        }

    def compile_rule_set(self, rules: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
        scope = {p.name: _Variable(p.python_name, p.type) for p in self._parameters}
        block = self._block(rules, scope, "rules")
        if block.always_exits:
            return block.lines
        # botocore raises when no rule matches; so do we (mypy also wants an exit).
        values = ", ".join(f"{p.name}={{{p.python_name}!r}}" for p in self._parameters)
        message = string_literal(f"no endpoint rule matches {values}")
        return (*block.lines, f"raise InvalidEndpointError(f{message})")

    # Rules -----------------------------------------------------------------------

    def _block(self, rules: Sequence[Mapping[str, Any]], scope: Scope, where: str) -> _Block:
        lines: list[str] = []
        for index, rule in enumerate(rules):
            compiled = self._rule(rule, scope, f"{where}[{index}]")
            lines += compiled.lines
            if compiled.always_exits:
                # The rules after this one can never be reached: leave them out.
                return _Block(tuple(lines), always_exits=True)
        return _Block(tuple(lines), always_exits=False)

    def _rule(self, rule: Mapping[str, Any], scope: Scope, where: str) -> _Block:
        try:
            compiled = self._conditions(rule.get("conditions", []), scope)
        except EndpointCompileError as error:
            raise EndpointCompileError(f"{where}: {error}") from None
        if compiled is None:
            return _EMPTY  # a condition is constantly false
        steps, inner_scope = compiled
        if rule.get("type") == "tree":
            outcome = self._block(rule.get("rules", []), inner_scope, f"{where}.rules")
        else:
            try:
                outcome = self._terminal(rule, inner_scope)
            except EndpointCompileError as error:
                raise EndpointCompileError(f"{where}: {error}") from None
        if not outcome.lines:
            return _EMPTY
        guarded = _guard(steps, outcome)
        documentation = rule.get("documentation", "").splitlines()
        comments = tuple(f"# {line}".rstrip() for line in documentation)
        return attrs.evolve(guarded, lines=comments + guarded.lines)

    def _terminal(self, rule: Mapping[str, Any], scope: Scope) -> _Block:
        kind = rule.get("type")
        if kind == "endpoint":
            endpoint = rule["endpoint"]
            if endpoint.get("headers"):
                raise EndpointCompileError(
                    "endpoint has headers, which no JSON service's rule set sets today; "
                    "the client would not send them"
                )
            url = self._value(endpoint["url"], scope)
            _require("the endpoint url", url, STRING)
            arguments = [url.code, *self._auth_arguments(endpoint.get("properties", {}), scope)]
            self.functions_used.add("Endpoint")
            return _Block((f"return Endpoint({', '.join(arguments)})",), always_exits=True)
        if kind == "error":
            message = self._value(rule["error"], scope)
            _require("the error message", message, STRING)
            return _Block((f"raise InvalidEndpointError({message.code})",), always_exits=True)
        raise EndpointCompileError(f"unknown rule type {kind!r}; expected endpoint, error or tree")

    def _auth_arguments(self, properties: Mapping[str, Any], scope: Scope) -> list[str]:
        """``Endpoint`` keywords from ``authSchemes``, chosen as botocore without awscrt does."""
        unknown = set(properties) - {"authSchemes", "metricValues"}  # metrics: user agent only
        if unknown:
            raise EndpointCompileError(f"unsupported endpoint properties {sorted(unknown)}")
        schemes: Sequence[Mapping[str, Any]] = properties.get("authSchemes", [])
        if not schemes:
            return []
        chosen = next((s for s in schemes if s.get("name") in _SUPPORTED_AUTH_SCHEMES), None)
        if chosen is None:
            # botocore raises when the request is made; so does the client.
            return [f"auth_scheme={string_literal(str(schemes[0].get('name')))}"]
        unknown = set(chosen) - _SIGV4_KEYS
        if unknown:
            raise EndpointCompileError(f"unsupported sigv4 auth scheme keys {sorted(unknown)}")
        arguments: list[str] = []
        for key, keyword in (("signingRegion", "signing_region"), ("signingName", "signing_name")):
            if key in chosen:
                value = self._value(chosen[key], scope)
                _require(f"the auth scheme's {key}", value, STRING)
                arguments.append(f"{keyword}={value.code}")
        if "signingRegionSet" in chosen and "signingRegion" not in chosen:
            region_set = ",".join(chosen["signingRegionSet"])
            arguments.append(f"signing_region={string_literal(region_set)}")
        return arguments

    # Conditions ------------------------------------------------------------------

    def _conditions(
        self, conditions: Sequence[Mapping[str, Any]], scope: Scope
    ) -> tuple[list[_Test | _Assign], Scope] | None:
        """The steps that guard a rule and the scope inside it; None if it can never match."""
        steps: list[_Test | _Assign] = []
        inner = dict(scope)
        for condition in conditions:
            if "fn" not in condition:
                raise EndpointCompileError(f"a condition must call a function: {condition!r}")
            expr = _known_outcome(self._call(condition, inner, allow_assign=True), inner)
            target = condition.get("assign")
            if expr.constant is False:
                return None
            step = self._condition_step(expr, target, inner)
            if step is not None:
                steps.append(step)
            if target is None:
                inner.update(_narrowed_by(condition, inner))
                inner.update(_known_equal(expr))
        return steps, inner

    def _condition_step(
        self, expr: Expr, target: str | None, scope: dict[str, _Variable]
    ) -> _Test | _Assign | None:
        """How one condition guards: a test, an assignment, or nothing (always true).

        botocore treats a condition as failed when it gives False or None.
        """
        if expr.type.optional and expr.type.name == "bool":
            raise EndpointCompileError(f"cannot test {expr.code}: it may be None or False")
        if target is None:
            if expr.constant is not None:
                return None
            if expr.type == BOOLEAN:
                return _Test(expr.code)
            return _Test(f"{operand(expr)} is not None") if expr.type.optional else None
        name = self._bind(target, expr.type.when_set(), scope)
        if expr.type == BOOLEAN and expr.constant is None:
            return _Test(f"({name} := {expr.code})")
        if expr.type.optional:
            return _Test(f"({name} := {expr.code}) is not None")
        return _Assign(name, expr.code)

    def _bind(self, target: str, value_type: ValueType, scope: dict[str, _Variable]) -> str:
        if target in scope:
            raise EndpointCompileError(f"cannot assign {target!r}: the name is already in scope")
        name = local_name(target)
        owner = self._owner_of_local.setdefault(name, target)
        known_type = self._type_of_local.setdefault(name, value_type)
        if owner != target or known_type != value_type:
            raise EndpointCompileError(
                f"{target!r} would be the Python variable {name!r}, which already holds "
                f"{owner!r} of type {known_type.annotation}"
            )
        scope[target] = _Variable(name, value_type)
        return name

    # Values ----------------------------------------------------------------------

    def _value(self, value: Any, scope: Scope) -> Expr:
        if isinstance(value, bool | int):
            return literal_expr(value)
        if isinstance(value, str):
            return self._template(value, scope)
        if isinstance(value, Mapping):
            node = cast("Mapping[str, Any]", value)
            if "ref" in node:
                return self._reference(str(node["ref"]), scope)
            if "fn" in node:
                return self._call(node, scope, allow_assign=False)
        raise EndpointCompileError(f"unsupported value {value!r}")

    def _reference(self, name: str, scope: Scope) -> Expr:
        variable = scope.get(name)
        if variable is None:
            raise EndpointCompileError(
                f"{name!r} is neither a parameter nor assigned by an enclosing condition"
            )
        return Expr(variable.python_name, variable.type)

    def _template(self, text: str, scope: Scope) -> Expr:
        """``"https://x.{Region}.{PartitionResult#dnsSuffix}"`` -> an f-string."""
        if _TEMPLATE_FIELD.search(text) is None:
            return literal_expr(text)
        parts: list[str] = []
        for literal, field, spec, conversion in string.Formatter().parse(text):
            parts.append(string_literal(literal)[1:-1].replace("{", "{{").replace("}", "}}"))
            if field is None:
                continue
            if spec or conversion:
                raise EndpointCompileError(f"unsupported template field in {text!r}")
            value = self._template_field(field, scope)
            if value.type not in (STRING, BOOLEAN):
                raise EndpointCompileError(
                    f"template {text!r} inserts {field!r} of type {value.type.annotation}"
                    + (" (guard it with isSet)" if value.type.optional else "")
                )
            parts.append(f"{{{value.code}}}")
        return Expr(f'f"{"".join(parts)}"', STRING)

    def _template_field(self, field: str, scope: Scope) -> Expr:
        # "{Name#attribute}" reads an attribute, like getAttr.
        name, *path = field.split("#")
        value = self._reference(name, scope)
        for attribute in path:
            value = self._get_attr("template", [value, literal_expr(attribute)])
        return value

    def _call(self, call: Mapping[str, Any], scope: Scope, *, allow_assign: bool) -> Expr:
        function = call["fn"]
        compile_call = self._functions.get(function)
        if compile_call is None:
            raise EndpointCompileError(
                f"the rule set calls {function!r}, which the generator does not support "
                f"(supported: {', '.join(sorted(self._functions))})"
            )
        if "assign" in call and not allow_assign:
            raise EndpointCompileError(f"{function} assigns inside an argument")
        arguments = [self._value(argument, scope) for argument in call.get("argv", [])]
        return compile_call(function, arguments)

    # The rule-set functions ----------------------------------------------------------
    # Each checks its arguments' static types, so that a comparison with an unset
    # value (which botocore rejects at run time) is caught here instead.

    def _is_set(self, function: str, arguments: Sequence[Expr]) -> Expr:
        (value,) = _arguments(function, arguments, 1)
        if not value.type.optional:
            return literal_expr(True)
        return compare(value, "is not", NONE_EXPR)

    def _not(self, function: str, arguments: Sequence[Expr]) -> Expr:
        (value,) = _arguments(function, arguments, 1, BOOLEAN)
        return negate(value)

    def _boolean_equals(self, function: str, arguments: Sequence[Expr]) -> Expr:
        left, right = _arguments(function, arguments, 2)
        if left.constant is not None:
            left, right = right, left
        if left.type.optional and right.constant is not None:
            # An unset boolean equals neither true nor false, as in botocore.
            _require(f"argument 2 of {function}", right, BOOLEAN)
            _require(f"argument 1 of {function}", left, attrs.evolve(BOOLEAN, optional=True))
            return compare(left, "is", right)
        left, right = _arguments(function, [left, right], 2, BOOLEAN, BOOLEAN)
        if left.constant is not None and right.constant is not None:
            return literal_expr(left.constant == right.constant)
        if right.constant is not None:
            # booleanEquals(x, true) is x itself: no "== True" in the output.
            return left if right.constant else negate(left)
        return compare(left, "==", right)

    def _string_equals(self, function: str, arguments: Sequence[Expr]) -> Expr:
        left, right = _arguments(function, arguments, 2, STRING, STRING)
        if left.constant is not None and right.constant is not None:
            return literal_expr(left.constant == right.constant)
        if left.constant is not None:
            left, right = right, left  # the literal goes right, as ruff likes it
        comparison = compare(left, "==", right)
        if not isinstance(right.constant, str) or comparison.negation is None:
            return comparison
        negation = attrs.evolve(comparison.negation, equality=(left.code, right.constant, False))
        return attrs.evolve(
            comparison, negation=negation, equality=(left.code, right.constant, True)
        )

    def _get_attr(self, function: str, arguments: Sequence[Expr]) -> Expr:
        record, path = _arguments(function, arguments, 2)
        _require(f"argument 2 of {function}", path, STRING)
        if not isinstance(path.constant, str):
            raise EndpointCompileError(f"getAttr needs a literal path, not {path.code}")
        if record.type.optional:
            raise EndpointCompileError(f"getAttr of {record.code}, which may be None")
        value = record
        for part in path.constant.split("."):
            value = self._get_attr_step(value, part)
        return value

    def _get_attr_step(self, value: Expr, part: str) -> Expr:
        indexed = _GET_ATTR_INDEX.fullmatch(part)
        name, position = (indexed.group(1), int(indexed.group(2))) if indexed else (part, None)
        if name:
            value = self._field(value, name)
        if position is None:
            return value
        _require("an indexed getAttr", value, STRING_ARRAY)
        self.functions_used.add("index")
        return Expr(f"index({value.code}, {position})", attrs.evolve(STRING, optional=True))

    def _field(self, record: Expr, key: str) -> Expr:
        if record.type == PARTITION:
            field = self._partition_fields.get(key)
            if field is None:
                raise EndpointCompileError(
                    f"getAttr of {key!r} on a partition: the partition outputs are "
                    f"{', '.join(self._partition_fields)}"
                )
            return Expr(f"{operand(record)}.{field.name}", ValueType(field.annotation))
        fields = _RECORD_FIELDS.get(record.type)
        if fields is None or key not in fields:
            raise EndpointCompileError(f"getAttr of {key!r} on {record.type.annotation}")
        attribute, value_type = fields[key]
        return Expr(f"{operand(record)}.{attribute}", value_type)

    def _aws_partition(self, function: str, arguments: Sequence[Expr]) -> Expr:
        (region,) = _arguments(function, arguments, 1, STRING)
        table = [Expr(name, ValueType("object")) for name in PARTITION_TABLE]
        return self._rules_call("aws_partition", [region, *table], PARTITION)

    def _aws_parse_arn(self, function: str, arguments: Sequence[Expr]) -> Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("aws_parse_arn", checked, attrs.evolve(ARN, optional=True))

    def _parse_url(self, function: str, arguments: Sequence[Expr]) -> Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("parse_url", checked, attrs.evolve(URL, optional=True))

    def _is_valid_host_label(self, function: str, arguments: Sequence[Expr]) -> Expr:
        checked = _arguments(function, arguments, 2, STRING, BOOLEAN)
        return self._rules_call("is_valid_host_label", checked, BOOLEAN)

    def _substring(self, function: str, arguments: Sequence[Expr]) -> Expr:
        checked = _arguments(function, arguments, 4, STRING, INTEGER, INTEGER, BOOLEAN)
        return self._rules_call("substring", checked, attrs.evolve(STRING, optional=True))

    def _uri_encode(self, function: str, arguments: Sequence[Expr]) -> Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("uri_encode", checked, STRING)

    def _rules_call(self, function: str, arguments: Sequence[Expr], result: ValueType) -> Expr:
        if function not in RULE_FUNCTIONS:
            raise AssertionError(f"_rules.py defines no {function}")
        self.functions_used.add(function)
        return Expr(f"{function}({', '.join(a.code for a in arguments)})", result)


def _arguments(
    function: str, arguments: Sequence[Expr], count: int, *types: ValueType
) -> Sequence[Expr]:
    if len(arguments) != count:
        raise EndpointCompileError(f"{function} takes {count} arguments, got {len(arguments)}")
    for position, (argument, expected) in enumerate(zip(arguments, types, strict=False), 1):
        _require(f"argument {position} of {function}", argument, expected)
    return arguments


def _require(what: str, value: Expr, expected: ValueType) -> None:
    if value.type != expected:
        hint = " (guard it with isSet)" if value.type.when_set() == expected else ""
        raise EndpointCompileError(
            f"{what} must be {expected.annotation}, not {value.type.annotation}{hint}: {value.code}"
        )


def _narrowed_by(condition: Mapping[str, Any], scope: Scope) -> dict[str, _Variable]:
    """``isSet(ref)`` makes the reference non-optional inside the rule, as in pyright."""
    argv = condition.get("argv", [])
    if condition["fn"] != "isSet" or len(argv) != 1 or not isinstance(argv[0], Mapping):
        return {}
    name = argv[0].get("ref")
    variable = scope.get(name) if isinstance(name, str) else None
    if name is None or variable is None:
        return {}
    return {name: attrs.evolve(variable, type=variable.type.when_set())}


def _equality_key(code: str) -> str:
    """Where a scope records that ``code`` equals a literal (no rule-set name has a space)."""
    return f"{code} =="


def _known_equal(expr: Expr) -> dict[str, _Variable]:
    """``stringEquals(x, "lit")`` holding: inside the rule ``x`` is known to be ``"lit"``.

    Recorded so that a nested comparison of ``x`` with a literal is decided
    here, as pyright decides it from the narrowed ``Literal`` type (it reports
    a comparison that is always true or false).
    """
    if expr.equality is None or not expr.equality[2]:
        return {}
    code, literal, _ = expr.equality
    return {_equality_key(code): _Variable(literal, STRING)}


def _known_outcome(expr: Expr, scope: Scope) -> Expr:
    """``expr`` as a constant when an enclosing condition already decides it."""
    if expr.equality is None:
        return expr
    code, literal, equal = expr.equality
    known = scope.get(_equality_key(code))
    if known is None:
        return expr
    return literal_expr((known.python_name == literal) == equal)


def _guard(steps: Sequence[_Test | _Assign], outcome: _Block) -> _Block:
    """Wrap ``outcome`` in the rule's conditions, innermost last.

    Runs of tests share one ``if a and b:``; an assignment that sits after a
    test goes inside that test's ``if``, so it runs only when botocore's would.
    """
    lines = outcome.lines
    guarded = False
    index = len(steps)
    while index > 0:
        step = steps[index - 1]
        if isinstance(step, _Assign):
            lines = (f"{step.name} = {step.code}", *lines)
            index -= 1
            continue
        start = index
        while start > 0 and isinstance(steps[start - 1], _Test):
            start -= 1
        tests = _merge_inequalities([s.code for s in steps[start:index] if isinstance(s, _Test)])
        lines = (f"if {' and '.join(tests)}:", *(INDENT + line for line in lines))
        guarded = True
        index = start
    return _Block(lines, always_exits=outcome.always_exits and not guarded)


_INEQUALITY = re.compile(r'([\w.]+) != ("(?:[^"\\]|\\.)*")')


def _merge_inequalities(tests: list[str]) -> list[str]:
    """``a != "x" and a != "y"`` -> ``a not in {"x", "y"}``, as ruff (PLR1714) wants it.

    The tests are side-effect free comparisons, so the merged one can take the
    place of the first.
    """
    literals: dict[str, list[str]] = {}
    for test in tests:
        match = _INEQUALITY.fullmatch(test)
        if match is not None:
            literals.setdefault(match.group(1), []).append(match.group(2))
    merged: list[str] = []
    for test in tests:
        match = _INEQUALITY.fullmatch(test)
        if match is None or len(literals.get(match.group(1), ())) == 1:
            merged.append(test)
        elif (left := match.group(1)) in literals:  # else merged into an earlier test
            merged.append(f"{left} not in {{{', '.join(dict.fromkeys(literals.pop(left)))}}}")
    return merged
