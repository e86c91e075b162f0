"""The DynamoDB answers and inputs of the work benchmarks (``benchmarks.work``).

Deterministic, so that the server (its own process) and the contenders agree
on them without talking: a Query page of about a megabyte, a BatchWriteItem
of about a megabyte, a small GetItem answer and two ListTables pages.
"""

from __future__ import annotations

import base64
import json

ITEMS = 1_000
TABLE = "bench-table"
TABLES_PER_PAGE = 100


def item(index: int) -> dict[str, dict[str, object]]:
    """One item of ten attributes: S, N, B, BOOL, SS, NULL and L of M among them."""
    return {
        "pk": {"S": f"customer#{index:06d}"},
        "sk": {"S": f"order#{index:08d}#2026-12-08T02:42:00Z"},
        "amount": {"N": f"{index * 3.25:.2f}"},
        "receipt": {"B": base64.b64encode(bytes(range(index % 7, index % 7 + 96))).decode()},
        "paid": {"BOOL": index % 2 == 0},
        "tags": {"SS": ["priority", "gift-wrapped", f"batch-{index % 17}", "ships-from-eu"]},
        "cancelled": {"NULL": True},
        "lines": {
            "L": [
                {"M": {"sku": {"S": f"SKU-{index:06d}-{line}-STANDARD"}, "qty": {"N": str(line)}}}
                for line in range(1, 4)
            ]
        },
        "note": {"S": "Leave the parcel at the back door, next to the blue bin. " * 7},
        "version": {"N": str(index % 97)},
    }


def query_page() -> bytes:
    """A Query answer of ``ITEMS`` items (about a megabyte of JSON)."""
    items = [item(index) for index in range(ITEMS)]
    last = {"pk": items[-1]["pk"], "sk": items[-1]["sk"]}
    page = {"Items": items, "Count": ITEMS, "ScannedCount": ITEMS, "LastEvaluatedKey": last}
    return json.dumps(page, separators=(",", ":")).encode()


def batch_write_items() -> list[dict[str, dict[str, object]]]:
    """The items of the BatchWriteItem request (boto3's form): the Query page's items."""
    return [item(index) for index in range(ITEMS)]


GET_ITEM = json.dumps({"Item": item(7)}, separators=(",", ":")).encode()
BATCH_WRITE = b'{"UnprocessedItems":{}}'


def list_tables_page(*, first: bool) -> bytes:
    """The first of two ListTables pages (with ``LastEvaluatedTableName``), or the last."""
    start = 0 if first else TABLES_PER_PAGE
    names = [f"table-{index:04d}" for index in range(start, start + TABLES_PER_PAGE)]
    page: dict[str, object] = {"TableNames": names}
    if first:
        page["LastEvaluatedTableName"] = names[-1]
    return json.dumps(page, separators=(",", ":")).encode()
