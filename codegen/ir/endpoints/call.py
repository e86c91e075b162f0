"""``endpoint_for_call``: what each operation binds, then the resolution.

The generated function fills the rule-set parameters in botocore's order (the
operation's static values, input members, JMESPath paths, then client options
and built-ins from the settings), calls ``resolve_endpoint`` and puts the
operation's host prefix in front of the host.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

import attrs

from .bindings import OperationBindings, ServiceBindings
from .errors import EndpointCompileError
from .parameters import BUILT_INS, READERS, RuleParameter
from .paths import compile_path
from .values import BOOLEAN, INDENT, STRING, python_value, string_literal


def call_body(
    parameters: Sequence[RuleParameter], bindings: ServiceBindings
) -> tuple[tuple[str, ...], frozenset[str]]:
    """Lines of ``endpoint_for_call``: bind the operation's parameters, then resolve."""
    by_name = {p.name: p for p in parameters}
    functions: set[str] = set()
    cases: dict[tuple[str, ...], list[str]] = {}
    bound: set[str] = set()
    for op in bindings.operations:
        lines, used = _operation_lines(op, by_name)
        functions |= used
        bound |= {line.split(" = ", 1)[0].strip() for line in lines if " = " in line}
        if lines:
            cases.setdefault(tuple(lines), []).append(op.operation)
    body: list[str] = [
        f"{p.python_name}: {attrs.evolve(p.type, optional=True).annotation} = None"
        for p in parameters
        if p.python_name in bound
    ]
    if cases:
        body.append("match operation:")
        for case_lines, operations in cases.items():
            pattern = " | ".join(string_literal(name) for name in operations)
            body.append(f"{INDENT}case {pattern}:")
            body += [INDENT * 2 + line for line in case_lines]
        # The other operations bind nothing: settings and defaults decide (pyright: exhaustive).
        body += [f"{INDENT}case _:", f"{INDENT * 2}pass"]
    arguments: list[str] = []
    for p in parameters:
        fallback = _fallback(p)
        if fallback is not None and fallback.startswith(tuple(READERS.values())):
            functions.add(fallback.split("(", 1)[0])
        if p.python_name in bound:
            value = p.python_name
            if fallback is not None:
                value = f"{p.python_name} if {p.python_name} is not None else {fallback}"
        elif fallback is not None:
            value = fallback
        else:
            continue
        if p.built_in == "AWS::Region":
            arguments.insert(0, value)  # resolve_endpoint's one positional parameter
        else:
            arguments.append(f"{p.keyword}={value}")
    call = f"resolve_endpoint({', '.join(arguments)})"
    prefixed = [op for op in bindings.operations if op.host_prefix is not None]
    if not prefixed:
        return (*body, f"return {call}"), frozenset(functions)
    body += [
        f"endpoint = {call}",
        "if not settings.inject_host_prefix:",
        f"{INDENT}return endpoint",
        "match operation:",
    ]
    groups: dict[str, list[str]] = {}
    for op in prefixed:
        groups.setdefault(_host_prefix_code(op), []).append(op.operation)
    for code, operations in groups.items():
        pattern = " | ".join(string_literal(name) for name in operations)
        body += [
            f"{INDENT}case {pattern}:",
            f"{INDENT * 2}return with_host_prefix(endpoint, {code})",
        ]
    functions.add("with_host_prefix")
    if any("host_label(" in code for code in groups):
        functions.add("host_label")
    return (*body, f"{INDENT}case _:", f"{INDENT * 2}return endpoint"), frozenset(functions)


def _fallback(parameter: RuleParameter) -> str | None:
    """Where a parameter comes from when the operation does not bind it."""
    if parameter.client_context:
        reader = READERS[parameter.type.when_set()]
        option = string_literal(parameter.name)
        from_option = f"{reader}(settings.client_context.get({option}))"
        if parameter.built_in is None:
            return from_option
        setting = BUILT_INS[parameter.built_in].setting
        return f"{from_option} if {option} in settings.client_context else {setting}"
    if parameter.built_in is not None:
        return BUILT_INS[parameter.built_in].setting
    return None


def _operation_lines(
    op: OperationBindings, by_name: Mapping[str, RuleParameter]
) -> tuple[list[str], set[str]]:
    lines: list[str] = []
    functions: set[str] = set()
    sources: dict[str, list[str]] = {}
    static = dict(op.static)
    for name, _member in op.members:
        sources.setdefault(name, [])
    for name in [*static, *(n for n, _ in op.members), *(n for n, _ in op.paths)]:
        if name not in by_name:
            raise EndpointCompileError(
                f"{op.operation} binds {name!r}, which is not a parameter of the rule set"
            )
    for name, value in static.items():
        parameter = by_name[name]
        expected = BOOLEAN if isinstance(value, bool) else STRING
        if parameter.type.when_set() != expected:
            raise EndpointCompileError(
                f"{op.operation}: static {name} = {value!r} is not a {parameter.type.name}"
            )
        lines.append(f"{parameter.python_name} = {python_value(value)}")
    for name, member in op.members:
        if name not in static:
            sources.setdefault(name, []).append(f"params.get({string_literal(member)})")
    for name, path in op.paths:
        if name not in static:
            code, used = compile_path(path)
            functions |= used
            sources.setdefault(name, []).append(code)
    for name, expressions in sources.items():
        parameter = by_name[name]
        reader = READERS[parameter.type.when_set()]
        functions.add(reader)
        for position, expression in enumerate(expressions):
            assignment = f"{parameter.python_name} = {reader}({expression})"
            if position == 0:
                lines.append(assignment)
            else:  # a later source only fills what an earlier one left unset
                lines += [f"if {parameter.python_name} is None:", INDENT + assignment]
    return lines, functions


def _host_prefix_code(op: OperationBindings) -> str:
    """The prefix as a Python expression; ``{Member}`` labels are read and checked."""
    prefix = op.host_prefix or ""
    parts: list[str] = []
    for literal, field, spec, conversion in string.Formatter().parse(prefix):
        if literal:
            parts.append(string_literal(literal))
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise EndpointCompileError(f"{op.operation}: unsupported hostPrefix {prefix!r}")
        operation, member = string_literal(op.operation), string_literal(field)
        parts.append(f"host_label({operation}, params, {member})")
    return " + ".join(parts) or '""'
