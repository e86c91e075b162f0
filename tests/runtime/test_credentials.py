"""codegen/runtime/_credentials.py and its sources: botocore's chain, with botocore as the oracle.

Every test runs with a temporary HOME, no AWS_* variables and the instance
metadata service disabled (unless it is the subject), and writes the files it
needs. Network sources talk to ``credential_fakes.FakeAws`` on 127.0.0.1;
botocore is pointed at the same fake (``AWS_ENDPOINT_URL_STS`` / ``_SSO`` /
``_SSO_OIDC``, ``AWS_EC2_METADATA_SERVICE_ENDPOINT``, a loopback
``AWS_CONTAINER_CREDENTIALS_FULL_URI``), so that the same environment and
files must give the same credentials, the same source (botocore's ``method``)
and the same "nothing found".
"""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import botocore.credentials
import botocore.exceptions
import botocore.session
import botocore.tokens
import botocore.utils
import pytest

from codegen.runtime import _credentials, _metadata, _sso
from codegen.runtime._config import Credentials, ResolvedConfig, resolve_config
from codegen.runtime._credentials import credentials_method
from codegen.runtime._exceptions import (
    ConfigurationError,
    CredentialRetrievalError,
    NoCredentialsError,
)

from .credential_fakes import IMDS_TOKEN, FakeAws, fake_aws, sts_error

FAKE_KEY_ID = "AKIAFAKEKEYID00WXYZ"
FAKE_SECRET = "FAKE-SECRET-must-never-appear"
FAKE_TOKEN = "FAKE-TOKEN-must-never-appear"
OTHER_KEY_ID = "AKIAOTHERKEYID0ABCD"
OTHER_SECRET = "OTHER-SECRET-must-never-appear"
ROLE_ARN = "arn:aws:iam::111122223333:role/deploy"
OTHER_ROLE_ARN = "arn:aws:iam::999988887777:role/audit"


@attrs.frozen
class Found:
    """What a chain found, comparable between botocore and this client."""

    method: str
    access_key_id: str
    secret_access_key: str
    session_token: str | None
    account_id: str | None


# --- fixtures and helpers ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared clean HOME (``tests/conftest.py``), with an SSO token cache, no retry pauses."""
    (home / ".aws" / "sso" / "cache").mkdir(parents=True)
    # botocore computes its SSO token cache directory when it is imported.
    cache = str(home / ".aws" / "sso" / "cache")
    monkeypatch.setattr(botocore.credentials.SSOProvider, "_SSO_TOKEN_CACHE_DIR", cache)
    monkeypatch.setattr(botocore.tokens.SSOTokenProvider, "_SSO_TOKEN_CACHE_DIR", cache)
    monkeypatch.setattr(_metadata, "CONTAINER_RETRY_SLEEP", 0.0)
    monkeypatch.setattr(botocore.utils.ContainerMetadataFetcher, "SLEEP_TIME", 0)
    return home


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAws]:
    """The fake endpoints, with STS, SSO and SSO OIDC of both clients pointed at them."""
    with fake_aws() as fake:
        for service in ("STS", "SSO", "SSO_OIDC"):
            monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", fake.url)
        yield fake


@pytest.fixture
def imds(aws: FakeAws, monkeypatch: pytest.MonkeyPatch) -> FakeAws:
    """The instance metadata service enabled, at the fake."""
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.url)
    return aws


def write(home: Path, name: str, text: str) -> Path:
    path = home / ".aws" / name
    path.write_text(text)
    return path


def keys_section(
    header: str, key_id: str = FAKE_KEY_ID, secret: str = FAKE_SECRET, token: str | None = None
) -> str:
    text = f"[{header}]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
    return text + (f"aws_session_token = {token}\n" if token else "")


def set_env_keys(monkeypatch: pytest.MonkeyPatch, token: str | None = None) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    if token is not None:
        monkeypatch.setenv("AWS_SESSION_TOKEN", token)


def no_endpoint_urls(_service_env_name: str, _service_config_key: str) -> None:
    """A chain context's endpoint URL lookup when no service has one configured."""
    return None


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


def ours(profile: str | None = None, region: str | None = None) -> Found:
    config = resolve(profile=profile, region=region)
    found = config.credentials()
    return Found(
        credentials_method(config.credentials),
        found.access_key_id,
        found.secret_access_key,
        found.session_token,
        found.account_id,
    )


def botocores(profile: str | None = None, region: str | None = None) -> Found | None:
    """botocore's default chain, as a boto3 client in ``region`` would run it."""
    session = botocore.session.Session(profile=profile)
    resolver = botocore.credentials.create_credential_resolver(session, region_name=region)
    found = resolver.load_credentials()
    if found is None:
        return None
    frozen = found.get_frozen_credentials()
    return Found(
        found.method, frozen.access_key, frozen.secret_key, frozen.token, frozen.account_id
    )


def same_as_botocore(profile: str | None = None, region: str | None = None) -> Found:
    """Resolve with both; they must agree. Returns what they found."""
    expected = botocores(profile, region)
    found = ours(profile, region)
    assert found == expected
    return found


def sso_cache(home: Path, key: str, **token: object) -> Path:
    """A token as ``aws sso login`` caches it, under the SHA-1 of the session name or start URL."""
    import hashlib

    path = home / ".aws" / "sso" / "cache" / f"{hashlib.sha1(key.encode()).hexdigest()}.json"
    path.write_text(json.dumps(token))
    return path


def iso_in(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))


# --- Credentials ---------------------------------------------------------------------------


def test_credentials_are_positional_and_token_and_account_optional() -> None:
    assert Credentials("AKID", "secret") == Credentials("AKID", "secret", None, None)
    assert Credentials("AKID", "secret", "token", "123456789012").account_id == "123456789012"


def test_credentials_repr_and_str_hide_secrets() -> None:
    credentials = Credentials(FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN, "123456789012")
    for text in (repr(credentials), str(credentials), f"{credentials}", repr([credentials])):
        assert FAKE_SECRET not in text
        assert FAKE_TOKEN not in text
        assert FAKE_KEY_ID not in text
        assert "WXYZ" in text  # the last four characters identify the key
        assert "123456789012" in text


def test_credentials_reject_empty_values_without_echoing() -> None:
    with pytest.raises(ValueError, match="secret_access_key"):
        Credentials(FAKE_KEY_ID, "")
    with pytest.raises(ValueError, match="access_key_id") as caught:
        Credentials("", FAKE_SECRET)
    assert FAKE_SECRET not in str(caught.value)


def test_credentials_with_control_characters_are_refused_without_echoing() -> None:
    wrapped = FAKE_TOKEN[:10] + "\r\n" + FAKE_TOKEN[10:]
    with pytest.raises(ValueError, match="session_token contains control characters") as caught:
        Credentials(FAKE_KEY_ID, FAKE_SECRET, wrapped)
    assert FAKE_TOKEN[:10] not in str(caught.value)


# --- explicit credentials ------------------------------------------------------------------


def test_explicit_credentials_win(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env_keys(monkeypatch)
    explicit = Credentials(OTHER_KEY_ID, OTHER_SECRET)
    config = resolve(credentials=explicit)
    assert config.credentials() is explicit
    assert credentials_method(config.credentials) == "explicit"


def test_explicit_provider_is_called_for_every_request() -> None:
    calls: list[int] = []

    def provider() -> Credentials:
        calls.append(1)
        return Credentials(FAKE_KEY_ID, FAKE_SECRET)

    config = resolve(credentials=provider)
    assert config.credentials is provider
    config.credentials()
    config.credentials()
    assert len(calls) == 2
    assert credentials_method(provider) == "custom"


# --- environment ---------------------------------------------------------------------------


def test_environment_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env_keys(monkeypatch)
    assert same_as_botocore() == Found("env", FAKE_KEY_ID, FAKE_SECRET, None, None)
    monkeypatch.setenv("AWS_SESSION_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("AWS_ACCOUNT_ID", "123456789012")
    assert same_as_botocore().account_id == "123456789012"


def test_legacy_security_token_wins_like_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env_keys(monkeypatch, token="other-token")
    monkeypatch.setenv("AWS_SECURITY_TOKEN", FAKE_TOKEN)
    assert same_as_botocore().session_token == FAKE_TOKEN


def test_environment_with_expiration_is_reread_when_it_nears(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_env_keys(monkeypatch, token=FAKE_TOKEN)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", iso_in(3600))
    assert same_as_botocore().method == "env"
    provider = resolve().credentials
    assert provider().access_key_id == FAKE_KEY_ID
    # Within the mandatory window the variables are read again.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", OTHER_KEY_ID)
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", iso_in(60))
    assert provider().access_key_id == FAKE_KEY_ID  # not yet: the old one is still valid
    fresh = resolve().credentials
    fresh()  # now primed with credentials that expire in a minute
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", iso_in(3600))
    assert fresh().access_key_id == OTHER_KEY_ID


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
        ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"),
    ],
)
def test_partial_environment_credentials_name_the_missing_variable(
    monkeypatch: pytest.MonkeyPatch, present: str, missing: str
) -> None:
    monkeypatch.setenv(present, FAKE_SECRET)
    with pytest.raises(NoCredentialsError) as caught:
        resolve().credentials()
    assert f"{missing} is missing" in str(caught.value)
    assert FAKE_SECRET not in str(caught.value)


def test_environment_beats_files_when_profile_comes_from_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home, "credentials", keys_section("dev", OTHER_KEY_ID, OTHER_SECRET))
    monkeypatch.setenv("AWS_PROFILE", "dev")
    set_env_keys(monkeypatch)
    assert same_as_botocore().access_key_id == FAKE_KEY_ID


def test_explicit_profile_ignores_environment_credentials_like_botocore(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home, "credentials", keys_section("dev", OTHER_KEY_ID, OTHER_SECRET))
    set_env_keys(monkeypatch)
    assert same_as_botocore("dev").access_key_id == OTHER_KEY_ID


def test_explicit_profile_without_keys_explains_ignored_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home, "config", "[profile dev]\nregion = eu-west-1\n")
    set_env_keys(monkeypatch)
    with pytest.raises(NoCredentialsError, match="passed explicitly"):
        resolve(profile="dev").credentials()
    assert botocores("dev") is None


# --- shared files --------------------------------------------------------------------------


def test_credentials_file_beats_config_file(home: Path) -> None:
    write(home, "config", keys_section("profile dev", OTHER_KEY_ID, OTHER_SECRET))
    write(home, "credentials", keys_section("dev", token=FAKE_TOKEN))
    found = same_as_botocore("dev")
    assert found == Found("shared-credentials-file", FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN, None)


def test_config_file_keys_are_the_last_resort(home: Path) -> None:
    write(home, "config", keys_section("profile dev") + "aws_account_id = 123456789012\n")
    found = same_as_botocore("dev")
    assert found == Found("config-file", FAKE_KEY_ID, FAKE_SECRET, None, "123456789012")


def test_default_profile_credentials_match_botocore(home: Path) -> None:
    write(
        home,
        "credentials",
        keys_section("default") + keys_section("dev", OTHER_KEY_ID, OTHER_SECRET),
    )
    assert same_as_botocore().access_key_id == FAKE_KEY_ID


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ("aws_access_key_id", "aws_secret_access_key"),
        ("aws_secret_access_key", "aws_access_key_id"),
    ],
)
def test_partial_file_credentials_name_the_missing_key_and_file(
    home: Path, present: str, missing: str
) -> None:
    path = write(home, "credentials", f"[default]\n{present} = {FAKE_SECRET}\n")
    with pytest.raises(NoCredentialsError) as caught:
        resolve().credentials()
    message = str(caught.value)
    assert f"no {missing}" in message
    assert str(path) in message
    assert FAKE_SECRET not in message


def test_files_from_environment_expand_tilde_like_botocore(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "elsewhere").mkdir()
    (home / "elsewhere" / "creds").write_text(keys_section("default"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds")
    assert same_as_botocore().method == "shared-credentials-file"


def test_missing_files_mean_no_credentials_like_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    with pytest.raises(NoCredentialsError):
        resolve().credentials()
    assert botocores() is None


def test_empty_credentials_file_variable_names_no_file_like_botocore(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home, "credentials", keys_section("default"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "")
    with pytest.raises(NoCredentialsError):
        resolve().credentials()
    assert botocores() is None


# --- profile names (defect 12) ---------------------------------------------------------


def test_empty_profile_argument_is_refused_like_boto3(home: Path) -> None:
    write(home, "credentials", keys_section("default"))
    with pytest.raises(ConfigurationError, match="profile name from argument profile is empty"):
        resolve(profile="")
    with pytest.raises(botocore.exceptions.ProfileNotFound):
        botocore.session.Session(profile="").get_credentials()


def test_empty_aws_profile_is_refused_like_boto3(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home, "credentials", keys_section("default"))
    monkeypatch.setenv("AWS_PROFILE", "")
    with pytest.raises(ConfigurationError, match="environment variable AWS_PROFILE is empty"):
        resolve()
    with pytest.raises(botocore.exceptions.ProfileNotFound):
        botocore.session.Session().get_credentials()


def test_profile_named_in_environment_but_absent_is_an_error_like_botocore(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "missing")
    with pytest.raises(
        ConfigurationError, match=r"'missing' \(from environment variable AWS_PROFILE"
    ):
        resolve()
    with pytest.raises(botocore.exceptions.ProfileNotFound):
        botocore.session.Session().get_credentials()


# --- control characters (defect 4) -----------------------------------------------------


def test_token_wrapped_onto_two_lines_is_refused_naming_file_and_key(home: Path) -> None:
    path = write(
        home,
        "credentials",
        keys_section("default") + f"aws_session_token = {FAKE_TOKEN[:12]}\n  {FAKE_TOKEN[12:]}\n",
    )
    with pytest.raises(NoCredentialsError) as caught:
        resolve().credentials()
    message = str(caught.value)
    assert "aws_session_token" in message
    assert str(path) in message
    assert FAKE_TOKEN[:12] not in message
    assert FAKE_TOKEN[12:] not in message


def test_environment_value_with_control_characters_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_env_keys(monkeypatch, token=FAKE_TOKEN[:10] + "\n" + FAKE_TOKEN[10:])
    with pytest.raises(NoCredentialsError, match="AWS_SESSION_TOKEN in the environment") as caught:
        resolve().credentials()
    assert FAKE_TOKEN[:10] not in str(caught.value)
    assert FAKE_TOKEN[10:] not in str(caught.value)


# --- credential_process --------------------------------------------------------------------


def process_profile(home: Path, payload: Mapping[str, object], exit_code: int = 0) -> None:
    script = home / "creds.py"
    script.write_text(
        "import json, sys\n"
        f"print(json.dumps({dict(payload)!r}))\n"
        "print('helper diagnostics', file=sys.stderr)\n"
        f"sys.exit({exit_code})\n"
    )
    write(home, "config", f"[profile dev]\ncredential_process = {sys.executable} {script}\n")


def test_credential_process_static(home: Path) -> None:
    process_profile(
        home, {"Version": 1, "AccessKeyId": FAKE_KEY_ID, "SecretAccessKey": FAKE_SECRET}
    )
    assert same_as_botocore("dev") == Found("custom-process", FAKE_KEY_ID, FAKE_SECRET, None, None)


def test_credential_process_with_expiration_and_account(home: Path) -> None:
    process_profile(
        home,
        {
            "Version": 1,
            "AccessKeyId": FAKE_KEY_ID,
            "SecretAccessKey": FAKE_SECRET,
            "SessionToken": FAKE_TOKEN,
            "Expiration": iso_in(3600),
            "AccountId": "123456789012",
        },
    )
    found = same_as_botocore("dev")
    assert found == Found("custom-process", FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN, "123456789012")


def test_credential_process_version_other_than_1_is_refused(home: Path) -> None:
    process_profile(
        home, {"Version": 2, "AccessKeyId": FAKE_KEY_ID, "SecretAccessKey": FAKE_SECRET}
    )
    with pytest.raises(CredentialRetrievalError, match="Version 2"):
        resolve(profile="dev").credentials()
    with pytest.raises(botocore.exceptions.CredentialRetrievalError):
        botocores("dev")


def test_credential_process_failure_reports_stderr_not_stdout(home: Path) -> None:
    process_profile(
        home, {"Version": 1, "AccessKeyId": FAKE_KEY_ID, "SecretAccessKey": FAKE_SECRET}, 3
    )
    with pytest.raises(CredentialRetrievalError) as caught:
        resolve(profile="dev").credentials()
    assert "status 3: helper diagnostics" in str(caught.value)
    assert FAKE_SECRET not in str(caught.value)
    assert caught.value.method == "custom-process"


def test_credentials_file_keys_beat_credential_process_like_botocore(home: Path) -> None:
    write(home, "config", "[profile dev]\ncredential_process = /bin/false\n")
    write(home, "credentials", keys_section("dev"))
    assert same_as_botocore("dev").method == "shared-credentials-file"


# --- assume role ---------------------------------------------------------------------------


def role_profiles(home: Path, role_extra: str = "") -> None:
    write(
        home,
        "config",
        f"[profile dev]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n"
        f"role_session_name = alice\n{role_extra}",
    )
    write(home, "credentials", keys_section("base"))


def test_assume_role_with_source_profile(home: Path, aws: FakeAws) -> None:
    role_profiles(home, "external_id = ext-1\nduration_seconds = 1800\n")
    found = same_as_botocore("dev", region="eu-west-1")
    assert found.method == "assume-role"
    assert found.account_id == "111122223333"
    assert found.access_key_id.startswith("ASIAASSU")
    botocore_call, our_call = aws.seen("POST /")
    assert (
        our_call.form
        == botocore_call.form
        == {
            "Action": "AssumeRole",
            "Version": "2011-06-15",
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "alice",
            "ExternalId": "ext-1",
            "DurationSeconds": "1800",
        }
    )
    assert f"Credential={FAKE_KEY_ID}/" in our_call.headers["authorization"]
    assert "/eu-west-1/sts/aws4_request" in our_call.headers["authorization"]


def test_assume_role_default_session_name_is_botocores(home: Path, aws: FakeAws) -> None:
    write(home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n")
    write(home, "credentials", keys_section("base"))
    ours("dev")
    assert aws.seen("POST /")[0].form["RoleSessionName"].startswith("botocore-session-")


def test_role_chain_follows_source_profiles(home: Path, aws: FakeAws) -> None:
    write(
        home,
        "config",
        f"[profile dev]\nrole_arn = {OTHER_ROLE_ARN}\nsource_profile = middle\n"
        "role_session_name = chain\n"
        f"[profile middle]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n"
        "role_session_name = chain\n",
    )
    write(home, "credentials", keys_section("base"))
    found = same_as_botocore("dev", region="us-east-1")
    assert found.account_id == "999988887777"
    # Each client made two AssumeRole calls: first the middle role, then dev's.
    roles = [seen.form["RoleArn"] for seen in aws.seen("POST /")]
    assert roles == [ROLE_ARN, OTHER_ROLE_ARN] * 2


def test_role_profile_may_source_its_own_static_keys(home: Path, aws: FakeAws) -> None:
    write(home, "credentials", keys_section("dev"))
    write(home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\nsource_profile = dev\n")
    assert same_as_botocore("dev", region="us-east-1").method == "assume-role"


def test_source_profile_cycle_is_refused(home: Path, aws: FakeAws) -> None:
    write(
        home,
        "config",
        f"[profile a]\nrole_arn = {ROLE_ARN}\nsource_profile = b\n"
        f"[profile b]\nrole_arn = {ROLE_ARN}\nsource_profile = a\n",
    )
    with pytest.raises(ConfigurationError, match="loops: a -> b -> a"):
        resolve(profile="a").credentials()
    with pytest.raises(botocore.exceptions.InfiniteLoopConfigError):
        botocores("a")
    assert aws.requests == []


@pytest.mark.parametrize(
    ("extra", "botocore_error", "message"),
    [
        ("", botocore.exceptions.PartialCredentialsError, "neither source_profile"),
        (
            "source_profile = base\ncredential_source = Environment\n",
            botocore.exceptions.InvalidConfigError,
            "both source_profile and credential_source",
        ),
        (
            "source_profile = nowhere\n",
            botocore.exceptions.InvalidConfigError,
            "'nowhere' of profile 'dev' does not exist",
        ),
        (
            "credential_source = Somewhere\n",
            botocore.exceptions.InvalidConfigError,
            "credential_source 'Somewhere' of profile 'dev' is not valid",
        ),
    ],
)
def test_invalid_role_profiles_are_refused_like_botocore(
    home: Path, extra: str, botocore_error: type[Exception], message: str
) -> None:
    write(home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\n{extra}")
    write(home, "credentials", keys_section("base"))
    with pytest.raises(ConfigurationError, match=message):
        resolve(profile="dev").credentials()
    with pytest.raises(botocore_error):
        botocores("dev")


def test_mfa_serial_is_refused_clearly(home: Path, aws: FakeAws) -> None:
    role_profiles(home, "mfa_serial = arn:aws:iam::111122223333:mfa/alice\n")
    with pytest.raises(NoCredentialsError, match="cannot prompt for an MFA code"):
        resolve(profile="dev").credentials()
    assert aws.requests == []


def test_role_profile_is_not_silently_replaced_by_static_keys(home: Path, aws: FakeAws) -> None:
    write(home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\nsource_profile = dev\n")
    write(home, "credentials", keys_section("dev"))
    assert ours("dev").method == "assume-role"


def test_credential_source_environment(monkeypatch: pytest.MonkeyPatch, aws: FakeAws) -> None:
    set_env_keys(monkeypatch)
    write(
        Path(os.environ["HOME"]),
        "config",
        f"[profile dev]\nrole_arn = {ROLE_ARN}\ncredential_source = Environment\n",
    )
    assert same_as_botocore("dev", region="us-east-1").method == "assume-role"
    assert f"Credential={FAKE_KEY_ID}/" in aws.seen("POST /")[-1].headers["authorization"]


def test_credential_source_ec2_instance_metadata(home: Path, imds: FakeAws) -> None:
    write(
        home,
        "config",
        f"[profile dev]\nrole_arn = {ROLE_ARN}\ncredential_source = Ec2InstanceMetadata\n",
    )
    assert same_as_botocore("dev", region="us-east-1").method == "assume-role"
    imds_key = imds.keys("imds", "fake-instance-role")[0]
    assert f"Credential={imds_key}/" in imds.seen("POST /")[-1].headers["authorization"]


def test_credential_source_ecs_container(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    write(
        home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\ncredential_source = EcsContainer\n"
    )
    assert same_as_botocore("dev", region="us-east-1").method == "assume-role"


def test_credential_source_without_credentials_says_so(home: Path) -> None:
    write(
        home, "config", f"[profile dev]\nrole_arn = {ROLE_ARN}\ncredential_source = Environment\n"
    )
    with pytest.raises(NoCredentialsError, match="'Environment' of profile 'dev' found no"):
        resolve(profile="dev").credentials()
    with pytest.raises(botocore.exceptions.CredentialRetrievalError):
        botocores("dev")


def test_sts_error_is_typed_and_carries_the_code(home: Path, aws: FakeAws) -> None:
    role_profiles(home)
    aws.replies["POST /"] = [sts_error("AccessDenied", "User is not authorized to assume")]
    with pytest.raises(CredentialRetrievalError) as caught:
        resolve(profile="dev").credentials()
    assert caught.value.code == "AccessDenied"
    assert caught.value.method == "assume-role"
    assert "not authorized" in str(caught.value)
    assert len(aws.seen("POST /")) == 1  # not retried


def test_sts_throttling_is_retried(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("codegen.runtime._sts.time.sleep", lambda _seconds: None)
    role_profiles(home)
    aws.replies["POST /"] = [sts_error("Throttling", "Rate exceeded", 400)]
    with pytest.raises(CredentialRetrievalError, match="Throttling"):
        resolve(profile="dev").credentials()
    assert len(aws.seen("POST /")) == 3


# --- STS endpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "mode"),
    [
        (None, None),
        ("us-east-1", None),
        ("eu-west-1", "regional"),
        ("eu-west-1", "legacy"),
        ("af-south-1", "legacy"),
        ("cn-north-1", None),
        ("aws-global", None),
    ],
)
def test_sts_endpoint_matches_botocore(
    monkeypatch: pytest.MonkeyPatch, region: str | None, mode: str | None
) -> None:
    from codegen.runtime._credentials import ChainContext
    from codegen.runtime._profile_files import load_profile
    from codegen.runtime._sts import sts_endpoint

    if mode is not None:
        monkeypatch.setenv("AWS_STS_REGIONAL_ENDPOINTS", mode)
    client = botocore.session.Session().create_client(
        "sts", region_name=region, aws_access_key_id="a", aws_secret_access_key="b"
    )
    context = ChainContext(os.environ, load_profile(None, os.environ), region, no_endpoint_urls)
    url, _signing_region = sts_endpoint(context)
    assert url == client.meta.endpoint_url


# --- web identity ----------------------------------------------------------------------------


def web_identity_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    token_file = home / "token"
    token_file.write_text("eyJ-fake-web-identity-token")
    monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token_file))
    monkeypatch.setenv("AWS_ROLE_ARN", ROLE_ARN)
    monkeypatch.setenv("AWS_ROLE_SESSION_NAME", "pod-1")
    return token_file


def test_web_identity_from_environment(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    web_identity_env(home, monkeypatch)
    found = same_as_botocore(region="us-west-2")
    assert found.method == "assume-role-with-web-identity"
    assert found.account_id == "111122223333"
    botocore_call, our_call = aws.seen("POST /")
    assert our_call.form == botocore_call.form
    assert our_call.form["WebIdentityToken"] == "eyJ-fake-web-identity-token"
    assert "authorization" not in our_call.headers  # unsigned, as in botocore


def test_web_identity_token_file_is_read_again_at_refresh(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_file = web_identity_env(home, monkeypatch)
    aws.lifetime = 300  # inside the mandatory window: every use refreshes
    provider = resolve().credentials
    first = provider()
    token_file.write_text("eyJ-rotated-token")
    second = provider()
    assert first != second
    assert aws.seen("POST /")[-1].form["WebIdentityToken"] == "eyJ-rotated-token"


def test_web_identity_from_profile_and_explicit_profile_ignores_environment(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_file = web_identity_env(home, monkeypatch)
    write(
        home,
        "config",
        f"[profile dev]\nweb_identity_token_file = {token_file}\nrole_arn = {OTHER_ROLE_ARN}\n",
    )
    assert same_as_botocore("dev").account_id == "999988887777"


def test_web_identity_without_role_is_an_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    web_identity_env(home, monkeypatch)
    monkeypatch.delenv("AWS_ROLE_ARN")
    with pytest.raises(ConfigurationError, match="AWS_ROLE_ARN"):
        resolve().credentials()
    with pytest.raises(botocore.exceptions.InvalidConfigError):
        botocores()


# --- SSO -------------------------------------------------------------------------------------

SSO_CONFIG = """\
[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
"""
LEGACY_SSO_CONFIG = """\
[profile dev]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
"""


def test_sso_session_profile(home: Path, aws: FakeAws) -> None:
    write(home, "config", SSO_CONFIG)
    sso_cache(home, "corp", accessToken="cached-access-1", expiresAt=iso_in(3600))
    found = same_as_botocore("dev")
    assert found.method == "sso"
    assert found.account_id == "123456789012"
    botocore_call, our_call = aws.seen("GET /federation/credentials")
    assert (
        our_call.query
        == botocore_call.query
        == {
            "role_name": "ReadOnly",
            "account_id": "123456789012",
        }
    )
    assert our_call.headers["x-amz-sso_bearer_token"] == "cached-access-1"


def test_legacy_sso_profile_uses_the_start_url_cache_file(home: Path, aws: FakeAws) -> None:
    write(home, "config", LEGACY_SSO_CONFIG)
    sso_cache(home, "https://corp.awsapps.com/start", accessToken="cached-access-2",
              expiresAt=iso_in(3600))  # fmt: skip
    assert same_as_botocore("dev").method == "sso"


def test_expired_legacy_sso_token_says_to_log_in(home: Path, aws: FakeAws) -> None:
    write(home, "config", LEGACY_SSO_CONFIG)
    sso_cache(home, "https://corp.awsapps.com/start", accessToken="cached-access-3",
              expiresAt=iso_in(-60))  # fmt: skip
    with pytest.raises(CredentialRetrievalError, match="aws sso login --profile dev"):
        resolve(profile="dev").credentials()
    with pytest.raises(botocore.exceptions.UnauthorizedSSOTokenError):
        botocores("dev")
    assert aws.requests == []


def test_missing_sso_token_says_to_log_in(home: Path, aws: FakeAws) -> None:
    write(home, "config", SSO_CONFIG)
    with pytest.raises(CredentialRetrievalError, match="No cached SSO token for 'corp'"):
        resolve(profile="dev").credentials()


def test_sso_token_near_expiry_is_refreshed_and_cached(home: Path, aws: FakeAws) -> None:
    write(home, "config", SSO_CONFIG)
    cache = sso_cache(
        home,
        "corp",
        accessToken="cached-access-4",
        expiresAt=iso_in(300),
        refreshToken="old-refresh-token",
        clientId="client-id",
        clientSecret="client-secret",
        registrationExpiresAt=iso_in(86400),
    )
    found = ours("dev")
    assert found.method == "sso"
    (oidc_call,) = aws.seen("POST /token")
    assert json.loads(oidc_call.body) == {
        "grantType": "refresh_token",
        "clientId": "client-id",
        "clientSecret": "client-secret",
        "refreshToken": "old-refresh-token",
    }
    assert aws.seen("GET /federation/credentials")[0].headers["x-amz-sso_bearer_token"] == (
        "refreshed-access-0"
    )
    saved = json.loads(cache.read_text())
    assert saved["accessToken"] == "refreshed-access-0"
    assert saved["refreshToken"] == "new-refresh-token"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    # botocore reads the refreshed cache and gets the same credentials.
    assert botocores("dev") == found


def test_sso_portal_rejecting_the_token_says_to_log_in(home: Path, aws: FakeAws) -> None:
    write(home, "config", SSO_CONFIG)
    sso_cache(home, "corp", accessToken="revoked", expiresAt=iso_in(3600))
    with pytest.raises(CredentialRetrievalError, match="aws sso login --profile dev") as caught:
        resolve(profile="dev").credentials()
    assert caught.value.code == "UnauthorizedException"
    with pytest.raises(botocore.exceptions.UnauthorizedSSOTokenError):
        botocores("dev")


def test_sso_profile_missing_settings_is_refused(home: Path) -> None:
    write(home, "config", "[profile dev]\nsso_account_id = 1\nsso_role_name = R\n")
    with pytest.raises(ConfigurationError, match="missing: sso_start_url, sso_region"):
        resolve(profile="dev").credentials()
    with pytest.raises(botocore.exceptions.InvalidConfigError):
        botocores("dev")


def test_sso_cache_file_name_is_botocores() -> None:
    settings = _sso.SsoSettings("dev", "https://x/start", "eu-west-1", "1", "R", "corp")
    expected = botocore.utils.SSOTokenLoader()._generate_cache_key("https://x/start", "corp")
    assert _sso.token_cache_path(settings, "/h") == f"/h/.aws/sso/cache/{expected}.json"


# --- container ---------------------------------------------------------------------------------


def test_container_full_uri_with_token(aws: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic container-token")
    found = same_as_botocore()
    assert found.method == "container-role"
    assert found.account_id == "444455556666"
    assert aws.seen("GET /container/credentials")[-1].headers["authorization"] == (
        "Basic container-token"
    )


def test_eks_pod_identity_token_file_is_read_at_each_fetch(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_file = home / "eks-pod-identity-token"
    token_file.write_text("pod-token-1")
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", str(token_file))
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-is-set")
    assert same_as_botocore().method == "container-role"
    aws.lifetime = 300
    provider = resolve().credentials
    provider()
    token_file.write_text("pod-token-2")
    provider()
    assert aws.seen("GET /container/credentials")[-1].headers["authorization"] == "pod-token-2"


def test_container_relative_uri_goes_to_the_ecs_host(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = aws.url.removeprefix("http://")
    monkeypatch.setattr(_metadata, "_CONTAINER_HOST", aws.url)
    monkeypatch.setattr(botocore.utils.ContainerMetadataFetcher, "IP_ADDRESS", host)
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container/credentials")
    assert same_as_botocore().method == "container-role"
    assert "http://" + host == _metadata._CONTAINER_HOST


def test_container_full_uri_to_another_host_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://203.0.113.9/creds")
    with pytest.raises(ConfigurationError, match="only a loopback address"):
        resolve().credentials()
    with pytest.raises(ValueError, match="Unsupported host"):
        botocores()


def test_container_endpoint_failure_is_retried_then_raised(
    aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    aws.replies["GET /container/credentials"] = [(500, b"oops")]
    with pytest.raises(CredentialRetrievalError, match="HTTP 500"):
        resolve().credentials()
    assert len(aws.seen("GET /container/credentials")) == 3


# --- EC2 instance metadata ------------------------------------------------------------------------


def test_imds_v2(imds: FakeAws) -> None:
    found = same_as_botocore()
    assert found.method == "iam-role"
    token_call = imds.seen("PUT /latest/api/token")[-1]
    assert token_call.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"
    role_calls = imds.seen("GET /latest/meta-data/iam/security-credentials/fake-instance-role")
    assert role_calls[-1].headers["x-aws-ec2-metadata-token"] == IMDS_TOKEN


@pytest.mark.parametrize("status", [403, 404, 405])
def test_imds_falls_back_to_v1_when_token_refused(imds: FakeAws, status: int) -> None:
    imds.imds_v1 = True
    imds.replies["PUT /latest/api/token"] = [(status, b"")]
    assert same_as_botocore().method == "iam-role"
    assert "x-aws-ec2-metadata-token" not in imds.requests[-1].headers


def test_imds_v1_disabled_is_an_error(imds: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_V1_DISABLED", "true")
    imds.replies["PUT /latest/api/token"] = [(403, b"")]
    with pytest.raises(CredentialRetrievalError, match="IMDSv1 is disabled"):
        resolve().credentials()
    with pytest.raises(botocore.exceptions.MetadataRetrievalError):
        botocores()


def test_imds_without_a_role_means_nothing_found_like_botocore(imds: FakeAws) -> None:
    imds.replies["GET /latest/meta-data/iam/security-credentials/"] = [(404, b"")]
    with pytest.raises(NoCredentialsError, match="instance metadata service gave no"):
        resolve().credentials()
    assert botocores() is None


def test_imds_attempts_setting(imds: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3")
    role_route = "GET /latest/meta-data/iam/security-credentials/"
    imds.replies[role_route] = [(500, b""), (500, b""), (200, b"fake-instance-role")]
    assert ours().method == "iam-role"
    assert len(imds.seen("GET /latest/meta-data/iam/security-credentials/")) == 3


def test_imds_endpoint_from_profile(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    write(home, "config", f"[default]\nec2_metadata_service_endpoint = {aws.url}\n")
    assert same_as_botocore().method == "iam-role"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "http://169.254.169.254/"),
        ({"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"}, "http://[fd00:ec2::254]/"),
        ({"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv4"}, "http://169.254.169.254/"),
        ({"AWS_IMDS_USE_IPV6": "true"}, "http://[fd00:ec2::254]/"),
        (
            {
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://10.0.0.1:8080",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6",
            },
            "http://10.0.0.1:8080/",
        ),
    ],
)
def test_imds_base_url_matches_botocore(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    from codegen.runtime._credentials import ChainContext
    from codegen.runtime._profile_files import load_profile

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    session = botocore.session.Session()
    config = {
        "ec2_metadata_service_endpoint": session.get_config_variable(
            "ec2_metadata_service_endpoint"
        ),
        "ec2_metadata_service_endpoint_mode": botocore.utils.resolve_imds_endpoint_mode(session),
    }
    botocore_url = botocore.utils.InstanceMetadataFetcher(config=config).get_base_url()
    context = ChainContext(os.environ, load_profile(None, os.environ), None, no_endpoint_urls)
    assert _metadata._imds_base_url(context)[0] == expected
    assert botocore_url.rstrip("/") == expected.rstrip("/")


def test_invalid_imds_endpoint_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")
    with pytest.raises(ConfigurationError, match="IPv4 or IPv6"):
        resolve().credentials()
    with pytest.raises(botocore.exceptions.InvalidIMDSEndpointModeError):
        botocores()


# --- order of the chain ------------------------------------------------------------------


def test_chain_order_matches_botocore(
    home: Path, aws: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All sources configured; removing each in turn reveals the next, as in botocore."""
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.url)
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", aws.url + "/container/credentials")
    script = home / "creds.py"
    script.write_text(
        "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'AKIDPROCESS', "
        "'SecretAccessKey': 'process-secret'}))\n"
    )
    sso_cache(home, "corp", accessToken="cached-access-9", expiresAt=iso_in(3600))
    web_identity_env(home, monkeypatch)
    sections = {
        "role": f"role_arn = {ROLE_ARN}\nsource_profile = base\n",
        "sso": "sso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n",
        "process": f"credential_process = {sys.executable} {script}\n",
        "config_keys": f"aws_access_key_id = AKIDCONFIG\naws_secret_access_key = {OTHER_SECRET}\n",
    }
    expected_order = [
        "env",
        "assume-role",
        "assume-role-with-web-identity",
        "sso",
        "shared-credentials-file",
        "custom-process",
        "config-file",
        "container-role",
        "iam-role",
    ]
    set_env_keys(monkeypatch)
    seen: list[str] = []
    for method in expected_order:
        config_body = "".join(sections.values())
        write(
            home,
            "config",
            f"[default]\n{config_body}[sso-session corp]\nsso_start_url = https://corp/start\n"
            "sso_region = eu-central-1\n",
        )
        write(
            home,
            "credentials",
            keys_section("base")
            + (keys_section("default", OTHER_KEY_ID) if "shared" in sections else ""),
        )
        found = same_as_botocore(region="us-east-1")
        seen.append(found.method)
        assert found.method == method
        # Remove this source for the next round.
        if method == "env":
            monkeypatch.delenv("AWS_ACCESS_KEY_ID")
            monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
            sections["shared"] = ""
        elif method == "assume-role":
            del sections["role"]
        elif method == "assume-role-with-web-identity":
            monkeypatch.delenv("AWS_WEB_IDENTITY_TOKEN_FILE")
        elif method == "sso":
            del sections["sso"]
        elif method == "shared-credentials-file":
            del sections["shared"]
        elif method == "custom-process":
            del sections["process"]
        elif method == "config-file":
            del sections["config_keys"]
        elif method == "container-role":
            monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
    assert seen == expected_order


def test_nothing_found_says_what_to_set(home: Path) -> None:
    config = resolve()  # resolution is lazy: nothing raised yet
    with pytest.raises(NoCredentialsError) as caught:
        config.credentials()
    message = str(caught.value)
    for needle in (
        "AWS_ACCESS_KEY_ID",
        "aws_access_key_id",
        str(home / ".aws" / "credentials"),
        "credentials=",
        "AWS_EC2_METADATA_DISABLED",
    ):
        assert needle in message
    assert botocores() is None


def test_aws_login_profiles_are_refused_naming_the_source(home: Path) -> None:
    write(home, "config", "[profile dev]\nlogin_session = arn:aws:iam::1:user/x\n")
    with pytest.raises(NoCredentialsError, match="login_session"):
        resolve(profile="dev").credentials()


# --- resolution: lazy, once, thread-safe ---------------------------------------------------------


def test_credentials_resolve_lazily_then_stay_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    config = resolve()
    set_env_keys(monkeypatch)
    first = config.credentials()
    assert first.access_key_id == FAKE_KEY_ID
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", OTHER_KEY_ID)
    assert config.credentials() is first


def test_credentials_resolve_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env_keys(monkeypatch)
    threads_count = 8
    lookups: list[int] = []
    release = threading.Event()
    original = _credentials.credentials_from_env

    def slow_lookup(env: Mapping[str, str]) -> Credentials | None:
        lookups.append(1)
        release.wait(timeout=5)
        return original(env)

    monkeypatch.setattr(_credentials, "credentials_from_env", slow_lookup)
    provider = resolve().credentials
    all_started = threading.Barrier(threads_count + 1)
    results: list[Credentials] = []

    def worker() -> None:
        all_started.wait(timeout=5)
        results.append(provider())

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    all_started.wait(timeout=5)
    time.sleep(0.05)  # let every thread reach the provider while the first one is resolving
    release.set()
    for thread in threads:
        thread.join(timeout=5)
    assert len(results) == threads_count
    assert all(result is results[0] for result in results)
    assert len(lookups) == 1
