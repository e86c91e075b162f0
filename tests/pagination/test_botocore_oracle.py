"""Pagination against botocore's paginator, on the same scripted pages.

A local server plays a paginated listing (the page starts at the request's
token and holds ``Limit`` items); the generated client and boto3 both page
through it. They must send the same requests, see the same pages and the
same items, and stop with the same resume token, which each accepts from the
other. Rules the cognito-idp paginators do not use (several tokens, dotted
and ``[-1]`` output tokens, ``more_results``, ``non_aggregate_keys``, several
result keys) are checked on the runtime directly against
``botocore.paginate.Paginator``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType, SimpleNamespace
from typing import Any

import botocore.exceptions
import botocore.paginate
import pytest

from ..servers import Received, Reply, Responder, ScriptedServer, scripted_server
from .conftest import make_boto3_client, make_client

POOL = "us-east-1_abcdefghi"


def user(index: int) -> dict[str, object]:
    return {"Username": f"user{index:03}", "Enabled": True, "UserStatus": "CONFIRMED"}


def listing(total: int, token: str = "PaginationToken", limit: str = "Limit") -> Responder:
    """ListUsers over ``total`` users: the token is ``page-<first index>``, 10 users by default."""

    def respond(request: Received) -> Reply:
        body = json.loads(request.body)
        given = str(body.get(token, "page-0")).removeprefix("page-")
        start = int(given) if given.isdigit() else 0  # a token of another listing: from the top
        end = min(start + int(body.get(limit, 10)), total)
        payload: dict[str, object] = {"Users": [user(i) for i in range(start, end)]}
        if end < total:
            payload[token] = f"page-{end}"
        return Reply.json(200, payload)

    return respond


def bodies(server: ScriptedServer) -> list[dict[str, object]]:
    return [json.loads(request.body) for request in server.received]


def ours(pages: ModuleType, total: int, **config: Any) -> tuple[list[Any], Any, list[Any]]:
    """(pages as dicts, resume token, request bodies) of the generated client."""
    with scripted_server(listing(total)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(user_pool_id=POOL, **config)
        result = [page.to_dict() for page in paginator]
        return result, paginator.resume_token, bodies(server)


def botos(total: int, **config: Any) -> tuple[list[Any], Any, list[Any]]:
    """The same with boto3: ``config`` as ``PaginationConfig``."""
    keys = {"max_items": "MaxItems", "page_size": "PageSize", "starting_token": "StartingToken"}
    with scripted_server(listing(total)) as server:
        iterator = (
            make_boto3_client(server.url)
            .get_paginator("list_users")
            .paginate(
                UserPoolId=POOL,
                PaginationConfig={keys[k]: v for k, v in config.items() if v is not None},
            )
        )
        result = [{k: v for k, v in page.items() if k != "ResponseMetadata"} for page in iterator]
        return result, iterator.resume_token, bodies(server)


CASES = [
    {"total": 0},
    {"total": 7},
    {"total": 25, "page_size": 4},
    {"total": 25, "page_size": 4, "max_items": 8},
    {"total": 25, "page_size": 4, "max_items": 10},
    {"total": 25, "page_size": 4, "max_items": 1},
    {"total": 25, "page_size": 5, "max_items": 100},
    {"total": 25, "max_items": 0},
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: "-".join(map(str, case.values())))
def test_requests_pages_and_resume_token_are_botocores(
    pages: ModuleType, case: dict[str, int]
) -> None:
    config = dict(case)
    total = config.pop("total")
    assert ours(pages, total, **config) == botos(total, **config)


def test_resume_tokens_are_interchangeable_with_boto3_both_ways(pages: ModuleType) -> None:
    _, our_token, _ = ours(pages, 30, page_size=4, max_items=6)
    _, boto_token, _ = botos(30, page_size=4, max_items=6)
    assert our_token == boto_token is not None
    # Resumed mid-page (6 of 8 fetched): each goes on from the other's token, and again.
    rest_ours = ours(pages, 30, page_size=4, max_items=9, starting_token=boto_token)
    rest_boto = botos(30, page_size=4, max_items=9, starting_token=our_token)
    assert rest_ours == rest_boto
    names = [u["Username"] for page in rest_ours[0] for u in page["Users"]]
    assert names == [f"user{i:03}" for i in range(6, 15)]


@pytest.mark.parametrize("token", ["page-12", "page-12___3", "bm90IGpzb24="])
def test_a_starting_token_that_is_not_botocores_is_read_as_botocore_reads_it(
    pages: ModuleType, token: str
) -> None:
    # The service's own token, botocore's old "token___skip" format, base64 that is not JSON.
    assert ours(pages, 30, page_size=5, starting_token=token) == botos(
        30, page_size=5, starting_token=token
    )


def test_items_are_every_user_of_every_page_typed(pages: ModuleType) -> None:
    with scripted_server(listing(23)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(
            user_pool_id=POOL, page_size=5
        )
        users = list(paginator.items())
    assert all(isinstance(u, pages.models.User) for u in users)
    assert [u.username for u in users] == [f"user{i:03}" for i in range(23)]
    assert len(server.received) == 5


def test_the_same_token_twice_raises_pagination_error_as_botocore(pages: ModuleType) -> None:
    stuck = Reply.json(200, {"Users": [user(0)], "PaginationToken": "again"})
    with scripted_server(stuck) as server:
        with pytest.raises(pages.errors.PaginationError) as ours_error:
            list(make_client(pages, server.url).paginate_list_users(user_pool_id=POOL))
        ours_requests = len(server.received)
    with scripted_server(stuck) as server:
        paginator = make_boto3_client(server.url).get_paginator("list_users")
        with pytest.raises(botocore.exceptions.PaginationError) as boto_error:
            list(paginator.paginate(UserPoolId=POOL))
        assert len(server.received) == ours_requests == 2
    assert str(ours_error.value) == str(boto_error.value)
    assert isinstance(ours_error.value, pages.errors.SdkError)


def test_bad_arguments_fail_before_anything_is_sent(pages: ModuleType) -> None:
    with scripted_server(listing(3)) as server:
        client = make_client(pages, server.url)
        with pytest.raises(pages.errors.ParamValidationError, match="user_pool_id"):
            client.paginate_list_users(user_pool_id="")
        with pytest.raises(TypeError, match="pagination_token"):
            client.paginate_list_users(user_pool_id=POOL, pagination_token="x")
        paginator = client.paginate_list_users(user_pool_id=POOL, starting_token="e30=")
        with pytest.raises(pages.errors.PaginationError, match="Bad starting token"):
            list(paginator)
        assert server.received == []


# --- the runtime's rules against botocore.paginate.Paginator -----------------------------

RICH_CONFIG: dict[str, Any] = {
    "input_token": ["Marker", "Shard"],
    "output_token": ["Meta.NextMarker", "Items[-1].Id"],
    "more_results": "Meta.Truncated",
    "limit_key": "Limit",
    "result_key": ["Items", "Count"],
    "non_aggregate_keys": ["Meta.Owner"],
}


def rich_page(params: Mapping[str, Any]) -> dict[str, Any]:
    """17 items; ``Marker`` says where a page starts, ``Shard`` must follow the last item."""
    start = int(params.get("Marker", 0))
    if start:
        assert params["Shard"] == f"id-{start - 1}"
    end = min(start + int(params.get("Limit", 5)), 17)
    return {
        "Items": [{"Id": f"id-{i}"} for i in range(start, end)],
        "Count": end - start,
        "Meta": {"NextMarker": end if end < 17 else None, "Truncated": end < 17, "Owner": "me"},
    }


class _Page:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def to_dict(self) -> Mapping[str, Any]:
        return self.data


class _Core:
    """What the runtime paginator needs from ``ClientCore``, answering with ``respond``."""

    def __init__(self, respond: Callable[[Mapping[str, Any]], dict[str, Any]]) -> None:
        self.respond = respond
        self.sent: list[dict[str, Any]] = []

    def validate(self, operation: str, request: object) -> None:
        del operation, request

    @staticmethod
    def parse(parse: Callable[[object, str], Any], data: Mapping[str, Any], path: str) -> Any:
        return parse(data, path)

    def send_params(self, operation: str, params: Mapping[str, Any], *, signed: bool) -> Any:
        del operation, signed
        self.sent.append(dict(params))
        return json.loads(json.dumps(self.respond(params)))


def runtime_pages(pages: ModuleType, **config: Any) -> tuple[list[Any], Any, Any, list[Any]]:
    paginate = pages._paginate
    spec = paginate.PaginatorSpec(
        operation="ListThings",
        page_class="ListThingsResponse",
        input_tokens=tuple(RICH_CONFIG["input_token"]),
        output_tokens=tuple(RICH_CONFIG["output_token"]),
        result_keys=tuple(RICH_CONFIG["result_key"]),
        item_attributes=(),
        limit_key=RICH_CONFIG["limit_key"],
        more_results=RICH_CONFIG["more_results"],
        non_aggregate_keys=tuple(RICH_CONFIG["non_aggregate_keys"]),
    )
    core = _Core(rich_page)
    request = SimpleNamespace(to_wire=lambda: {"Filter": "all"})
    paginator = paginate.Paginator(
        core, spec, request, lambda value, path: _Page(value), signed=True, **config
    )
    result = [page.to_dict() for page in paginator]
    sent = list(core.sent)
    full = paginator.build_full_result()
    return result, paginator.resume_token, full, sent


def botocore_pages(**config: Any) -> tuple[list[Any], Any, Any, list[Any]]:
    sent: list[dict[str, Any]] = []

    def method(**params: Any) -> dict[str, Any]:
        sent.append(dict(params))
        page: dict[str, Any] = json.loads(json.dumps(rich_page(params)))
        return page

    limit_shape = SimpleNamespace(type_name="integer")
    model = SimpleNamespace(input_shape=SimpleNamespace(members={"Limit": limit_shape}))
    paginator = botocore.paginate.Paginator(method, RICH_CONFIG, model)
    keys = {"max_items": "MaxItems", "page_size": "PageSize", "starting_token": "StartingToken"}
    pagination = {keys[k]: v for k, v in config.items() if v is not None}
    iterator = paginator.paginate(Filter="all", PaginationConfig=pagination)
    result = list(iterator)
    first_run = list(sent)
    full = paginator.paginate(Filter="all", PaginationConfig=pagination).build_full_result()
    return result, iterator.resume_token, full, first_run


def _config(max_items: int | None, page_size: int | None, start: Any) -> dict[str, Any]:
    return {"max_items": max_items, "page_size": page_size, "starting_token": start}


@pytest.mark.parametrize(
    ("max_items", "page_size"),
    [(None, None), (None, 3), (7, 3), (6, 3), (1, 4), (40, 6), (0, 2)],
)
def test_several_tokens_paths_more_results_and_counts_follow_botocore(
    pages: ModuleType, max_items: int | None, page_size: int | None
) -> None:
    config = _config(max_items, page_size, None)
    assert runtime_pages(pages, **config) == botocore_pages(**config)


def test_resuming_a_cut_page_with_several_result_keys_follows_botocore(
    pages: ModuleType,
) -> None:
    _, token, _, _ = botocore_pages(**_config(7, 3, None))
    assert token is not None
    for max_items in (None, 2, 5):
        config = _config(max_items, 3, token)
        assert runtime_pages(pages, **config) == botocore_pages(**config)


def test_token_paths_read_as_jmespath_does(pages: ModuleType) -> None:
    import jmespath

    search = pages._paginate.search
    data: dict[str, Any] = {
        "A": {"B": "x", "E": ""},
        "L": [{"Id": 1}, {"Id": 2}],
        "N": None,
        "Empty": [],
    }
    paths = ["A.B", "A.C", "L[-1].Id", "L[0].Id", "L[5].Id", "Empty[-1].Id", "N.X"]
    paths += ["N || A.B", "A.E || L[-1].Id", "A.E || N", "Missing"]
    assert {p: search(data, p) for p in paths} == {p: jmespath.search(p, data) for p in paths}


def test_pages_fetch_lazily_and_each_iteration_starts_over(pages: ModuleType) -> None:
    with scripted_server(listing(12)) as server:
        paginator = make_client(pages, server.url).paginate_list_users(
            user_pool_id=POOL, page_size=5
        )
        assert server.received == []
        first: Iterator[Any] = iter(paginator)
        next(first)
        assert len(server.received) == 1
        assert len(list(paginator)) == 3
        assert "PaginationToken" not in bodies(server)[1]
