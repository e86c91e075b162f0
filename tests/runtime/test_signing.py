"""Tests for codegen/runtime/_signing.py: SigV4 checked independently against botocore.

Each request is signed by our ``SigV4Auth`` and then either re-signed by
botocore's ``SigV4Auth`` at the same instant (the Authorization headers must be
identical) or verified the way the service would: recompute the signature with
botocore over the headers our ``SignedHeaders`` lists, as the request arrives.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import botocore.auth
import pytest
import requests
from aws_requests_auth.aws_auth import getSignatureKey
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from codegen.runtime import _signing
from codegen.runtime._config import Credentials
from codegen.runtime._exceptions import NoCredentialsError
from codegen.runtime._signing import SigV4Auth, host_from_url, signing_key

from ..servers import Reply, ScriptedServer, scripted_server

REGION = "eu-west-1"
SERVICE = "cognito-idp"
URL = f"https://cognito-idp.{REGION}.amazonaws.com/"
HOST = f"cognito-idp.{REGION}.amazonaws.com"
TARGET = "AWSCognitoIdentityProviderService.UpdateUserPoolDomain"
BODY = b'{"Domain":"auth.example.com","UserPoolId":"eu-west-1_EXAMPLE","Name":"\xc3\xa9t\xc3\xa9"}'

KEY_ID = "AKIDEXAMPLE"
SECRET = "FAKE-SECRET-wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "FAKE-TOKEN-IQoJb3JpZ2luX2VjEXAMPLE"

NOW = datetime.datetime(2024, 5, 17, 12, 34, 56, tzinfo=datetime.UTC)
AMZ_DATE = "20240517T123456Z"

_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key_id>[^/]+)/(?P<scope>\S+), "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})"
)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both signers see the same instant."""
    monkeypatch.setattr(_signing, "_amz_date", lambda: AMZ_DATE)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: NOW)


@pytest.fixture(autouse=True)
def fresh_key_cache() -> Iterator[None]:
    signing_key.cache_clear()
    yield
    signing_key.cache_clear()


def prepared(
    *, url: str = URL, body: bytes | None = BODY, target: str | None = TARGET
) -> requests.PreparedRequest:
    """The request the client sends: POST with the awsJson headers."""
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = target
    return requests.Request("POST", url, headers=headers, data=body).prepare()


def sign(request: requests.PreparedRequest, credentials: Credentials) -> requests.PreparedRequest:
    auth = SigV4Auth(
        lambda: credentials, host=host_from_url(request.url or ""), region=REGION, service=SERVICE
    )
    return auth(request)


def botocore_authorization(request: requests.PreparedRequest, credentials: Credentials) -> str:
    """botocore's Authorization header for the same request, signed from scratch."""
    original = AWSRequest(
        method=request.method,
        url=request.url,
        headers={
            name: request.headers[name]
            for name in ("Content-Type", "X-Amz-Target")
            if name in request.headers
        },
        data=request.body,
    )
    signer = botocore.auth.SigV4Auth(
        BotocoreCredentials(
            credentials.access_key_id, credentials.secret_access_key, credentials.session_token
        ),
        SERVICE,
        REGION,
    )
    signer.add_auth(original)
    return str(original.headers["Authorization"])


def verifies(request: requests.PreparedRequest, secret: str = SECRET) -> bool:
    """Check the signature as the service would, using botocore's SigV4 primitives.

    Only the headers named in SignedHeaders take part, with the values the
    request carries now (Host as the HTTP client will send it).
    """
    match = _AUTHORIZATION.fullmatch(request.headers["Authorization"])
    assert match is not None
    signed_names = match["signed"].split(";")
    received = {
        "host": host_from_url(request.url or ""),
        **{k.lower(): v for k, v in request.headers.items()},
    }
    headers = {name: received[name] for name in signed_names}
    arrived = AWSRequest(method=request.method, url=request.url, headers=headers, data=request.body)
    arrived.context["timestamp"] = request.headers["X-Amz-Date"]
    signer = botocore.auth.SigV4Auth(BotocoreCredentials(match["key_id"], secret), SERVICE, REGION)
    canonical_request = signer.canonical_request(arrived)
    expected = signer.signature(signer.string_to_sign(arrived, canonical_request), arrived)
    return bool(expected == match["signature"])


def signed_headers(request: requests.PreparedRequest) -> str:
    match = _AUTHORIZATION.fullmatch(request.headers["Authorization"])
    assert match is not None
    return match["signed"]


# --- agreement with botocore ----------------------------------------------------------


@pytest.mark.parametrize("token", [None, TOKEN], ids=["static", "session-token"])
def test_signature_equals_botocore(token: str | None) -> None:
    credentials = Credentials(KEY_ID, SECRET, token)
    request = sign(prepared(), credentials)
    assert request.headers["Authorization"] == botocore_authorization(request, credentials)
    assert request.headers["X-Amz-Date"] == AMZ_DATE
    assert verifies(request)


def test_signed_headers_without_token() -> None:
    request = sign(prepared(), Credentials(KEY_ID, SECRET))
    assert signed_headers(request) == "content-type;host;x-amz-date;x-amz-target"
    assert "X-Amz-Security-Token" not in request.headers


def test_signed_headers_with_token() -> None:
    request = sign(prepared(), Credentials(KEY_ID, SECRET, TOKEN))
    assert signed_headers(request) == (
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
    )
    assert request.headers["X-Amz-Security-Token"] == TOKEN


def test_no_content_sha256_header_is_sent() -> None:
    request = sign(prepared(), Credentials(KEY_ID, SECRET))
    assert "x-amz-content-sha256" not in request.headers


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:9229/",
        "https://cognito-idp-fips.us-east-1.amazonaws.com",
        "http://127.0.0.1:5000/some/path?b=2&a-b=1&a=3&a=1",
        "https://[::1]:8443/",
    ],
)
def test_other_urls_equal_botocore(url: str) -> None:
    credentials = Credentials(KEY_ID, SECRET, TOKEN)
    request = sign(prepared(url=url), credentials)
    assert request.headers["Authorization"] == botocore_authorization(request, credentials)


def test_empty_body_and_missing_target_equal_botocore() -> None:
    credentials = Credentials(KEY_ID, SECRET)
    request = sign(prepared(body=None, target=None), credentials)
    assert signed_headers(request) == "content-type;host;x-amz-date"
    assert request.headers["Authorization"] == botocore_authorization(request, credentials)


def test_header_values_are_trimmed_like_botocore() -> None:
    credentials = Credentials(KEY_ID, SECRET)
    request = prepared()
    # Set after preparing: requests itself refuses leading whitespace.
    request.headers["Content-Type"] = " application/x-amz-json-1.1;   charset=utf-8  "
    request = sign(request, credentials)
    assert request.headers["Authorization"] == botocore_authorization(request, credentials)


# --- tampering ----------------------------------------------------------------------------


def test_tampered_target_no_longer_verifies() -> None:
    request = sign(prepared(), Credentials(KEY_ID, SECRET, TOKEN))
    assert verifies(request)
    request.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.DeleteUserPool"
    assert not verifies(request)


def test_tampered_content_type_body_or_token_no_longer_verifies() -> None:
    for tamper in (
        lambda r: r.headers.__setitem__("Content-Type", "application/json"),
        lambda r: setattr(r, "body", BODY.replace(b"auth", b"evil")),
        lambda r: r.headers.__setitem__("X-Amz-Security-Token", "other-token"),
    ):
        request = sign(prepared(), Credentials(KEY_ID, SECRET, TOKEN))
        tamper(request)
        assert not verifies(request)


def test_wrong_secret_does_not_verify() -> None:
    request = sign(prepared(), Credentials(KEY_ID, SECRET))
    assert not verifies(request, secret="another secret")


@pytest.fixture
def capturing_server() -> Iterator[ScriptedServer]:
    """Records what actually arrives on the wire, and answers 200."""
    with scripted_server(Reply(200, b"")) as server:
        yield server


def test_request_as_received_on_the_wire_verifies(capturing_server: ScriptedServer) -> None:
    sent_to = capturing_server.url.replace("127.0.0.1", "LocalHost") + "/"  # mixed case on purpose
    credentials = Credentials(KEY_ID, SECRET, TOKEN)
    auth = SigV4Auth(
        lambda: credentials, host=host_from_url(sent_to), region=REGION, service=SERVICE
    )
    response = requests.post(
        sent_to,
        data=BODY,
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET},
        auth=auth,
        timeout=5,
    )
    assert response.status_code == 200
    [received] = capturing_server.received
    lower = {name.lower(): value for name, value in received.headers.items()}
    match = _AUTHORIZATION.fullmatch(lower["authorization"])
    assert match is not None
    arrived = AWSRequest(
        method=received.method,
        url=f"http://{lower['host']}{received.path}",
        headers={name: lower[name] for name in match["signed"].split(";")},
        data=received.body,
    )
    arrived.context["timestamp"] = lower["x-amz-date"]
    signer = botocore.auth.SigV4Auth(BotocoreCredentials(KEY_ID, SECRET, TOKEN), SERVICE, REGION)
    canonical_request = signer.canonical_request(arrived)
    assert match["signature"] == signer.signature(
        signer.string_to_sign(arrived, canonical_request), arrived
    )


# --- credentials per request ------------------------------------------------------------------


def test_credentials_are_fetched_for_every_request() -> None:
    rotation = iter(
        [Credentials(KEY_ID, SECRET, TOKEN), Credentials("AKIDROTATED", "rotated secret")]
    )
    calls: list[Credentials] = []

    def provider() -> Credentials:
        calls.append(next(rotation))
        return calls[-1]

    auth = SigV4Auth(provider, host=HOST, region=REGION, service=SERVICE)
    request = auth(prepared())
    assert "Credential=AKIDEXAMPLE/" in request.headers["Authorization"]
    # The same request object signed again, as a retry would be.
    request = auth(request)
    assert len(calls) == 2
    assert "Credential=AKIDROTATED/" in request.headers["Authorization"]
    assert "X-Amz-Security-Token" not in request.headers  # the old token is gone
    assert "x-amz-security-token" not in signed_headers(request)
    assert verifies(request, secret="rotated secret")


def test_retry_gets_a_fresh_date_and_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    auth = SigV4Auth(lambda: Credentials(KEY_ID, SECRET), host=HOST, region=REGION, service=SERVICE)
    request = auth(prepared())
    first = request.headers["Authorization"]
    monkeypatch.setattr(_signing, "_amz_date", lambda: "20240517T123501Z")
    request = auth(request)
    assert request.headers["X-Amz-Date"] == "20240517T123501Z"
    assert request.headers["Authorization"] != first
    assert request.headers["Authorization"].count("AWS4-HMAC-SHA256") == 1
    assert verifies(request)


def test_missing_credentials_propagate() -> None:
    def provider() -> Credentials:
        raise NoCredentialsError("nothing configured")

    auth = SigV4Auth(provider, host=HOST, region=REGION, service=SERVICE)
    with pytest.raises(NoCredentialsError):
        auth(prepared())


# --- signing key cache -----------------------------------------------------------------------


def test_signing_key_matches_the_reference_derivation() -> None:
    assert signing_key(SECRET, "20240517", REGION, SERVICE) == getSignatureKey(
        SECRET, "20240517", REGION, SERVICE
    )


def test_signing_key_is_cached_and_keyed_by_date() -> None:
    first = signing_key(SECRET, "20240517", REGION, SERVICE)
    again = signing_key(SECRET, "20240517", REGION, SERVICE)
    next_day = signing_key(SECRET, "20240518", REGION, SERVICE)
    assert again is first
    assert next_day != first
    info = signing_key.cache_info()
    assert (info.hits, info.misses) == (1, 2)


def test_signing_key_is_derived_once_for_many_requests() -> None:
    auth = SigV4Auth(lambda: Credentials(KEY_ID, SECRET), host=HOST, region=REGION, service=SERVICE)
    for _ in range(5):
        auth(prepared())
    info = signing_key.cache_info()
    assert (info.hits, info.misses) == (4, 1)


# --- odds and ends ---------------------------------------------------------------------


def test_repr_and_instance_state_hold_no_secret() -> None:
    auth = SigV4Auth(
        lambda: Credentials(KEY_ID, SECRET, TOKEN), host=HOST, region=REGION, service=SERVICE
    )
    auth(prepared())
    assert SECRET not in repr(auth)
    assert repr(auth) == f"SigV4Auth(host={HOST!r}, region={REGION!r}, service={SERVICE!r})"
    assert not any(SECRET in repr(value) or TOKEN in repr(value) for value in vars(auth).values())


def test_str_body_is_refused() -> None:
    request = requests.Request("POST", URL, data="{}").prepare()
    auth = SigV4Auth(lambda: Credentials(KEY_ID, SECRET), host=HOST, region=REGION, service=SERVICE)
    with pytest.raises(TypeError, match="bytes"):
        auth(request)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://cognito-idp.us-east-1.amazonaws.com/", "cognito-idp.us-east-1.amazonaws.com"),
        ("https://Example.COM:443/", "example.com"),
        ("http://localhost:80/", "localhost"),
        ("http://localhost:9229/", "localhost:9229"),
        ("https://localhost:80/", "localhost:80"),
        ("https://[::1]:8443/x", "[::1]:8443"),
    ],
)
def test_host_from_url(url: str, host: str) -> None:
    assert host_from_url(url) == host
    assert host == botocore.auth._host_from_url(url)


def test_canonical_query_string_sorts_by_name_then_value() -> None:
    request = prepared(url="https://h.example/?b=2&a-b=1&a=3&a=1&flag")
    signer = botocore.auth.SigV4Auth(BotocoreCredentials("k", "s"), SERVICE, REGION)
    expected = signer._canonical_query_string_url(urlsplit(request.url))
    assert SigV4Auth.get_canonical_querystring(request) == expected == "a=1&a=3&a-b=1&b=2&flag="
