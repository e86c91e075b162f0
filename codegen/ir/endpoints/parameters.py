"""The rule set's parameters: how each is declared, named, typed and supplied.

A parameter becomes a keyword of ``resolve_endpoint`` and a local of
``_evaluate_rules``; a built-in (``AWS::Region`` ...) is filled from the
client's settings, a ``clientContextParams`` entry from a client option of that
name (``ClientOption``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ...docs import html_to_text
from ...naming import python_identifier, snake_case
from ...runtime import _rules, _rules_extra
from .bindings import ClientContextParameter, ServiceBindings
from .errors import EndpointCompileError
from .values import BOOLEAN, INDENT, STRING, STRING_ARRAY, ValueType, python_value, string_literal

# Parameters of endpoint_for_call, which its locals must not shadow.
_CALL_NAMES = frozenset({"settings", "operation", "params"})
# What the generated module imports from _rules.py; no local variable may shadow them.
RULE_FUNCTIONS = frozenset(_rules.__all__) | frozenset(_rules_extra.__all__)

_RULE_SET_TYPES = {"string": STRING, "boolean": BOOLEAN, "stringarray": STRING_ARRAY}


@attrs.frozen
class ClientOption:
    """A client constructor option for one of the service's ``clientContextParams``."""

    name: str
    """The parameter's name in the rule set (``ServiceType``)."""
    python_name: str
    annotation: str
    documentation: str


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
BUILT_INS: Mapping[str, _BuiltIn] = {
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
ACCOUNT_ID_BUILT_INS = ("AWS::Auth::AccountId", "AWS::Auth::AccountIdEndpointMode")
# Reads a value of this type out of an object (input member, client option).
READERS = {STRING: "string_param", BOOLEAN: "bool_param", STRING_ARRAY: "string_list_param"}


@attrs.frozen
class RuleParameter:
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
        default = "None" if self.public_type.optional else python_value(self.default)
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
            return f"{python_value(self.default)} if {self.keyword} is None else {self.keyword}"
        return self.keyword

    @property
    def doc_line(self) -> str:
        source = f"built-in {self.built_in}" if self.built_in else "the operation's input"
        if self.client_context:
            source = "the client option of that name"
        summary = " ".join(self.documentation.split()).split(". ")[0].rstrip(".")
        return f"{self.keyword}: {summary or self.name} ({self.name}; from {source})."


def rule_parameters(
    declared: Mapping[str, Any], bindings: ServiceBindings
) -> tuple[RuleParameter, ...]:
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


def _rule_parameter(name: str, spec: Mapping[str, Any], client_context: bool) -> RuleParameter:
    value_type = _RULE_SET_TYPES.get(spec.get("type", "").lower())
    if value_type is None:
        raise EndpointCompileError(f"parameter {name!r} has unsupported type {spec.get('type')!r}")
    built_in_name: str | None = spec.get("builtIn")
    if built_in_name is not None:
        built_in = BUILT_INS.get(built_in_name)
        if built_in is None:
            raise EndpointCompileError(
                f"parameter {name!r} (builtIn {built_in_name!r}) is not one the client "
                f"supplies; supported built-ins: {', '.join(BUILT_INS)}"
            )
        if value_type != built_in.type:
            raise EndpointCompileError(
                f"parameter {name!r} has type {spec.get('type')!r}, "
                f"expected {built_in.type.name} for {built_in_name}"
            )
        keyword = built_in.keyword
    else:
        keyword = local_name(name)
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
    return RuleParameter(
        name=name,
        python_name=local_name(name),
        keyword=keyword,
        type=attrs.evolve(value_type, optional=may_be_unset),
        default=default,
        required=required,
        built_in=built_in_name,
        client_context=client_context,
        documentation=str(spec.get("documentation", "")),
    )


def signature(parameters: Sequence[RuleParameter]) -> tuple[str, ...]:
    # The region first, as before rule sets had more parameters; the rest by keyword.
    region = [p.declaration for p in parameters if p.built_in == "AWS::Region"]
    others = [p.declaration for p in parameters if p.built_in != "AWS::Region"]
    return tuple(region + (["*", *others] if others else []))


def required_checks(parameters: Sequence[RuleParameter]) -> tuple[str, ...]:
    lines: list[str] = []
    for p in parameters:
        if p.required and p.default is None:
            message = string_literal(f"the endpoint parameter {p.name} is required")
            lines += [f"if {p.keyword} is None:", f"{INDENT}raise InvalidEndpointError({message})"]
    return tuple(lines)


def local_name(rule_set_name: str) -> str:
    name = python_identifier(snake_case(rule_set_name))
    if (
        not name.isidentifier()
        or name.startswith("_")
        or name in RULE_FUNCTIONS
        or name in _CALL_NAMES
    ):
        raise EndpointCompileError(f"cannot name a Python variable after {rule_set_name!r}")
    return name


def client_option(parameter: ClientContextParameter) -> ClientOption:
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
