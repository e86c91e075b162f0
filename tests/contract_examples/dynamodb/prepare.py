"""The state the emulator cases need: yours to extend; the generator never overwrites this file.

``CASES`` are recorded from moto's server (and with ``--live`` from AWS),
after ``prepare`` made the state they need: a parameter written
``"{name}"`` is replaced by the value ``prepare`` returns for ``name``.
Make state with ``env.botocore_client()``; register clean-up with
``env.cleanup.callback(...)``: it runs whatever happens (a live recording
must leave nothing behind).

DynamoDB: a table keyed on ``pk`` (string) and ``sk`` (number), holding one item.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from ._contract import Case, Environment

TABLE = "contract-test-table"
ITEM = {"pk": {"S": "order-1"}, "sk": {"N": "1"}, "note": {"S": "first"}}

CASES: tuple[Case, ...] = (
    Case(
        operation="PutItem",
        name="emulator_put_item",
        summary="moto stores an item and returns the old one",
        parameters={
            "TableName": "{table}",
            "Item": {"pk": {"S": "order-1"}, "sk": {"N": "1"}, "note": {"S": "second"}},
            "ReturnValues": "ALL_OLD",
        },
    ),
    Case(
        operation="PutItem",
        name="emulator_missing_table",
        summary="the table does not exist",
        parameters={"TableName": "no-such-table", "Item": {"pk": {"S": "order-1"}}},
        expected="ResourceNotFoundException",
    ),
    Case(
        operation="GetItem",
        name="emulator_get_item",
        summary="moto returns the stored item",
        parameters={"TableName": "{table}", "Key": {"pk": {"S": "order-1"}, "sk": {"N": "1"}}},
    ),
    Case(
        operation="Query",
        name="emulator_query",
        summary="moto returns the items of one partition",
        parameters={
            "TableName": "{table}",
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": "order-1"}},
        },
    ),
)


def prepare(env: Environment) -> Mapping[str, str]:
    table = f"{TABLE}-{secrets.token_hex(4)}" if env.live else TABLE
    client = env.botocore_client()
    client.create_table(
        TableName=table,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    env.cleanup.callback(client.delete_table, TableName=table)
    client.get_waiter("table_exists").wait(TableName=table)
    client.put_item(TableName=table, Item=ITEM)
    return {"table": table}
