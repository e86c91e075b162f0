"""Retry modes: legacy and adaptive as botocore defines them; botocore's handlers are the oracle.

``standard`` mode is covered by ``test_retries.py``; here the legacy rules are
compared with ``botocore.retryhandler`` built from botocore's ``_retry.json``,
and the adaptive rate limiter with ``botocore.retries.adaptive`` on the same
clock. The transport tests check that each mode is the one running.
"""

from __future__ import annotations

import functools
import itertools
import types
from collections.abc import Iterator
from pathlib import Path

import botocore.exceptions as bex
import pytest
from botocore import retryhandler, translate
from botocore.loaders import create_loader
from botocore.retries import adaptive, bucket, throttling

from codegen.runtime._config import resolve_config
from codegen.runtime._exceptions import (
    ConfigurationError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    SdkError,
    ServiceError,
    SSLError,
    TransportError,
)
from codegen.runtime._rate_limit import ClientRateLimiter
from codegen.runtime._retries import (
    Failure,
    RetryPolicy,
    is_legacy_retryable,
    legacy_delay,
    note_attempts,
)
from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, _rate_limit, errors

from ..servers import Reply, ScriptedServer, scripted_server

CODES = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "ProvisionedThroughputExceededException",
    "TooManyRequestsException",
    "LimitExceededException",
    "RequestTimeoutException",
    "InternalErrorException",
    "",
]
STATUSES = [400, 403, 429, 500, 501, 502, 503, 504, 509]
# Our transport errors and the botocore exception each stands for.
TRANSPORT_ERRORS: list[tuple[SdkError, Exception]] = [
    (EndpointConnectionError("x"), bex.EndpointConnectionError(endpoint_url="u")),
    (ConnectTimeoutError("x"), bex.ConnectTimeoutError(endpoint_url="u")),
    (ReadTimeoutError("x"), bex.ReadTimeoutError(endpoint_url="u")),
    (ConnectionClosedError("x"), bex.ConnectionClosedError(endpoint_url="u")),
    (SSLError("x"), bex.SSLError(endpoint_url="u", error="e")),
    (TransportError("x"), bex.HTTPClientError(error="e")),
]


# --- legacy ----------------------------------------------------------------------------


@functools.cache
def botocore_legacy_handler(max_attempts: int) -> retryhandler.RetryHandler:
    """The handler botocore registers for cognito-idp in legacy mode (total attempts given)."""
    data = create_loader().load_data("_retry")
    config = translate.build_retry_config(
        "cognito-idp", data["retry"], data["definitions"], {"max_attempts": max_attempts - 1}
    )
    return retryhandler.create_retry_handler(config, "cognito-idp")


@pytest.fixture
def pinned_random(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(retryhandler, "random", types.SimpleNamespace(random=lambda: 0.25))
    return 0.25


def botocore_legacy_delay(
    handler: retryhandler.RetryHandler,
    attempt: int,
    *,
    status: int | None = None,
    code: str = "",
    exception: Exception | None = None,
) -> float | None:
    """botocore's delay before the next attempt, or None when it does not retry."""
    response = None
    if status is not None:
        parsed = {"Error": {"Code": code}, "ResponseMetadata": {}}
        response = (types.SimpleNamespace(status_code=status, headers={}), parsed)
    try:
        delay = handler(
            attempts=attempt,
            response=response,
            caught_exception=exception,
            request_dict={"context": {}},
        )
    except Exception:  # botocore re-raises an exception it does not retry
        return None
    return None if delay is None else float(delay)


def ours(failure: Failure, attempt: int, max_attempts: int, random: float) -> float | None:
    policy = RetryPolicy(max_attempts=max_attempts, mode="legacy", random=lambda: random)
    if not is_legacy_retryable(failure) or attempt >= max_attempts:
        return None
    return legacy_delay(attempt, policy)


@pytest.mark.parametrize(("code", "status"), list(itertools.product(CODES, STATUSES)))
@pytest.mark.parametrize("attempt", [1, 3, 5])
def test_legacy_decision_and_delay_for_a_response_equal_botocores(
    code: str, status: int, attempt: int, pinned_random: float
) -> None:
    failure = Failure(ServiceError("m", code=code, status_code=status), code=code, status=status)
    expected = botocore_legacy_delay(botocore_legacy_handler(5), attempt, status=status, code=code)
    assert ours(failure, attempt, 5, pinned_random) == expected


@pytest.mark.parametrize(
    ("error", "botocore_error"), TRANSPORT_ERRORS, ids=lambda e: type(e).__name__
)
@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_legacy_decision_for_a_transport_error_equals_botocores(
    error: SdkError, botocore_error: Exception, attempt: int, pinned_random: float
) -> None:
    expected = botocore_legacy_delay(botocore_legacy_handler(3), attempt, exception=botocore_error)
    assert ours(Failure(error), attempt, 3, pinned_random) == expected


def test_legacy_backoff_doubles_without_a_cap(pinned_random: float) -> None:
    policy = RetryPolicy(mode="legacy", random=lambda: 1.0)
    assert [legacy_delay(attempt, policy) for attempt in range(1, 8)] == [1, 2, 4, 8, 16, 32, 64]


def test_legacy_marks_max_attempts_reached_only_for_a_retryable_error() -> None:
    retryable = ServiceError("m", code="", status_code=500)
    note_attempts(retryable, 5, 5, retryable=True)
    final = ServiceError("m", code="NotAuthorizedException", status_code=400)
    note_attempts(final, 5, 5, retryable=False)
    assert (retryable.max_attempts_reached, final.max_attempts_reached) == (True, False)


# --- adaptive ----------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def current_time(self) -> float:
        return self.now

    def sleep(self, amount: float) -> None:
        self.now += amount


class Detector:
    """Stands in for botocore's throttling detector: the test says what was throttled."""

    @staticmethod
    def is_throttling_error(*, throttled: bool) -> bool:
        return throttled


def botocore_limiter(clock: FakeClock) -> adaptive.ClientRateLimiter:
    """What ``botocore.retries.adaptive.register_retry_handler`` builds, on ``clock``."""
    return adaptive.ClientRateLimiter(
        rate_adjustor=throttling.CubicCalculator(
            starting_max_rate=0, start_time=clock.current_time()
        ),
        rate_clocker=adaptive.RateClocker(clock),
        token_bucket=bucket.TokenBucket(max_rate=1, clock=clock),
        throttling_detector=Detector(),
        clock=clock,
    )


def steps() -> Iterator[tuple[float, bool]]:
    """(seconds since the last answer, throttled?): a burst, throttles, a recovery, a relapse."""
    yield from [(0.05, False)] * 40
    yield from [(0.1, True), (0.1, False), (0.2, True)]
    yield from [(0.3, False)] * 30
    yield from [(0.01, True)] * 5
    yield from [(0.7, False)] * 20


def test_adaptive_limiter_follows_botocores_rates_step_by_step() -> None:
    clock = FakeClock()
    theirs = botocore_limiter(clock)
    ours = ClientRateLimiter(clock.current_time)
    for elapsed, throttled in steps():
        clock.now += elapsed
        theirs.on_receiving_response(throttled=throttled)
        ours.after_attempt(throttled=throttled)
        assert ours.max_rate == pytest.approx(theirs._token_bucket.max_rate)
        assert ours.enabled is theirs._enabled


def test_adaptive_limiter_waits_for_a_token_only_once_throttled() -> None:
    clock = FakeClock()
    limiter = ClientRateLimiter(clock.current_time)
    for _ in range(100):
        limiter.before_attempt()  # off: never blocks
    clock.now += 1
    limiter.after_attempt(throttled=True)
    assert limiter.enabled
    assert limiter.max_rate >= 0.5  # never below botocore's minimum fill rate


# --- configuration -------------------------------------------------------------------


def resolve(**settings: object) -> tuple[str, int]:
    config = resolve_config(
        region="us-east-1",
        profile=None,
        credentials=None,
        endpoint_url=None,
        use_fips=None,
        use_dualstack=None,
        max_attempts=settings.pop("max_attempts", None),  # type: ignore[arg-type]
        service_env_name="COGNITO_IDENTITY_PROVIDER",
        service_config_key="cognito_identity_provider",
        **settings,  # type: ignore[arg-type]
    )
    return config.retry_mode, config.max_attempts


@pytest.mark.parametrize(("mode", "attempts"), [("standard", 3), ("legacy", 5), ("adaptive", 3)])
def test_each_mode_has_botocores_default_attempts(mode: str, attempts: int) -> None:
    assert resolve(retry_mode=mode) == (mode, attempts)


def test_the_mode_comes_from_the_argument_then_the_environment_then_the_profile(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    (home / ".aws" / "config").write_text("[default]\nretry_mode = adaptive\n")
    assert resolve() == ("adaptive", 3)
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    assert resolve() == ("legacy", 5)
    assert resolve(retry_mode="standard") == ("standard", 3)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    assert resolve() == ("legacy", 2)


@pytest.mark.parametrize("value", ["Standard", "exponential", " legacy"])
def test_an_unknown_mode_is_refused_naming_where_it_was_set(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_RETRY_MODE", value)
    with pytest.raises(ConfigurationError, match=r"AWS_RETRY_MODE.*standard, legacy, adaptive"):
        resolve()


# --- the transport runs the configured mode ------------------------------------------


def client_for(
    server: ScriptedServer, mode: str, **settings: object
) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=Credentials("AKIDEXAMPLE", "secret"),
        endpoint_url=server.url,
        retry_mode=mode,  # type: ignore[arg-type]
        **settings,  # type: ignore[arg-type]
    )


def update(client: CognitoIdentityProviderClient) -> None:
    client.update_user_pool_domain(domain="d.example.com", user_pool_id="us-east-1_Ab12Cd34E")


def test_legacy_mode_makes_five_attempts_with_uncapped_backoff(backoff_sleeps: list[float]) -> None:
    with (
        scripted_server(Reply(503, b"")) as server,
        client_for(server, "legacy") as client,
        pytest.raises(errors.CognitoIdentityProviderError) as caught,
    ):
        update(client)
    assert server.count == 5
    assert backoff_sleeps == [1.0, 2.0, 4.0, 8.0]
    assert (caught.value.retry_attempts, caught.value.max_attempts_reached) == (4, True)


@pytest.mark.parametrize(("mode", "attempts"), [("legacy", 1), ("standard", 3), ("adaptive", 3)])
def test_a_throttling_code_outside_legacys_list_is_retried_in_standard_modes_only(
    mode: str, attempts: int, backoff_sleeps: list[float]
) -> None:
    throttled = Reply.error(400, "TooManyRequestsException", "slow down")
    with (
        scripted_server(throttled) as server,
        client_for(server, mode) as client,
        pytest.raises(errors.TooManyRequestsException),
    ):
        if mode == "adaptive":
            # A clock that runs 10 s a reading, so the token bucket never makes the test wait.
            readings = itertools.count(step=10.0)
            transport = client._core._transport
            transport._limiter = _rate_limit.ClientRateLimiter(lambda: next(readings))
        update(client)
    assert server.count == attempts


def test_adaptive_mode_turns_rate_limiting_on_after_a_throttle() -> None:
    throttled = Reply.error(400, "ThrottlingException", "slow down")
    with (
        scripted_server(Reply(), throttled) as server,
        client_for(server, "adaptive", max_attempts=1) as client,
    ):
        limiter = client._core._transport._limiter
        assert isinstance(limiter, _rate_limit.ClientRateLimiter)
        update(client)
        assert not limiter.enabled
        with pytest.raises(errors.CognitoIdentityProviderError):
            update(client)
        assert limiter.enabled


def test_standard_and_legacy_modes_do_not_load_the_rate_limiter() -> None:
    with scripted_server(Reply()) as server:
        for mode in ("standard", "legacy"):
            with client_for(server, mode) as client:
                assert client._core._transport._limiter is None
