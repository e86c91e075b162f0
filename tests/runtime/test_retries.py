"""codegen/runtime/_retries.py: botocore's standard-mode rules, without sockets.

botocore's own checkers and backoff (``botocore.retries.standard``) are the
oracle wherever they can be called on the same facts.
"""

from __future__ import annotations

import itertools
import threading

import pytest
from botocore.awsrequest import AWSResponse
from botocore.retries import standard

from codegen.runtime._exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidEndpointError,
    ResponseParseError,
    SdkError,
    ServiceError,
    TransportError,
)
from codegen.runtime._retries import (
    QUOTA_CAPACITY,
    Failure,
    RetryPolicy,
    RetryQuota,
    backoff_delay,
    is_throttling,
    is_transient,
    note_attempts,
    retry_cost,
)

CODES = [
    "ThrottlingException",
    "TooManyRequestsException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "RequestTimeoutException",
    "InternalErrorException",
    "NotAuthorizedException",
    "",
]
STATUSES = [400, 403, 429, 500, 501, 502, 503, 504]


def service_failure(code: str, status: int, retry_after: str | None = None) -> Failure:
    error = ServiceError("m", code=code, status_code=status)
    return Failure(error, code=code, status=status, retry_after=retry_after)


def botocore_context(
    code: str, status: int, retry_after: str | None = None, attempt: int = 1
) -> standard.RetryContext:
    headers = {} if retry_after is None else {"x-amz-retry-after": retry_after}
    return standard.RetryContext(
        attempt_number=attempt,
        parsed_response={"Error": {"Code": code, "Message": "m"}},
        http_response=AWSResponse("https://cognito.test/", status, headers, None),
    )


# --------------------------------------------------------- classification


@pytest.mark.parametrize(("code", "status"), list(itertools.product(CODES, STATUSES)))
def test_transient_classification_matches_botocore(code: str, status: int) -> None:
    expected = standard.TransientRetryableChecker().is_retryable(botocore_context(code, status))
    assert is_transient(service_failure(code, status)) is expected


@pytest.mark.parametrize(("code", "status"), list(itertools.product(CODES, STATUSES)))
def test_throttling_classification_matches_botocore_except_for_429(code: str, status: int) -> None:
    by_code = standard.ThrottledRetryableChecker().is_retryable(botocore_context(code, status))
    # The one deliberate difference: any 429 is throttling, whatever its code.
    assert is_throttling(service_failure(code, status)) is (by_code or status == 429)


@pytest.mark.parametrize(
    "error",
    [ConnectTimeoutError("slow"), EndpointConnectionError("refused"), TransportError("other")],
    ids=lambda e: type(e).__name__,
)
def test_a_failure_without_a_response_is_transient(error: TransportError) -> None:
    failure = Failure(error)
    assert is_transient(failure)
    assert not is_throttling(failure)
    assert retry_cost(failure) == 14


@pytest.mark.parametrize(
    "error",
    [ResponseParseError("not JSON"), InvalidEndpointError("bad URL")],
    ids=lambda e: type(e).__name__,
)
def test_a_client_side_failure_is_not_retried(error: SdkError) -> None:
    assert retry_cost(Failure(error)) is None


@pytest.mark.parametrize(
    ("code", "status", "cost"),
    [
        ("ThrottlingException", 400, 5),
        ("ThrottlingException", 503, 5),  # throttling wins over transient
        ("PriorRequestNotComplete", 400, 5),  # listed as both: throttling
        ("Anything", 429, 5),
        ("InternalErrorException", 500, 14),
        ("RequestTimeoutException", 400, 14),
        ("NotAuthorizedException", 400, None),
        ("NotImplemented", 501, None),
    ],
)
def test_retry_cost_is_botocores_by_kind(code: str, status: int, cost: int | None) -> None:
    assert retry_cost(service_failure(code, status)) == cost


# ---------------------------------------------------------------- backoff


class Detector:
    """botocore's throttling detector, answering with our classification."""

    def is_throttling_error_from_context(self, context: standard.RetryContext) -> bool:
        response = context.http_response
        assert response is not None
        return is_throttling(service_failure(context.get_error_code(), response.status_code))


@pytest.mark.parametrize("attempt", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("code", ["ThrottlingException", "InternalErrorException"])
@pytest.mark.parametrize("retry_after", [None, "0", "1500", "60000", "-5", "soon", "9" * 400])
@pytest.mark.parametrize("jitter", [0.0, 0.37, 1.0])
def test_backoff_matches_botocores_exponential_backoff(
    attempt: int, code: str, retry_after: str | None, jitter: float
) -> None:
    botocore_backoff = standard.ExponentialBackoff(
        random=lambda: jitter,
        throttling_detector=Detector(),
    )
    expected = botocore_backoff.delay_amount(botocore_context(code, 500, retry_after, attempt))
    policy = RetryPolicy(random=lambda: jitter)
    assert backoff_delay(service_failure(code, 500, retry_after), attempt, policy) == expected


def test_backoff_doubles_from_50_ms_or_from_1_s_when_throttled() -> None:
    policy = RetryPolicy(random=lambda: 1.0)
    transient = service_failure("InternalErrorException", 500)
    throttled = service_failure("ThrottlingException", 400)
    assert [backoff_delay(transient, n, policy) for n in (1, 2, 3)] == [0.05, 0.1, 0.2]
    assert [backoff_delay(throttled, n, policy) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]


def test_backoff_is_capped_by_max_backoff_before_the_jitter() -> None:
    policy = RetryPolicy(max_backoff=3.0, random=lambda: 0.5)
    throttled = service_failure("ThrottlingException", 400)
    assert backoff_delay(throttled, 10, policy) == 1.5


def test_retry_after_raises_the_delay_by_at_most_five_seconds() -> None:
    policy = RetryPolicy(random=lambda: 1.0)
    asks_two = service_failure("InternalErrorException", 503, retry_after="2000")
    asks_a_minute = service_failure("InternalErrorException", 503, retry_after="60000")
    asks_less = service_failure("ThrottlingException", 400, retry_after="10")
    assert backoff_delay(asks_two, 1, policy) == 2.0
    assert backoff_delay(asks_a_minute, 1, policy) == 5.05
    assert backoff_delay(asks_less, 1, policy) == 1.0  # never below our own delay


@pytest.mark.parametrize("value", ["-1", "1.5", "", "later"])
def test_an_invalid_retry_after_is_ignored(value: str) -> None:
    policy = RetryPolicy(random=lambda: 1.0)
    failure = service_failure("InternalErrorException", 500, retry_after=value)
    assert backoff_delay(failure, 2, policy) == 0.1


def test_backoff_uses_the_policys_random_for_jitter() -> None:
    draws = iter([0.25, 0.75])
    policy = RetryPolicy(random=lambda: next(draws))
    failure = service_failure("ThrottlingException", 400)
    assert [backoff_delay(failure, 3, policy) for _ in range(2)] == [1.0, 3.0]


# ------------------------------------------------------------------- quota


def test_quota_allows_35_ordinary_retries_then_refuses() -> None:
    quota = RetryQuota()
    granted = sum(quota.acquire(14) for _ in range(40))
    assert granted == QUOTA_CAPACITY // 14 == 35
    assert quota.available == QUOTA_CAPACITY - 35 * 14


def test_quota_refuses_a_retry_costing_more_than_is_left_and_keeps_the_rest() -> None:
    quota = RetryQuota(capacity=10)
    assert not quota.acquire(14)
    assert quota.available == 10
    assert quota.acquire(5)
    assert quota.acquire(5)
    assert not quota.acquire(1)


def test_quota_release_never_exceeds_the_capacity() -> None:
    quota = RetryQuota(capacity=20)
    quota.release(100)
    assert quota.available == 20
    assert quota.acquire(14)
    quota.release(100)
    assert quota.available == 20


def test_quota_release_refills_what_was_taken() -> None:
    quota = RetryQuota(capacity=50)
    assert quota.acquire(14)
    assert quota.acquire(5)
    quota.release(5)
    assert quota.available == 50 - 14
    quota.release(1)
    assert quota.available == 50 - 13


def test_quota_counts_exactly_under_concurrent_acquires() -> None:
    quota = RetryQuota(capacity=14 * 100)
    results: list[bool] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(30):
            granted = quota.acquire(14)
            with lock:
                results.append(granted)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 100
    assert quota.available == 0


# ------------------------------------------------------- retry metadata


def test_note_attempts_records_retries_on_a_service_error() -> None:
    error = ServiceError("m", code="ThrottlingException", status_code=400)
    note_attempts(error, attempt=2, max_attempts=3)
    assert (error.retry_attempts, error.max_attempts_reached) == (1, False)
    note_attempts(error, attempt=3, max_attempts=3)
    assert (error.retry_attempts, error.max_attempts_reached) == (2, True)


def test_note_attempts_leaves_other_errors_alone() -> None:
    error = EndpointConnectionError("refused")
    note_attempts(error, attempt=3, max_attempts=3)
    assert not hasattr(error, "retry_attempts")


def test_retry_policy_rejects_a_negative_max_backoff() -> None:
    with pytest.raises(ValueError, match="max_backoff"):
        RetryPolicy(max_backoff=-1.0)
