"""Tiny service models, for the tests that need a model of their own.

``service_model`` writes down the ``service-2.json`` a test describes: the
metadata every pinned awsJson model has (derived from the service id unless
given), each operation named and sent as ``POST /``. ``mini_spec`` wraps such a
model in the ``ServiceSpec`` that ``load_spec`` would return for it, with the
pinned cognito-idp endpoint rule set and partitions standing in for its own.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from codegen.load import ServiceSpec, load_spec

SPECS = Path(__file__).resolve().parent.parent / "specs"

RULES_FROM = "cognito-idp"
"""The pinned service whose endpoint rules and partitions a mini spec borrows."""


def service_model(
    service_id: str,
    *,
    operations: Mapping[str, Mapping[str, Any]],
    shapes: Mapping[str, Any],
    metadata: Mapping[str, str] | None = None,
    **top_level: Any,
) -> dict[str, Any]:
    """A service model: ``metadata`` overrides the defaults, ``top_level`` adds keys
    (``documentation``, ``clientContextParams``)."""
    defaults = {
        "apiVersion": "2026-11-29",
        "endpointPrefix": service_id.lower().replace(" ", ""),
        "jsonVersion": "1.1",
        "protocol": "json",
        "serviceId": service_id,
        "signatureVersion": "v4",
        "targetPrefix": service_id.replace(" ", ""),
    }
    return {
        "version": "2.0",
        "metadata": {**defaults, **(metadata or {})},
        **top_level,
        "operations": {
            name: {"name": name, "http": {"method": "POST", "requestUri": "/"}, **operation}
            for name, operation in operations.items()
        },
        "shapes": dict(shapes),
    }


@functools.cache
def _borrowed() -> ServiceSpec:
    return load_spec(SPECS, RULES_FROM)


def mini_spec(
    model: Mapping[str, Any], *, name: str | None = None, sha256: str = "0" * 64
) -> ServiceSpec:
    """``model`` as a spec named ``name`` (default: its endpoint prefix)."""
    borrowed = _borrowed()
    return attrs.evolve(
        borrowed,
        name=name or model["metadata"]["endpointPrefix"],
        model=dict(model),
        sha256=sha256,
        paginators={},
    )
