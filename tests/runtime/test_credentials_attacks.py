"""Regression tests for issue 17: credential sources under attack (numbers as in the issue).

An attacker here controls the environment, a shared file (the SSO cache) or a
metadata answer, and a server on 127.0.0.1. botocore on the same input is the
oracle where it holds; where botocore does not (defect 2), the README's promise
is: an http container endpoint must be loopback or an ECS / EKS host, every
failure derives from ``errors.SdkError``, and no secret is echoed.

1. A relative container URI cannot move the request (and its token) to another host.
2. The host allowed is the host the sending code connects to: URLs that parsers
   read differently (a backslash, a user name, an odd port) are refused.
3. Tokens that would break a header (a line break, a character outside Latin-1)
   raise a typed error naming where they were read, never holding them.
4. botocore's own SSO cache format (``expiresAt: 2099-01-01T00:00:00UTC``) is read.

And, from issue 19: whitespace around credential values is trimmed before any
check (a session token with a trailing tab is signed trimmed, as botocore signs
it); a control character inside a value is still refused without echoing it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions
import pytest

from codegen.runtime import _signing
from codegen.runtime._exceptions import (
    ConfigurationError,
    CredentialRetrievalError,
    NoCredentialsError,
    SdkError,
)

from . import test_credentials as chain
from .credential_fakes import IMDS_TOKEN, FakeAws
from .test_credentials import (
    FAKE_KEY_ID,
    FAKE_SECRET,
    FAKE_TOKEN,
    botocores,
    ours,
    resolve,
    same_as_botocore,
    set_env_keys,
    sso_cache,
    write,
)
from .test_signing import AMZ_DATE, NOW, botocore_authorization, prepared, sign, verifies

CONTAINER_TOKEN = "Container-Authorization-Token-must-never-appear"

# The chain tests' fixtures: a clean HOME and environment, the fake endpoints, IMDS on.
home = chain.home
aws = chain.aws
imds = chain.imds


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every host name resolved while the test runs; only 127.0.0.1 resolves."""
    seen: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        seen.append(name)
        if name != "127.0.0.1":
            raise socket.gaierror(socket.EAI_NONAME, "not resolved in tests")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield seen


# --- defect 1: the relative container URI ------------------------------------------------


@pytest.mark.parametrize(
    "relative", ["@attacker.example/creds", ".attacker.example/creds", ":80@attacker.example/creds"]
)
def test_a_relative_uri_naming_another_host_is_refused_before_any_lookup_as_botocore(
    monkeypatch: pytest.MonkeyPatch, lookups: list[str], relative: str
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", relative)
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN)
    with pytest.raises(
        ConfigurationError, match="AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
    ) as caught:
        resolve().credentials()
    assert "attacker" not in str(caught.value)  # the variable is named, not its value
    assert CONTAINER_TOKEN not in str(caught.value)
    assert lookups == []
    with pytest.raises(ValueError, match="Unsupported host"):
        botocores()
    assert lookups == []


# --- defect 2: the allow-list reads the URL as the transport does ----------------------------


def test_a_backslash_url_that_urlsplit_reads_as_loopback_is_refused(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch, lookups: list[str]
) -> None:
    port = aws.url.rsplit(":", 1)[1]
    url = f"http://attacker.example\\@127.0.0.1:{port}/container/credentials"
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN)
    with pytest.raises(ConfigurationError, match="backslash") as caught:
        resolve().credentials()
    assert CONTAINER_TOKEN not in str(caught.value)
    assert lookups == []
    assert aws.requests == []
    # botocore's allow-list reads 127.0.0.1 while its transport asks for attacker.example,
    # with the token: what the README's promise forbids.
    with pytest.raises(botocore.exceptions.CredentialRetrievalError):
        botocores()
    assert "attacker.example" in lookups


@pytest.mark.parametrize(
    "authority",
    [
        "user:hunter2@127.0.0.1:{port}",  # user info: parsers split it differently
        "127.0.0.1:{port}:80",  # two ports
        "127.0.0.1:+{port}",  # a sign urlsplit accepts and urllib3 does not
        "127.0.0.1:0{port}",  # digits, but not the port the allow-list saw
        "[::1]:99999",  # out of range
        "169.254.170.2%2F@attacker.example",  # encoded text before an @
    ],
)
def test_full_uris_that_parsers_may_read_differently_are_refused(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch, lookups: list[str], authority: str
) -> None:
    port = aws.url.rsplit(":", 1)[1]
    url = f"http://{authority.format(port=port)}/container/credentials"
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN)
    with pytest.raises(ConfigurationError, match="AWS_CONTAINER_CREDENTIALS_FULL_URI") as caught:
        resolve().credentials()
    assert "hunter2" not in str(caught.value)
    assert aws.requests == []
    assert lookups == []


def test_a_plain_loopback_full_uri_and_a_padded_token_get_credentials_as_botocore(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN + "\n")
    found = ours()
    # The trailing line break is trimmed before the token is checked and sent
    # (botocore refuses it: "not a legal header value"; trimmed, it agrees).
    assert aws.seen("GET /container/credentials")[-1].headers["authorization"] == CONTAINER_TOKEN
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN)
    assert found == botocores()
    assert found.method == "container-role"


# --- defect 3: tokens that would break a header ------------------------------------------


def test_an_imds_session_token_with_a_line_break_is_a_typed_error_without_the_token(
    imds: FakeAws,
) -> None:
    hostile = IMDS_TOKEN[:10] + "\r\n" + IMDS_TOKEN[10:]
    imds.replies["PUT /latest/api/token"] = [(200, hostile.encode())]
    with pytest.raises(CredentialRetrievalError) as caught:
        resolve().credentials()
    assert IMDS_TOKEN[:10] not in str(caught.value)
    assert IMDS_TOKEN[10:] not in str(caught.value)
    assert "session token" in str(caught.value)
    assert imds.seen("GET /latest/meta-data/iam/security-credentials/") == []
    with pytest.raises(botocore.exceptions.HTTPClientError):  # typed in botocore too
        botocores()


@pytest.mark.parametrize("where", ["env", "file"])
def test_a_container_token_outside_latin_1_is_a_typed_error_without_the_token(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    hostile = CONTAINER_TOKEN + "\u2019"
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    if where == "env":
        monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", hostile)
    else:
        token_file = tmp_path / "token"
        token_file.write_text(hostile, encoding="utf-8")
        monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", str(token_file))
    with pytest.raises(SdkError) as caught:
        resolve().credentials()
    assert "not ASCII" in str(caught.value)
    assert "AWS_CONTAINER_AUTHORIZATION_TOKEN" in str(caught.value)
    assert CONTAINER_TOKEN not in str(caught.value)
    assert aws.requests == []
    with pytest.raises(botocore.exceptions.HTTPClientError):
        botocores()


def test_an_imds_token_outside_latin_1_is_a_typed_error_without_the_token(imds: FakeAws) -> None:
    imds.replies["PUT /latest/api/token"] = [(200, (IMDS_TOKEN + "\u2019").encode())]
    with pytest.raises(CredentialRetrievalError) as caught:
        resolve().credentials()
    assert IMDS_TOKEN not in str(caught.value)
    with pytest.raises(botocore.exceptions.HTTPClientError):
        botocores()


def sso_profile(home: Path, expires_at: str, access_token: str, *, legacy: bool = False) -> Path:
    start_url = "https://example.awsapps.com/start"
    if legacy:
        write(
            home,
            "config",
            "[profile sso]\nsso_start_url = " + start_url + "\nsso_region = us-east-1\n"
            "sso_account_id = 123456789012\nsso_role_name = Reader\n",
        )
        key = start_url
    else:
        write(
            home,
            "config",
            "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n"
            "sso_role_name = Reader\n\n[sso-session corp]\nsso_start_url = "
            + start_url
            + "\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
        )
        key = "corp"
    return sso_cache(
        home,
        key,
        startUrl=start_url,
        region="us-east-1",
        accessToken=access_token,
        expiresAt=expires_at,
    )


@pytest.mark.parametrize("hostile", ["cached-access-1\r\nX-Injected: 1", "cached-access-1\u2019"])
def test_a_hostile_cached_sso_token_is_refused_when_the_cache_is_read(
    home: Path, aws: FakeAws, hostile: str
) -> None:
    path = sso_profile(home, "2099-01-01T00:00:00Z", hostile)
    with pytest.raises(CredentialRetrievalError) as caught:
        resolve(profile="sso").credentials()
    message = str(caught.value)
    assert "accessToken" in message
    assert str(path) in message
    assert "cached-access-1" not in message
    assert aws.requests == []  # refused as it is read: nothing sent
    if "\n" in hostile:
        with pytest.raises(botocore.exceptions.HTTPClientError):  # typed in botocore too
            botocores(profile="sso")
    # botocore sends a character outside Latin-1 as UTF-8 bytes (mojibake to the portal);
    # the README's promise holds here instead: refused, typed, not echoed.


def test_every_exception_while_sending_becomes_a_typed_error_without_its_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one place that sends: not only requests' exceptions are mapped."""
    import requests

    from codegen.runtime import _secret_http

    def boom(*_args: object, **_kwargs: object) -> object:
        raise UnicodeEncodeError("latin-1", "secret-\u2019", 7, 8, "ordinal not in range")

    monkeypatch.setattr(requests.Session, "send", boom)
    with pytest.raises(CredentialRetrievalError) as caught:
        _secret_http.send(
            "GET",
            "http://127.0.0.1:9/x",
            host="127.0.0.1",
            what="container credentials",
            source="container-role",
            timeout=1.0,
        )
    assert caught.value.code == "UnicodeEncodeError"
    assert "secret" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_send_refuses_a_url_whose_prepared_host_is_not_the_decided_one() -> None:
    from codegen.runtime import _secret_http

    with pytest.raises(CredentialRetrievalError, match=r"does not go to 169\.254\.170\.2"):
        _secret_http.send(
            "GET",
            "http://127.0.0.1:9/x",
            host="169.254.170.2",
            what="container credentials",
            source="container-role",
            timeout=1.0,
        )


def test_an_imds_role_name_that_is_not_an_iam_name_is_not_put_in_a_url(imds: FakeAws) -> None:
    imds.replies["GET /latest/meta-data/iam/security-credentials/"] = [(200, b"../../x?y=1#z")]
    with pytest.raises(CredentialRetrievalError, match="not an IAM role name"):
        resolve().credentials()
    paths = [seen.path for seen in imds.requests]
    assert all(
        not path.startswith("/latest/meta-data/iam/security-credentials/.") for path in paths
    )


def test_an_sso_region_that_would_change_the_portal_host_is_refused_as_botocore(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch, lookups: list[str]
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_SSO")  # the portal's host is built from the region
    sso_profile(home, "2099-01-01T00:00:00Z", "cached-access-1")
    config = home / ".aws" / "config"
    config.write_text(config.read_text().replace("us-east-1", "attacker.example/#"))
    with pytest.raises(ConfigurationError, match="sso_region of profile 'sso'"):
        resolve(profile="sso").credentials()
    with pytest.raises(botocore.exceptions.InvalidRegionError):
        botocores(profile="sso")
    assert lookups == []
    assert aws.requests == []


# --- defect 4: botocore's own SSO cache format --------------------------------------------


@pytest.mark.parametrize("legacy", [False, True], ids=["sso_session", "legacy"])
def test_botocores_sso_cache_expiry_format_is_read_as_botocore_reads_it(
    home: Path, aws: FakeAws, legacy: bool
) -> None:
    sso_profile(home, "2099-01-01T00:00:00UTC", "cached-access-1", legacy=legacy)
    assert same_as_botocore(profile="sso").method == "sso"


# --- issue 19: whitespace around credentials -------------------------------------------------


@pytest.mark.parametrize("padding", ["\t", " ", "\n", " \t\r\n"])
def test_whitespace_around_environment_credentials_is_trimmed(
    monkeypatch: pytest.MonkeyPatch, padding: str
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", padding + FAKE_KEY_ID + padding)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET + padding)
    monkeypatch.setenv("AWS_SESSION_TOKEN", FAKE_TOKEN + padding)
    found = ours()
    assert (found.access_key_id, found.secret_access_key, found.session_token) == (
        FAKE_KEY_ID,
        FAKE_SECRET,
        FAKE_TOKEN,
    )


def test_a_session_token_with_a_trailing_tab_is_signed_as_botocore_signs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """botocore sends the tab but signs the trimmed value (SigV4 trims header values)."""
    from codegen.runtime._credential_types import Credentials

    monkeypatch.setattr(_signing, "_amz_date", lambda: AMZ_DATE)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: NOW)
    set_env_keys(monkeypatch, token=FAKE_TOKEN + "\t")
    found = ours()
    credentials = Credentials(found.access_key_id, found.secret_access_key, found.session_token)
    request = sign(prepared(), credentials)
    # botocore's signer, given the token as the environment holds it (tab included).
    tabbed = SimpleNamespace(
        access_key_id=FAKE_KEY_ID, secret_access_key=FAKE_SECRET, session_token=FAKE_TOKEN + "\t"
    )
    assert request.headers["Authorization"] == botocore_authorization(request, tabbed)  # type: ignore[arg-type]
    assert request.headers["X-Amz-Security-Token"] == FAKE_TOKEN
    assert verifies(request, FAKE_SECRET)


def test_a_control_character_inside_a_value_is_still_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_env_keys(monkeypatch, token="\t" + FAKE_TOKEN[:8] + "\x1f" + FAKE_TOKEN[8:] + "\t")
    with pytest.raises(NoCredentialsError, match="AWS_SESSION_TOKEN") as caught:
        resolve().credentials()
    assert FAKE_TOKEN[:8] not in str(caught.value)
    assert FAKE_TOKEN[8:] not in str(caught.value)


# --- refused values stay out of the traceback's locals (README: frames never hold a token) --


def test_refused_values_stay_out_of_our_frames(
    home: Path, imds: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_credentials_defects import assert_not_in_locals

    piece = "Refused-Secret-Piece-0123456789"
    cases: list[tuple[str, dict[str, str]]] = [
        ("env", {"AWS_ACCESS_KEY_ID": FAKE_KEY_ID, "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
                 "AWS_SESSION_TOKEN": piece + "\x1f" + piece}),
        ("container", {"AWS_CONTAINER_CREDENTIALS_FULL_URI": imds.url + "/container/credentials",
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN": piece + "\u2019"}),
    ]  # fmt: skip
    for _name, variables in cases:
        with monkeypatch.context() as patch:
            for variable, value in variables.items():
                patch.setenv(variable, value)
            with pytest.raises(SdkError) as caught:
                resolve().credentials()
            assert_not_in_locals(caught.value, piece)

    imds.replies["PUT /latest/api/token"] = [(200, (piece + "\r\n" + piece).encode())]
    with pytest.raises(SdkError) as caught:
        resolve().credentials()
    assert_not_in_locals(caught.value, piece)

    sso_profile(home, "2099-01-01T00:00:00Z", piece + "\r\n" + piece)
    with pytest.raises(SdkError) as caught:
        resolve(profile="sso").credentials()
    assert_not_in_locals(caught.value, piece)


def test_explicit_credentials_pasted_with_a_trailing_tab_are_trimmed_not_refused() -> None:
    from codegen.runtime._credential_types import Credentials

    pasted = Credentials(FAKE_KEY_ID + " ", "\t" + FAKE_SECRET, FAKE_TOKEN + "\t", "111122223333\n")
    assert (pasted.access_key_id, pasted.secret_access_key) == (FAKE_KEY_ID, FAKE_SECRET)
    assert (pasted.session_token, pasted.account_id) == (FAKE_TOKEN, "111122223333")
    with pytest.raises(ValueError, match="session_token contains control characters"):
        Credentials(FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN[:5] + "\n" + FAKE_TOKEN[5:])
