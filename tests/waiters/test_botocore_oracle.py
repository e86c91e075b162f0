"""Waiters against botocore's own, on the same scripted answers.

A local server answers each call with the next reply of a script; the
generated client's ``wait_until_*`` method and botocore's waiter
(``create_waiter_with_client`` over a boto3 client, both making one attempt
per call) wait on it in turn. They must send the same requests, sleep the
same delays (``time.sleep`` is patched: nothing really waits) and end the
same way: both return, or both fail with the same reason. Cases cover every
matcher (``path``, ``pathAll``, ``pathAny``, ``status``, ``error`` with a code,
``true`` and ``false``), every state, string, boolean and number values, and
the expressions of the pinned waiters (projections, filters, ``length``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import botocore.exceptions
import jmespath.exceptions
import pytest

from ..servers import Reply, scripted_server
from .conftest import botocore_waiter, make_boto3_client, make_client

TABLE = "orders"
ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s"


def table(status: str, **more: Any) -> Reply:
    return Reply.json(200, {"Table": {"TableName": TABLE, "TableStatus": status, **more}})


def error(code: str, status: int = 400, message: str = "Requested resource not found") -> Reply:
    return Reply.error(status, code, message)


NOT_FOUND = error("ResourceNotFoundException")
DENIED = error("AccessDeniedException", message="not allowed")


def indexes(*entries: tuple[str, str, bool]) -> Reply:
    gsis = [{"IndexName": n, "IndexStatus": s, "Backfilling": b} for n, s, b in entries]
    return table("ACTIVE", GlobalSecondaryIndexes=gsis)


def destinations(*statuses: str) -> Reply:
    found = [{"StreamArn": ARN, "DestinationStatus": s} for s in statuses]
    return Reply.json(200, {"TableName": TABLE, "KinesisDataStreamDestinations": found})


def services(*entries: tuple[str, int, int, int], missing: bool = False) -> Reply:
    found = [
        {
            "serviceName": f"svc{i}",
            "status": status,
            "deployments": [{"id": f"d{d}"} for d in range(deployments)],
            "runningCount": running,
            "desiredCount": desired,
        }
        for i, (status, deployments, running, desired) in enumerate(entries)
    ]
    failures = [{"arn": "arn:aws:ecs:svc", "reason": "MISSING"}] if missing else []
    return Reply.json(200, {"services": found, "failures": failures})


def tasks(*statuses: str) -> Reply:
    found = [{"taskArn": f"arn:aws:ecs:task/{i}", "lastStatus": s} for i, s in enumerate(statuses)]
    return Reply.json(200, {"tasks": found, "failures": []})


@attrs.frozen
class Case:
    id: str
    service: str
    waiter: str
    script: tuple[Reply, ...]
    ours: dict[str, Any] = attrs.field(factory=lambda: {"table_name": TABLE})
    boto: dict[str, Any] = attrs.field(factory=lambda: {"TableName": TABLE})
    delay: float | None = None
    max_attempts: int | None = None


def case(case_id: str, waiter: str, *script: Reply, **options: Any) -> Any:
    return pytest.param(
        Case(case_id, options.pop("service", "dynamodb"), waiter, script, **options), id=case_id
    )


ECS_SERVICES = {"ours": {"services": ["svc0"]}, "boto": {"services": ["svc0"]}, "service": "ecs"}
ECS_TASKS = {"ours": {"tasks": ["t0"]}, "boto": {"tasks": ["t0"]}, "service": "ecs"}
KINESIS_DESTINATION = {"ours": {"table_name": TABLE}, "boto": {"TableName": TABLE}}

CASES = [
    # dynamodb TableExists: path success, error retry.
    case("exists-at-once", "TableExists", table("ACTIVE")),
    case(
        "exists-after-retries",
        "TableExists",
        NOT_FOUND,
        NOT_FOUND,
        table("CREATING"),
        table("ACTIVE"),
    ),
    case("exists-attempts-out-on-retry", "TableExists", NOT_FOUND, max_attempts=3),
    # The last call matched nothing after an earlier retry: botocore names its last acceptor.
    case(
        "exists-attempts-out-after-no-match",
        "TableExists",
        NOT_FOUND,
        table("CREATING"),
        max_attempts=2,
    ),
    case(
        "exists-attempts-out-never-matched",
        "TableExists",
        table("CREATING"),
        max_attempts=2,
        delay=0.5,
    ),
    case("exists-unexpected-error", "TableExists", DENIED),
    case(
        "exists-unexpected-error-without-message",
        "TableExists",
        error("AccessDeniedException", message=""),
    ),
    case("exists-default-attempts", "TableExists", table("UPDATING")),
    # dynamodb TableNotExists: error success.
    case("not-exists", "TableNotExists", table("ACTIVE"), table("DELETING"), NOT_FOUND),
    # status matcher: success on 200, retry on 400, failure on 500.
    case("status-success", "StatusSeen", table("CREATING")),
    case("status-retry-then-success", "StatusSeen", DENIED, DENIED, table("ACTIVE")),
    case("status-failure", "StatusSeen", error("InternalServerError", 500, "oops")),
    # error matcher expecting true (any error) and false (no error).
    case("any-error-fails", "AnyErrorEnds", table("CREATING"), NOT_FOUND),
    case("any-error-not-seen", "AnyErrorEnds", table("CREATING"), table("ACTIVE")),
    case("no-error-success", "NoErrorIsEnough", table("CREATING")),
    case("no-error-but-error", "NoErrorIsEnough", NOT_FOUND),
    # boolean from an expression, numbers, length().
    case(
        "boolean-success",
        "BooleanAndNumbers",
        table("ACTIVE", ItemCount=5, KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}]),
    ),
    case("number-failure", "BooleanAndNumbers", table("CREATING", ItemCount=99, KeySchema=[])),
    case(
        "length-retry",
        "BooleanAndNumbers",
        table("ACTIVE", ItemCount=1, KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}]),
        max_attempts=2,
    ),
    case("length-of-nothing", "BooleanAndNumbers", table("ACTIVE", ItemCount=1)),
    # pathAll / pathAny over projections and a filter.
    case(
        "all-active",
        "EveryIndexActive",
        indexes(("a", "CREATING", False), ("b", "ACTIVE", False)),
        indexes(("a", "ACTIVE", False), ("b", "ACTIVE", False)),
    ),
    case(
        "any-failure",
        "EveryIndexActive",
        indexes(("a", "CREATING", False), ("broken", "CREATING", True)),
    ),
    case("empty-list-never-matches", "EveryIndexActive", indexes()),
    case("all-over-no-list", "EveryIndexActive", table("ACTIVE")),
    # dynamodb KinesisStreamingDestinationActive: pathAny and a boolean filter expression.
    case(
        "kinesis-active",
        "KinesisStreamingDestinationActive",
        destinations("ENABLING"),
        destinations("ENABLING", "ACTIVE"),
        **KINESIS_DESTINATION,
    ),
    case(
        "kinesis-all-disabled",
        "KinesisStreamingDestinationActive",
        destinations("DISABLED", "ENABLE_FAILED"),
        **KINESIS_DESTINATION,
    ),
    case(
        "kinesis-none",
        "KinesisStreamingDestinationActive",
        destinations(),
        max_attempts=2,
        **KINESIS_DESTINATION,
    ),
    case(
        "kinesis-no-list",
        "KinesisStreamingDestinationActive",
        Reply.json(200, {"TableName": TABLE}),
        **KINESIS_DESTINATION,
    ),
    # ecs ServicesStable: pathAny failures, a negated filter with length().
    case(
        "ecs-stable",
        "ServicesStable",
        services(("ACTIVE", 2, 1, 2)),
        services(("ACTIVE", 1, 2, 2)),
        **ECS_SERVICES,
    ),
    case("ecs-draining", "ServicesStable", services(("DRAINING", 1, 1, 1)), **ECS_SERVICES),
    case("ecs-missing", "ServicesStable", services(missing=True), **ECS_SERVICES),
    case(
        "ecs-not-yet",
        "ServicesStable",
        services(("ACTIVE", 1, 0, 2)),
        max_attempts=3,
        delay=0,
        **ECS_SERVICES,
    ),
    # ecs TasksRunning: pathAny failure, pathAll success.
    case(
        "tasks-running",
        "TasksRunning",
        tasks("PENDING", "RUNNING"),
        tasks("RUNNING", "RUNNING"),
        **ECS_TASKS,
    ),
    case("tasks-stopped", "TasksRunning", tasks("PENDING", "STOPPED"), **ECS_TASKS),
]


@attrs.frozen
class Outcome:
    requests: list[Any]
    sleeps: list[float]
    failure: str | None
    """``str()`` of the error the wait ended with; ``None`` when it returned."""


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """``time.sleep`` records instead of sleeping, for both waiters."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    yield slept


def run_ours(package: ModuleType, item: Case, sleeps: list[float]) -> Outcome:
    sleeps.clear()
    with scripted_server(*item.script) as server:
        client = make_client(package, server.url)
        method = getattr(client, f"wait_until_{_snake(item.waiter)}")
        failure = None
        try:
            method(**item.ours, delay=item.delay, max_attempts=item.max_attempts)
        except package.errors.WaiterError as exc:
            assert isinstance(exc, package.errors.SdkError)
            failure = exc.reason
        requests = [json.loads(r.body) for r in server.received]
    return Outcome(requests, list(sleeps), failure)


def run_botocore(item: Case, sleeps: list[float]) -> Outcome:
    sleeps.clear()
    config = {"Delay": item.delay, "MaxAttempts": item.max_attempts}
    with scripted_server(*item.script) as server:
        waiter = botocore_waiter(
            item.service, item.waiter, make_boto3_client(item.service, server.url)
        )
        failure = None
        try:
            waiter.wait(
                **item.boto, WaiterConfig={k: v for k, v in config.items() if v is not None}
            )
        except botocore.exceptions.WaiterError as exc:
            failure = exc.kwargs["reason"]
        except jmespath.exceptions.JMESPathTypeError as exc:
            failure = str(exc)
        requests = [json.loads(r.body) for r in server.received]
    return Outcome(requests, list(sleeps), failure)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@pytest.mark.parametrize("item", CASES)
def test_calls_sleeps_and_outcome_are_botocores(
    item: Case, sleeps: list[float], dynamodb_waits: ModuleType, ecs_waits: ModuleType
) -> None:
    package = dynamodb_waits if item.service == "dynamodb" else ecs_waits
    ours = run_ours(package, item, sleeps)
    theirs = run_botocore(item, sleeps)
    assert ours == theirs
    assert ours.requests  # something was sent


LAZY_CHECK = """
import sys
import {name}.client as module

client = module.DynamoDBClient(region="us-east-1")
loaded = lambda: sorted(m for m in sys.modules if m.endswith(("._waiter", "._waiters")))
before = loaded()
try:
    client.wait_until_table_exists(table_name="")
except module.errors.ParamValidationError:
    pass
print(before, loaded())
"""


def test_the_waiter_runtime_is_imported_only_by_a_waiter_method(dynamodb_waits: ModuleType) -> None:
    folder = Path(str(dynamodb_waits.__file__)).parent.parent
    name = dynamodb_waits.__name__
    result = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK.format(name=name)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"[] ['{name}._waiter', '{name}._waiters']"


def test_bad_waiter_options_fail_before_anything_is_sent(dynamodb_waits: ModuleType) -> None:
    with scripted_server(table("ACTIVE")) as server:
        client = make_client(dynamodb_waits, server.url)
        for options in ({"delay": -1}, {"max_attempts": 0}, {"delay": float("nan")}):
            with pytest.raises(
                dynamodb_waits.errors.ParamValidationError, match=next(iter(options))
            ):
                client.wait_until_table_exists(table_name=TABLE, **options)
        with pytest.raises(dynamodb_waits.errors.ParamValidationError, match="table_name"):
            client.wait_until_table_exists(table_name="")
        assert server.count == 0


def test_a_type_error_in_an_expression_keeps_the_response_that_caused_it(
    dynamodb_waits: ModuleType,
) -> None:
    no_list = Reply.json(200, {"TableName": TABLE})
    with scripted_server(no_list) as server:
        client = make_client(dynamodb_waits, server.url)
        with pytest.raises(dynamodb_waits.errors.WaiterError) as caught:
            client.wait_until_kinesis_streaming_destination_active(table_name=TABLE)
    assert caught.value.reason.startswith("In function length(), invalid type for value: None")
    response = caught.value.last_response
    assert isinstance(response, dynamodb_waits.DescribeKinesisStreamingDestinationOutput)
    assert response.table_name == TABLE
    assert caught.value.last_error is None
