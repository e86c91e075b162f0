"""Packages with waiters, generated at test time, and clients of them and of boto3.

The committed cognito-idp package has no waiters: ``dynamodb_waits`` holds
the table operations dynamodb's waiters call (with the command line), and
``ecs_waits`` the operations of ecs's, whose acceptors use ``pathAll``,
``pathAny`` and a filter expression. Extra waiters on ``DescribeTable``
(``SYNTHETIC``) cover what the pinned ones do not use: the ``status``
matcher, ``error`` matchers expecting ``true``/``false``, boolean and
number expectations, ``pathAll``/``pathAny`` over a projection.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
import boto3
import botocore.config
import botocore.waiter
import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import SPECS, imported_package
from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION

DYNAMODB_PACKAGE = "dynamodb_waits"
DYNAMODB_OPERATIONS = (
    "CreateTable",
    "DeleteTable",
    "DescribeKinesisStreamingDestination",
    "DescribeTable",
)
ECS_PACKAGE = "ecs_waits"
ECS_OPERATIONS = ("DescribeServices", "DescribeTasks")


def _describe_table(acceptors: list[dict[str, Any]], delay: int = 3, attempts: int = 4) -> Any:
    return {
        "operation": "DescribeTable",
        "delay": delay,
        "maxAttempts": attempts,
        "acceptors": acceptors,
    }


SYNTHETIC: dict[str, Any] = {
    "StatusSeen": _describe_table(
        [
            {"matcher": "status", "state": "success", "expected": 200},
            {"matcher": "status", "state": "failure", "expected": 500},
            {"matcher": "status", "state": "retry", "expected": 400},
        ]
    ),
    "AnyErrorEnds": _describe_table(
        [
            {"matcher": "error", "state": "failure", "expected": True},
            {
                "matcher": "path",
                "state": "success",
                "expected": "ACTIVE",
                "argument": "Table.TableStatus",
            },
        ]
    ),
    "NoErrorIsEnough": _describe_table(
        [{"matcher": "error", "state": "success", "expected": False}]
    ),
    "BooleanAndNumbers": _describe_table(
        [
            {
                "matcher": "path",
                "state": "success",
                "argument": "Table.ItemCount > `2` && Table.TableStatus == 'ACTIVE'",
                "expected": True,
            },
            {"matcher": "path", "state": "failure", "argument": "Table.ItemCount", "expected": 99},
            {
                "matcher": "path",
                "state": "retry",
                "argument": "length(Table.KeySchema)",
                "expected": 1,
            },
        ]
    ),
    "EveryIndexActive": _describe_table(
        [
            {
                "matcher": "pathAll",
                "state": "success",
                "argument": "Table.GlobalSecondaryIndexes[].IndexStatus",
                "expected": "ACTIVE",
            },
            {
                "matcher": "pathAny",
                "state": "failure",
                "argument": "Table.GlobalSecondaryIndexes[?Backfilling].IndexName",
                "expected": "broken",
            },
            {
                "matcher": "pathAny",
                "state": "retry",
                "argument": "Table.GlobalSecondaryIndexes[*].IndexStatus",
                "expected": "CREATING",
            },
        ],
        delay=7,
        attempts=3,
    ),
}
"""Waiters botocore's own models do not have, to cover every matcher, state and value kind."""


def _generate(
    tmp_path_factory: pytest.TempPathFactory,
    service: str,
    operations: tuple[str, ...],
    package_name: str,
    extra_waiters: dict[str, Any] | None = None,
) -> Iterator[ModuleType]:
    spec = load_spec(SPECS, service)
    if extra_waiters:
        spec = attrs.evolve(spec, waiters={**spec.waiters, **extra_waiters})
    folder = tmp_path_factory.mktemp(package_name)
    package = build_package(spec, operations, with_cli=True, package_name=package_name)
    render_package(package, folder)
    with imported_package(folder, package_name) as module:
        yield module


@pytest.fixture(scope="session")
def dynamodb_waits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from _generate(
        tmp_path_factory, "dynamodb", DYNAMODB_OPERATIONS, DYNAMODB_PACKAGE, SYNTHETIC
    )


@pytest.fixture(scope="session")
def ecs_waits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from _generate(tmp_path_factory, "ecs", ECS_OPERATIONS, ECS_PACKAGE)


def make_client(package: ModuleType, endpoint_url: str) -> Any:
    """One attempt per call, as ``make_boto3_client``: the waiter's calls are the requests."""
    client_class = next(
        getattr(package, name) for name in package.__all__ if name.endswith("Client")
    )
    credentials = package.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY)
    return client_class(
        region=REGION, endpoint_url=endpoint_url, credentials=credentials, max_attempts=1
    )


def make_boto3_client(service: str, endpoint_url: str) -> Any:
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id=FAKE_ACCESS_KEY,
        aws_secret_access_key=FAKE_SECRET_KEY,
        config=botocore.config.Config(retries={"total_max_attempts": 1}),
    )


def botocore_waiter(service: str, name: str, client: Any) -> Any:
    """botocore's waiter ``name`` from the pinned ``waiters-2.json`` (plus ``SYNTHETIC``)."""
    waiters = load_spec(SPECS, service).waiters
    if service == "dynamodb":
        waiters = {**waiters, **SYNTHETIC}
    model = botocore.waiter.WaiterModel({"version": 2, "waiters": waiters})
    return botocore.waiter.create_waiter_with_client(name, model, client)
