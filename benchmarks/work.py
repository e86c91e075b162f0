"""The work growing: big pages, big requests, threads and pagination, against boto3.

``python -m benchmarks.work URL PACKAGE_DIR --rounds R`` builds a client of a
DynamoDB package generated for Query, GetItem, ListTables and BatchWriteItem
(the ``dynamodb`` folder in ``PACKAGE_DIR``) and a boto3 client, both for the
benchmark server at ``URL`` (its own process), and times, per contender:

* ``query_page``: one Query call answered by a page of 1,000 items of ten
  attributes (about a megabyte): sending, reading, decoding and parsing into
  typed models (ours) or dicts (boto3);
* ``batch_write``: one BatchWriteItem of the same 1,000 items (about a
  megabyte): validating and serializing the input, sending it, reading the answer;
* ``threads``: GetItem calls per second of ``THREADS`` threads sharing one
  client whose pool keeps ``THREADS`` connections (``max_pool_connections``);
* ``list_tables_page``: one ListTables page through the paginator (two pages,
  the second asked for with the first's ``LastEvaluatedTableName``).

The contenders take turns every round, so that a slow spell of the machine
hits both alike. It prints ``{"query_page": {"ours": [ns, ...], "boto3": [...]},
...}`` as JSON, ``threads`` in calls per second; ``query_page_cpu``,
``batch_write_cpu`` and ``list_tables_page_cpu`` hold the same calls' CPU time
of this process (the wall clock of a shared machine also counts the time the
other processes get).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from benchmarks import pages
from benchmarks.contenders import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY

NAMES = ("ours", "boto3")
WORKLOADS = ("query_page", "batch_write", "threads", "list_tables_page")
# The workloads also timed in CPU time (the threads' throughput is wall time only).
CPU_TIMED = ("query_page", "batch_write", "list_tables_page")
THREADS = 16
# 1,600 calls a sample: with 25 a thread (400 calls, a quarter second) the threads'
# start and finish were a large share of it and the samples of one contender spread
# over 60 % (1,570 to 2,610 calls/s in one run); with 100 a thread, within 7 %.
CALLS_PER_THREAD = 100
LIST_TABLES_RUNS = 10
LIST_TABLES_PAGES = 2
PACKAGE = "dynamodb"
OPERATIONS = ("Query", "GetItem", "ListTables", "BatchWriteItem")
KEY = "customer#000007"


class Contender:
    """One client and the four workloads, each a call that checks its answer."""

    def __init__(
        self,
        query: Callable[[], object],
        batch_write: Callable[[], object],
        get_item: Callable[[], object],
        list_tables: Callable[[], int],
    ) -> None:
        self.query = query
        self.batch_write = batch_write
        self.get_item = get_item
        self.list_tables = list_tables


def _check(name: str, what: str, result: object, expected: object) -> None:
    if result != expected:
        raise RuntimeError(f"{name} {what}: expected {expected!r}, got {result!r}")


def ours(url: str, package_dir: str) -> Contender:
    sys.path.insert(0, package_dir)
    package: Any = importlib.import_module(PACKAGE)
    models: Any = importlib.import_module(f"{PACKAGE}.models")
    client = package.DynamoDBClient(
        region=REGION,
        endpoint_url=url,
        credentials=package.Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
        max_pool_connections=THREADS,
    )
    attribute_value = models.AttributeValue
    requests = [
        models.WriteRequest(
            put_request=models.PutRequest(
                item={name: attribute_value.from_dict(value) for name, value in item.items()}
            )
        )
        for item in pages.batch_write_items()
    ]

    def query() -> object:
        page = client.query(
            table_name=pages.TABLE,
            key_condition_expression="pk = :pk",
            expression_attribute_values={":pk": attribute_value(s=KEY)},
        )
        _check(
            "ours", "Query", (len(page.items), page.items[-1]["lines"].l[2].m["qty"].n), (1000, "3")
        )
        return page

    def batch_write() -> object:
        answer = client.batch_write_item(request_items={pages.TABLE: requests})
        _check("ours", "BatchWriteItem", answer.unprocessed_items, {})
        return answer

    def get_item() -> object:
        answer = client.get_item(table_name=pages.TABLE, key={"pk": attribute_value(s=KEY)})
        _check("ours", "GetItem", answer.item["pk"].s, KEY)
        return answer

    def list_tables() -> int:
        pages_seen = 0
        for page in client.paginate_list_tables():
            pages_seen += 1
            _check("ours", "ListTables", len(page.table_names), pages.TABLES_PER_PAGE)
        _check("ours", "ListTables pages", pages_seen, LIST_TABLES_PAGES)
        return pages_seen

    return Contender(query, batch_write, get_item, list_tables)


def boto3(url: str, package_dir: str) -> Contender:
    import boto3  # noqa: PLC0415 -- only the process that measures it pays for it
    from botocore.config import Config  # noqa: PLC0415

    client = boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        config=Config(max_pool_connections=THREADS),
    )
    requests = [{"PutRequest": {"Item": item}} for item in pages.batch_write_items()]
    paginator = client.get_paginator("list_tables")

    def query() -> object:
        page = client.query(
            TableName=pages.TABLE,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": KEY}},
        )
        _check(
            "boto3",
            "Query",
            (len(page["Items"]), page["Items"][-1]["lines"]["L"][2]["M"]["qty"]["N"]),
            (1000, "3"),
        )
        return page

    def batch_write() -> object:
        answer = client.batch_write_item(RequestItems={pages.TABLE: requests})
        _check("boto3", "BatchWriteItem", answer["UnprocessedItems"], {})
        return answer

    def get_item() -> object:
        answer = client.get_item(TableName=pages.TABLE, Key={"pk": {"S": KEY}})
        _check("boto3", "GetItem", answer["Item"]["pk"]["S"], KEY)
        return answer

    def list_tables() -> int:
        pages_seen = 0
        for page in paginator.paginate():
            pages_seen += 1
            _check("boto3", "ListTables", len(page["TableNames"]), pages.TABLES_PER_PAGE)
        _check("boto3", "ListTables pages", pages_seen, LIST_TABLES_PAGES)
        return pages_seen

    return Contender(query, batch_write, get_item, list_tables)


def _timed_ns(call: Callable[[], object]) -> tuple[int, int]:
    """Wall and CPU nanoseconds of one call.

    The CPU time is this process's own: on a shared machine the wall clock also
    counts the slices the other processes get, while the client waits.
    """
    wall, cpu = time.perf_counter_ns(), time.process_time_ns()
    call()
    return time.perf_counter_ns() - wall, time.process_time_ns() - cpu


def _threads_per_second(get_item: Callable[[], object]) -> float:
    """GetItem calls per second of ``THREADS`` threads, each making ``CALLS_PER_THREAD``."""
    ready = threading.Barrier(THREADS + 1)
    errors: list[BaseException] = []

    def work() -> None:
        ready.wait()
        try:
            for _ in range(CALLS_PER_THREAD):
                get_item()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return THREADS * CALLS_PER_THREAD / elapsed


def measure(url: str, package_dir: str, rounds: int) -> dict[str, dict[str, list[float]]]:
    contenders = {"ours": ours(url, package_dir), "boto3": boto3(url, package_dir)}
    for contender in contenders.values():  # warm-up: connections, caches, lazy imports
        contender.query()
        contender.batch_write()
        _threads_per_second(contender.get_item)
        contender.list_tables()
    samples: dict[str, dict[str, list[float]]] = {
        workload: {name: [] for name in NAMES}
        for workload in (*WORKLOADS, *(f"{workload}_cpu" for workload in CPU_TIMED))
    }
    for round_index in range(rounds):
        shift = round_index % len(NAMES)
        for name in NAMES[shift:] + NAMES[:shift]:
            contender = contenders[name]
            for workload, call in (
                ("query_page", contender.query),
                ("batch_write", contender.batch_write),
            ):
                # Each big call starts from a collected heap: the garbage the previous
                # workload left (the threads' 1,600 calls, the other contender's page)
                # would otherwise trigger a full collection of 20-45 ms inside whichever
                # call came next, in either client. The collections a call's own objects
                # trigger stay in its time. (Not before the small ListTables pages: a
                # collection empties the free lists their next allocations would use.)
                gc.collect()
                wall, cpu = _timed_ns(call)
                samples[workload][name].append(wall)
                samples[f"{workload}_cpu"][name].append(cpu)
            samples["threads"][name].append(_threads_per_second(contender.get_item))
            for _ in range(LIST_TABLES_RUNS):
                wall, cpu = _timed_ns(contender.list_tables)
                samples["list_tables_page"][name].append(wall / LIST_TABLES_PAGES)
                samples["list_tables_page_cpu"][name].append(cpu / LIST_TABLES_PAGES)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("package_dir")
    parser.add_argument("--rounds", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(measure(args.url, args.package_dir, args.rounds)))


if __name__ == "__main__":
    main()
