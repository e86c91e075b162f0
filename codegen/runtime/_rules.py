"""The endpoint rule-set functions the compiled rules in ``endpoints.py`` call.

Each mirrors a function of botocore's ``RuleSetStandardLibrary`` (1.44.5) for
the argument types the generator lets through (it checks them statically, so
the ``None`` checks botocore makes at run time are not needed here). The
partition table itself is data of the service, generated into ``endpoints.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import quote

__all__ = ["aws_partition", "is_valid_host_label", "substring", "uri_encode"]

P = TypeVar("P")


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
    return all(re.match(r"^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$", label) for label in labels)


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
