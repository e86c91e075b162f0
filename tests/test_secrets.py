"""Credentials never leak: not in reprs, exception messages or logs; TLS and endpoints are safe.

Known fake keys are planted everywhere a client gets credentials from, and every
string the client produces is searched for them.
"""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import urllib3

from codegen.ir import build_package
from codegen.load import ServiceSpec
from codegen.render import render_package
from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, errors
from generated.cognito_idp._config import resolve_config
from generated.cognito_idp._signing import SigV4Auth

from .conftest import imported_package
from .servers import Reply, scripted_server, self_signed_certificate

ACCESS_KEY = "AKIDLEAKCHECK0SECRET"
SECRET = "Leak+Check/Secret/Key/0123456789abcdefABCD"
TOKEN = "FwoGZXIvYXdzLeakCheckSessionToken//////////0123456789"
SECRETS = (ACCESS_KEY, SECRET, TOKEN)
POOL_ID = "us-east-1_Ab12Cd34E"
OK = Reply.json(200, {"CloudFrontDomain": "d111.cloudfront.net"})


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in str(text), f"{secret!r} leaked in {text!r}"


def exception_texts(error: BaseException) -> list[str]:
    """The traceback as Python prints it, and str, repr and args of each exception in it.

    The chain is followed as the traceback shows it (``raise ... from None``
    hides the context), as logging and error trackers also do.
    """
    texts = ["".join(traceback.format_exception(error))]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), *map(repr, current.args)]
        hidden = current.__suppress_context__
        current = current.__cause__ or (None if hidden else current.__context__)
    return texts


def make_client(url: str, **options: Any) -> CognitoIdentityProviderClient:
    options.setdefault("credentials", Credentials(ACCESS_KEY, SECRET, TOKEN))
    options.setdefault("timeout", (1.0, 1.0))
    return CognitoIdentityProviderClient(region="us-east-1", endpoint_url=url, **options)


@pytest.fixture
def no_backoff(backoff_sleeps: list[float]) -> None:
    """Retries without waiting (conftest.py's seam)."""


# ------------------------------------------------------------------- reprs


def test_client_config_credentials_and_signer_reprs_hide_credentials() -> None:
    with scripted_server(OK) as server:
        client = make_client(server.url)
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        core = client._core  # pyright: ignore[reportPrivateUsage]
        (route,) = core._destinations.values()  # pyright: ignore[reportPrivateUsage]
        credentials = core.config.credentials()
        objects: list[object] = [
            client,
            core.config,
            core.config.credentials,
            credentials,
            route.auth,
            core._transport,  # pyright: ignore[reportPrivateUsage]
        ]
        client.close()
    for obj in objects:
        assert_no_secret(repr(obj), str(obj))
    # What the string forms do show, so that a user can still tell keys apart.
    assert repr(credentials) == (
        "Credentials(access_key_id='****************CRET', "
        "secret_access_key='<hidden>', session_token='<hidden>')"
    )
    assert isinstance(route.auth, SigV4Auth)
    assert "cognito-idp" in repr(route.auth)


def test_credentials_from_environment_and_files_stay_hidden_in_reprs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    from_env = resolve_config(
        region="us-east-1",
        profile=None,
        credentials=None,
        endpoint_url=None,
        use_fips=None,
        use_dualstack=None,
        max_attempts=None,
        service_env_name="COGNITO_IDENTITY_PROVIDER",
        service_config_key="cognito_identity_provider",
    )
    assert from_env.credentials().secret_access_key == SECRET  # resolved, and cached
    credentials_file = tmp_path / "credentials"
    credentials_file.write_text(
        f"[leaky]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET}\n"
        f"aws_session_token = {TOKEN}\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    client = CognitoIdentityProviderClient(region="us-east-1", profile="leaky")
    from_file = client._core.config  # pyright: ignore[reportPrivateUsage]
    assert from_file.credentials().session_token == TOKEN
    for obj in (from_env, from_env.credentials, from_file, from_file.credentials, client):
        assert_no_secret(repr(obj), str(obj))


# ------------------------------------------------------- exception messages


@pytest.mark.parametrize(
    "variables",
    [
        {"AWS_SECRET_ACCESS_KEY": SECRET},
        {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SESSION_TOKEN": TOKEN},
    ],
    ids=["secret-without-key-id", "key-id-and-token-without-secret"],
)
def test_half_configured_environment_credentials_error_does_not_echo_them(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with scripted_server(OK) as server:
        client = CognitoIdentityProviderClient(region="us-east-1", endpoint_url=server.url)
        with pytest.raises(errors.NoCredentialsError) as caught:
            client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
    assert "AWS_ACCESS_KEY_ID" in str(caught.value)
    assert_no_secret(*exception_texts(caught.value))
    assert server.received == []


@pytest.mark.parametrize(
    "text",
    [
        f"[default]\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n",
        f"aws_secret_access_key = {SECRET}\n[default]\n",  # no section header first
        f"[default]\naws_access_key_id = {ACCESS_KEY}\n{SECRET}\n",  # a line without '='
    ],
    ids=["half-configured", "missing-section-header", "unparsable-line"],
)
def test_bad_credentials_file_errors_do_not_echo_its_content(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    credentials_file = tmp_path / "credentials"
    credentials_file.write_text(text)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    with pytest.raises(errors.ConfigurationError) as caught:
        client = CognitoIdentityProviderClient(
            region="us-east-1", endpoint_url="http://127.0.0.1:9"
        )
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
    assert str(credentials_file) in str(caught.value)
    assert_no_secret(*exception_texts(caught.value))


@pytest.mark.parametrize(
    ("key_id", "secret"), [("", SECRET), (ACCESS_KEY, "")], ids=["empty-key-id", "empty-secret"]
)
def test_invalid_credentials_object_error_does_not_echo_the_other_value(
    key_id: str, secret: str
) -> None:
    with pytest.raises(ValueError, match="must be a non-empty string") as caught:
        Credentials(key_id, secret, TOKEN)
    assert_no_secret(*exception_texts(caught.value))


def test_transport_and_service_errors_do_not_echo_credentials(
    no_backoff: None, tmp_path: Path
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        refused_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    raised: list[BaseException] = []
    with pytest.raises(errors.EndpointConnectionError) as refused:
        make_client(refused_url).update_user_pool_domain(
            domain="auth.example.com", user_pool_id=POOL_ID
        )
    raised.append(refused.value)
    scripts = [
        Reply(delay=1.5),
        Reply(200, b'{"CloudFrontDomain": "d', declared_length=300, then="reset"),
        Reply.error(400, "NotAuthorizedException", "The security token is invalid."),
        Reply(200, b"<html>not json</html>"),
    ]
    for reply in scripts:
        with scripted_server(reply) as server, pytest.raises(errors.SdkError) as caught:
            make_client(server.url, max_attempts=1, timeout=(1.0, 0.2)).update_user_pool_domain(
                domain="auth.example.com", user_pool_id=POOL_ID
            )
        raised.append(caught.value)
    cert, key = self_signed_certificate(tmp_path)
    with scripted_server(OK, tls=(cert, key)) as server, pytest.raises(errors.SdkError) as tls:
        make_client(server.url, max_attempts=1).update_user_pool_domain(
            domain="auth.example.com", user_pool_id=POOL_ID
        )
    raised.append(tls.value)
    assert [type(error).__name__ for error in raised] == [
        "EndpointConnectionError",
        "ReadTimeoutError",
        "ConnectionClosedError",
        "NotAuthorizedException",
        "ResponseParseError",
        "SSLError",
    ]
    for error in raised:
        assert_no_secret(*exception_texts(error))


# ----------------------------------------------------- sensitive members

SENSITIVE_OPERATIONS = ("AdminSetUserPassword", "InitiateAuth")


@pytest.fixture(scope="module")
def sensitive_package(
    spec: ServiceSpec, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    """A package generated for operations with sensitive inputs (the committed one has none)."""
    out = tmp_path_factory.mktemp("sensitive")
    render_package(build_package(spec, SENSITIVE_OPERATIONS), out)
    with imported_package(out) as package:
        yield package


PASSWORD = "Correct-Horse-Battery-Staple-42"


@pytest.mark.parametrize(
    "arguments",
    [
        {"password": PASSWORD.encode()},  # wrong type
        {"password": [PASSWORD]},
        {"password": PASSWORD, "permanent": PASSWORD},  # a secret in the wrong member
    ],
    ids=["bytes", "list", "secret-in-wrong-member"],
)
def test_param_validation_error_for_a_sensitive_member_does_not_echo_it(
    sensitive_package: Any, arguments: dict[str, object]
) -> None:
    with scripted_server(Reply.json(200, {})) as server:
        client = sensitive_package.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=sensitive_package.Credentials(ACCESS_KEY, SECRET, TOKEN),
            endpoint_url=server.url,
        )
        with pytest.raises(sensitive_package.errors.ParamValidationError) as caught:
            client.admin_set_user_password(user_pool_id=POOL_ID, username="alice", **arguments)
    assert server.received == []
    for text in exception_texts(caught.value):
        assert PASSWORD not in text
        assert_no_secret(text)


def test_unknown_argument_error_names_it_without_its_value(sensitive_package: Any) -> None:
    # Python's own TypeError, raised before the method runs: it names the keyword only.
    with scripted_server(Reply.json(200, {})) as server:
        client = sensitive_package.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=sensitive_package.Credentials(ACCESS_KEY, SECRET, TOKEN),
            endpoint_url=server.url,
        )
        with pytest.raises(TypeError, match="'PasswordAgain'") as caught:
            client.admin_set_user_password(
                user_pool_id=POOL_ID, username="alice", password=PASSWORD, PasswordAgain=PASSWORD
            )
    assert server.received == []
    for text in exception_texts(caught.value):
        assert PASSWORD not in text
        assert_no_secret(text)


def test_sensitive_map_values_are_not_echoed(sensitive_package: Any) -> None:
    with scripted_server(Reply.json(200, {})) as server:
        client = sensitive_package.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=sensitive_package.Credentials(ACCESS_KEY, SECRET, TOKEN),
            endpoint_url=server.url,
        )
        with pytest.raises(sensitive_package.errors.ParamValidationError) as caught:
            client.initiate_auth(
                auth_flow="USER_PASSWORD_AUTH",
                client_id="",
                auth_parameters={"USERNAME": "alice", "PASSWORD": PASSWORD.encode()},
                session="short",
            )
    problems = caught.value.problems
    assert any(p.startswith("auth_parameters['PASSWORD']: expected str") for p in problems)
    assert any(p.startswith("session: length 5 is below the minimum of 20") for p in problems)
    assert server.received == []
    for text in exception_texts(caught.value):
        assert PASSWORD not in text


# ------------------------------------------------------------------- logs


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every record at DEBUG: the package's loggers, urllib3's and requests'."""
    for name in ("", "generated.cognito_idp", "urllib3", "requests"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_logs_at_debug_never_contain_credentials(
    all_logs: pytest.LogCaptureFixture, no_backoff: None
) -> None:
    with scripted_server(
        OK,  # a successful call
        Reply(503, b""),  # a retried call...
        OK,  # ...that succeeds
        Reply.error(400, "NotAuthorizedException", "Invalid token"),  # a failing call
    ) as server:
        client = make_client(server.url)
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        with pytest.raises(errors.NotAuthorizedException):
            client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        client.close()
    with pytest.raises(errors.EndpointConnectionError):
        make_client("http://127.0.0.1:9", max_attempts=2).update_user_pool_domain(
            domain="auth.example.com", user_pool_id=POOL_ID
        )
    messages = [record.getMessage() for record in all_logs.records]
    # The capture works: urllib3's connection logs and our retry logs are there.
    assert any("Starting new HTTP connection" in m for m in messages)
    assert any("UpdateUserPoolDomain: attempt 1 failed with 503" in m for m in messages)
    assert any("UpdateUserPoolDomain: giving up after 2 attempts" in m for m in messages)
    assert_no_secret(all_logs.text, *messages, *(repr(r.args) for r in all_logs.records))


# -------------------------------------------------------------------- TLS


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path)


def test_tls_verification_is_on_by_default(tls_files: tuple[Path, Path]) -> None:
    with scripted_server(OK, tls=tls_files) as server:
        with pytest.raises(errors.EndpointConnectionError, match="certificate verify failed"):
            make_client(server.url, max_attempts=1).update_user_pool_domain(
                domain="auth.example.com", user_pool_id=POOL_ID
            )
        assert server.received == []


def test_tls_trusts_a_ca_bundle_from_the_environment(
    tls_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_files[0]))
    with scripted_server(OK, tls=tls_files) as server:
        make_client(server.url).update_user_pool_domain(
            domain="auth.example.com", user_pool_id=POOL_ID
        )
        assert len(server.received) == 1


def test_verify_false_is_explicit_and_logs_a_warning(
    tls_files: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="generated.cognito_idp")
    with scripted_server(OK, tls=tls_files) as server:
        client = make_client(server.url, verify=False)
        # urllib3 also flags every unverified request.
        with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
            client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
            client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        assert len(server.received) == 2
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.name for r in warnings] == ["generated.cognito_idp._transport"]
    assert "TLS certificate verification is disabled" in warnings[0].getMessage()


# -------------------------------------------------------------- endpoints


@pytest.mark.parametrize(
    "url",
    [
        "ftp://cognito.example.com/",
        "localhost:5000",
        "file:///etc/passwd",
        "http://",
        "https://",
        "//cognito.example.com",
        "http:///path-without-host",
        "http://exa mple.com/",
        "http://cognito.example.com:99999/",
        "javascript:alert(1)",
        f"https://{ACCESS_KEY}:{SECRET}@cognito.example.com/",
    ],
)
def test_endpoint_url_that_is_not_an_http_url_is_rejected_without_echoing_it(url: str) -> None:
    with pytest.raises(errors.InvalidEndpointError, match="argument endpoint_url") as caught:
        make_client(url)
    message = str(caught.value)
    assert "Expected an http:// or https:// URL with a host" in message
    assert f"{url!r}" not in message and f'"{url}"' not in message
    assert_no_secret(*exception_texts(caught.value))


def test_endpoint_url_from_the_environment_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "localhost:5000")
    with pytest.raises(errors.InvalidEndpointError, match="AWS_ENDPOINT_URL"):
        CognitoIdentityProviderClient(region="us-east-1")


@pytest.mark.parametrize(
    "url",
    ["http://localhost:5000", "https://cognito-idp.us-east-1.amazonaws.com", "http://[::1]:8080/"],
)
def test_http_and_https_endpoint_urls_are_accepted(url: str) -> None:
    assert make_client(url)._core.endpoint_url == url  # pyright: ignore[reportPrivateUsage]


def test_strict_mode_pattern_failure_of_a_sensitive_member_does_not_echo_it(
    sensitive_package: Any,
) -> None:
    spaced_password = " " * 13  # PasswordType requires a non-space character
    with scripted_server(Reply.json(200, {})) as server:
        client = sensitive_package.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=sensitive_package.Credentials(ACCESS_KEY, SECRET, TOKEN),
            endpoint_url=server.url,
            validate="strict",
        )
        with pytest.raises(sensitive_package.errors.ParamValidationError) as caught:
            client.admin_set_user_password(
                user_pool_id=POOL_ID, username="alice", password=spaced_password
            )
    assert server.received == []
    (problem,) = caught.value.problems
    assert problem.startswith("password: the value does not match the pattern")
    assert repr(spaced_password) not in str(caught.value)
