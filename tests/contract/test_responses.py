"""What the client makes of every recorded answer, held against what botocore makes of it."""

from __future__ import annotations

from typing import Any

import pytest

from generated.cognito_idp import UpdateUserPoolDomainResponse, errors

from . import oracle
from .cases import Source
from .cassettes import (
    RecordedCassette,
    cassette_path,
    recorded_cassettes,
    response_body,
    response_headers,
)
from .replay import (
    backoff_without_sleeping,
    call_update_user_pool_domain,
    replay_client,
    replaying,
)

CASSETTES = recorded_cassettes()
SUCCESSES = [cassette for cassette in CASSETTES if cassette.succeeded]
FAILURES = [cassette for cassette in CASSETTES if not cassette.succeeded]


def botocore_reading(cassette: RecordedCassette) -> dict[str, Any]:
    """botocore's parse of the cassette's final answer, from the same bytes."""
    response = cassette.final_response
    return oracle.parse_response(
        response["status"]["code"], response_headers(response), response_body(response)
    )


def replayed_error(cassette: RecordedCassette) -> errors.CognitoIdentityProviderError:
    with (
        backoff_without_sleeping(),
        replaying(cassette) as played,
        replay_client(cassette) as client,
        pytest.raises(errors.CognitoIdentityProviderError) as caught,
    ):
        call_update_user_pool_domain(client, cassette.parameters)
    assert played.all_played
    return caught.value


def local_cassette(name: str) -> RecordedCassette:
    [cassette] = [c for c in CASSETTES if c.name == name and c.source is not Source.LIVE]
    return cassette


@pytest.mark.parametrize("cassette", SUCCESSES, ids=lambda c: c.id)
def test_success_parses_into_the_typed_response_botocore_reads(
    cassette: RecordedCassette,
) -> None:
    with (
        backoff_without_sleeping(),
        replaying(cassette) as played,
        replay_client(cassette) as client,
    ):
        response = call_update_user_pool_domain(client, cassette.parameters)
    assert played.all_played
    assert isinstance(response, UpdateUserPoolDomainResponse)
    expected = botocore_reading(cassette)
    expected.pop("ResponseMetadata")
    assert response.to_dict() == expected


@pytest.mark.parametrize("cassette", FAILURES, ids=lambda c: c.id)
def test_error_raises_exactly_its_typed_exception(cassette: RecordedCassette) -> None:
    error = replayed_error(cassette)
    code = botocore_reading(cassette)["Error"]["Code"]
    expected_class = errors.ERRORS_BY_CODE.get(code, errors.CognitoIdentityProviderError)
    assert type(error) is expected_class
    assert isinstance(error, errors.ServiceError)


@pytest.mark.parametrize("cassette", FAILURES, ids=lambda c: c.id)
def test_error_carries_the_code_message_status_and_request_id_botocore_reads(
    cassette: RecordedCassette,
) -> None:
    error = replayed_error(cassette)
    reading = botocore_reading(cassette)
    assert error.code == reading["Error"]["Code"]
    assert error.message == reading["Error"]["Message"]
    assert error.status_code == cassette.final_response["status"]["code"]
    assert error.request_id == reading["ResponseMetadata"].get("RequestId")


def test_unknown_error_code_raises_the_base_class_with_that_code() -> None:
    error = replayed_error(local_cassette("unknown_error_code"))
    assert type(error) is errors.CognitoIdentityProviderError
    assert error.code == "DomainMigrationInProgressException"
    assert error.status_code == 400


@pytest.mark.parametrize(
    ("name", "code", "message_start"),
    [
        ("html_502_from_load_balancer", "502", "Bad Gateway"),
        ("html_503_from_cdn", "503", "<!DOCTYPE HTML"),
    ],
)
def test_html_5xx_raises_the_base_class_with_the_status_as_code(
    name: str, code: str, message_start: str
) -> None:
    """As botocore: an ``<html>`` 5xx gets the reason phrase, other pages their own text."""
    cassette = local_cassette(name)
    error = replayed_error(cassette)
    assert type(error) is errors.CognitoIdentityProviderError
    assert (error.code, error.status_code, error.request_id) == (code, int(code), None)
    assert error.message.startswith(message_start)
    assert error.message == botocore_reading(cassette)["Error"]["Message"]


def test_throttled_attempt_is_retried_after_botocores_throttling_backoff() -> None:
    cassette = local_cassette("throttled_then_success")
    with (
        backoff_without_sleeping() as delays,
        replaying(cassette) as played,
        replay_client(cassette) as client,
    ):
        response = call_update_user_pool_domain(client, cassette.parameters)
    assert played.play_count == 2
    assert delays == [1.0]  # throttling: 1 s base, jitter fixed at its maximum
    assert response.cloud_front_domain == "d111111abcdef8.cloudfront.net"


def test_modeled_error_members_reach_the_caller() -> None:
    """boto3 exposes ``reasonCode`` as ``error.response["reasonCode"]``; we type it too."""
    cassette = RecordedCassette(cassette_path("invalid_parameter", Source.FAULT_SERVER))
    error = replayed_error(cassette)
    assert isinstance(error, errors.InvalidParameterException)
    assert botocore_reading(cassette)["reasonCode"] == "INVALID_CERTIFICATE"
    assert error.reason_code == "INVALID_CERTIFICATE"
    assert error.details["reasonCode"] == "INVALID_CERTIFICATE"
