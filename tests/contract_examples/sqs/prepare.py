"""The state the emulator cases need: yours to extend; the generator never overwrites this file.

``CASES`` are recorded from moto's server (and with ``--live`` from AWS),
after ``prepare`` made the state they need: a parameter written
``"{name}"`` is replaced by the value ``prepare`` returns for ``name``.
Make state with ``env.botocore_client()``; register clean-up with
``env.cleanup.callback(...)``: it runs whatever happens (a live recording
must leave nothing behind).

SQS: a queue with one message waiting, and the receipt handle of another one.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from ._contract import Case, Environment

QUEUE = "contract-test-queue"

CASES: tuple[Case, ...] = (
    Case(
        operation="SendMessage",
        name="emulator_send_message",
        summary="moto queues a message with an attribute",
        parameters={
            "QueueUrl": "{queue_url}",
            "MessageBody": "hello from the contract test",
            "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "greeting"}},
        },
    ),
    Case(
        operation="SendMessage",
        name="emulator_missing_queue",
        # The code is x-amzn-query-error's awsQuery code, as botocore reads it.
        summary="the queue does not exist",
        parameters={"QueueUrl": "{missing_queue_url}", "MessageBody": "lost"},
        expected="AWS.SimpleQueueService.NonExistentQueue",
    ),
    Case(
        operation="ReceiveMessage",
        name="emulator_receive_message",
        summary="moto hands out the waiting message",
        parameters={"QueueUrl": "{queue_url}", "MaxNumberOfMessages": 1},
    ),
    Case(
        operation="DeleteMessage",
        name="emulator_delete_message",
        summary="moto deletes a received message",
        parameters={"QueueUrl": "{queue_url}", "ReceiptHandle": "{receipt_handle}"},
    ),
)


def prepare(env: Environment) -> Mapping[str, str]:
    queue = f"{QUEUE}-{secrets.token_hex(4)}" if env.live else QUEUE
    client = env.botocore_client()
    url: str = client.create_queue(QueueName=queue)["QueueUrl"]
    env.cleanup.callback(client.delete_queue, QueueUrl=url)
    client.send_message(QueueUrl=url, MessageBody="to be deleted")
    [message] = client.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"]
    client.send_message(QueueUrl=url, MessageBody="to be received")
    return {
        "queue_url": url,
        "missing_queue_url": url.rsplit("/", 1)[0] + "/no-such-queue",
        "receipt_handle": message["ReceiptHandle"],
    }
