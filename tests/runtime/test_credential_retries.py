"""Issue 19 ("the house"): one retry engine. STS, the container endpoint and IMDS retry
through ``_retries.with_retries``, each with botocore's attempts and delays."""

from __future__ import annotations

import botocore.utils
import pytest

from codegen.runtime import _metadata, _sts
from codegen.runtime._exceptions import CredentialRetrievalError, SdkError
from codegen.runtime._retries import Failure, RetryPolicy, with_retries


def test_with_retries_returns_the_first_result_and_sleeps_the_delays_between() -> None:
    sleeps: list[float] = []
    outcomes: list[str | Failure] = [Failure(SdkError("1")), Failure(SdkError("2")), "done"]
    result = with_retries(
        lambda: outcomes.pop(0),
        RetryPolicy(max_attempts=3, sleep=sleeps.append),
        retryable=lambda _failure: True,
        delay=lambda _failure, attempt: attempt * 10.0,
    )
    assert result == "done"
    assert sleeps == [10.0, 20.0]


def test_with_retries_raises_the_last_error_when_attempts_run_out_or_it_is_not_retried() -> None:
    sleeps: list[float] = []
    errors = [SdkError("first"), SdkError("second")]
    outcomes: list[str | Failure] = [Failure(error) for error in errors]
    with pytest.raises(SdkError, match="second"):
        with_retries(
            lambda: outcomes.pop(0),
            RetryPolicy(max_attempts=2, sleep=sleeps.append),
            retryable=lambda _failure: True,
            delay=lambda _failure, _attempt: 0.5,
        )
    assert sleeps == [0.5]
    with pytest.raises(SdkError, match="only"):
        with_retries(
            lambda: Failure(SdkError("only")),
            RetryPolicy(max_attempts=5, sleep=sleeps.append),
            retryable=lambda _failure: False,
            delay=lambda _failure, _attempt: 0.5,
        )
    assert sleeps == [0.5]


def test_the_container_provider_keeps_botocores_attempts_timeout_and_sleep() -> None:
    fetcher = botocore.utils.ContainerMetadataFetcher
    assert _metadata._CONTAINER_ATTEMPTS == fetcher.RETRY_ATTEMPTS
    assert _metadata._CONTAINER_TIMEOUT == fetcher.TIMEOUT_SECONDS
    assert fetcher.SLEEP_TIME == _metadata.CONTAINER_RETRY_SLEEP


def test_sts_retries_a_missing_response_with_standard_mode_backoff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three attempts (botocore's standard mode for its STS client), 50 ms then 100 ms at most."""
    sleeps: list[float] = []
    monkeypatch.setattr("codegen.runtime._sts.time.sleep", sleeps.append)
    with pytest.raises(CredentialRetrievalError, match="Could not get STS AssumeRole"):
        _sts._call(
            "http://127.0.0.1:9/",  # nothing listens: no response
            {"Action": "AssumeRole"},
            auth=None,
            method="assume-role",
            action="AssumeRole",
        )
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.05
    assert 0 <= sleeps[1] <= 0.1


@pytest.mark.parametrize(
    ("code", "status", "retried"),
    [
        ("Throttling", 400, True),
        ("IDPCommunicationError", 400, True),
        ("InternalFailure", 500, True),
        ("AccessDenied", 403, False),
        ("ExpiredTokenException", 400, False),
    ],
)
def test_sts_retries_what_botocores_standard_mode_retries_for_sts(
    code: str, status: int, retried: bool
) -> None:
    failure = Failure(CredentialRetrievalError("x", method="assume-role"), code=code, status=status)
    assert _sts._sts_retryable(failure) is retried
