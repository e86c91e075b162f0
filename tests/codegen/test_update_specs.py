"""The spec refresher reports what changed for the generated operations."""

from __future__ import annotations

import copy
from typing import Any

from codegen.load import ServiceSpec
from codegen.update_specs import describe_changes


def test_no_change_reports_nothing(spec: ServiceSpec) -> None:
    assert describe_changes(spec.model, spec.model, ["UpdateUserPoolDomain"]) == []


def test_added_member_constraint_change_and_errors_are_reported(spec: ServiceSpec) -> None:
    new: dict[str, Any] = copy.deepcopy(spec.model)
    shapes = new["shapes"]
    shapes["UpdateUserPoolDomainRequest"]["members"]["Tags"] = {"shape": "DomainType"}
    shapes["DomainType"]["max"] = 253
    errors = new["operations"]["UpdateUserPoolDomain"]["errors"]
    errors.append({"shape": "LimitExceededException"})
    errors.remove({"shape": "ConcurrentModificationException"})

    lines = describe_changes(spec.model, new, ["UpdateUserPoolDomain"])

    assert any(line.startswith("UpdateUserPoolDomain input: member Tags added") for line in lines)
    assert any(
        "member Domain" in line and "'max': 63" in line and "'max': 253" in line for line in lines
    )
    assert "UpdateUserPoolDomain: error LimitExceededException added" in lines
    assert "UpdateUserPoolDomain: error ConcurrentModificationException removed" in lines
    # Operations we don't generate are not reported.
    assert describe_changes(spec.model, new, ["DeleteUserPool"]) == []
