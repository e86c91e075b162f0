"""What each operation feeds the endpoint rule set, read from the service model.

botocore fills a rule-set parameter from, in this order (``EndpointRulesetResolver.
_get_provider_params``): the operation's ``staticContextParams``, an input member
marked ``contextParam``, the operation's ``operationContextParams`` (a JMESPath
expression over the input), a client context parameter, then a built-in. The
operation's ``endpoint.hostPrefix`` is put in front of the resolved host.

This module reads those traits (``service_bindings``); ``paths.py`` compiles the
JMESPath expressions, ``call.py`` writes the bindings down as ``endpoint_for_call``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .errors import EndpointCompileError


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
