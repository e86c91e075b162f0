"""The compiled rule set as the template receives it, and the compiler's entry point.

``build_endpoint_source(ruleset, partitions, bindings)`` returns an
``EndpointModel``, which ``templates/endpoints.py.jinja`` lays out as the
variable ``endpoints``. Every line of code is decided here or in the modules it
calls; the template only places the lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ...runtime import _rules, _rules_extra
from .bindings import ServiceBindings
from .call import call_body
from .parameters import (
    ACCOUNT_ID_BUILT_INS,
    ClientOption,
    client_option,
    required_checks,
    rule_parameters,
    signature,
)
from .partitions import PartitionTable, partition_fields, partition_list, partition_table
from .rules import RuleCompiler
from .values import STRING_ARRAY


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
    listed = partition_list(partitions)
    fields = partition_fields(listed)
    parameters = rule_parameters(ruleset.get("parameters", {}), bindings)
    compiler = RuleCompiler(parameters, {field.key: field for field in fields})
    body = compiler.compile_rule_set(ruleset.get("rules", []))
    lines_for_call, call_functions = call_body(parameters, bindings)
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
        partition_table=partition_table(listed, fields) if uses_partitions else None,
        signature=signature(parameters),
        parameter_docs=tuple(p.doc_line for p in parameters),
        accepts_endpoint=any(p.built_in == "SDK::Endpoint" for p in parameters),
        required_checks=required_checks(parameters),
        call_arguments=tuple(f"{p.python_name}={p.argument}" for p in parameters),
        rule_parameters=tuple(f"{p.python_name}: {p.type.annotation}" for p in parameters),
        body=body,
        call_body=lines_for_call,
        client_options=tuple(client_option(c) for c in bindings.client_context),
        uses_account_id=any(p.built_in in ACCOUNT_ID_BUILT_INS for p in parameters),
        has_host_prefixes=any(op.host_prefix is not None for op in bindings.operations),
    )


def _isort_names(names: set[str]) -> tuple[str, ...]:
    # isort's order within an import: classes, then functions.
    return tuple(sorted(names, key=lambda name: (not name[0].isupper(), name)))


def _sorted_imports(lines: set[str]) -> tuple[str, ...]:
    # isort order: "import x" lines before "from x import y" lines, each by module.
    return tuple(sorted(lines, key=lambda line: (line.startswith("from "), line.split()[1])))
