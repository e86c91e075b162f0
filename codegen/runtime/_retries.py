"""botocore's retry modes (``botocore.retries``, ``botocore.retryhandler``, 1.44.5).

Pure rules over a :class:`Failure` and the attempt number, so they are tested
without sockets; ``_transport.py`` runs the attempts and applies them, and
:func:`with_retries` runs those of the credential sources (STS, the container
endpoint, IMDS), each with botocore's attempts and delays for that source.
``retry_mode`` picks the rules, as in botocore:

* ``standard`` (the default) and ``adaptive``: the rules below; ``adaptive``
  adds client-side rate limiting (``_rate_limit.py``) once throttled;
* ``legacy``: botocore's original rules (``_retry.json``'s defaults): up to 5
  attempts; a connection failure, HTTP 429/500/502/503/504/509, or a 400 with
  a throttling code is retried after ``random() * 2 ** (attempt - 1)``
  seconds, uncapped; no retry quota, no ``x-amz-retry-after``.

Standard mode:

* which failures are retried: a transport failure, a 5xx, a transient error
  code, or throttling (a 429 or a throttling error code);
* the jittered exponential backoff: 1 s base for throttling, 50 ms otherwise,
  capped by ``max_backoff``, honouring ``x-amz-retry-after``;
* the retry quota shared by a client: 500 tokens; a throttling retry costs 5,
  any other 14; a success gives back what its last retry cost, or 1 if it
  needed none.

One deliberate difference: a 429 counts as throttling whatever its error code
(botocore exempts codes the operation models, which for Cognito never arrive
with a 429).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Literal, TypeVar

import attrs

from ._exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    SdkError,
    ServiceError,
    TransportError,
)

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "QUOTA_CAPACITY",
    "RETRY_MODES",
    "SUCCESS_REFUND",
    "Failure",
    "RetryPolicy",
    "RetryQuota",
    "backoff_delay",
    "is_legacy_retryable",
    "is_throttling",
    "is_transient",
    "legacy_delay",
    "note_attempts",
    "retry_cost",
    "with_retries",
]

T = TypeVar("T")

_TRANSIENT_STATUS_CODES = frozenset({500, 502, 503, 504})
_TRANSIENT_ERROR_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)
_THROTTLING_STATUS_CODE = 429
_THROTTLING_ERROR_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
_THROTTLING_BASE_DELAY = 1.0
_TRANSIENT_BASE_DELAY = 0.05
_RETRY_AFTER_MAX_EXTRA = 5.0
_RETRY_COST = 14
_THROTTLING_RETRY_COST = 5

RetryMode = Literal["standard", "legacy", "adaptive"]
RETRY_MODES: tuple[RetryMode, ...] = ("standard", "legacy", "adaptive")
DEFAULT_MAX_ATTEMPTS: dict[RetryMode, int] = {"standard": 3, "legacy": 5, "adaptive": 3}
"""Attempts per call, the first included, when ``max_attempts`` is not configured."""

# botocore's _retry.json "__default__" policies: statuses retried whatever the
# code, and throttling codes retried only with a 400.
_LEGACY_STATUS_CODES = frozenset({429, 500, 502, 503, 504, 509})
_LEGACY_THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
    }
)
# botocore's GENERAL_CONNECTION_ERROR; a bare TransportError is its
# HTTPClientError, which legacy mode does not retry.
_LEGACY_RETRIED_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)

QUOTA_CAPACITY = 500
SUCCESS_REFUND = 1
"""Tokens a success returns to the quota when it needed no retry."""


@attrs.frozen
class RetryPolicy:
    """Retry settings.

    ``max_attempts`` counts every attempt, the first included, so 1 disables
    retries. ``max_backoff`` caps the standard-mode backoff. ``random`` and
    ``sleep`` exist so that tests can make the backoff deterministic and instant.
    """

    max_attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    mode: RetryMode = attrs.field(default="standard", validator=attrs.validators.in_(RETRY_MODES))
    max_backoff: float = attrs.field(default=20.0, validator=attrs.validators.ge(0))
    random: Callable[[], float] = random.random
    sleep: Callable[[float], None] = time.sleep


@attrs.frozen
class Failure:
    """A failed attempt: the error to raise, and the facts the retry rules read."""

    error: SdkError
    code: str | None = None  # the service's error code, when a response arrived
    status: int | None = None  # the HTTP status, when a response arrived
    retry_after: str | None = None  # raw x-amz-retry-after header, milliseconds


def is_throttling(failure: Failure) -> bool:
    return failure.code in _THROTTLING_ERROR_CODES or failure.status == _THROTTLING_STATUS_CODE


def is_transient(failure: Failure) -> bool:
    return (
        isinstance(failure.error, TransportError)
        or failure.code in _TRANSIENT_ERROR_CODES
        or failure.status in _TRANSIENT_STATUS_CODES
    )


def retry_cost(failure: Failure) -> int | None:
    """The quota tokens a retry of ``failure`` costs; None when it is not retried at all."""
    if is_throttling(failure):
        return _THROTTLING_RETRY_COST
    if is_transient(failure):
        return _RETRY_COST
    return None


def backoff_delay(failure: Failure, attempt: int, policy: RetryPolicy) -> float:
    """botocore's delay before retrying after attempt number ``attempt`` (1-based) failed."""
    base = _THROTTLING_BASE_DELAY if is_throttling(failure) else _TRANSIENT_BASE_DELAY
    delay = policy.random() * min(base * 2.0 ** (attempt - 1), policy.max_backoff)
    requested = _retry_after_seconds(failure.retry_after)
    if requested is not None:
        # The server may ask for more, but only up to 5 s above our own delay.
        delay = max(delay, min(requested, delay + _RETRY_AFTER_MAX_EXTRA))
    return delay


def note_attempts(
    error: SdkError, attempt: int, max_attempts: int, *, retryable: bool = True
) -> None:
    """Record on a service error how many retries were made, as botocore's metadata does.

    botocore's standard mode checks the attempt count before the error's
    retryability, so there the last allowed attempt counts as "max attempts
    reached" whatever the error; legacy mode says so only of a ``retryable``
    error.
    """
    if isinstance(error, ServiceError):
        error.retry_attempts = attempt - 1
        error.max_attempts_reached = attempt >= max_attempts and retryable


def is_legacy_retryable(failure: Failure) -> bool:
    """Whether botocore's legacy mode retries ``failure`` (attempts left aside)."""
    if failure.status is None:
        return isinstance(failure.error, _LEGACY_RETRIED_ERRORS)
    return failure.status in _LEGACY_STATUS_CODES or (
        failure.status == 400 and failure.code in _LEGACY_THROTTLING_CODES
    )


def legacy_delay(attempt: int, policy: RetryPolicy) -> float:
    """botocore's legacy delay after attempt number ``attempt`` (1-based) failed: uncapped."""
    return policy.random() * 2.0 ** (attempt - 1)


class RetryQuota:
    """botocore's retry token bucket; shared by every thread using a transport."""

    def __init__(self, capacity: int = QUOTA_CAPACITY) -> None:
        self._max = capacity
        self._available = capacity
        self._lock = threading.Lock()

    @property
    def available(self) -> int:
        return self._available

    def acquire(self, amount: int) -> bool:
        """Take ``amount`` tokens if available; False means: do not retry."""
        with self._lock:
            if amount > self._available:
                return False
            self._available -= amount
            return True

    def release(self, amount: int) -> None:
        """Give back up to ``amount`` tokens, never exceeding the capacity."""
        if self._available == self._max:  # the common case; no lock needed
            return
        with self._lock:
            self._available = min(self._max, self._available + amount)


def _retry_after_seconds(value: str | None) -> float | None:
    """The x-amz-retry-after header (integer milliseconds) in seconds, if valid."""
    if value is None:
        return None
    try:
        seconds = int(value) / 1000
    except (ValueError, OverflowError):
        return None
    return seconds if seconds >= 0 else None


def with_retries(
    attempt: Callable[[], T | Failure],
    policy: RetryPolicy,
    *,
    retryable: Callable[[Failure], bool],
    delay: Callable[[Failure, int], float],
) -> T:
    """Call ``attempt`` until it returns a result; raise the error of the last ``Failure``.

    A ``Failure`` is retried while ``retryable`` says so and attempts remain
    (``policy.max_attempts``, the first included), after sleeping
    ``delay(failure, attempt)`` with ``policy.sleep``. No retry quota: the
    credential sources that use this make one call now and then.
    """
    number = 1
    while True:
        outcome = attempt()
        if not isinstance(outcome, Failure):
            return outcome
        if number >= policy.max_attempts or not retryable(outcome):
            raise outcome.error
        policy.sleep(delay(outcome, number))
        number += 1
