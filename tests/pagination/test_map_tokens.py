"""dynamodb's Query pages by a map token, against botocore's paginator on the same scripted pages.

``LastEvaluatedKey`` goes back as ``ExclusiveStartKey``: a map of
AttributeValue, here with a ``B`` (bytes) attribute, which botocore writes
into its resume token in base64 and lists under ``boto_encoded_keys``. The
generated client must send the same requests, yield the same items, and
stop with the same resume token, which each accepts from the other.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import imported_package
from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION
from ..servers import Received, Reply, ScriptedServer, scripted_server

TABLE = "events"
CONDITION = "pk = :p"
TOTAL = 23


@pytest.fixture(scope="module")
def dynamodb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """A package of dynamodb's Query, generated from the pinned spec."""
    folder = tmp_path_factory.mktemp("dynamodb")
    spec = load_spec(Path(__file__).parents[2] / "specs", "dynamodb")
    render_package(build_package(spec, ["Query"], package_name="dynamodb_pages"), folder)
    with imported_package(folder, "dynamodb_pages") as package:
        yield package


def key(index: int) -> dict[str, Any]:
    """Item ``index``'s key: its sort key is bytes, sent in base64 as the wire has blobs."""
    return {"pk": {"S": "p"}, "sk": {"B": base64.b64encode(bytes([index, 255])).decode()}}


def query(request: Received) -> Reply:
    """Items after ``ExclusiveStartKey``, ``Limit`` at a time (10 by default)."""
    body = json.loads(request.body)
    start = 0
    if "ExclusiveStartKey" in body:
        start = base64.b64decode(body["ExclusiveStartKey"]["sk"]["B"])[0] + 1
    end = min(start + int(body.get("Limit", 10)), TOTAL)
    items = [{**key(i), "n": {"N": str(i)}} for i in range(start, end)]
    payload: dict[str, object] = {"Items": items, "Count": len(items), "ScannedCount": len(items)}
    if end < TOTAL:
        payload["LastEvaluatedKey"] = key(end - 1)
    return Reply.json(200, payload)


def bodies(server: ScriptedServer) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in server.received]


def ours(dynamodb: ModuleType, **config: Any) -> tuple[list[Any], str | None, list[Any]]:
    """(items in boto3's shape, resume token, request bodies) of the generated client."""
    with scripted_server(query) as server:
        client = dynamodb.DynamoDBClient(
            region=REGION,
            endpoint_url=server.url,
            credentials=dynamodb.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
            max_attempts=1,
        )
        paginator = client.paginate_query(
            table_name=TABLE, key_condition_expression=CONDITION, **config
        )
        items = [
            {name: value.to_dict() for name, value in item.items()} for item in paginator.items()
        ]
        return items, paginator.resume_token, bodies(server)


def botos(**config: Any) -> tuple[list[Any], str | None, list[Any]]:
    """The same with boto3: ``config`` as ``PaginationConfig``."""
    keys = {"max_items": "MaxItems", "page_size": "PageSize", "starting_token": "StartingToken"}
    with scripted_server(query) as server:
        client = boto3.client(
            "dynamodb",
            region_name=REGION,
            endpoint_url=server.url,
            aws_access_key_id=FAKE_ACCESS_KEY,
            aws_secret_access_key=FAKE_SECRET_KEY,
        )
        iterator = client.get_paginator("query").paginate(
            TableName=TABLE,
            KeyConditionExpression=CONDITION,
            PaginationConfig={keys[k]: v for k, v in config.items()},
        )
        items = [item for page in iterator for item in page["Items"]]
        return items, iterator.resume_token, bodies(server)


@pytest.mark.parametrize(
    "config",
    [{}, {"page_size": 4}, {"page_size": 4, "max_items": 8}, {"page_size": 5, "max_items": 7}],
    ids=["all", "page_size", "page-boundary", "mid-page"],
)
def test_query_sends_exclusive_start_keys_and_yields_items_as_botocore(
    dynamodb: ModuleType, config: dict[str, int]
) -> None:
    result = ours(dynamodb, **config)
    assert result == botos(**config)
    items, _, requests = result
    assert [item["sk"]["B"][0] for item in items] == list(range(config.get("max_items", TOTAL)))
    if len(requests) > 1:  # the map goes back as it came, its blob in base64
        assert requests[1]["ExclusiveStartKey"] == key(config.get("page_size", 10) - 1)


def test_map_token_with_bytes_is_botocores_resume_token_and_resumes_either_way(
    dynamodb: ModuleType,
) -> None:
    _, our_token, _ = ours(dynamodb, page_size=5, max_items=7)
    _, boto_token, _ = botos(page_size=5, max_items=7)
    assert our_token is not None
    assert our_token == boto_token
    decoded = json.loads(base64.b64decode(our_token))
    assert decoded["boto_encoded_keys"] == [["ExclusiveStartKey", "sk", "B"]]
    assert decoded["boto_truncate_amount"] == 2
    rest_ours = ours(dynamodb, page_size=5, max_items=9, starting_token=boto_token)
    rest_boto = botos(page_size=5, max_items=9, starting_token=our_token)
    assert rest_ours == rest_boto
    assert [item["sk"]["B"][0] for item in rest_ours[0]] == list(range(7, 16))
    assert rest_ours[1] is not None  # a second, page-boundary token: also botocore's


def test_query_pages_and_items_are_typed(dynamodb: ModuleType) -> None:
    with scripted_server(query) as server:
        client = dynamodb.DynamoDBClient(
            region=REGION,
            endpoint_url=server.url,
            credentials=dynamodb.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
            max_attempts=1,
        )
        pages = list(client.paginate_query(table_name=TABLE, key_condition_expression=CONDITION))
    assert all(isinstance(page, dynamodb.models.QueryOutput) for page in pages)
    assert pages[0].last_evaluated_key["sk"].b == bytes([9, 255])
    assert isinstance(pages[0].items[0]["n"], dynamodb.models.AttributeValue)
