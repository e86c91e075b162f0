"""What the multi-service test runs: operations and errors, read from the pinned specs.

Computed at collection time from ``specs/<service>/service-2.json`` alone (no
generation), so that each case is a test id of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from codegen.ir.package import unsupported_reason

from ..conftest import SPECS
from .conftest import SERVICES

ERROR_FORMS = ("bare", "namespaced", "uri-suffix", "header")
QUERY_FORM = "query-compatible"


@cache
def model(service: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SPECS / service / "service-2.json").read_text())
    return data


def supported_operations(service: str) -> list[str]:
    """Every operation the whole-service package offers: event streams are left out."""
    spec = model(service)
    return sorted(
        name for name, op in spec["operations"].items() if unsupported_reason(spec, op) is None
    )


def operation_cases() -> Iterator[tuple[str, str]]:
    for service in SERVICES:
        for op in supported_operations(service):
            yield service, op


def error_cases(*, query_compatible: bool = False) -> Iterator[tuple[str, str, str]]:
    """(service, error, an operation raising it): each modeled error once.

    With ``query_compatible``, only the errors of awsQueryCompatible services.
    """
    for service in SERVICES:
        spec = model(service)
        if query_compatible and "awsQueryCompatible" not in spec["metadata"]:
            continue
        first_raiser: dict[str, str] = {}
        for op in supported_operations(service):
            for error in spec["operations"][op].get("errors", ()):
                first_raiser.setdefault(error["shape"], op)
        yield from ((service, error, op) for error, op in sorted(first_raiser.items()))


def timestamp_cases() -> Iterator[tuple[str, str, str]]:
    """(service, operation, member): per service, the first operation with a timestamp input."""
    for service in SERVICES:
        spec = model(service)
        for op in supported_operations(service):
            operation = spec["operations"][op]
            members = (
                spec["shapes"][operation["input"]["shape"]].get("members", {})
                if "input" in operation
                else {}
            )
            stamps = [
                n
                for n, ref in members.items()
                if spec["shapes"][ref["shape"]]["type"] == "timestamp"
            ]
            if stamps:
                yield service, op, stamps[0]
                break
