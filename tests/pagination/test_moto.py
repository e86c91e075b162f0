"""Pagination against moto's server: many items, small pages, the same results as boto3."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
import pytest

from ..emulator import moto_server
from .conftest import make_boto3_client, make_client

USERS = 23
GROUPS = 11
POOLS = 13
MEMBERSHIPS = 7


@attrs.frozen
class State:
    endpoint_url: str
    pool_id: str
    client: Any
    boto3: Any


@pytest.fixture(scope="module")
def state(pages: ModuleType) -> Iterator[State]:
    """A moto server with 13 pools; the first has 23 users, 11 groups, user000 in 7 of them."""
    with moto_server() as endpoint_url:
        client = make_client(pages, endpoint_url)
        pool_ids = [
            client.create_user_pool(pool_name=f"pages-pool{i:02}").user_pool.id
            for i in range(POOLS)
        ]
        pool = pool_ids[0]
        for i in range(USERS):
            client.admin_create_user(user_pool_id=pool, username=f"user{i:03}")
        for i in range(GROUPS):
            client.create_group(user_pool_id=pool, group_name=f"group{i:02}")
        for i in range(MEMBERSHIPS):
            client.admin_add_user_to_group(
                user_pool_id=pool, username="user000", group_name=f"group{i:02}"
            )
        yield State(endpoint_url, pool, client, make_boto3_client(endpoint_url))


def test_list_users_items_are_every_user_in_pages_of_the_page_size(state: State) -> None:
    paginator = state.client.paginate_list_users(user_pool_id=state.pool_id, page_size=4)
    sizes = [len(page.users or []) for page in paginator]
    assert sizes == [4, 4, 4, 4, 4, 3]
    names = [user.username for user in paginator.items()]
    assert names == [f"user{i:03}" for i in range(USERS)]


def test_list_user_pools_with_max_results_pages_through_all_pools(state: State) -> None:
    pools = list(state.client.paginate_list_user_pools(max_results=5).items())
    # moto's state is per process: other tests' pools may be listed too.
    ours = sorted(pool.name for pool in pools if pool.name.startswith("pages-pool"))
    assert ours == [f"pages-pool{i:02}" for i in range(POOLS)]
    boto3_pools = state.boto3.get_paginator("list_user_pools").paginate(MaxResults=5)
    assert [p.id for p in pools] == [p["Id"] for page in boto3_pools for p in page["UserPools"]]


@pytest.mark.parametrize(("max_items", "page_size"), [(5, 2), (6, 3), (10, 4), (50, 3)])
def test_list_groups_max_items_stops_where_boto3_stops_and_resumes_as_it_does(
    state: State, max_items: int, page_size: int
) -> None:
    ours = state.client.paginate_list_groups(
        user_pool_id=state.pool_id, max_items=max_items, page_size=page_size
    )
    first = [group.group_name for group in ours.items()]
    theirs = state.boto3.get_paginator("list_groups").paginate(
        UserPoolId=state.pool_id, PaginationConfig={"MaxItems": max_items, "PageSize": page_size}
    )
    full = theirs.build_full_result()
    assert first == [group["GroupName"] for group in full["Groups"]]
    assert first == [f"group{i:02}" for i in range(min(max_items, GROUPS))]
    # moto's tokens are not deterministic: each resumes from the other's token instead.
    assert (ours.resume_token is None) == ("NextToken" not in full)
    if ours.resume_token is not None:
        rest = state.client.paginate_list_groups(
            user_pool_id=state.pool_id, page_size=page_size, starting_token=full["NextToken"]
        )
        boto3_rest = state.boto3.get_paginator("list_groups").paginate(
            UserPoolId=state.pool_id,
            PaginationConfig={"PageSize": page_size, "StartingToken": ours.resume_token},
        )
        names = [group.group_name for group in rest.items()]
        assert names == [g["GroupName"] for g in boto3_rest.build_full_result()["Groups"]]
        assert first + names == [f"group{i:02}" for i in range(GROUPS)]


def test_admin_list_groups_for_user_pages_by_limit(state: State) -> None:
    paginator = state.client.paginate_admin_list_groups_for_user(
        user_pool_id=state.pool_id, username="user000", page_size=2
    )
    assert [len(page.groups or []) for page in paginator] == [2, 2, 2, 1]
    assert sorted(g.group_name for g in paginator.items()) == [
        f"group{i:02}" for i in range(MEMBERSHIPS)
    ]
