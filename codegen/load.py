"""Load layer: read the pinned botocore JSON files into plain, typed records.

Nothing here decides names or output; it only parses and checks that the
input is the kind of model the rest of the generator understands.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs

PROVENANCE_FILE = "PROVENANCE.json"
SPEC_FILES = ("service-2.json", "endpoint-rule-set-1.json", "partitions.json")
PAGINATORS_FILE = "paginators-1.json"
"""Pinned too when botocore has one; part of the digest then."""
WAITERS_FILE = "waiters-2.json"
"""Pinned too when botocore has one; part of the digest then."""
OPTIONAL_FILES = (PAGINATORS_FILE, WAITERS_FILE)
"""Spec files a service may lack, in the order they join the digest."""
WAITERS_VERSION = 2
SUPPORTED_PROTOCOLS = frozenset({"json"})
PROTOCOL_PRIORITY = ("json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2")
"""botocore's ``PRIORITY_ORDERED_SUPPORTED_PROTOCOLS``: the first one a service lists wins."""


class SpecError(Exception):
    """The pinned input is missing, altered or of a kind we cannot generate."""


@attrs.frozen
class ServiceSpec:
    """The pinned inputs of one service, as parsed JSON."""

    name: str
    model: dict[str, Any]
    endpoint_rules: dict[str, Any]
    partitions: dict[str, Any]
    provenance: dict[str, Any]
    sha256: str
    """Digest of the spec files together; stamped into every generated file."""
    paginators: dict[str, Any] = attrs.field(factory=dict[str, Any])
    """The ``pagination`` entries of ``paginators-1.json`` by operation; empty without one."""
    waiters: dict[str, Any] = attrs.field(factory=dict[str, Any])
    """The ``waiters`` of ``waiters-2.json`` by waiter name; empty without one."""


def load_service_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def resolved_protocol(service: str, metadata: dict[str, Any]) -> str:
    """The protocol botocore speaks to ``service`` (``ServiceModel.resolved_protocol``).

    The first of :data:`PROTOCOL_PRIORITY` the ``protocols`` list names
    (cloudwatch lists ``smithy-rpc-v2-cbor``, ``json`` and ``query``: ``json``);
    without a list, the legacy ``protocol``.
    """
    offered = metadata.get("protocols")
    if not offered:
        protocol: str = metadata["protocol"]
        return protocol
    for protocol in PROTOCOL_PRIORITY:
        if protocol in offered:
            return protocol
    raise SpecError(
        f"{service}: none of the protocols it offers ({', '.join(map(repr, offered))}) "
        f"is one botocore speaks"
    )


def load_spec(specs_dir: Path, service: str) -> ServiceSpec:
    """Read ``specs_dir/service`` and check it against its provenance file."""
    folder = specs_dir / service
    if not folder.is_dir():
        raise SpecError(f"no pinned spec for {service!r} in {folder}")
    provenance = load_service_json(folder / PROVENANCE_FILE)
    combined = hashlib.sha256()
    names = SPEC_FILES + tuple(name for name in OPTIONAL_FILES if name in provenance["files"])
    for name in names:
        content = (folder / name).read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != provenance["files"][name]["sha256"]:
            raise SpecError(f"{folder / name} does not match the sha256 in {PROVENANCE_FILE}")
        combined.update(content)
    model = load_service_json(folder / "service-2.json")
    protocol = resolved_protocol(service, model["metadata"])
    if protocol not in SUPPORTED_PROTOCOLS:
        offered = model["metadata"].get("protocols") or [model["metadata"]["protocol"]]
        raise SpecError(
            f"{service}: protocol {protocol!r} is not supported (only awsJson, 'json'); "
            f"the service offers {', '.join(map(repr, offered))}"
        )
    return ServiceSpec(
        name=service,
        model=model,
        endpoint_rules=load_service_json(folder / "endpoint-rule-set-1.json"),
        partitions=load_service_json(folder / "partitions.json"),
        provenance=provenance,
        sha256=combined.hexdigest(),
        paginators=load_service_json(folder / PAGINATORS_FILE)["pagination"]
        if PAGINATORS_FILE in names
        else {},
        waiters=_waiters(folder / WAITERS_FILE) if WAITERS_FILE in names else {},
    )


def _waiters(path: Path) -> dict[str, Any]:
    """The waiters of a ``waiters-2.json``; only version 2 is understood (as botocore)."""
    data = load_service_json(path)
    if data.get("version") != WAITERS_VERSION:
        raise SpecError(f"{path}: waiter version {data.get('version')!r}, only 2 is supported")
    waiters: dict[str, Any] = data["waiters"]
    return waiters
