"""What the client sends, as recorded: the documented request, and nothing else replays."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
import vcr.request
from vcr.errors import CannotOverwriteExistingCassetteException

from generated.cognito_idp import CognitoIdentityProviderClient

from . import oracle
from .cases import Source
from .cassettes import (
    AUTHORIZATION,
    RecordedCassette,
    cassette_path,
    header,
    json_body,
    recorded_cassettes,
    x_amz_target,
)
from .replay import (
    REPLAY_CREDENTIALS,
    call_update_user_pool_domain,
    replay_client,
    replaying,
    unmatched_requests_raise,
)

CASSETTES = recorded_cassettes()
TARGET = "AWSCognitoIdentityProviderService.UpdateUserPoolDomain"
REQUIRED_SIGNED_HEADERS = {"content-type", "host", "x-amz-date", "x-amz-target"}

by_cassette = pytest.mark.parametrize("cassette", CASSETTES, ids=lambda c: c.id)


def recorded_requests(cassette: RecordedCassette) -> list[dict[str, Any]]:
    return [interaction["request"] for interaction in cassette.interactions]


# --- the recorded requests ----------------------------------------------------------------


@by_cassette
def test_request_is_an_awsjson_post_to_the_root(cassette: RecordedCassette) -> None:
    for request in recorded_requests(cassette):
        assert request["method"] == "POST"
        assert urlsplit(request["uri"]).path == "/"
        assert header(request, "Content-Type") == "application/x-amz-json-1.1"
        assert header(request, "X-Amz-Target") == TARGET


@by_cassette
def test_target_header_is_the_one_botocore_sends(cassette: RecordedCassette) -> None:
    expected = oracle.serialized_headers(cassette.parameters)
    for request in recorded_requests(cassette):
        assert header(request, "X-Amz-Target") == expected["X-Amz-Target"]
        assert header(request, "Content-Type") == expected["Content-Type"]


@by_cassette
def test_request_is_signed_with_sigv4_for_the_region_and_service(
    cassette: RecordedCassette,
) -> None:
    for request in recorded_requests(cassette):
        match = AUTHORIZATION.fullmatch(header(request, "Authorization") or "")
        assert match is not None
        assert (match["region"], match["service"], match["terminator"]) == (
            cassette.region,
            "cognito-idp",
            "aws4_request",
        )
        amz_date = header(request, "X-Amz-Date") or ""
        assert match["date"] == amz_date[:8]


@by_cassette
def test_signed_headers_cover_host_date_target_and_content_type(
    cassette: RecordedCassette,
) -> None:
    for request in recorded_requests(cassette):
        match = AUTHORIZATION.fullmatch(header(request, "Authorization") or "")
        assert match is not None
        signed = match["signed"].split(";")
        assert signed == sorted(signed)
        has_token = header(request, "X-Amz-Security-Token") is not None
        assert set(signed) - {"x-amz-security-token"} == REQUIRED_SIGNED_HEADERS
        assert ("x-amz-security-token" in signed) == has_token


@by_cassette
def test_recorded_body_validates_against_the_pinned_input_shape(
    cassette: RecordedCassette,
) -> None:
    for request in recorded_requests(cassette):
        oracle.validate_input(json.loads(request["body"]))


@by_cassette
def test_recorded_body_is_what_botocore_sends_for_the_parameters(
    cassette: RecordedCassette,
) -> None:
    expected = oracle.serialized_body(cassette.parameters)
    for request in recorded_requests(cassette):
        assert json.loads(request["body"]) == expected


# --- strict matching ----------------------------------------------------------------------


def test_replay_runs_with_the_network_blocked() -> None:
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("cognito-idp.us-east-1.amazonaws.com", 443), timeout=1)


def vcr_request(body: bytes, target: str = TARGET) -> vcr.request.Request:
    return vcr.request.Request(
        "POST", "http://cognito-idp.recorded.invalid/", body, {"X-Amz-Target": target}
    )


def test_json_body_matcher_ignores_key_order_and_whitespace() -> None:
    recorded = vcr_request(b'{"Domain":"d","UserPoolId":"p","ManagedLoginVersion":2}')
    sent = vcr_request(b'{ "ManagedLoginVersion": 2, "UserPoolId": "p", "Domain": "d" }')
    json_body(sent, recorded)


@pytest.mark.parametrize(
    "sent",
    [
        b'{"Domain":"d","UserPoolId":"p","ManagedLoginVersion":"2"}',
        b'{"Domain":"d","UserPoolId":"p"}',
        b'{"Domain":"d","UserPoolId":"p","ManagedLoginVersion":2,"Routing":{}}',
    ],
    ids=["value-type", "missing-member", "extra-member"],
)
def test_json_body_matcher_tells_documents_apart(sent: bytes) -> None:
    recorded = vcr_request(b'{"Domain":"d","UserPoolId":"p","ManagedLoginVersion":2}')
    with pytest.raises(AssertionError, match="JSON body"):
        json_body(vcr_request(sent), recorded)


def test_target_matcher_tells_operations_apart() -> None:
    body = b'{"Domain":"d","UserPoolId":"p"}'
    with pytest.raises(AssertionError, match="X-Amz-Target"):
        x_amz_target(
            vcr_request(body, "AWSCognitoIdentityProviderService.DeleteUserPoolDomain"),
            vcr_request(body),
        )


def success_cassette() -> RecordedCassette:
    return RecordedCassette(cassette_path("success_managed_login_version", Source.EMULATOR))


def test_replaying_the_recorded_call_plays_every_interaction() -> None:
    cassette = success_cassette()
    with replaying(cassette) as played, replay_client(cassette) as client:
        call_update_user_pool_domain(client, cassette.parameters)
    assert played.all_played


def test_a_different_body_matches_no_interaction() -> None:
    cassette = success_cassette()
    parameters = {**cassette.parameters, "ManagedLoginVersion": 1}
    with (
        pytest.raises(CannotOverwriteExistingCassetteException, match="json_body"),
        replaying(cassette),
        replay_client(cassette) as client,
    ):
        call_update_user_pool_domain(client, parameters)


def test_another_host_matches_no_interaction() -> None:
    cassette = success_cassette()
    client = CognitoIdentityProviderClient(
        region=cassette.region,
        credentials=REPLAY_CREDENTIALS,
        endpoint_url="http://cognito-idp.elsewhere.invalid",
        max_attempts=1,
    )
    with (
        pytest.raises(CannotOverwriteExistingCassetteException, match="host"),
        replaying(cassette),
        client,
    ):
        call_update_user_pool_domain(client, cassette.parameters)


def test_a_recorded_interaction_plays_only_once() -> None:
    cassette = success_cassette()
    with replaying(cassette), replay_client(cassette) as client:
        call_update_user_pool_domain(client, cassette.parameters)
        with (
            pytest.raises(CannotOverwriteExistingCassetteException, match="already been played"),
            unmatched_requests_raise(),
        ):
            call_update_user_pool_domain(client, cassette.parameters)
