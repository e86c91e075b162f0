"""codegen/runtime/_config.py: configuration as the AWS CLI and boto3 do.

Credentials are tested in test_credentials.py.

Every test runs with a temporary HOME and no AWS_* variables, and writes the
shared files it needs.  Where botocore defines the behaviour, the result is
cross-checked against botocore itself with the same environment and files.
"""

from __future__ import annotations

import configparser
from pathlib import Path

import botocore.exceptions
import botocore.session
import pytest

from codegen.runtime._config import (
    Credentials,
    ResolvedConfig,
    resolve_config,
)
from codegen.runtime._exceptions import (
    ConfigurationError,
    InvalidEndpointError,
)

# Obviously fake values, searched for in every repr and error message.
FAKE_KEY_ID = "AKIAFAKEKEYID00WXYZ"
FAKE_SECRET = "FAKE-SECRET-must-never-appear"
FAKE_TOKEN = "FAKE-TOKEN-must-never-appear"
OTHER_KEY_ID = "AKIAOTHERKEYID0ABCD"
OTHER_SECRET = "OTHER-SECRET-must-never-appear"

SERVICE_ENV = "COGNITO_IDENTITY_PROVIDER"
SERVICE_KEY = "cognito_identity_provider"


def write_config(home: Path, text: str) -> Path:
    path = home / ".aws" / "config"
    path.write_text(text)
    return path


def write_credentials(home: Path, text: str) -> Path:
    path = home / ".aws" / "credentials"
    path.write_text(text)
    return path


def keys_section(
    header: str, key_id: str = FAKE_KEY_ID, secret: str = FAKE_SECRET, token: str | None = None
) -> str:
    """An INI section holding static keys, e.g. ``keys_section("profile dev")``."""
    text = f"[{header}]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
    return text + (f"aws_session_token = {token}\n" if token else "")


def resolve(**overrides: object) -> ResolvedConfig:
    arguments: dict[str, object] = {
        "region": None,
        "profile": None,
        "credentials": None,
        "endpoint_url": None,
        "use_fips": None,
        "use_dualstack": None,
        "max_attempts": None,
        "service_env_name": SERVICE_ENV,
        "service_config_key": SERVICE_KEY,
    }
    arguments.update(overrides)
    return resolve_config(**arguments)  # type: ignore[arg-type]


def botocore_endpoint_url(profile: str | None = None) -> str:
    session = botocore.session.Session(profile=profile)
    client = session.create_client(
        "cognito-idp",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="example",
    )
    return str(client.meta.endpoint_url)


# --- profile selection and files --------------------------------------------------


def test_profile_defaults_to_default() -> None:
    assert resolve().profile == "default"


def test_profile_from_aws_profile(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, "[profile dev]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_PROFILE", "dev")
    config = resolve()
    assert (config.profile, config.region) == ("dev", "eu-west-1")


def test_profile_from_aws_default_profile(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, "[profile dev]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "dev")
    assert resolve().profile == "dev"


def test_aws_default_profile_beats_aws_profile_like_botocore(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(home, "[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-2\n")
    monkeypatch.setenv("AWS_PROFILE", "a")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "b")
    assert resolve().profile == "b"
    assert botocore.session.Session().get_config_variable("profile") == "b"


def test_explicit_profile_beats_environment(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, "[profile a]\n[profile b]\n")
    monkeypatch.setenv("AWS_PROFILE", "a")
    assert resolve(profile="b").profile == "b"


def test_missing_named_profile_names_it_and_both_files(home: Path) -> None:
    config_path = write_config(home, "[profile dev]\n")
    with pytest.raises(ConfigurationError) as caught:
        resolve(profile="prod")
    message = str(caught.value)
    assert "'prod'" in message
    assert str(config_path) in message
    assert str(home / ".aws" / "credentials") in message
    with pytest.raises(botocore.exceptions.ProfileNotFound):
        botocore.session.Session(profile="prod").get_scoped_config()


def test_missing_profile_from_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "prod")
    with pytest.raises(ConfigurationError, match="AWS_PROFILE"):
        resolve()


def test_missing_default_profile_is_fine_unless_named() -> None:
    assert resolve().region is None
    with pytest.raises(ConfigurationError, match="'default'"):
        resolve(profile="default")


def test_profile_only_in_credentials_file_exists(home: Path) -> None:
    write_credentials(home, keys_section("ci"))
    assert resolve(profile="ci").credentials().access_key_id == FAKE_KEY_ID


def test_config_sections_without_profile_prefix_are_not_profiles(home: Path) -> None:
    write_config(home, "[dev]\nregion = eu-west-1\n")
    with pytest.raises(ConfigurationError):
        resolve(profile="dev")


def test_quoted_profile_names_and_nested_blocks(home: Path) -> None:
    write_config(
        home,
        '[profile "my team"]\nregion = ap-south-1\ns3 =\n  addressing_style = path\n'
        "  signature_version = s3v4\n",
    )
    assert resolve(profile="my team").region == "ap-south-1"
    assert botocore.session.Session(profile="my team").get_config_variable("region") == (
        "ap-south-1"
    )


def test_later_default_section_wins_like_botocore(home: Path) -> None:
    write_config(home, "[profile default]\nregion = eu-west-1\n[default]\nregion = eu-west-2\n")
    assert resolve().region == "eu-west-2"
    assert botocore.session.Session().get_config_variable("region") == "eu-west-2"


def test_file_locations_from_environment(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cfg").write_text("[default]\nregion = sa-east-1\n")
    (elsewhere / "creds").write_text(keys_section("default"))
    monkeypatch.setenv("WHERE", str(elsewhere))
    monkeypatch.setenv("AWS_CONFIG_FILE", "$WHERE/cfg")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(elsewhere / "creds"))
    config = resolve()
    assert config.region == "sa-east-1"
    assert config.credentials().access_key_id == FAKE_KEY_ID


def test_tilde_expands_with_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "custom").write_text("[default]\nregion = eu-north-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", "~/custom")
    assert resolve().region == "eu-north-1"


def test_explicit_environ_mapping_is_used_instead_of_os_environ(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_home = tmp_path / "other"
    (other_home / ".aws").mkdir(parents=True)
    write_config(other_home, "[default]\nregion = us-west-2\n")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    config = resolve(environ={"HOME": str(other_home)})
    assert config.region == "us-west-2"


def test_each_file_is_read_once(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, "[default]\nregion = eu-west-1\nservices = local\n[services local]\n")
    write_credentials(home, keys_section("default"))
    reads: list[str] = []
    original = configparser.RawConfigParser.read

    def counting_read(
        self: configparser.RawConfigParser, filenames: str, encoding: str | None = None
    ) -> list[str]:
        reads.append(str(filenames))
        return original(self, filenames, encoding)

    monkeypatch.setattr(configparser.RawConfigParser, "read", counting_read)
    config = resolve()
    config.credentials()
    assert sorted(reads) == sorted(
        [str(home / ".aws" / "config"), str(home / ".aws" / "credentials")]
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"[default]\naws_access_key_id = k\n{FAKE_SECRET}\n", 3),  # ParsingError
        (f"aws_secret_access_key = {FAKE_SECRET}\n", 1),  # MissingSectionHeaderError
        (f"[default]\nregion = a\nregion = {FAKE_SECRET}\n", 3),  # DuplicateOptionError
    ],
)
def test_unparsable_file_names_the_path_without_echoing_content(
    home: Path, text: str, line: int
) -> None:
    path = write_credentials(home, text)
    with pytest.raises(ConfigurationError) as caught:
        resolve()
    assert str(path) in str(caught.value)
    assert f"line {line}" in str(caught.value)
    assert FAKE_SECRET not in str(caught.value)


# --- region -----------------------------------------------------------------------


def test_region_precedence(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, "[default]\nregion = eu-west-3\n")
    assert resolve().region == "eu-west-3"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    assert resolve().region == "eu-west-2"
    assert botocore.session.Session().get_config_variable("region") == "eu-west-2"
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert resolve().region == "eu-west-1"
    assert resolve(region="us-east-2").region == "us-east-2"


def test_region_is_none_when_unset() -> None:
    assert resolve().region is None


def test_region_from_selected_profile_matches_botocore(home: Path) -> None:
    write_config(home, "[default]\nregion = us-east-1\n[profile dev]\nregion = ca-central-1\n")
    assert resolve(profile="dev").region == "ca-central-1"
    assert botocore.session.Session(profile="dev").get_config_variable("region") == ("ca-central-1")


def test_region_in_credentials_file_is_merged_like_botocore(home: Path) -> None:
    write_config(home, "[default]\nregion = us-east-1\n")
    write_credentials(home, "[default]\nregion = me-south-1\n")
    assert resolve().region == "me-south-1"
    assert botocore.session.Session().get_config_variable("region") == "me-south-1"


def test_invalid_region_names_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1.evil.example/")
    with pytest.raises(ConfigurationError, match="AWS_DEFAULT_REGION"):
        resolve()
    with pytest.raises(ConfigurationError, match="argument region"):
        resolve(region="not a region")


# --- endpoint URL --------------------------------------------------------------------


@pytest.fixture
def endpoint_files(home: Path) -> None:
    write_config(
        home,
        "[default]\nendpoint_url = https://profile.example\nservices = local\n"
        "[services local]\ncognito_identity_provider =\n"
        "  endpoint_url = http://services.example:9229\n",
    )


@pytest.mark.usefixtures("endpoint_files")
def test_endpoint_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve().endpoint_url == "http://services.example:9229"
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://global-env.example")
    assert resolve().endpoint_url == "https://global-env.example"
    monkeypatch.setenv(f"AWS_ENDPOINT_URL_{SERVICE_ENV}", "https://service-env.example")
    assert resolve().endpoint_url == "https://service-env.example"
    assert botocore_endpoint_url() == "https://service-env.example"
    assert resolve(endpoint_url="http://localhost:9229").endpoint_url == "http://localhost:9229"


def test_endpoint_url_from_services_section_matches_botocore(endpoint_files: None) -> None:
    assert resolve().endpoint_url == botocore_endpoint_url() == "http://services.example:9229"


def test_endpoint_url_from_profile(home: Path) -> None:
    write_config(home, "[profile dev]\nendpoint_url = https://profile.example\n")
    assert resolve(profile="dev").endpoint_url == "https://profile.example"
    assert botocore_endpoint_url("dev") == "https://profile.example"


def test_endpoint_url_defaults_to_none() -> None:
    assert resolve().endpoint_url is None


@pytest.mark.usefixtures("endpoint_files")
def test_ignore_configured_endpoint_urls_from_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(f"AWS_ENDPOINT_URL_{SERVICE_ENV}", "https://service-env.example")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True")
    assert resolve().endpoint_url is None
    assert botocore_endpoint_url() == "https://cognito-idp.us-east-1.amazonaws.com"
    assert resolve(endpoint_url="http://localhost:1").endpoint_url == "http://localhost:1"


def test_ignore_configured_endpoint_urls_from_config(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(
        home,
        "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = https://x.example\n",
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://global-env.example")
    assert resolve().endpoint_url is None


def test_services_reference_to_missing_section(home: Path) -> None:
    write_config(home, "[default]\nservices = nowhere\n")
    with pytest.raises(ConfigurationError, match=r"\[services nowhere\]"):
        resolve()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example",
        "localhost:9229",
        "https://",
        "https:///path-only",
        f"https://user:{FAKE_SECRET}@host.example",
        "https://bad host.example",
        "https://host.example:99999",
        "https://host.example\n",
        "https://-leading-dash.example",
        "",
    ],
)
def test_invalid_endpoint_urls_name_the_source_and_not_the_value(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    if url:  # an empty variable counts as unset
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        with pytest.raises(InvalidEndpointError) as from_env:
            resolve()
        assert "AWS_ENDPOINT_URL" in str(from_env.value)
        assert FAKE_SECRET not in str(from_env.value)
    # An empty argument is an error, as in boto3 (issue 12, defect 1).
    with pytest.raises(InvalidEndpointError, match="argument endpoint_url"):
        resolve(endpoint_url=url)


def test_invalid_endpoint_url_in_config_names_the_file(home: Path) -> None:
    path = write_config(home, "[default]\nendpoint_url = localhost:9229\n")
    with pytest.raises(InvalidEndpointError, match=str(path)):
        resolve()


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:9229",
        "https://cognito-idp.eu-west-1.amazonaws.com",
        "http://127.0.0.1:5000/prefix/",
        "https://[::1]:8443",
        "HTTPS://Upper.Example",
    ],
)
def test_valid_endpoint_urls(url: str) -> None:
    assert resolve(endpoint_url=url).endpoint_url == url


# --- FIPS, dual-stack, max attempts -------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "variable", "key"),
    [
        ("use_fips", "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
        ("use_dualstack", "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
    ],
)
def test_boolean_precedence(
    home: Path, monkeypatch: pytest.MonkeyPatch, argument: str, variable: str, key: str
) -> None:
    def value() -> bool:
        return bool(getattr(resolve(), argument))

    assert value() is False
    write_config(home, f"[default]\n{key} = TRUE\n")
    assert value() is True
    monkeypatch.setenv(variable, "false")
    assert value() is False
    assert botocore.session.Session().get_config_variable(key) is False
    monkeypatch.setenv(variable, "True")
    assert value() is True
    assert getattr(resolve(**{argument: False}), argument) is False


@pytest.mark.parametrize("text", ["true", "TRUE", "tRuE", "false", "yes", "1", "on"])
def test_booleans_parse_like_botocore(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("AWS_USE_FIPS_ENDPOINT", text)
    expected = botocore.session.Session().get_config_variable("use_fips_endpoint")
    assert resolve().use_fips is expected


def test_max_attempts_precedence(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve().max_attempts == 3
    write_config(home, "[default]\nmax_attempts = 7\n")
    assert resolve().max_attempts == 7
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "5")
    assert resolve().max_attempts == 5
    assert botocore.session.Session().get_config_variable("max_attempts") == 5
    assert resolve(max_attempts=1).max_attempts == 1


@pytest.mark.parametrize("text", ["0", "-1", "abc", "2.5", ""])
def test_invalid_max_attempts_names_the_source(
    home: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    if not text:  # the empty string counts as unset
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", text)
        assert resolve().max_attempts == 3
        return
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", text)
    with pytest.raises(ConfigurationError, match="AWS_MAX_ATTEMPTS"):
        resolve()
    monkeypatch.delenv("AWS_MAX_ATTEMPTS")
    path = write_config(home, f"[default]\nmax_attempts = {text}\n")
    with pytest.raises(ConfigurationError, match=str(path)):
        resolve()


@pytest.mark.parametrize("value", [0, -3, True])
def test_invalid_explicit_max_attempts(value: int) -> None:
    with pytest.raises(ConfigurationError, match="max_attempts"):
        resolve(max_attempts=value)


# --- secrets stay secret --------------------------------------------------------------------


def assert_no_secrets(*texts: str) -> None:
    for text in texts:
        assert FAKE_SECRET not in text
        assert FAKE_TOKEN not in text
        assert FAKE_KEY_ID not in text


def test_resolved_config_with_explicit_credentials_never_shows_secrets() -> None:
    config = resolve(credentials=Credentials(FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN))
    assert_no_secrets(repr(config), str(config), repr(config.credentials))


def test_resolved_config_with_file_credentials_never_shows_secrets(home: Path) -> None:
    write_credentials(home, keys_section("default", token=FAKE_TOKEN))
    config = resolve()
    resolved = config.credentials()  # now cached inside the provider
    assert resolved.secret_access_key == FAKE_SECRET
    assert_no_secrets(repr(config), str(config), repr(config.credentials), str(resolved))
