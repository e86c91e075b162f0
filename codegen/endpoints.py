"""Model layer for endpoint resolution: the endpoint rule set compiled into Python.

An endpoint rule set (``endpoint-rule-set-1.json``) is a tree of rules. Each rule
has conditions (calls of a small set of functions over the parameters) and ends
in a URL, an error, or more rules; the first rule whose conditions hold decides.
botocore walks that tree on every client creation. We walk it once, here, and
write the walk down as nested if-statements, so the generated module needs
neither JSON nor an interpreter. The rule-set functions (``aws.partition``,
``substring`` ...) are the runtime module ``_rules.py``, imported by the generated
module; ``aws.partition`` reads a literal table that is built from ``partitions.json``.

Anything this compiler does not understand raises ``EndpointCompileError``,
naming it, rather than emitting code that could resolve differently from botocore.

Usage: ``build_endpoint_source(ruleset, partitions, bindings)`` returns an
``EndpointModel``, which ``templates/endpoints.py.jinja`` lays out as the variable
``endpoints``. ``bindings`` (from ``endpoint_bindings.py``) says what each
operation of the service model feeds the rule set.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import attrs

from .docs import html_to_text
from .endpoint_bindings import (
    ClientContextParameter,
    EndpointCompileError,
    OperationBindings,
    ServiceBindings,
    compile_path,
)
from .naming import python_identifier, snake_case
from .runtime import _rules, _rules_extra

INDENT = "    "

# botocore treats a string as a template only when this matches
# (botocore.endpoint_provider.TEMPLATE_STRING_RE).
_TEMPLATE_FIELD = re.compile(r"\{[a-zA-Z#]+\}")

_NEGATED_OPERATOR = {"==": "!=", "!=": "==", "is": "is not", "is not": "is"}

# Module-level names of the generated module that a partition constant must not take.
_PARTITION_TABLE = ("_PARTITION_BY_REGION", "_PARTITION_BY_PATTERN", "_DEFAULT_PARTITION")
_MODULE_NAMES = frozenset(_PARTITION_TABLE)
# Parameters of endpoint_for_call, which its locals must not shadow.
_CALL_NAMES = frozenset({"settings", "operation", "params"})
# What the generated module imports from _rules.py; no local variable may shadow them.
_RULE_FUNCTIONS = frozenset(_rules.__all__) | frozenset(_rules_extra.__all__)
# The auth schemes the client signs with; the first the endpoint lists wins, as in
# botocore without awscrt (sigv4a needs it: botocore then raises, and so do we).
_SUPPORTED_AUTH_SCHEMES = ("sigv4",)
_SIGV4_KEYS = frozenset({"name", "signingName", "signingRegion", "signingRegionSet"})


# --- The model handed to the template ----------------------------------------


@attrs.frozen
class PartitionField:
    """One output of ``aws.partition`` (``dnsSuffix`` ...), a field of ``_Partition``."""

    key: str
    """The output's name in partitions.json and in the rule set's ``getAttr``."""
    name: str
    annotation: str


@attrs.frozen
class PartitionConstant:
    """One partition, written as ``constant = _Partition(name=value, ...)``."""

    constant: str
    values: tuple[tuple[str, str], ...]
    """(field name, Python literal) in field order."""


@attrs.frozen
class PartitionTable:
    """partitions.json reduced to what ``aws.partition`` needs, as Python literals."""

    fields: tuple[PartitionField, ...]
    partitions: tuple[PartitionConstant, ...]
    default: str
    """Constant of the partition botocore falls back to: the first one ("aws")."""
    regions: tuple[tuple[str, str], ...]
    """(region literal, partition constant) for every explicitly listed region."""
    patterns: tuple[tuple[str, str], ...]
    """(regionRegex literal, partition constant), in the order botocore tries them."""


@attrs.frozen
class ClientOption:
    """A client constructor option for one of the service's ``clientContextParams``."""

    name: str
    """The parameter's name in the rule set (``ServiceType``)."""
    python_name: str
    annotation: str
    documentation: str


@attrs.frozen
class EndpointModel:
    """Everything ``endpoints.py.jinja`` lays out. Every line of code is decided here."""

    imports: tuple[str, ...]
    """Standard-library import lines, sorted as ruff's isort wants them."""
    rule_functions: tuple[str, ...]
    """The names the module imports from ``_rules.py``, in isort's order."""
    extra_functions: tuple[str, ...]
    """The names it imports from ``_rules_extra.py`` (copied only when not empty)."""
    partition_table: PartitionTable | None
    """None when the rules never call ``aws.partition``."""
    signature: tuple[str, ...]
    """Parameters of ``resolve_endpoint``, one per line (``*`` included)."""
    parameter_docs: tuple[str, ...]
    """``name: what it is`` for each parameter of ``resolve_endpoint``."""
    accepts_endpoint: bool
    """Whether ``resolve_endpoint`` takes a custom ``endpoint`` URL."""
    required_checks: tuple[str, ...]
    """Lines of ``resolve_endpoint`` that reject a missing required parameter."""
    call_arguments: tuple[str, ...]
    """Keyword arguments ``resolve_endpoint`` passes to ``_evaluate_rules``."""
    rule_parameters: tuple[str, ...]
    """Keyword-only parameters of ``_evaluate_rules``: the rule set's parameters."""
    body: tuple[str, ...]
    """Body of ``_evaluate_rules``, indented relative to the function body."""
    call_body: tuple[str, ...]
    """Body of ``endpoint_for_call``: the operation's parameters, then the resolution."""
    client_options: tuple[ClientOption, ...]
    """Client options for the service's ``clientContextParams``."""
    uses_account_id: bool
    """Whether the rule set reads ``AWS::Auth::AccountId`` (and the endpoint mode)."""
    has_host_prefixes: bool
    """Whether an operation has an ``endpoint.hostPrefix``."""


# --- Entry point --------------------------------------------------------------


def build_endpoint_source(
    ruleset: Mapping[str, Any],
    partitions: Mapping[str, Any],
    bindings: ServiceBindings | None = None,
) -> EndpointModel:
    """Compile ``ruleset`` (endpoint-rule-set-1.json) and ``partitions`` (partitions.json).

    ``bindings`` are the service's operation and client context parameters.
    """
    bindings = bindings or ServiceBindings()
    partition_list = _partition_list(partitions)
    fields = _partition_fields(partition_list)
    parameters = _rule_parameters(ruleset.get("parameters", {}), bindings)
    compiler = _RuleCompiler(parameters, {field.key: field for field in fields})
    body = compiler.compile_rule_set(ruleset.get("rules", []))
    call_body, call_functions = _call_body(parameters, bindings)
    uses_partitions = "aws_partition" in compiler.functions_used
    imports = {"from collections.abc import Mapping"}
    if uses_partitions:
        imports.add("from typing import Final, NamedTuple")
    if any(p.type == STRING_ARRAY for p in parameters):
        imports.add("from collections.abc import Mapping, Sequence")
        imports.discard("from collections.abc import Mapping")
    used = compiler.functions_used | call_functions | {"Endpoint", "EndpointSettings"}
    return EndpointModel(
        imports=_sorted_imports(imports),
        rule_functions=_isort_names(used & set(_rules.__all__)),
        extra_functions=_isort_names(used & set(_rules_extra.__all__)),
        partition_table=_partition_table(partition_list, fields) if uses_partitions else None,
        signature=_signature(parameters),
        parameter_docs=tuple(p.doc_line for p in parameters),
        accepts_endpoint=any(p.built_in == "SDK::Endpoint" for p in parameters),
        required_checks=_required_checks(parameters),
        call_arguments=tuple(f"{p.python_name}={p.argument}" for p in parameters),
        rule_parameters=tuple(f"{p.python_name}: {p.type.annotation}" for p in parameters),
        body=body,
        call_body=call_body,
        client_options=tuple(_client_option(c) for c in bindings.client_context),
        uses_account_id=any(p.built_in in _ACCOUNT_ID_BUILT_INS for p in parameters),
        has_host_prefixes=any(op.host_prefix is not None for op in bindings.operations),
    )


# --- Values and their types ---------------------------------------------------


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
_RULE_SET_TYPES = {"string": STRING, "boolean": BOOLEAN, "stringarray": STRING_ARRAY}
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
class _Expr:
    """A compiled rule-set value: Python source plus what the compiler knows about it."""

    code: str
    type: ValueType
    atomic: bool = True
    """False for comparisons and ``not``, which need parentheses as operands."""
    constant: str | bool | int | None = None
    """The value, when it is a literal known at generation time."""
    negation: _Expr | None = None
    """The natural spelling of ``not`` this (``a != b`` for ``a == b``), if any."""
    equality: tuple[str, str, bool] | None = None
    """``(code, literal, equal)`` for a comparison of ``code`` with a string literal."""


_NONE = _Expr("None", ValueType("None"))


def _literal(value: str | bool | int) -> _Expr:
    if isinstance(value, bool):
        return _Expr(repr(value), BOOLEAN, constant=value)
    if isinstance(value, int):
        return _Expr(repr(value), INTEGER, constant=value)
    return _Expr(_string_literal(value), STRING, constant=value)


def _operand(expr: _Expr) -> str:
    return expr.code if expr.atomic else f"({expr.code})"


def _comparison(left: _Expr, operator: str, right: _Expr) -> _Expr:
    def spelled(op: str) -> str:
        return f"{_operand(left)} {op} {_operand(right)}"

    negation = _Expr(spelled(_NEGATED_OPERATOR[operator]), BOOLEAN, atomic=False)
    return _Expr(spelled(operator), BOOLEAN, atomic=False, negation=negation)


def _negate(expr: _Expr) -> _Expr:
    if expr.constant is not None:
        return _literal(not expr.constant)
    if expr.negation is not None:
        return attrs.evolve(expr.negation, negation=expr)
    return _Expr(f"not {_operand(expr)}", BOOLEAN, atomic=False, negation=expr)


def _string_literal(text: str) -> str:
    # JSON string syntax is valid Python and already uses the double quotes ruff wants.
    return json.dumps(text, ensure_ascii=False)


def _regex_literal(pattern: str) -> str:
    if '"' in pattern or "\n" in pattern or pattern.endswith("\\"):
        return _string_literal(pattern)
    return f'r"{pattern}"'


# --- Parameters -----------------------------------------------------------------


@attrs.frozen
class _BuiltIn:
    """How one built-in reaches the rule set: its keyword and the client's setting."""

    keyword: str
    """The keyword argument of ``resolve_endpoint``."""
    type: ValueType
    setting: str
    """Expression over ``settings`` (an ``EndpointSettings``) in ``endpoint_for_call``."""


# The built-ins botocore supplies to JSON services (args.py,
# compute_endpoint_resolver_builtin_defaults). STS's global endpoint is only
# ever chosen by botocore's legacy setting, which defaults to regional.
_BUILT_INS: Mapping[str, _BuiltIn] = {
    "AWS::Region": _BuiltIn("region", STRING, "settings.region"),
    "AWS::UseFIPS": _BuiltIn("use_fips", BOOLEAN, "settings.use_fips"),
    "AWS::UseDualStack": _BuiltIn("use_dualstack", BOOLEAN, "settings.use_dualstack"),
    "SDK::Endpoint": _BuiltIn("endpoint", STRING, "settings.endpoint"),
    "AWS::Auth::AccountId": _BuiltIn("account_id", STRING, "settings.account_id()"),
    "AWS::Auth::AccountIdEndpointMode": _BuiltIn(
        "account_id_endpoint_mode", STRING, "settings.account_id_endpoint_mode"
    ),
    "AWS::STS::UseGlobalEndpoint": _BuiltIn("use_global_endpoint", BOOLEAN, "False"),
}
_ACCOUNT_ID_BUILT_INS = ("AWS::Auth::AccountId", "AWS::Auth::AccountIdEndpointMode")
# Reads a value of this type out of an object (input member, client option).
_READERS = {STRING: "string_param", BOOLEAN: "bool_param", STRING_ARRAY: "string_list_param"}


@attrs.frozen
class _RuleParameter:
    """A parameter of the rule set: of ``resolve_endpoint`` and ``_evaluate_rules``."""

    name: str
    python_name: str
    """The local name in ``_evaluate_rules`` and ``endpoint_for_call``."""
    keyword: str
    """The keyword argument of ``resolve_endpoint``."""
    type: ValueType
    """The type inside the rules: optional unless required or defaulted."""
    default: str | bool | None
    required: bool
    built_in: str | None
    client_context: bool
    documentation: str

    @property
    def public_type(self) -> ValueType:
        """The type ``resolve_endpoint`` takes: defaults of built-ins are applied there."""
        if self.built_in is not None and self.default is not None:
            return self.type
        return attrs.evolve(self.type, optional=True)

    @property
    def declaration(self) -> str:
        if self.type == STRING_ARRAY:
            annotation = "Sequence[str] | None"
        else:
            annotation = self.public_type.annotation
        default = "None" if self.public_type.optional else _python_value(self.default)
        return f"{self.keyword}: {annotation} = {default}"

    @property
    def argument(self) -> str:
        """What ``resolve_endpoint`` passes on: a missing value becomes the default."""
        if self.type == STRING_ARRAY:
            value = f"None if {self.keyword} is None else list({self.keyword})"
            if self.default is not None:
                raise EndpointCompileError(f"parameter {self.name!r}: a list cannot have a default")
            return value
        if self.public_type.optional and self.default is not None:
            return f"{_python_value(self.default)} if {self.keyword} is None else {self.keyword}"
        return self.keyword

    @property
    def doc_line(self) -> str:
        source = f"built-in {self.built_in}" if self.built_in else "the operation's input"
        if self.client_context:
            source = "the client option of that name"
        summary = " ".join(self.documentation.split()).split(". ")[0].rstrip(".")
        return f"{self.keyword}: {summary or self.name} ({self.name}; from {source})."


def _rule_parameters(
    declared: Mapping[str, Any], bindings: ServiceBindings
) -> tuple[_RuleParameter, ...]:
    client_context = {c.name for c in bindings.client_context}
    parameters = tuple(
        _rule_parameter(name, spec, name in client_context) for name, spec in declared.items()
    )
    keywords = [p.keyword for p in parameters]
    if len(set(keywords)) != len(keywords):
        raise EndpointCompileError(f"rule-set parameters give clashing Python names: {keywords}")
    for option in bindings.client_context:
        if option.name not in declared:
            raise EndpointCompileError(
                f"clientContextParams {option.name!r} is not a parameter of the rule set"
            )
    return parameters


def _rule_parameter(name: str, spec: Mapping[str, Any], client_context: bool) -> _RuleParameter:
    value_type = _RULE_SET_TYPES.get(spec.get("type", "").lower())
    if value_type is None:
        raise EndpointCompileError(f"parameter {name!r} has unsupported type {spec.get('type')!r}")
    built_in_name: str | None = spec.get("builtIn")
    if built_in_name is not None:
        built_in = _BUILT_INS.get(built_in_name)
        if built_in is None:
            raise EndpointCompileError(
                f"parameter {name!r} (builtIn {built_in_name!r}) is not one the client "
                f"supplies; supported built-ins: {', '.join(_BUILT_INS)}"
            )
        if value_type != built_in.type:
            raise EndpointCompileError(
                f"parameter {name!r} has type {spec.get('type')!r}, "
                f"expected {built_in.type.name} for {built_in_name}"
            )
        keyword = built_in.keyword
    else:
        keyword = _local_name(name)
    default = spec.get("default")
    if default is not None and not (
        (value_type == STRING and isinstance(default, str))
        or (value_type == BOOLEAN and isinstance(default, bool))
    ):
        raise EndpointCompileError(f"parameter {name!r} has a default {default!r} of another type")
    required = bool(spec.get("required", False))
    # botocore applies the default when the value is missing and raises when a
    # required one is missing, so only a parameter that is neither can be None.
    may_be_unset = not required and default is None
    return _RuleParameter(
        name=name,
        python_name=_local_name(name),
        keyword=keyword,
        type=attrs.evolve(value_type, optional=may_be_unset),
        default=default,
        required=required,
        built_in=built_in_name,
        client_context=client_context,
        documentation=str(spec.get("documentation", "")),
    )


def _signature(parameters: Sequence[_RuleParameter]) -> tuple[str, ...]:
    # The region first, as before rule sets had more parameters; the rest by keyword.
    region = [p.declaration for p in parameters if p.built_in == "AWS::Region"]
    others = [p.declaration for p in parameters if p.built_in != "AWS::Region"]
    return tuple(region + (["*", *others] if others else []))


def _required_checks(parameters: Sequence[_RuleParameter]) -> tuple[str, ...]:
    lines: list[str] = []
    for p in parameters:
        if p.required and p.default is None:
            message = _string_literal(f"the endpoint parameter {p.name} is required")
            lines += [f"if {p.keyword} is None:", f"{INDENT}raise InvalidEndpointError({message})"]
    return tuple(lines)


def _local_name(rule_set_name: str) -> str:
    name = python_identifier(snake_case(rule_set_name))
    if (
        not name.isidentifier()
        or name.startswith("_")
        or name in _RULE_FUNCTIONS
        or name in _CALL_NAMES
    ):
        raise EndpointCompileError(f"cannot name a Python variable after {rule_set_name!r}")
    return name


def _client_option(parameter: ClientContextParameter) -> ClientOption:
    annotations = {"string": "str | None", "boolean": "bool | None"}
    if parameter.type not in annotations:
        raise EndpointCompileError(
            f"clientContextParams {parameter.name!r} has unsupported type {parameter.type!r}"
        )
    summary = " ".join(html_to_text(parameter.documentation).split())
    return ClientOption(
        name=parameter.name,
        python_name=python_identifier(snake_case(parameter.name)),
        annotation=annotations[parameter.type],
        documentation=summary or f"The {parameter.name} endpoint parameter.",
    )


# --- endpoint_for_call: what each operation binds -----------------------------------


def _call_body(
    parameters: Sequence[_RuleParameter], bindings: ServiceBindings
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
            pattern = " | ".join(_string_literal(name) for name in operations)
            body.append(f"{INDENT}case {pattern}:")
            body += [INDENT * 2 + line for line in case_lines]
        # The other operations bind nothing: settings and defaults decide (pyright: exhaustive).
        body += [f"{INDENT}case _:", f"{INDENT * 2}pass"]
    arguments: list[str] = []
    for p in parameters:
        fallback = _fallback(p)
        if fallback is not None and fallback.startswith(tuple(_READERS.values())):
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
        pattern = " | ".join(_string_literal(name) for name in operations)
        body += [
            f"{INDENT}case {pattern}:",
            f"{INDENT * 2}return with_host_prefix(endpoint, {code})",
        ]
    functions.add("with_host_prefix")
    if any("host_label(" in code for code in groups):
        functions.add("host_label")
    return (*body, f"{INDENT}case _:", f"{INDENT * 2}return endpoint"), frozenset(functions)


def _fallback(parameter: _RuleParameter) -> str | None:
    """Where a parameter comes from when the operation does not bind it."""
    if parameter.client_context:
        reader = _READERS[parameter.type.when_set()]
        option = _string_literal(parameter.name)
        from_option = f"{reader}(settings.client_context.get({option}))"
        if parameter.built_in is None:
            return from_option
        setting = _BUILT_INS[parameter.built_in].setting
        return f"{from_option} if {option} in settings.client_context else {setting}"
    if parameter.built_in is not None:
        return _BUILT_INS[parameter.built_in].setting
    return None


def _operation_lines(
    op: OperationBindings, by_name: Mapping[str, _RuleParameter]
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
        lines.append(f"{parameter.python_name} = {_python_value(value)}")
    for name, member in op.members:
        if name not in static:
            sources.setdefault(name, []).append(f"params.get({_string_literal(member)})")
    for name, path in op.paths:
        if name not in static:
            code, used = compile_path(path)
            functions |= used
            sources.setdefault(name, []).append(code)
    for name, expressions in sources.items():
        parameter = by_name[name]
        reader = _READERS[parameter.type.when_set()]
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
            parts.append(_string_literal(literal))
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise EndpointCompileError(f"{op.operation}: unsupported hostPrefix {prefix!r}")
        operation, member = _string_literal(op.operation), _string_literal(field)
        parts.append(f"host_label({operation}, params, {member})")
    return " + ".join(parts) or '""'


# --- Partitions -------------------------------------------------------------------


def _partition_list(partitions: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = list(partitions.get("partitions", []))
    if not found:
        raise EndpointCompileError("partitions.json lists no partitions")
    _check_explicit_regions_win_as_in_botocore(found)
    return found


def _check_explicit_regions_win_as_in_botocore(partitions: Sequence[Mapping[str, Any]]) -> None:
    """The generated lookup tries every explicit region before any regionRegex.

    botocore instead goes partition by partition, trying each one's regions
    then its regex. The two agree unless a region listed by one partition
    matches the regex of an earlier one; refuse that rather than differ.
    """
    for index, partition in enumerate(partitions):
        for region in partition.get("regions", {}):
            for earlier in partitions[:index]:
                if re.match(earlier["regionRegex"], region):
                    raise EndpointCompileError(
                        f"region {region!r} is listed by partition {partition['id']!r} but "
                        f"matches the regionRegex of the earlier {earlier['id']!r}; botocore "
                        "would pick the earlier one, the generated lookup the listing one"
                    )


def _partition_outputs(partition: Mapping[str, Any]) -> dict[str, Any]:
    # botocore's aws.partition returns the outputs with "name" set to the id.
    return {**partition.get("outputs", {}), "name": partition["id"]}


def _partition_fields(partitions: Sequence[Mapping[str, Any]]) -> tuple[PartitionField, ...]:
    keys = list(_partition_outputs(partitions[0]))
    fields: list[PartitionField] = []
    for key in keys:
        values = [_partition_outputs(p).get(key) for p in partitions]
        if all(isinstance(value, bool) for value in values):
            annotation = "bool"
        elif all(isinstance(value, str) for value in values):
            annotation = "str"
        else:
            raise EndpointCompileError(
                f"partition output {key!r} must be a string or a boolean in every partition"
            )
        fields.append(PartitionField(key=key, name=_local_name(key), annotation=annotation))
    for partition in partitions:
        if set(_partition_outputs(partition)) != set(keys):
            raise EndpointCompileError(
                f"partition {partition['id']!r} has outputs {sorted(_partition_outputs(partition))}"
                f", expected {sorted(keys)} as in {partitions[0]['id']!r}"
            )
    return tuple(fields)


def _partition_table(
    partitions: Sequence[Mapping[str, Any]], fields: Sequence[PartitionField]
) -> PartitionTable:
    constants = [_partition_constant_name(p["id"]) for p in partitions]
    if len(set(constants)) != len(constants) or _MODULE_NAMES & set(constants):
        raise EndpointCompileError(f"partition ids give clashing Python names: {constants}")
    regions: dict[str, str] = {}
    for partition, constant in zip(partitions, constants, strict=True):
        for region in partition.get("regions", {}):
            regions.setdefault(region, constant)  # botocore: the first partition listing it
    return PartitionTable(
        fields=tuple(fields),
        partitions=tuple(
            PartitionConstant(
                constant=constant,
                values=tuple(
                    (field.name, _python_value(_partition_outputs(partition)[field.key]))
                    for field in fields
                ),
            )
            for partition, constant in zip(partitions, constants, strict=True)
        ),
        default=constants[0],
        regions=tuple((_string_literal(region), constant) for region, constant in regions.items()),
        patterns=tuple(
            (_regex_literal(partition["regionRegex"]), constant)
            for partition, constant in zip(partitions, constants, strict=True)
        ),
    )


def _partition_constant_name(partition_id: str) -> str:
    return "_" + re.sub(r"\W", "_", partition_id).upper()


def _python_value(value: str | bool | None) -> str:
    return _string_literal(value) if isinstance(value, str) else repr(value)


# --- Compiling rules ----------------------------------------------------------------


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


class _RuleCompiler:
    """Compiles rules into lines of Python and records the ``_rules.py`` functions they call."""

    def __init__(
        self, parameters: Sequence[_RuleParameter], partition_fields: Mapping[str, PartitionField]
    ) -> None:
        self._parameters = parameters
        self._partition_fields = partition_fields
        self.functions_used: set[str] = set()
        # One Python local per rule-set name, with one type, across the whole function.
        self._owner_of_local: dict[str, str] = {p.python_name: p.name for p in parameters}
        self._type_of_local: dict[str, ValueType] = {}
        self._functions: Mapping[str, Callable[[str, Sequence[_Expr]], _Expr]] = {
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
        message = _string_literal(f"no endpoint rule matches {values}")
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
            return [f"auth_scheme={_string_literal(str(schemes[0].get('name')))}"]
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
            arguments.append(f"signing_region={_string_literal(region_set)}")
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
        self, expr: _Expr, target: str | None, scope: dict[str, _Variable]
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
            return _Test(f"{_operand(expr)} is not None") if expr.type.optional else None
        name = self._bind(target, expr.type.when_set(), scope)
        if expr.type == BOOLEAN and expr.constant is None:
            return _Test(f"({name} := {expr.code})")
        if expr.type.optional:
            return _Test(f"({name} := {expr.code}) is not None")
        return _Assign(name, expr.code)

    def _bind(self, target: str, value_type: ValueType, scope: dict[str, _Variable]) -> str:
        if target in scope:
            raise EndpointCompileError(f"cannot assign {target!r}: the name is already in scope")
        name = _local_name(target)
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

    def _value(self, value: Any, scope: Scope) -> _Expr:
        if isinstance(value, bool | int):
            return _literal(value)
        if isinstance(value, str):
            return self._template(value, scope)
        if isinstance(value, Mapping):
            node = cast("Mapping[str, Any]", value)
            if "ref" in node:
                return self._reference(str(node["ref"]), scope)
            if "fn" in node:
                return self._call(node, scope, allow_assign=False)
        raise EndpointCompileError(f"unsupported value {value!r}")

    def _reference(self, name: str, scope: Scope) -> _Expr:
        variable = scope.get(name)
        if variable is None:
            raise EndpointCompileError(
                f"{name!r} is neither a parameter nor assigned by an enclosing condition"
            )
        return _Expr(variable.python_name, variable.type)

    def _template(self, text: str, scope: Scope) -> _Expr:
        """``"https://x.{Region}.{PartitionResult#dnsSuffix}"`` -> an f-string."""
        if _TEMPLATE_FIELD.search(text) is None:
            return _literal(text)
        parts: list[str] = []
        for literal, field, spec, conversion in string.Formatter().parse(text):
            parts.append(_string_literal(literal)[1:-1].replace("{", "{{").replace("}", "}}"))
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
        return _Expr(f'f"{"".join(parts)}"', STRING)

    def _template_field(self, field: str, scope: Scope) -> _Expr:
        # "{Name#attribute}" reads an attribute, like getAttr.
        name, *path = field.split("#")
        value = self._reference(name, scope)
        for attribute in path:
            value = self._get_attr("template", [value, _literal(attribute)])
        return value

    def _call(self, call: Mapping[str, Any], scope: Scope, *, allow_assign: bool) -> _Expr:
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

    def _is_set(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        (value,) = _arguments(function, arguments, 1)
        if not value.type.optional:
            return _literal(True)
        return _comparison(value, "is not", _NONE)

    def _not(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        (value,) = _arguments(function, arguments, 1, BOOLEAN)
        return _negate(value)

    def _boolean_equals(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        left, right = _arguments(function, arguments, 2)
        if left.constant is not None:
            left, right = right, left
        if left.type.optional and right.constant is not None:
            # An unset boolean equals neither true nor false, as in botocore.
            _require(f"argument 2 of {function}", right, BOOLEAN)
            _require(f"argument 1 of {function}", left, attrs.evolve(BOOLEAN, optional=True))
            return _comparison(left, "is", right)
        left, right = _arguments(function, [left, right], 2, BOOLEAN, BOOLEAN)
        if left.constant is not None and right.constant is not None:
            return _literal(left.constant == right.constant)
        if right.constant is not None:
            # booleanEquals(x, true) is x itself: no "== True" in the output.
            return left if right.constant else _negate(left)
        return _comparison(left, "==", right)

    def _string_equals(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        left, right = _arguments(function, arguments, 2, STRING, STRING)
        if left.constant is not None and right.constant is not None:
            return _literal(left.constant == right.constant)
        if left.constant is not None:
            left, right = right, left  # the literal goes right, as ruff likes it
        comparison = _comparison(left, "==", right)
        if not isinstance(right.constant, str) or comparison.negation is None:
            return comparison
        negation = attrs.evolve(comparison.negation, equality=(left.code, right.constant, False))
        return attrs.evolve(
            comparison, negation=negation, equality=(left.code, right.constant, True)
        )

    def _get_attr(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
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

    def _get_attr_step(self, value: _Expr, part: str) -> _Expr:
        indexed = _GET_ATTR_INDEX.fullmatch(part)
        name, position = (indexed.group(1), int(indexed.group(2))) if indexed else (part, None)
        if name:
            value = self._field(value, name)
        if position is None:
            return value
        _require("an indexed getAttr", value, STRING_ARRAY)
        self.functions_used.add("index")
        return _Expr(f"index({value.code}, {position})", attrs.evolve(STRING, optional=True))

    def _field(self, record: _Expr, key: str) -> _Expr:
        if record.type == PARTITION:
            field = self._partition_fields.get(key)
            if field is None:
                raise EndpointCompileError(
                    f"getAttr of {key!r} on a partition: the partition outputs are "
                    f"{', '.join(self._partition_fields)}"
                )
            return _Expr(f"{_operand(record)}.{field.name}", ValueType(field.annotation))
        fields = _RECORD_FIELDS.get(record.type)
        if fields is None or key not in fields:
            raise EndpointCompileError(f"getAttr of {key!r} on {record.type.annotation}")
        attribute, value_type = fields[key]
        return _Expr(f"{_operand(record)}.{attribute}", value_type)

    def _aws_partition(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        (region,) = _arguments(function, arguments, 1, STRING)
        table = [_Expr(name, ValueType("object")) for name in _PARTITION_TABLE]
        return self._rules_call("aws_partition", [region, *table], PARTITION)

    def _aws_parse_arn(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("aws_parse_arn", checked, attrs.evolve(ARN, optional=True))

    def _parse_url(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("parse_url", checked, attrs.evolve(URL, optional=True))

    def _is_valid_host_label(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        checked = _arguments(function, arguments, 2, STRING, BOOLEAN)
        return self._rules_call("is_valid_host_label", checked, BOOLEAN)

    def _substring(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        checked = _arguments(function, arguments, 4, STRING, INTEGER, INTEGER, BOOLEAN)
        return self._rules_call("substring", checked, attrs.evolve(STRING, optional=True))

    def _uri_encode(self, function: str, arguments: Sequence[_Expr]) -> _Expr:
        checked = _arguments(function, arguments, 1, STRING)
        return self._rules_call("uri_encode", checked, STRING)

    def _rules_call(self, function: str, arguments: Sequence[_Expr], result: ValueType) -> _Expr:
        if function not in _RULE_FUNCTIONS:
            raise AssertionError(f"_rules.py defines no {function}")
        self.functions_used.add(function)
        return _Expr(f"{function}({', '.join(a.code for a in arguments)})", result)


def _arguments(
    function: str, arguments: Sequence[_Expr], count: int, *types: ValueType
) -> Sequence[_Expr]:
    if len(arguments) != count:
        raise EndpointCompileError(f"{function} takes {count} arguments, got {len(arguments)}")
    for position, (argument, expected) in enumerate(zip(arguments, types, strict=False), 1):
        _require(f"argument {position} of {function}", argument, expected)
    return arguments


def _require(what: str, value: _Expr, expected: ValueType) -> None:
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


def _known_equal(expr: _Expr) -> dict[str, _Variable]:
    """``stringEquals(x, "lit")`` holding: inside the rule ``x`` is known to be ``"lit"``.

    Recorded so that a nested comparison of ``x`` with a literal is decided
    here, as pyright decides it from the narrowed ``Literal`` type (it reports
    a comparison that is always true or false).
    """
    if expr.equality is None or not expr.equality[2]:
        return {}
    code, literal, _ = expr.equality
    return {_equality_key(code): _Variable(literal, STRING)}


def _known_outcome(expr: _Expr, scope: Scope) -> _Expr:
    """``expr`` as a constant when an enclosing condition already decides it."""
    if expr.equality is None:
        return expr
    code, literal, equal = expr.equality
    known = scope.get(_equality_key(code))
    if known is None:
        return expr
    return _literal((known.python_name == literal) == equal)


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


def _isort_names(names: set[str]) -> tuple[str, ...]:
    # isort's order within an import: classes, then functions.
    return tuple(sorted(names, key=lambda name: (not name[0].isupper(), name)))


def _sorted_imports(lines: set[str]) -> tuple[str, ...]:
    # isort order: "import x" lines before "from x import y" lines, each by module.
    return tuple(sorted(lines, key=lambda line: (line.startswith("from "), line.split()[1])))
