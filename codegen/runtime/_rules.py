"""The endpoint rule-set functions the compiled rules in ``endpoints.py`` call.

Each mirrors a function of botocore's ``RuleSetStandardLibrary`` (1.44.5) for
the argument types the generator lets through (it checks them statically, so
the ``None`` checks botocore makes at run time are not needed here). The
partition table itself is data of the service, generated into ``endpoints.py``.

Also here: ``Endpoint``, what resolution returns, and ``EndpointSettings``,
what the client hands the generated ``endpoint_for_call`` (botocore's built-ins
and client context parameters), plus the small readers that take operation
context parameters out of the wire-named input, as botocore does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, TypeVar, cast
from urllib.parse import quote, urlparse

from ._exceptions import ParamValidationError

__all__ = [
    "Arn",
    "Endpoint",
    "EndpointSettings",
    "Url",
    "bool_param",
    "flatten",
    "multi_select",
    "project",
    "with_host_prefix",
    "aws_partition",
    "aws_parse_arn",
    "host_label",
    "index",
    "is_valid_host_label",
    "keys_of",
    "member_path",
    "parse_url",
    "string_list_param",
    "string_param",
    "substring",
    "uri_encode",
]

P = TypeVar("P")

# botocore.compat.IPV4_PAT; botocore.serialize.HOST_PREFIX_RE (matched whole here).
_IPV4 = re.compile(r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}")
_HOST_LABEL = re.compile(r"(?!-)[a-zA-Z\d-]{1,63}(?<!-)")
_HOST_PREFIX_LABEL = re.compile(r"[A-Za-z0-9.\-]+")


class Endpoint(NamedTuple):
    """A resolved endpoint: where to send, and how to sign for it.

    ``signing_region`` and ``signing_name`` come from the rule's ``authSchemes``
    and override the client's region and the service's signing name when set.
    ``auth_scheme`` is ``"sigv4"`` unless the endpoint offers only schemes this
    client cannot sign with (e.g. ``"sigv4a"``, which botocore needs awscrt for).
    """

    url: str
    signing_region: str | None = None
    signing_name: str | None = None
    auth_scheme: str = "sigv4"


class EndpointSettings(NamedTuple):
    """What the client supplies to the rule set: botocore's built-ins and client context.

    ``account_id`` returns the account ID of the current credentials
    (``AWS::Auth::AccountId``); it is only called by rule sets that use it.
    ``client_context`` holds the client options named after the service's
    ``clientContextParams``; ``inject_host_prefix`` is botocore's setting of that name.
    """

    region: str | None
    use_fips: bool
    use_dualstack: bool
    endpoint: str | None
    account_id: Callable[[], str | None]
    account_id_endpoint_mode: str
    client_context: Mapping[str, str | bool | None]
    inject_host_prefix: bool = True


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


def aws_partition(
    region: str,
    by_region: Mapping[str, P],
    by_pattern: Sequence[tuple[str, P]],
    default: P,
) -> P:
    """``aws.partition``: the partition of ``region``.

    A region listed in partitions.json wins; otherwise the first partition whose
    regionRegex matches; otherwise the first partition (``default``). ``re``
    caches the few patterns it compiles, and only regions that are not listed
    need them.
    """
    listed = by_region.get(region)
    if listed is not None:
        return listed
    for pattern, partition in by_pattern:
        if re.match(pattern, region):
            return partition
    return default


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
    normalized = quote(_remove_dot_segments(parts.path) if parts.path else "/")
    if not normalized.endswith("/"):
        normalized += "/"
    return Url(parts.scheme, parts.netloc, parts.path, normalized, _is_ip(parts.hostname))


def _remove_dot_segments(path: str) -> str:
    # botocore.utils.remove_dot_segments: RFC 3986 5.2.4, empty segments dropped too.
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if output:
                output.pop()
        elif segment and segment != ".":
            output.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and output else ""
    return first + "/".join(output) + last


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


def is_valid_host_label(value: str, allow_subdomains: bool) -> bool:
    """``isValidHostLabel``: an RFC 1123 host label (dot-separated labels if allowed)."""
    labels = value.split(".") if allow_subdomains else [value]
    return all(_HOST_LABEL.fullmatch(label) for label in labels)


def substring(value: str, start: int, stop: int, reverse: bool) -> str | None:
    """``substring``: ``value[start:stop]``, counted from the end if ``reverse``.

    None when the range does not fit, or ``value`` is not ASCII.
    """
    if start >= stop or len(value) < stop or not value.isascii():
        return None
    if reverse:
        return value[len(value) - stop : len(value) - start]
    return value[start:stop]


def uri_encode(value: str) -> str:
    """``uriEncode``: percent-encode all but RFC 3986 unreserved characters, as botocore does."""
    return quote(value, safe="-._~")


# --- Operation parameters, read from the wire-named input (botocore's call_args) ---


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


def string_param(value: object) -> str | None:
    """A string rule-set parameter taken from the input (validated before this)."""
    return value if isinstance(value, str) else None


def bool_param(value: object) -> bool | None:
    """A boolean rule-set parameter taken from the input or the client's options."""
    return value if isinstance(value, bool) else None


def string_list_param(value: object) -> list[str] | None:
    """A ``stringArray`` rule-set parameter taken from the input."""
    items = _as_list(value)
    return None if items is None else [item for item in items if isinstance(item, str)]


def with_host_prefix(endpoint: Endpoint, prefix: str) -> Endpoint:
    """``endpoint`` with ``prefix`` put in front of its host (an operation's ``hostPrefix``)."""
    scheme, separator, rest = endpoint.url.partition("://")
    return endpoint._replace(url=f"{scheme}{separator}{prefix}{rest}")


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
