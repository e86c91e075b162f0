"""Endpoint and region settings: regressions from issue 12 and the account-ID settings.

Each setting is resolved by ``resolve_config`` (argument, environment, profile)
and, where botocore defines it, checked against botocore with the same
environment and files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions
import botocore.session
import pytest

from codegen.runtime._config import ResolvedConfig, resolve_config
from codegen.runtime._exceptions import ConfigurationError, InvalidEndpointError
from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, errors

from ..conftest import ROOT


def resolve(**overrides: object) -> ResolvedConfig:
    arguments: dict[str, object] = {
        "region": None,
        "profile": None,
        "credentials": None,
        "endpoint_url": None,
        "use_fips": None,
        "use_dualstack": None,
        "max_attempts": None,
        "service_env_name": "COGNITO_IDENTITY_PROVIDER",
        "service_config_key": "cognito_identity_provider",
    }
    arguments.update(overrides)
    return resolve_config(**arguments)  # type: ignore[arg-type]


# --- 1. An empty endpoint URL is a configuration error ------------------------------


def test_empty_endpoint_url_argument_is_refused_like_boto3() -> None:
    with pytest.raises(ValueError, match="Invalid endpoint"):
        boto3.session.Session().client("cognito-idp", region_name="us-east-1", endpoint_url="")
    with pytest.raises(
        InvalidEndpointError, match="argument endpoint_url is not valid: it is empty"
    ):
        resolve(endpoint_url="")
    with pytest.raises(errors.InvalidEndpointError):
        CognitoIdentityProviderClient(region="us-east-1", endpoint_url="")


def test_cli_refuses_an_empty_endpoint_url_without_sending() -> None:
    # Nothing listens on the real endpoint from here: a send would fail with 255, not 253.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ["HOME"],
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_REGION": "us-east-1",
        "HTTPS_PROXY": "http://127.0.0.1:9",  # were anything sent, it would fail to connect
    }
    result = subprocess.run(
        [
            *(sys.executable, "-m", "generated.cognito_idp", "update-user-pool-domain"),
            *("--domain", "auth.example.com", "--user-pool-id", "us-east-1_Ab12Cd34E"),
            *("--endpoint-url", ""),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 253, result.stderr
    assert "endpoint" in result.stderr.lower()
    assert "empty" in result.stderr


# --- 2. FIPS pseudo-regions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pseudo", "real"),
    [
        ("us-gov-west-1-fips", "us-gov-west-1"),
        ("fips-us-gov-west-1", "us-gov-west-1"),
        ("us-east-1-fips", "us-east-1"),
    ],
)
def test_fips_pseudo_region_is_its_real_region_with_fips_on(
    monkeypatch: pytest.MonkeyPatch, pseudo: str, real: str
) -> None:
    config = resolve(region=pseudo)
    assert (config.region, config.use_fips) == (real, True)
    monkeypatch.setenv("AWS_REGION", pseudo)
    assert (resolve().region, resolve().use_fips) == (real, True)
    client = boto3.session.Session().client("cognito-idp", region_name=pseudo)
    assert (client.meta.region_name, client.meta.config.use_fips_endpoint) == (real, True)


def test_fips_pseudo_region_client_signs_for_the_real_region() -> None:
    client = CognitoIdentityProviderClient(
        region="fips-us-gov-west-1", credentials=Credentials("AKIDEXAMPLE", "secret")
    )
    destination = client._core._destination("UpdateUserPoolDomain", {}, signed=True)
    assert destination.url == "https://cognito-idp-fips.us-gov-west-1.amazonaws.com"
    assert destination.auth.aws_region == "us-gov-west-1"


# --- 7. A region with a trailing newline ------------------------------------------------


@pytest.mark.parametrize(
    "region", ["us-east-1\n", "us-east-1\r\n", "us-east-1-fips\n", "\nus-east-1"]
)
def test_region_with_a_newline_is_refused(monkeypatch: pytest.MonkeyPatch, region: str) -> None:
    with pytest.raises(ConfigurationError, match="not a valid region name"):
        resolve(region=region)
    monkeypatch.setenv("AWS_REGION", region)
    with pytest.raises(ConfigurationError, match="environment variable AWS_REGION"):
        resolve()


def test_endpoint_host_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(InvalidEndpointError):
        resolve(endpoint_url="https://example.com\n")


# --- Account ID and account-ID endpoint mode ---------------------------------------------


def test_account_id_comes_from_the_environment_as_in_botocore(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_ACCOUNT_ID", "111122223333")
    theirs = botocore.session.Session().get_credentials()
    assert theirs is not None
    assert resolve().credentials().account_id == theirs.account_id == "111122223333"


@pytest.mark.parametrize("file", ["credentials", "config"])
def test_account_id_comes_from_the_profile_as_in_botocore(home: Path, file: str) -> None:
    (home / ".aws" / file).write_text(
        "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"
        "aws_account_id = 444455556666\n"
    )
    theirs = botocore.session.Session().get_credentials()
    assert theirs is not None
    assert resolve().credentials().account_id == theirs.account_id == "444455556666"


def test_account_id_is_not_a_secret_but_the_keys_stay_hidden() -> None:
    text = repr(Credentials("AKIDEXAMPLE1234", "secret-value", account_id="111122223333"))
    assert "111122223333" in text
    assert "secret-value" not in text


@pytest.mark.parametrize(
    ("argument", "variable", "profile", "expected"),
    [
        (None, None, None, "preferred"),
        ("disabled", "required", "required", "disabled"),
        (None, "REQUIRED", "disabled", "required"),
        (None, None, "disabled", "disabled"),
    ],
)
def test_account_id_endpoint_mode_is_resolved_as_in_botocore(  # noqa: PLR0917
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    argument: str | None,
    variable: str | None,
    profile: str | None,
    expected: str,
) -> None:
    if variable is not None:
        monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", variable)
    if profile is not None:
        (home / ".aws" / "config").write_text(f"[default]\naccount_id_endpoint_mode = {profile}\n")
    config = botocore.config.Config(account_id_endpoint_mode=argument) if argument else None
    client = boto3.session.Session().client("dynamodb", region_name="us-east-1", config=config)
    assert client.meta.config.account_id_endpoint_mode == expected
    assert resolve(account_id_endpoint_mode=argument).account_id_endpoint_mode == expected


def test_unknown_account_id_endpoint_mode_is_refused_like_botocore(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")
    with pytest.raises(botocore.exceptions.InvalidConfigError):
        boto3.session.Session().client("dynamodb", region_name="us-east-1")
    with pytest.raises(ConfigurationError, match="AWS_ACCOUNT_ID_ENDPOINT_MODE must be one of"):
        resolve()


@pytest.mark.parametrize(("value", "inject"), [("true", False), ("false", True)])
def test_host_prefix_injection_can_be_turned_off_as_in_botocore(
    monkeypatch: pytest.MonkeyPatch, value: str, inject: bool
) -> None:
    monkeypatch.setenv("AWS_DISABLE_HOST_PREFIX_INJECTION", value)
    client = boto3.session.Session().client("stepfunctions", region_name="us-east-1")
    assert client.meta.config.inject_host_prefix is inject
    assert resolve().inject_host_prefix is inject
    assert resolve(inject_host_prefix=not inject).inject_host_prefix is (not inject)
