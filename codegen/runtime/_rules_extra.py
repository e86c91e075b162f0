"""Rule-set functions and input readers that only some services' endpoints need.

``aws.parseArn``, ``parseURL`` and ``getAttr`` indexing, as botocore's
``RuleSetStandardLibrary`` (1.44.5); and the readers that take context
parameters out of the wire-named input the way botocore does (``contextParam``
members, ``operationContextParams`` JMESPath expressions compiled to calls of
``member_path``, ``keys_of``, ``project``, ``multi_select`` and ``flatten``, and
``hostPrefix`` labels). The generator copies this module only into packages
whose ``endpoints.py`` imports from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, cast
from urllib.parse import quote, urlparse

from ._exceptions import ParamValidationError
from ._rules import remove_dot_segments

__all__ = [
    "Arn",
    "Url",
    "aws_parse_arn",
    "flatten",
    "host_label",
    "index",
    "keys_of",
    "member_path",
    "multi_select",
    "parse_url",
    "project",
    "string_list_param",
]

# botocore.compat.IPV4_PAT; botocore.serialize.HOST_PREFIX_RE (matched whole here).
_IPV4 = re.compile(r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}")
_HOST_PREFIX_LABEL = re.compile(r"[A-Za-z0-9.\-]+")


class Arn(NamedTuple):
    """What ``aws.parseArn`` returns."""

    partition: str
    service: str
    region: str
    account_id: str
    resource_id: list[str]


class Url(NamedTuple):
    """What ``parseURL`` returns."""

    scheme: str
    authority: str
    path: str
    normalized_path: str
    is_ip: bool


def aws_parse_arn(value: str) -> Arn | None:
    """``aws.parseArn``: the parts of an ARN, the resource split on ``:`` and ``/``."""
    if not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6:
        return None
    _, partition, service, region, account_id, resource = parts
    if not (partition and service and resource):
        return None
    return Arn(partition, service, region, account_id, resource.replace(":", "/").split("/"))


def parse_url(value: str) -> Url | None:
    """``parseURL``: an http(s) URL without a query, split into its parts."""
    parts = urlparse(value)
    try:
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or parts.query:
        return None
    normalized = quote(remove_dot_segments(parts.path) if parts.path else "/")
    if not normalized.endswith("/"):
        normalized += "/"
    return Url(parts.scheme, parts.netloc, parts.path, normalized, _is_ip(parts.hostname))


def _is_ip(hostname: str | None) -> bool:
    if hostname is None:
        return False
    if _IPV4.fullmatch(hostname):
        return True
    import ipaddress  # noqa: PLC0415 -- only custom endpoints get here

    try:
        ipaddress.IPv6Address(hostname)
    except ValueError:
        return False
    return True


def index(values: Sequence[str] | None, position: int) -> str | None:
    """``getAttr(value, "name[N]")``: the Nth item, or None when there is none."""
    if values is None or position >= len(values):
        return None
    return values[position]


def _as_mapping(value: object) -> Mapping[str, object] | None:
    # The input is JSON-shaped: mappings have string keys.
    return cast("Mapping[str, object]", value) if isinstance(value, Mapping) else None


def _as_list(value: object) -> list[object] | None:
    return cast("list[object]", value) if isinstance(value, list) else None


def member_path(params: object, *names: str) -> object:
    """``A.B.C`` in a JMESPath expression: None as soon as a step is missing."""
    value: object = params
    for name in names:
        mapping = _as_mapping(value)
        if mapping is None:
            return None
        value = mapping.get(name)
    return value


def keys_of(value: object) -> list[str] | None:
    """``keys(A)`` in a JMESPath expression."""
    mapping = _as_mapping(value)
    return None if mapping is None else list(mapping)


def project(value: object, each: Callable[[object], object]) -> list[object] | None:
    """``A[*].rest``: ``rest`` of each item of a list, the None results left out."""
    items = _as_list(value)
    if items is None:
        return None
    return [result for result in map(each, items) if result is not None]


def multi_select(current: object, values: list[object]) -> list[object] | None:
    """``[a, b]``: the list of the expressions' values (None when ``current`` is)."""
    return None if current is None else values


def flatten(value: object) -> list[object] | None:
    """``A[]``: sublists merged into one list, None values left out."""
    items = _as_list(value)
    if items is None:
        return None
    merged: list[object] = []
    for item in items:
        sublist = _as_list(item)
        merged += [item] if sublist is None else sublist
    return [item for item in merged if item is not None]


def string_list_param(value: object) -> list[str] | None:
    """A ``stringArray`` rule-set parameter taken from the input."""
    items = _as_list(value)
    return None if items is None else [item for item in items if isinstance(item, str)]


def host_label(operation: str, params: Mapping[str, object], member: str) -> str:
    """A ``{Member}`` of an operation's ``hostPrefix``, checked as botocore checks it."""
    value = params.get(member)
    if not isinstance(value, str) or not _HOST_PREFIX_LABEL.fullmatch(value):
        raise ParamValidationError(
            operation,
            [
                f"{member}: invalid value for a host prefix label; must contain only "
                "alphanumeric characters, hyphen, or period"
            ],
        )
    return value
