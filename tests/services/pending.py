"""Cases that fail only for work another change is doing, each with its reason.

Marked ``xfail(strict=True)``: when that work lands, the case passes, the
strict mark fails, and the entry must be removed from here. Empty today: the
endpoint parameters (dynamodb, kinesis, events), operations without input
(acm), query mode (sqs) and sub-second timestamps that were listed here have
landed. An entry reads, e.g.::

    OPERATIONS = {("sqs", "SendMessage"): "protocol change pending: x-amzn-query-mode"}
"""

from __future__ import annotations

import pytest

# service -> why the whole service cannot be generated yet.
GENERATION: dict[str, str] = {}
# (service, operation) -> reason.
OPERATIONS: dict[tuple[str, str], str] = {}
# service -> reason, for the sub-second timestamp case.
TIMESTAMPS: dict[str, str] = {}
# (service, error or "*", "forms" or the query-compatible form) -> reason.
ERRORS: dict[tuple[str, str, str], str] = {}
# Why a sample of the generated code does not pass mypy --strict yet, if it does not.
MYPY_SAMPLE: str | None = None


def _xfail(reason: str | None) -> list[pytest.MarkDecorator]:
    return [] if reason is None else [pytest.mark.xfail(strict=True, reason=reason)]


def mark_generation(service: str) -> list[pytest.MarkDecorator]:
    return _xfail(GENERATION.get(service))


def mark_operation(service: str, operation: str) -> list[pytest.MarkDecorator]:
    return _xfail(GENERATION.get(service) or OPERATIONS.get((service, operation)))


def mark_timestamp(service: str) -> list[pytest.MarkDecorator]:
    return _xfail(GENERATION.get(service) or TIMESTAMPS.get(service))


def mark_error(service: str, error: str, form: str = "forms") -> list[pytest.MarkDecorator]:
    reason = GENERATION.get(service)
    for key in ((service, error, form), (service, "*", form), (service, error, "*")):
        reason = reason or ERRORS.get(key)
    return _xfail(reason)


def mark_mypy_sample() -> list[pytest.MarkDecorator]:
    return _xfail(MYPY_SAMPLE)
