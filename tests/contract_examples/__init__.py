"""Committed examples of generated contract suites, one folder per service.

Each folder is exactly what ``python -m codegen --service S --operations ... --out <dir>
--with-contract-tests tests/contract_examples/<s>`` writes (``prepare.py`` aside: the
per-service hook, shipped from ``codegen/contract/prepare/``). The clients themselves are
generated at test time into a temporary folder put on ``sys.path`` (``conftest.py``), so
only the suites and their cassettes (``cassettes/<service>/<operation>/``) are committed.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "dynamodb": ("PutItem", "GetItem", "Query"),
    "sqs": ("SendMessage", "ReceiveMessage", "DeleteMessage"),
    "secretsmanager": ("CreateSecret", "GetSecretValue"),
}
"""Service -> operations, as the suites were generated."""
