"""The endpoint rule-set functions the compiled rules in ``endpoints.py`` call.

Each mirrors a function of botocore's ``RuleSetStandardLibrary`` (1.44.5) for
the argument types the generator lets through (it checks them statically, so
the ``None`` checks botocore makes at run time are not needed here). The
partition table itself is data of the service, generated into ``endpoints.py``.

Also here: ``Endpoint``, what resolution returns, and ``EndpointSettings``,
what the client hands the generated ``endpoint_for_call`` (botocore's built-ins
and client context parameters). What only some rule sets need (ARNs, URLs,
context parameters read from the input) is in ``_rules_extra.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, TypeVar
from urllib.parse import quote

__all__ = [
    "Endpoint",
    "EndpointSettings",
    "aws_partition",
    "bool_param",
    "is_valid_host_label",
    "remove_dot_segments",
    "string_param",
    "substring",
    "uri_encode",
    "with_host_prefix",
]

P = TypeVar("P")

_HOST_LABEL = re.compile(r"(?!-)[a-zA-Z\d-]{1,63}(?<!-)")


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


def string_param(value: object) -> str | None:
    """A string rule-set parameter taken from the input (validated before this)."""
    return value if isinstance(value, str) else None


def bool_param(value: object) -> bool | None:
    """A boolean rule-set parameter taken from the input or the client's options."""
    return value if isinstance(value, bool) else None


def with_host_prefix(endpoint: Endpoint, prefix: str) -> Endpoint:
    """``endpoint`` with ``prefix`` put in front of its host (an operation's ``hostPrefix``)."""
    scheme, separator, rest = endpoint.url.partition("://")
    return endpoint._replace(url=f"{scheme}{separator}{prefix}{rest}")


def remove_dot_segments(path: str) -> str:
    """``botocore.utils.remove_dot_segments``: resolve ``.``/``..`` and drop empty segments.

    Here because the signer (canonical path) and ``parseURL`` (``normalizedPath``) both
    follow it, and this module is in every package.
    """
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment and segment != ".":
            segments.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and segments else ""
    return first + "/".join(segments) + last
