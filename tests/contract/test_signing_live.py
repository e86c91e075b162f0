"""SigV4 as a server checks it: the generated client against a verifying server on 127.0.0.1.

The server knows the secret and recomputes each request's signature with
botocore's signer, from the method, URL, headers and body as they arrived
(``tests.runtime.test_signing.verifies``), answering 403 when it does not match or
when its ``X-Amz-Date`` is more than five minutes from the server's clock,
as AWS does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from generated import cognito_idp
from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    UpdateUserPoolDomainResponse,
    _signing,
    errors,
)

from ..fault_server import aws_error, aws_success
from ..runtime.test_signing import REGION, verifies
from ..servers import Received, Reply, ScriptedServer, scripted_server
from ._contract import backoff_without_sleeping

ACCESS_KEY = "AKIDSIGNINGEXAMPLE"
SECRET = "signing-test-secret/not+a+real+one"
TOKEN = "signing-test-session-token"
SUCCESS = aws_success({"CloudFrontDomain": "d111111abcdef8.cloudfront.net"}, "req-ok")
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
ALLOWED_SKEW = datetime.timedelta(minutes=5)


def signature_refused(message: str) -> Reply:
    return Reply.json(
        403,
        {"__type": "InvalidSignatureException", "message": message},
        **{"x-amzn-ErrorType": "InvalidSignatureException:", "x-amzn-RequestId": "req-403"},
    )


SIGNATURE_MISMATCH = signature_refused("The request signature does not match.")
SIGNATURE_EXPIRED = signature_refused("Signature expired: the request time is too skewed.")


def amz_date(moment: datetime.datetime) -> str:
    return moment.strftime(AMZ_DATE_FORMAT)


def is_recent(received: Received) -> bool:
    signed_at = datetime.datetime.strptime(received.headers["X-Amz-Date"], AMZ_DATE_FORMAT)
    now = datetime.datetime.now(datetime.UTC)
    return abs(now - signed_at.replace(tzinfo=datetime.UTC)) <= ALLOWED_SKEW


def as_prepared(received: Received) -> requests.PreparedRequest:
    """The request as it arrived, rebuilt for the verifier."""
    prepared = requests.PreparedRequest()
    prepared.method = received.method
    prepared.url = f"http://{received.headers['Host']}{received.path}"
    prepared.headers = CaseInsensitiveDict(received.headers)
    prepared.body = received.body
    return prepared


class VerifyingServer:
    """Verifies every request's signature, then answers from its script (the last repeats)."""

    def __init__(self, *answers: Reply) -> None:
        self.answers = list(answers)
        self.verdicts: list[bool] = []

    def respond(self, received: Received) -> Reply:
        verified = verifies(as_prepared(received), secret=SECRET)
        recent = is_recent(received)
        self.verdicts.append(verified and recent)
        if not verified:
            return SIGNATURE_MISMATCH
        if not recent:
            return SIGNATURE_EXPIRED
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def verifying() -> Iterator[tuple[VerifyingServer, ScriptedServer]]:
    checker = VerifyingServer(SUCCESS)
    with scripted_server(checker.respond) as server:
        yield checker, server


def update_domain(client: CognitoIdentityProviderClient) -> UpdateUserPoolDomainResponse:
    return client.update_user_pool_domain(
        domain="auth.example.com", user_pool_id="eu-west-1_Ab12Cd34E"
    )


def client_for(server: ScriptedServer, credentials: Credentials) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region=REGION, credentials=credentials, endpoint_url=server.url, max_attempts=3
    )


def test_signature_verifies_with_static_credentials(
    verifying: tuple[VerifyingServer, ScriptedServer],
) -> None:
    checker, server = verifying
    with client_for(server, Credentials(ACCESS_KEY, SECRET)) as client:
        update_domain(client)
    assert checker.verdicts == [True]
    assert "X-Amz-Security-Token" not in server.received[0].headers


def test_signature_verifies_with_a_session_token(
    verifying: tuple[VerifyingServer, ScriptedServer],
) -> None:
    checker, server = verifying
    with client_for(server, Credentials(ACCESS_KEY, SECRET, TOKEN)) as client:
        update_domain(client)
    assert checker.verdicts == [True]
    headers = server.received[0].headers
    assert headers["X-Amz-Security-Token"] == TOKEN
    assert "x-amz-security-token" in headers["Authorization"]


def test_a_retried_attempt_is_signed_afresh_and_verifies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    first_date, second_date = amz_date(now), amz_date(now + datetime.timedelta(seconds=1))
    attempt_dates = iter([first_date, second_date])
    monkeypatch.setattr(_signing, "_amz_date", lambda: next(attempt_dates))
    checker = VerifyingServer(
        aws_error("TooManyRequestsException", "Rate exceeded", "t-1"), SUCCESS
    )
    with (
        scripted_server(checker.respond) as server,
        backoff_without_sleeping(cognito_idp) as delays,
        client_for(server, Credentials(ACCESS_KEY, SECRET, TOKEN)) as client,
    ):
        response = update_domain(client)
    assert response.cloud_front_domain == "d111111abcdef8.cloudfront.net"
    assert checker.verdicts == [True, True]
    assert len(delays) == 1
    first, second = (request.headers for request in server.received)
    assert (first["X-Amz-Date"], second["X-Amz-Date"]) == (first_date, second_date)
    assert first["Authorization"] != second["Authorization"]


def test_a_signature_made_with_another_secret_is_refused(
    verifying: tuple[VerifyingServer, ScriptedServer],
) -> None:
    checker, server = verifying
    with (
        client_for(server, Credentials(ACCESS_KEY, "some other secret")) as client,
        pytest.raises(errors.CognitoIdentityProviderError) as caught,
    ):
        update_domain(client)
    assert checker.verdicts == [False]
    assert (caught.value.code, caught.value.status_code) == ("InvalidSignatureException", 403)


def test_a_signature_from_a_skewed_clock_is_refused(
    verifying: tuple[VerifyingServer, ScriptedServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    monkeypatch.setattr(_signing, "_amz_date", lambda: amz_date(an_hour_ago))
    checker, server = verifying
    with (
        client_for(server, Credentials(ACCESS_KEY, SECRET)) as client,
        pytest.raises(errors.CognitoIdentityProviderError, match="Signature expired"),
    ):
        update_domain(client)
    assert checker.verdicts == [False]
