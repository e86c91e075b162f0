"""Waiters against moto's server: dynamodb's TableExists and TableNotExists around real tables.

moto creates and deletes tables at once, so each waiter decides at its first
call; botocore's waiter on the same server must decide the same way, and a
waiter that cannot succeed fails with botocore's reason. ``time.sleep`` is
patched: nothing really waits.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
import botocore.exceptions
import pytest

from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, moto_server
from .conftest import botocore_waiter, make_boto3_client, make_client


@attrs.frozen
class Moto:
    endpoint_url: str
    client: Any
    boto3: Any


@pytest.fixture(scope="module")
def moto(dynamodb_waits: ModuleType) -> Iterator[Moto]:
    with moto_server() as endpoint_url:
        yield Moto(
            endpoint_url,
            make_client(dynamodb_waits, endpoint_url),
            make_boto3_client("dynamodb", endpoint_url),
        )


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def create_table(package: ModuleType, client: Any, name: str) -> None:
    models = importlib.import_module(f"{package.__name__}.models")
    client.create_table(
        table_name=name,
        attribute_definitions=[models.AttributeDefinition(attribute_name="id", attribute_type="S")],
        key_schema=[models.KeySchemaElement(attribute_name="id", key_type="HASH")],
        billing_mode="PAY_PER_REQUEST",
    )


def test_table_exists_after_create_table_and_not_after_delete_table(
    dynamodb_waits: ModuleType, moto: Moto, sleeps: list[float]
) -> None:
    create_table(dynamodb_waits, moto.client, "waits-orders")
    moto.client.wait_until_table_exists(table_name="waits-orders")
    botocore_waiter("dynamodb", "TableExists", moto.boto3).wait(TableName="waits-orders")
    assert sleeps == []
    moto.client.delete_table(table_name="waits-orders")
    moto.client.wait_until_table_not_exists(table_name="waits-orders")
    botocore_waiter("dynamodb", "TableNotExists", moto.boto3).wait(TableName="waits-orders")
    assert sleeps == []


def test_a_table_that_never_comes_fails_as_botocores_waiter(
    dynamodb_waits: ModuleType, moto: Moto, sleeps: list[float]
) -> None:
    with pytest.raises(dynamodb_waits.errors.WaiterError) as ours:
        moto.client.wait_until_table_exists(table_name="waits-never", delay=1, max_attempts=3)
    assert sleeps == [1, 1]
    assert ours.value.last_response is None
    assert isinstance(ours.value.last_error, dynamodb_waits.errors.ResourceNotFoundException)
    sleeps.clear()
    waiter = botocore_waiter("dynamodb", "TableExists", moto.boto3)
    with pytest.raises(botocore.exceptions.WaiterError) as theirs:
        waiter.wait(TableName="waits-never", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    assert sleeps == [1, 1]
    assert str(ours.value) == str(theirs.value)
    assert str(ours.value) == (
        "Waiter TableExists failed: Max attempts exceeded. Previously accepted state: "
        "Matched expected service error code: ResourceNotFoundException"
    )


def test_table_not_exists_while_the_table_stays_keeps_the_last_response(
    dynamodb_waits: ModuleType, moto: Moto, sleeps: list[float]
) -> None:
    create_table(dynamodb_waits, moto.client, "waits-stays")
    with pytest.raises(dynamodb_waits.errors.WaiterError) as ours:
        moto.client.wait_until_table_not_exists(table_name="waits-stays", max_attempts=2)
    assert ours.value.reason == "Max attempts exceeded"
    assert ours.value.last_error is None
    response = ours.value.last_response
    assert isinstance(response, dynamodb_waits.DescribeTableOutput)
    assert response.table.table_name == "waits-stays"
    assert sleeps == [20]


def test_the_command_line_waits_on_moto(
    dynamodb_waits: ModuleType,
    moto: Moto,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", REGION)
    main = importlib.import_module(f"{dynamodb_waits.__name__}.cli").main
    create_table(dynamodb_waits, moto.client, "waits-cli")
    endpoint = ["--endpoint-url", moto.endpoint_url]
    assert main([*endpoint, "wait", "table-exists", "--table-name", "waits-cli"]) == 0
    assert capsys.readouterr() == ("", "")
    code = main([*endpoint, "wait", "table-not-exists", "--table-name", "waits-cli"])
    out, err = capsys.readouterr()
    assert (code, out) == (255, "")
    assert err == "\nWaiter TableNotExists failed: Max attempts exceeded\n"
    assert sleeps == [20] * 24
