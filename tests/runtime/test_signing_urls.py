"""SigV4 over endpoint URLs with tricky paths and queries, botocore's ``SigV4Auth`` as the oracle.

The URL compared is the one the transport puts on the wire (normalized by
requests once per endpoint), so each case is what the service would verify.
"""

from __future__ import annotations

import datetime

import botocore.auth
import pytest
import requests
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from codegen.runtime import _signing
from codegen.runtime._config import Credentials
from codegen.runtime._signing import SigV4Auth, host_from_url

from ..servers import Reply, scripted_server

NOW = datetime.datetime(2024, 5, 17, 12, 34, 56, tzinfo=datetime.UTC)
CREDENTIALS = Credentials("AKIDEXAMPLE", "secret", "token")
HEADERS = {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Target": "AWSCognitoIdentityProviderService.UpdateUserPoolDomain",
}

TRICKY_URLS = [
    "https://h.example//stage//x/",
    "https://h.example/stage/x//",
    "https://h.example//",
    "https://h.example/a/./b/../c",
    "https://h.example/a;b=c/d",
    "https://h.example/a/b;c=d",
    "https://h.example/%7Euser/a%20b/",
    "https://h.example/with space/",
    "https://h.example/stage?a=1&",
    "https://h.example/stage?&a=1",
    "https://h.example/stage?a=1&&b=2",
    "https://h.example/stage?flag&a=",
    "https://h.example/stage?b=2&a-b=1&a=3&a=1",
    "https://h.example:8443//p//?x=%2F&y",
]


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_signing, "_amz_date", lambda: "20240517T123456Z")
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: NOW)


def on_the_wire(url: str) -> requests.PreparedRequest:
    """The request as the transport sends it: requests' URL normalization, our headers."""
    return requests.Request("POST", url, headers=HEADERS, data=b"{}").prepare()


def botocore_signed(request: requests.PreparedRequest) -> tuple[str, str]:
    """botocore's canonical request and Authorization header for the same wire request."""
    original = AWSRequest(method="POST", url=request.url, headers=dict(HEADERS), data=b"{}")
    signer = botocore.auth.SigV4Auth(
        BotocoreCredentials("AKIDEXAMPLE", "secret", "token"), "cognito-idp", "us-east-1"
    )
    signer.add_auth(original)
    original.context["timestamp"] = "20240517T123456Z"
    return signer.canonical_request(original), str(original.headers["Authorization"])


@pytest.mark.parametrize("url", TRICKY_URLS)
def test_canonical_path_query_and_signature_equal_botocores(url: str) -> None:
    request = on_the_wire(url)
    auth = SigV4Auth(
        lambda: CREDENTIALS,
        host=host_from_url(request.url or ""),
        region="us-east-1",
        service="cognito-idp",
    )
    auth(request)
    canonical, authorization = botocore_signed(request)
    _method, path, query = canonical.split("\n")[:3]
    assert (auth.get_canonical_path(request), auth.get_canonical_querystring(request)) == (
        path,
        query,
    )
    assert request.headers["Authorization"] == authorization


def test_the_path_on_the_wire_keeps_its_double_slashes() -> None:
    """Only the signature normalizes the path; the request goes where the URL says."""
    with scripted_server(Reply()) as server:
        from generated.cognito_idp import CognitoIdentityProviderClient
        from generated.cognito_idp import Credentials as ClientCredentials

        client = CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=ClientCredentials("AKIDEXAMPLE", "secret"),
            endpoint_url=f"{server.url}//stage//x/?a=1&",
        )
        with client:
            client.update_user_pool_domain(
                domain="d.example.com", user_pool_id="us-east-1_Ab12Cd34E"
            )
    # http.server itself folds the leading "//" (CPython gh-87389); the rest arrives as sent.
    assert server.received[0].path == "/stage//x/?a=1&"
