"""Hypothesis strategies derived from botocore's shapes: valid inputs and responses.

Values are drawn in boto3's parameter form (wire names, ``bytes`` for blobs,
aware ``datetime`` for timestamps), within the model's ``min``/``max`` and
enums, so that the client's default validation accepts them. Recursive
shapes (DynamoDB's ``AttributeValue``) stop nesting at ``MAX_DEPTH``:
deeper down, only required members and scalar union members are drawn.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

MAX_DEPTH = 3
"""Below this depth, structures draw their required members only."""
_MAX_ITEMS = 2
_MAX_TEXT = 12
_ALPHABET = st.characters(codec="ascii", categories=("L", "Nd"), include_characters="-_./")
# Instants between 2001 and 2033 in UTC, to the microsecond (botocore sends
# sub-second epoch timestamps as 1814013028.800048).
_TIMESTAMPS = st.datetimes(
    min_value=datetime.datetime(2001, 1, 1),
    max_value=datetime.datetime(2033, 1, 1),
    timezones=st.just(datetime.UTC),
)
_JSON_SCALARS = (
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | st.text(_ALPHABET, max_size=6)
)
_DOCUMENTS = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=2)
        | st.dictionaries(st.text(_ALPHABET, max_size=5), inner, max_size=2)
    ),
    max_leaves=4,
)
_CONTAINERS = frozenset({"structure", "list", "map"})
# Endpoint rule sets parse these members (``contextParam``) as ARNs and refuse
# a malformed one, as botocore does: they get a well-formed ARN of their kind.
_ACCOUNT = "arn:aws:{}:us-east-1:123456789012:"
_CONTEXT_ARNS = {
    "StreamARN": _ACCOUNT.format("kinesis") + "stream/s1",
    "ResourceARN": _ACCOUNT.format("kinesis") + "stream/s1",
    "ConsumerARN": _ACCOUNT.format("kinesis") + "stream/s1/consumer/c1:1",
    "QueueARN": _ACCOUNT.format("kinesis") + "queue/q1",
    "ChannelARN": _ACCOUNT.format("kinesis") + "channel/c1",
    "TableArn": _ACCOUNT.format("dynamodb") + "table/t1",
    "ResourceArnString": _ACCOUNT.format("dynamodb") + "table/t1",
    "BackupArn": _ACCOUNT.format("dynamodb") + "table/t1/backup/01700000000000-a1b2c3d4",
    "ExportArn": _ACCOUNT.format("dynamodb") + "table/t1/export/01700000000000-a1b2c3d4",
    "ImportArn": _ACCOUNT.format("dynamodb") + "table/t1/import/01700000000000-a1b2c3d4",
    "BulkOperationArn": _ACCOUNT.format("dynamodb") + "table/t1/bulk-operation/b1",
}


_CACHE: dict[tuple[int, str, int], st.SearchStrategy[Any]] = {}


def value_of(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """A valid value of ``shape`` in boto3's parameter form (built once per shape and depth)."""
    key = (id(shape._shape_resolver), shape.name, depth)
    if key not in _CACHE:
        _CACHE[key] = _build(shape, depth)
    return _CACHE[key]


def _build(shape: Shape, depth: int) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return _DOCUMENTS
        if shape.is_tagged_union:
            return _union(shape, depth)
        return _structure(shape, depth)
    if kind in ("list", "map") and depth >= MAX_DEPTH and not shape.metadata.get("min"):
        # Deep enough: an empty container ends a chain of required members.
        return st.just([] if kind == "list" else {})
    if kind == "list":
        low, high = _size(shape)
        return st.lists(value_of(shape.member, depth + 1), min_size=low, max_size=high)
    if kind == "map":
        low, high = _size(shape)
        return st.dictionaries(
            value_of(shape.key, depth + 1),
            value_of(shape.value, depth + 1),
            min_size=low,
            max_size=high,
        )
    return _scalar(shape)


def _structure(shape: Shape, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    required = set(shape.required_members)
    members = {
        name: member
        for name, member in shape.members.items()
        if not member.serialization.get("eventstream") and (name in required or depth < MAX_DEPTH)
    }
    mandatory = {name: _member(m, depth + 1) for name, m in members.items() if name in required}
    optional = {name: _member(m, depth + 1) for name, m in members.items() if name not in required}
    return st.fixed_dictionaries(mandatory, optional=optional)


def _member(member: Shape, depth: int) -> st.SearchStrategy[Any]:
    if "contextParam" in member.metadata and member.name in _CONTEXT_ARNS:
        return st.just(_CONTEXT_ARNS[member.name])
    return value_of(member, depth)


def _union(shape: Shape, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Exactly one member set, as a union requires; scalars only once deep enough.

    A union of structures alone (acm's ``FindingScope``) still draws one of them
    a little deeper: such a structure draws only its required members there.
    """
    members = [
        (name, member)
        for name, member in shape.members.items()
        if depth < MAX_DEPTH or member.type_name not in _CONTAINERS
    ]
    if not members and depth < MAX_DEPTH + 2:
        members = [(n, m) for n, m in shape.members.items() if m.type_name == "structure"]
    return st.one_of([value_of(member, depth + 1).map(_keyed(name)) for name, member in members])


def _keyed(name: str) -> Callable[[object], dict[str, object]]:
    """A function putting its argument under ``name`` (binds ``name`` now, not at call time)."""
    return lambda value: {name: value}


def _size(shape: Shape) -> tuple[int, int]:
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", _MAX_TEXT))
    return low, max(low, min(high, _MAX_ITEMS if shape.type_name in _CONTAINERS else _MAX_TEXT))


def _scalar(shape: Shape) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    metadata = shape.metadata
    if kind == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        low, high = _size(shape)
        return st.text(_ALPHABET, min_size=low, max_size=high)
    if kind in ("integer", "long"):
        bound = 2**31 - 1 if kind == "integer" else 2**53
        return st.integers(int(metadata.get("min", -bound)), int(metadata.get("max", bound)))
    if kind in ("float", "double"):
        return st.floats(
            min_value=metadata.get("min"),
            max_value=metadata.get("max"),
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        low, high = _size(shape)
        return st.binary(min_size=low, max_size=high)
    if kind == "timestamp":
        return _TIMESTAMPS
    raise AssertionError(f"no strategy for {shape.name} ({kind})")
