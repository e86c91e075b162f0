"""Cases that fail only for work another change is doing, each with its reason.

Marked ``xfail(strict=True)``: when that work lands, the case passes, the
strict mark fails, and the entry must be removed from here.
"""

from __future__ import annotations

import pytest

_ENDPOINTS = (
    "endpoints change pending: the rule set needs the {} parameter, which resolve_endpoint "
    "cannot supply yet"
)
_QUERY_MODE = "protocol change pending: awsQueryCompatible requests carry x-amzn-query-mode: true"
_SUB_SECOND = (
    "protocol change pending: epoch-seconds timestamps keep their microseconds "
    "(botocore sends 1814013028.800048)"
)

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
