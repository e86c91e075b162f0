"""Regression tests for issue 17, defect 5: resume tokens from untrusted places.

A ``starting_token`` often comes back from a web page's ``?next=``. Whatever it
decodes to is validated against the input token's shape before anything is
sent, as botocore does (it raises ``ParamValidationError`` and sends nothing);
a token botocore cannot decode either (JSON nested 100,000 levels deep) raises
``PaginationError``, never a bare ``RecursionError``. Both clients page the
same local server, which records what reaches it.
"""

from __future__ import annotations

import base64
import json
from types import ModuleType

import botocore.exceptions
import pytest

from ..servers import scripted_server
from .conftest import make_boto3_client, make_client
from .test_botocore_oracle import POOL, listing


def token(value: object) -> str:
    """A botocore-format starting token whose ``PaginationToken`` is ``value``."""
    return base64.b64encode(json.dumps({"PaginationToken": value}).encode()).decode()


# Values an attacker may put in a token: an operator object, a number, a list,
# an empty string (under the shape's min length of 1), a nested structure.
HOSTILE_VALUES = [{"$gt": ""}, 12345, ["a", "b"], "", {"PaginationToken": {"x": 1}}, True]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=repr)
def test_a_token_decoding_to_a_value_of_the_wrong_shape_is_refused_before_sending_as_botocore(
    pages: ModuleType, value: object
) -> None:
    starting = token(value)
    with scripted_server(listing(3)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(
            user_pool_id=POOL, starting_token=starting
        )
        with pytest.raises(pages.errors.ParamValidationError) as ours:
            list(paginator)
        assert "starting_token: PaginationToken" in str(ours.value)
        assert server.received == []

        boto = make_boto3_client(server.url).get_paginator("list_users")
        with pytest.raises(botocore.exceptions.ParamValidationError):
            list(boto.paginate(UserPoolId=POOL, PaginationConfig={"StartingToken": starting}))
        assert server.received == []


def test_a_token_of_the_right_shape_is_still_sent(pages: ModuleType) -> None:
    with scripted_server(listing(30)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(
            user_pool_id=POOL, starting_token=token("page-25")
        )
        assert len(list(paginator.items())) == 5
        assert json.loads(server.received[0].body)["PaginationToken"] == "page-25"


def test_a_deeply_nested_token_raises_pagination_error_not_recursion_error(
    pages: ModuleType,
) -> None:
    depth = 100_000
    nested = base64.b64encode(
        ('{"PaginationToken": ' + "[" * depth + "]" * depth + "}").encode()
    ).decode()
    with scripted_server(listing(3)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(
            user_pool_id=POOL, starting_token=nested
        )
        with pytest.raises(pages.errors.PaginationError, match="nested too deeply"):
            list(paginator)
        assert server.received == []
