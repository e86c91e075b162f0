"""Automatic pagination on the command line, as the AWS CLI does it.

A paginated command calls the service until the last page and prints the
pages merged (``build_full_result``), with ``NextToken`` when ``--max-items``
stopped early. ``--starting-token``, ``--page-size`` and ``--max-items`` are
boto3's ``PaginationConfig``; the operation's own token and limit options
still work but are left out of help, and giving one turns pagination off, as
``--no-paginate`` does (awscli ``customizations/paginate.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass

from .._exceptions import PaginationError
from .._schema import Scalar, Structure

# The AWS CLI's help texts for these options, as plain text.
_USER_GUIDE = (
    "For usage examples, see Pagination in the AWS Command Line Interface User Guide "
    "(https://docs.aws.amazon.com/cli/latest/userguide/pagination.html)."
)
STARTING_TOKEN_HELP = (
    "A token to specify where to start paginating. This is the NextToken from a previously "
    f"truncated response.\n\n{_USER_GUIDE}"
)
PAGE_SIZE_HELP = (
    "The size of each page to get in the AWS service call. This does not affect the number of "
    "items returned in the command's output. Setting a smaller page size results in more calls "
    "to the AWS service, retrieving fewer items in each call. This can help prevent the AWS "
    f"service calls from timing out.\n\n{_USER_GUIDE}"
)
MAX_ITEMS_HELP = (
    "The total number of items to return in the command's output. If the total number of items "
    "available is more than the value specified, a NextToken is provided in the command's "
    "output. To resume pagination, provide the NextToken value in the starting-token argument "
    "of a subsequent command. Do not use the NextToken response element directly outside of "
    f"the AWS CLI.\n\n{_USER_GUIDE}"
)
NO_PAGINATE_HELP = (
    "Disable automatic pagination. If automatic pagination is disabled, only one call is made, "
    "for the first page of results."
)
_OPTIONS = (
    ("--starting-token", "starting_token"),
    ("--page-size", "page_size"),
    ("--max-items", "max_items"),
)
"""The pagination options and their argparse destinations, in the AWS CLI's order."""


@dataclass(frozen=True)
class Paging:
    """How a command paginates: its ``paginators-1.json`` entry, as the command line needs it."""

    input_tokens: tuple[str, ...]
    limit_key: str | None
    result_keys: tuple[str, ...]

    @property
    def hidden_members(self) -> frozenset[str]:
        """The members whose options help leaves out: the tokens and the limit key."""
        return frozenset(self.input_tokens + ((self.limit_key,) if self.limit_key else ()))


@dataclass(frozen=True)
class PagingOptions:
    """The values of ``--max-items``, ``--page-size`` and ``--starting-token``."""

    max_items: int | None = None
    page_size: int | None = None
    starting_token: str | None = None


def paging_flags(paging: Paging) -> tuple[str, ...]:
    """The pagination options of a command: ``--page-size`` only with a limit key."""
    return tuple(flag for flag, _ in _OPTIONS if flag != "--page-size" or paging.limit_key)


def paging_description(command_name: str) -> str:
    """The paragraph the AWS CLI adds to a paginated command's description."""
    return (
        f"{command_name} is a paginated operation. Multiple API calls may be issued in order to "
        "retrieve the entire data set of results. You can disable pagination by providing the "
        "--no-paginate argument."
    )


def paging_options_help(paging: Paging, request_input: Structure) -> tuple[tuple[str, str], ...]:
    """(title, text) of each pagination option, as the AWS CLI's help shows them."""
    number = page_size_type(paging, request_input)
    texts = {
        "--starting-token": ("string", STARTING_TOKEN_HELP),
        "--page-size": (number, PAGE_SIZE_HELP),
        "--max-items": (number, MAX_ITEMS_HELP),
    }
    return tuple((f"{flag} ({texts[flag][0]})", texts[flag][1]) for flag in paging_flags(paging))


def add_paging_arguments(parser: argparse.ArgumentParser, paging: Paging) -> None:
    parser.add_argument("--starting-token", dest="starting_token")
    if paging.limit_key is not None:
        parser.add_argument("--page-size", dest="page_size", type=int)
    parser.add_argument("--max-items", dest="max_items", type=int)


def paging_options(
    paging: Paging, params: Mapping[str, object], parsed: argparse.Namespace, no_paginate: bool
) -> PagingOptions | None:
    """How to page, or ``None`` for one call: ``--no-paginate``, or a token or the limit given.

    ``params`` are the operation's parameters, from the options and
    ``--cli-input-*`` (where AWS CLI v2 also turns pagination off). As the
    AWS CLI, the pagination options cannot go with one call.
    """
    manual = any(name in params for name in paging.hidden_members)
    if not (no_paginate or manual):
        return PagingOptions(parsed.max_items, parsed.page_size, parsed.starting_token)
    values: Mapping[str, object] = vars(parsed)
    used = [flag for flag, dest in _OPTIONS if values.get(dest)]
    if used:
        raise PaginationError(
            f"Cannot specify --no-paginate along with pagination arguments: {', '.join(used)}"
        )
    return None


def page_size_type(paging: Paging, request_input: Structure) -> str:
    """The type help shows for ``--page-size`` and ``--max-items``: the limit key's."""
    if paging.limit_key is None:
        return "integer"
    target = request_input.by_wire_name[paging.limit_key].target
    return target.kind if isinstance(target, Scalar) else "integer"
