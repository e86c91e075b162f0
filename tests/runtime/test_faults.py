"""The generated client under network and server faults, against a local fault server.

Every fault ends in a typed exception from ``generated.cognito_idp.errors`` (never
a requests, urllib3 or json exception, never a hang), retried exactly where
botocore's standard retry mode retries: transport failures, 5xx and throttling,
up to ``max_attempts=3``. The server's request count (or, where no server
answers, the credentials provider's call count: one per signed attempt) checks
the attempts; ``backoff_sleeps`` (conftest.py) makes the backoff instant and
records it. The only real waits are the read timeouts (0.3 s each).
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from types import ModuleType

import pytest
import requests

from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    Failover,
    Routing,
    UpdateUserPoolDomainResponse,
    errors,
)
from generated.cognito_idp import _transport as transport_module

from ..servers import Reply, scripted_server, unused_port

POOL_ID = "us-east-1_Ab12Cd34E"
READ_TIMEOUT = 0.3
PAST_READ_TIMEOUT = 0.6
OK = Reply.json(200, {"CloudFrontDomain": "d111.cloudfront.net"}, **{"x-amzn-RequestId": "ok"})

BAD_GATEWAY_HTML = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    b"<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n"
)
UNAVAILABLE_HTML = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"


class CountingCredentials:
    """A credentials provider; the client asks it once per signed attempt."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Credentials:
        self.calls += 1
        return Credentials("AKIDFAULTTESTS000001", "fault-tests-secret")


def make_client(
    url: str, credentials: CountingCredentials | None = None
) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=credentials or CountingCredentials(),
        endpoint_url=url,
        timeout=(1.0, READ_TIMEOUT),
        max_attempts=3,
    )


def update(client: CognitoIdentityProviderClient) -> UpdateUserPoolDomainResponse:
    return client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)


def fails_with(expected: type[errors.SdkError], *script: Reply) -> tuple[errors.SdkError, int]:
    """Call UpdateUserPoolDomain against ``script``; return the error and the attempts."""
    with scripted_server(*script) as server:
        client = make_client(server.url)
        with pytest.raises(errors.SdkError) as caught:
            update(client)
        client.close()
    error = caught.value
    assert type(error) is expected, repr(error)
    assert not isinstance(error, requests.RequestException | json.JSONDecodeError)
    return error, server.count


# ------------------------------------------------- transient faults: retried

# Each fault, how the client reports it, and the backoff botocore uses for it.
TRANSIENT: dict[str, tuple[Reply, type[errors.SdkError], list[float]]] = {
    "connection reset mid-response": (
        Reply(200, b'{"CloudFrontDomain": "d1', declared_length=400, then="reset"),
        errors.ConnectionClosedError,
        [0.05, 0.1],
    ),
    "truncated body then close": (
        Reply(200, b'{"CloudFrontDomain": "d1', declared_length=400, then="close"),
        errors.ConnectionClosedError,
        [0.05, 0.1],
    ),
    "closed without an answer": (
        Reply.raw_bytes(b""),
        errors.ConnectionClosedError,
        [0.05, 0.1],
    ),
    "not HTTP at all": (
        Reply.raw_bytes(b"SSH-2.0-OpenSSH_9.6\r\n"),
        errors.ConnectionClosedError,
        [0.05, 0.1],
    ),
    "malformed chunked body": (
        Reply.raw_bytes(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"),
        errors.ConnectionClosedError,
        [0.05, 0.1],
    ),
    "read timeout": (
        Reply(delay=PAST_READ_TIMEOUT),
        errors.ReadTimeoutError,
        [0.05, 0.1],
    ),
    "HTML 502 from a proxy": (
        Reply(502, BAD_GATEWAY_HTML, {"Content-Type": "text/html"}),
        errors.CognitoIdentityProviderError,
        [0.05, 0.1],
    ),
    "HTML 503 from a proxy": (
        Reply(503, UNAVAILABLE_HTML, {"Content-Type": "text/html"}),
        errors.CognitoIdentityProviderError,
        [0.05, 0.1],
    ),
    "429 without Retry-After or body": (
        Reply(429, b""),
        errors.CognitoIdentityProviderError,
        [1.0, 2.0],
    ),
    "429 TooManyRequestsException without Retry-After": (
        Reply.error(429, "TooManyRequestsException", "Rate exceeded"),
        errors.TooManyRequestsException,
        [1.0, 2.0],
    ),
}


@pytest.mark.parametrize("case", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_transient_fault_is_retried_three_times_then_raised_typed(
    case: tuple[Reply, type[errors.SdkError], list[float]], backoff_sleeps: list[float]
) -> None:
    fault, expected, delays = case
    _, attempts = fails_with(expected, fault)
    assert attempts == 3
    assert backoff_sleeps == pytest.approx(delays)


@pytest.mark.parametrize("case", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_transient_fault_recovers_when_a_retry_succeeds(
    case: tuple[Reply, type[errors.SdkError], list[float]], backoff_sleeps: list[float]
) -> None:
    fault, _, delays = case
    with scripted_server(fault, fault, OK) as server:
        response = update(make_client(server.url))
    assert response == UpdateUserPoolDomainResponse(cloud_front_domain="d111.cloudfront.net")
    assert server.count == 3
    assert backoff_sleeps == pytest.approx(delays)


def test_connection_refused_is_retried_then_raises_endpoint_connection_error(
    backoff_sleeps: list[float],
) -> None:
    port = unused_port()
    credentials = CountingCredentials()
    client = make_client(f"http://127.0.0.1:{port}", credentials)
    with pytest.raises(errors.EndpointConnectionError, match="Connection refused") as caught:
        update(client)
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert credentials.calls == 3  # one signature per attempt
    assert backoff_sleeps == pytest.approx([0.05, 0.1])


def test_read_timeout_names_the_timeout_and_the_endpoint(backoff_sleeps: list[float]) -> None:
    error, _ = fails_with(errors.ReadTimeoutError, Reply(delay=PAST_READ_TIMEOUT))
    assert f"after {READ_TIMEOUT} s" in str(error)
    assert "127.0.0.1" in str(error)


@pytest.mark.parametrize(
    ("reply", "code", "message"),
    [
        (Reply(502, BAD_GATEWAY_HTML), "502", "Bad Gateway"),
        (Reply(503, UNAVAILABLE_HTML), "503", "Service Unavailable"),
        (Reply(429, b""), "429", ""),
    ],
    ids=["502", "503", "429"],
)
def test_status_only_errors_carry_the_status_as_code(
    backoff_sleeps: list[float], reply: Reply, code: str, message: str
) -> None:
    error, _ = fails_with(errors.CognitoIdentityProviderError, reply)
    assert isinstance(error, errors.CognitoIdentityProviderError)
    assert (error.code, error.message, error.status_code) == (code, message, int(code))


# --------------------------------------------- answers that are not retried


def test_400_without_any_error_type_is_the_base_error_with_the_status_as_code(
    backoff_sleeps: list[float],
) -> None:
    reply = Reply(400, b'{"message": "Something was wrong"}', {"x-amzn-RequestId": "r-400"})
    error, attempts = fails_with(errors.CognitoIdentityProviderError, reply)
    assert isinstance(error, errors.CognitoIdentityProviderError)
    assert (error.code, error.message, error.status_code, error.request_id) == (
        "400",
        "Something was wrong",
        400,
        "r-400",
    )
    assert attempts == 1
    assert backoff_sleeps == []


def test_error_type_in_the_body_wins_over_a_disagreeing_header() -> None:
    reply = Reply.json(
        400,
        {"__type": "ResourceNotFoundException", "message": "No such pool"},
        **{"x-amzn-ErrorType": "InvalidParameterException:http://internal.amazon.com/"},
    )
    error, attempts = fails_with(errors.ResourceNotFoundException, reply)
    assert isinstance(error, errors.ResourceNotFoundException)
    assert error.message == "No such pool"
    assert attempts == 1


@pytest.mark.parametrize(
    "body", [b"<html>Welcome to nginx!</html>", b"not json", b"[1, 2]", b"\xff\xfe"]
)
def test_200_whose_body_is_not_a_json_object_is_a_response_parse_error(
    backoff_sleeps: list[float], body: bytes
) -> None:
    error, attempts = fails_with(errors.ResponseParseError, Reply(200, body))
    assert "HTTP 200 response body is not" in str(error)
    assert attempts == 1
    assert backoff_sleeps == []


def test_200_with_an_empty_body_parses_as_an_empty_response(setup_client: ModuleType) -> None:
    # botocore returns {} for an empty body too; every member of this output is
    # optional, so the response is the model with every member None.
    with scripted_server(Reply(200, b"")) as server:
        client = make_client(server.url)
        assert update(client) == UpdateUserPoolDomainResponse()
        setup = setup_client.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=setup_client.Credentials("AKIDEXAMPLE", "secret"),
            endpoint_url=server.url,
        )
        setup.delete_user_pool(user_pool_id=POOL_ID)  # no output shape: nothing to parse
    assert server.count == 2


def test_200_with_unknown_members_is_accepted_and_they_are_ignored() -> None:
    payload = {
        "CloudFrontDomain": "d111.cloudfront.net",
        "BrandNewMember": {"nested": [1, 2, {"deep": None}]},
        "AnotherOne": "x",
        "Routing": {
            "Failover": {
                "SecondaryRegion": "us-west-2",
                "PrimaryRoute53HealthCheckId": "hc-1",
                "Unknown": True,
            }
        },
    }
    with scripted_server(Reply.json(200, payload)) as server:
        response = update(make_client(server.url))
    assert response == UpdateUserPoolDomainResponse(
        cloud_front_domain="d111.cloudfront.net",
        routing=Routing(
            failover=Failover(secondary_region="us-west-2", primary_route53_health_check_id="hc-1")
        ),
    )
    assert response.to_dict() == {
        "CloudFrontDomain": "d111.cloudfront.net",
        "Routing": {
            "Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc-1"}
        },
    }


@pytest.mark.parametrize(
    ("payload", "member", "expected"),
    [
        ({"ManagedLoginVersion": "2"}, "ManagedLoginVersion", "an integer"),
        ({"CloudFrontDomain": 7}, "CloudFrontDomain", "a string"),
        ({"Routing": []}, "Routing", "an object"),
        (
            {"Routing": {"Failover": {"SecondaryRegion": ["us-west-2"]}}},
            "Routing.Failover.SecondaryRegion",
            "a string",
        ),
    ],
)
def test_200_with_a_member_of_the_wrong_json_type_names_the_member(
    backoff_sleeps: list[float], payload: dict[str, object], member: str, expected: str
) -> None:
    error, attempts = fails_with(errors.ResponseParseError, Reply.json(200, payload))
    assert str(error).startswith(f"UpdateUserPoolDomainResponse.{member}: expected {expected}")
    assert attempts == 1
    assert backoff_sleeps == []


# ------------------------------------------------------------- large bodies

MIB = 1024 * 1024


def huge_response(size: int) -> bytes:
    """A valid response of ``size`` bytes, nearly all of it one unknown member."""
    head = b'{"CloudFrontDomain": "d111.cloudfront.net", "Padding": "'
    tail = b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def peak_memory_of(call: Callable[[], object]) -> tuple[object, int]:
    """``call()``'s result and the peak of memory Python allocated while it ran."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_20_mib_response_is_parsed_within_five_times_its_size(chunked: bool) -> None:
    body = huge_response(20 * MIB)
    with scripted_server(Reply(200, body, chunked=chunked)) as server:
        client = make_client(server.url)
        response, peak = peak_memory_of(lambda: update(client))
    assert response == UpdateUserPoolDomainResponse(cloud_front_domain="d111.cloudfront.net")
    # The body, its text and the parsed string: about 3x at the peak.
    assert peak < 5 * len(body), f"peak {peak / MIB:.1f} MiB for a {len(body) / MIB:.0f} MiB body"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_response_over_the_size_limit_is_refused_without_reading_it_whole(
    monkeypatch: pytest.MonkeyPatch, backoff_sleeps: list[float], chunked: bool
) -> None:
    limit = 1 * MIB
    monkeypatch.setattr(transport_module, "MAX_RESPONSE_BYTES", limit)
    with scripted_server(Reply(200, huge_response(8 * MIB), chunked=chunked), OK) as server:
        client = make_client(server.url)

        def refused() -> str:
            with pytest.raises(errors.ResponseParseError) as caught:
                update(client)
            return str(caught.value)

        message, peak = peak_memory_of(refused)
        # The half-read connection is dropped, not reused: the next call works.
        assert update(client).cloud_front_domain == "d111.cloudfront.net"
    assert f"is larger than the {limit} bytes this client reads" in str(message)
    assert server.count == 2  # the refused call was not retried
    assert backoff_sleeps == []
    assert peak < 3 * limit
