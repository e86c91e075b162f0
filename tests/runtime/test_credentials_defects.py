"""Regression tests for the credential defects of issue 12 (numbers as in the issue).

3. A session token with surrounding or doubled spaces is signed trimmed, as botocore does.
4. A token wrapped onto two lines in the credentials file is refused at load, naming the
   file and key; it never reaches an exception message or the CLI's stderr.
11. No frame of this package's own code holds a token in its local variables when a
    traceback is captured with locals (``pytest --showlocals``, error trackers).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import botocore.auth
import pytest

import generated.cognito_idp
from codegen.runtime import _config, _signing
from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    CustomDomainConfig,
    errors,
)

from .credential_fakes import fake_aws
from .test_signing import (
    AMZ_DATE,
    KEY_ID,
    NOW,
    SECRET,
    botocore_authorization,
    prepared,
    sign,
    verifies,
)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "FwoGZXIvYXdzDefectElevenSessionToken0123456789"
RUNTIME_DIRS = (
    str(ROOT / "codegen" / "runtime"),
    str(Path(generated.cognito_idp.__file__).parent),
)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_signing, "_amz_date", lambda: AMZ_DATE)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: NOW)


# --- defect 3 -------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("token", [f"  {TOKEN}  ", f"{TOKEN[:10]}  {TOKEN[10:]}", f" {TOKEN}   "])
def test_session_token_with_spaces_is_signed_trimmed_like_botocore(token: str) -> None:
    credentials = _config.Credentials(KEY_ID, SECRET, token)  # the type the signer under test takes
    request = sign(prepared(), credentials)
    assert request.headers["Authorization"] == botocore_authorization(request, credentials)
    assert request.headers["X-Amz-Security-Token"] == token.strip()
    assert verifies(request)  # as the service checks it, from the header as sent


# --- defect 4 -------------------------------------------------------------------------------


def wrapped_token_home(home: Path) -> Path:
    (home / ".aws").mkdir(parents=True, exist_ok=True)
    path = home / ".aws" / "credentials"
    path.write_text(
        "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret-value\n"
        f"aws_session_token = {TOKEN[:20]}\n  {TOKEN[20:]}\n"
    )
    return path


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_wrapped_token_never_reaches_the_cli_stderr(tmp_path: Path, debug: list[str]) -> None:
    path = wrapped_token_home(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generated.cognito_idp", *debug, "update-user-pool-domain",
         "--domain", "auth.example.com", "--user-pool-id", "us-east-1_Ab12Cd34E",
         "--custom-domain-config", "CertificateArn=arn:aws:acm:us-east-1:1:certificate/x",
         "--endpoint-url", "http://127.0.0.1:9"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "AWS_REGION": "us-east-1",
             "AWS_EC2_METADATA_DISABLED": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "aws_session_token" in result.stderr
    assert str(path) in result.stderr
    for piece in (TOKEN[:20], TOKEN[20:], "secret-value"):
        assert piece not in result.stderr
        assert piece not in result.stdout


def test_wrapped_token_is_refused_before_anything_is_sent(home_with_wrapped_token: Path) -> None:
    client = CognitoIdentityProviderClient(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(errors.NoCredentialsError) as caught:
        client.update_user_pool_domain(
            domain="auth.example.com",
            user_pool_id="us-east-1_Ab12Cd34E",
            custom_domain_config=CustomDomainConfig(
                certificate_arn="arn:aws:acm:us-east-1:1:certificate/x"
            ),
        )
    assert str(home_with_wrapped_token) in str(caught.value)
    for text in texts_of(caught.value):
        assert TOKEN[:20] not in text
        assert TOKEN[20:] not in text


@pytest.fixture
def home_with_wrapped_token(home: Path) -> Path:
    return wrapped_token_home(home)


def texts_of(error: BaseException) -> Iterator[str]:
    current: BaseException | None = error
    while current is not None:
        yield str(current)
        yield repr(current)
        current = current.__cause__ or current.__context__


# --- defect 11 ------------------------------------------------------------------------------


def our_frame_locals(error: BaseException) -> Iterator[tuple[str, str, str]]:
    """(function, variable, repr) of every local of every frame of our code in the traceback,
    following the exception chain as traceback printers do."""
    current: BaseException | None = error
    while current is not None:
        tb: TracebackType | None = current.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename.startswith(RUNTIME_DIRS):
                for name, value in tb.tb_frame.f_locals.items():
                    yield code.co_name, name, repr(value)
            tb = tb.tb_next
        current = current.__cause__ or current.__context__


def assert_not_in_locals(error: BaseException, *secrets: str) -> None:
    checked = 0
    for function, name, text in our_frame_locals(error):
        checked += 1
        for secret in secrets:
            assert secret not in text, f"{secret!r} in local {name!r} of {function}()"
    assert checked, "no frame of our code in the traceback"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_signed_call_that_fails_keeps_the_token_out_of_our_frames() -> None:
    client = CognitoIdentityProviderClient(
        region="us-east-1",
        endpoint_url=f"http://127.0.0.1:{closed_port()}",
        credentials=Credentials(KEY_ID, SECRET, TOKEN),
        max_attempts=1,
    )
    with pytest.raises(errors.EndpointConnectionError) as caught:
        client.update_user_pool_domain(
            domain="auth.example.com",
            user_pool_id="us-east-1_Ab12Cd34E",
            custom_domain_config=CustomDomainConfig(
                certificate_arn="arn:aws:acm:us-east-1:1:certificate/x"
            ),
        )
    assert_not_in_locals(caught.value, TOKEN, SECRET)


def test_web_identity_token_stays_out_of_our_frames(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token_file))
    monkeypatch.setenv("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/x")
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", f"http://127.0.0.1:{closed_port()}")
    client = CognitoIdentityProviderClient(region="us-east-1")
    with pytest.raises(errors.SdkError) as caught:
        client._core.config.credentials()
    assert_not_in_locals(caught.value, TOKEN)


def test_sso_access_token_stays_out_of_our_frames(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import hashlib
    import json

    (tmp_path / ".aws" / "sso" / "cache").mkdir(parents=True)
    (tmp_path / ".aws" / "config").write_text(
        "[default]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n"
        "[sso-session corp]\nsso_start_url = https://corp/start\nsso_region = eu-west-1\n"
    )
    cache = tmp_path / ".aws" / "sso" / "cache" / (hashlib.sha1(b"corp").hexdigest() + ".json")
    cache.write_text(json.dumps({"accessToken": TOKEN, "expiresAt": "2999-01-01T00:00:00Z"}))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", f"http://127.0.0.1:{closed_port()}")
    client = CognitoIdentityProviderClient(region="us-east-1")
    with pytest.raises(errors.SdkError) as caught:
        client._core.config.credentials()
    assert_not_in_locals(caught.value, TOKEN)


def test_container_authorization_token_stays_out_of_our_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generated.cognito_idp import _metadata

    monkeypatch.setattr(_metadata, "CONTAINER_RETRY_SLEEP", 0.0)
    monkeypatch.setenv(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", f"http://127.0.0.1:{closed_port()}/creds"
    )
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN)
    client = CognitoIdentityProviderClient(region="us-east-1")
    with pytest.raises(errors.SdkError) as caught:
        client._core.config.credentials()
    assert_not_in_locals(caught.value, TOKEN)


def test_unparsable_sts_answer_keeps_the_new_credentials_out_of_our_frames(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with fake_aws() as aws:
        # A response with credentials but no expiration: parsing fails mid-way.
        aws.replies["POST /"] = [
            (
                200,
                b'<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/'
                b'2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials>'
                b"<AccessKeyId>ASIANEW</AccessKeyId><SecretAccessKey>" + TOKEN.encode()
                + b"</SecretAccessKey><SessionToken>t</SessionToken></Credentials>"
                b"</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
            )
        ]  # fmt: skip
        token_file = tmp_path / "token"
        token_file.write_text("web-token")
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token_file))
        monkeypatch.setenv("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/x")
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", aws.url)
        client = CognitoIdentityProviderClient(region="us-east-1")
        with pytest.raises(errors.CredentialRetrievalError, match="no Expiration") as caught:
            client._core.config.credentials()
    assert_not_in_locals(caught.value, TOKEN)
