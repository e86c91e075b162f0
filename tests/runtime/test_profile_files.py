"""codegen/runtime/_profile_files.py: the shared files read as botocore.configloader reads them.

Every test passes its own environment mapping, so nothing here reads the
process environment or the developer's files.
"""

from __future__ import annotations

from pathlib import Path

import botocore.configloader
import pytest

from codegen.runtime._exceptions import ConfigurationError
from codegen.runtime._profile_files import Profile, Sourced, load_profile

CONFIG = """\
[default]
region = us-east-1

[profile dev]
region = eu-west-1
services = local
s3 =
  addressing_style = path
  use_arn_region = true

[profile "spaced name"]
region = ap-south-1

[dev]
region = ignored-not-a-profile

[services local]
cognito_identity_provider =
  endpoint_url = http://localhost:9229

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
"""

CREDENTIALS = """\
[dev]
region = from-credentials-file
aws_access_key_id = AKIDEXAMPLE
"""


@pytest.fixture
def home(home: Path) -> Path:
    """The shared clean HOME (``tests/conftest.py``) with a config and a credentials file."""
    (home / ".aws" / "config").write_text(CONFIG)
    (home / ".aws" / "credentials").write_text(CREDENTIALS)
    return home


def env_for(home: Path, **variables: str) -> dict[str, str]:
    return {"HOME": str(home), **variables}


# ------------------------------------------------------------ file locations


def test_files_default_to_dot_aws_under_home(home: Path) -> None:
    profile = load_profile(None, env_for(home))
    assert profile.config_path == f"{home}/.aws/config"
    assert profile.credentials_path == f"{home}/.aws/credentials"


def test_file_variables_expand_home_and_variables(home: Path) -> None:
    (home / "elsewhere").mkdir()
    (home / "elsewhere" / "cfg").write_text("[default]\nregion = sa-east-1\n")
    (home / "elsewhere" / "creds").write_text("[default]\nmax_attempts = 9\n")
    env = env_for(
        home,
        PLACE="elsewhere",
        AWS_CONFIG_FILE="~/$PLACE/cfg",
        AWS_SHARED_CREDENTIALS_FILE="~/${PLACE}/creds",
    )
    profile = load_profile(None, env)
    assert profile.config_path == f"{home}/elsewhere/cfg"
    assert profile.credentials_path == f"{home}/elsewhere/creds"
    assert profile.get("region") == Sourced(
        "sa-east-1", f"'region' of profile 'default' in {home}/elsewhere/cfg"
    )
    assert profile.get("max_attempts") is not None


def test_an_unknown_variable_in_a_path_is_left_as_written(home: Path) -> None:
    profile = load_profile(None, env_for(home, AWS_CONFIG_FILE="/nowhere/$UNSET/config"))
    assert profile.config_path == "/nowhere/$UNSET/config"
    assert profile.config_section == {}


def test_missing_files_are_empty(tmp_path: Path) -> None:
    profile = load_profile(None, env_for(tmp_path))
    assert (profile.config_section, profile.credentials_section, profile.services) == ({}, {}, {})


# ------------------------------------------------------------------ sections


def test_sections_match_botocores_profile_map(home: Path) -> None:
    expected = botocore.configloader.load_config(str(home / ".aws" / "config"))
    dev = load_profile("dev", env_for(home))
    assert dev.config_section == expected["profiles"]["dev"]
    assert dev.services == expected["services"]
    assert dev.sso_sessions == expected["sso_sessions"]
    spaced = load_profile("spaced name", env_for(home))
    assert spaced.config_section == expected["profiles"]["spaced name"]


def test_a_config_section_without_the_profile_prefix_is_not_a_profile(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[dev]\nregion = eu-west-1\n")
    with pytest.raises(ConfigurationError, match=r"was not found in .* \(as \[profile dev\]\)"):
        load_profile("dev", env_for(tmp_path, AWS_CONFIG_FILE=str(config)))


def test_a_later_section_for_the_same_profile_wins(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[profile default]\nregion = eu-west-1\n[default]\nregion = eu-west-2\n")
    profile = load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))
    assert profile.get("region") == Sourced(
        "eu-west-2", f"'region' of profile 'default' in {config}"
    )


def test_a_nested_block_becomes_a_mapping(home: Path) -> None:
    profile = load_profile("dev", env_for(home))
    assert profile.config_section["s3"] == {"addressing_style": "path", "use_arn_region": "true"}


def test_a_nested_value_where_a_single_value_is_expected_is_an_error(home: Path) -> None:
    profile = load_profile("dev", env_for(home))
    with pytest.raises(ConfigurationError, match=r"'s3' in profile 'dev' in .* not a nested block"):
        profile.get("s3")


def test_a_nested_line_without_equals_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\ns3 =\n  no-equals-here\n")
    with pytest.raises(ConfigurationError, match="nested block under 's3' in \\[default\\]"):
        load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("aws_secret_access_key = SECRET-IN-LINE\n", "MissingSectionHeaderError on line 1"),
        ("[default]\n[default]\nkey = SECRET-IN-LINE\n", "DuplicateSectionError on line 2"),
    ],
)
def test_an_unparsable_file_is_reported_without_its_lines(
    tmp_path: Path, text: str, kind: str
) -> None:
    config = tmp_path / "config"
    config.write_text(text)
    with pytest.raises(ConfigurationError) as caught:
        load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))
    assert f"Could not parse {config}: {kind}." == str(caught.value)
    assert "SECRET" not in str(caught.value)


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_bytes(b"[default]\nregion = \xff\n")
    with pytest.raises(ConfigurationError, match="not UTF-8"):
        load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))


# ---------------------------------------------------- the selected profile


def test_profile_selection_prefers_argument_then_default_profile_then_profile(home: Path) -> None:
    both = env_for(home, AWS_DEFAULT_PROFILE="dev", AWS_PROFILE="spaced name")
    assert load_profile("default", both).name == "default"
    assert load_profile(None, both).name == "dev"  # botocore's order
    assert load_profile(None, env_for(home, AWS_PROFILE="spaced name")).name == "spaced name"
    assert load_profile(None, env_for(home)).name == "default"


def test_only_an_argument_makes_the_profile_explicit(home: Path) -> None:
    assert load_profile("dev", env_for(home)).explicit
    assert not load_profile(None, env_for(home, AWS_PROFILE="dev")).explicit


def test_a_missing_profile_names_where_it_was_chosen(home: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_profile(None, env_for(home, AWS_PROFILE="prod"))
    assert str(caught.value) == (
        f"The profile 'prod' (from environment variable AWS_PROFILE) was not found in "
        f"{home}/.aws/config (as [profile prod]) or in {home}/.aws/credentials (as [prod])."
    )


def test_a_profile_only_in_the_credentials_file_exists(tmp_path: Path) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text("[ci]\naws_access_key_id = AKID\n")
    profile = load_profile("ci", env_for(tmp_path, AWS_SHARED_CREDENTIALS_FILE=str(credentials)))
    assert profile.credentials_section == {"aws_access_key_id": "AKID"}


def test_get_reads_the_credentials_file_before_the_config_file(home: Path) -> None:
    profile = load_profile("dev", env_for(home))
    assert profile.get("region") == Sourced(
        "from-credentials-file", f"'region' of the [dev] section of {home}/.aws/credentials"
    )
    assert profile.get("services") == Sourced(
        "local", f"'services' of profile 'dev' in {home}/.aws/config"
    )
    assert profile.get("absent") is None


def test_an_empty_value_counts_as_unset(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion =\n")
    profile = load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))
    assert profile.get("region") is None
    assert profile.has("region")


def test_the_services_section_is_found_by_name(home: Path) -> None:
    found = load_profile("dev", env_for(home)).services_section()
    assert found == Sourced(
        {"cognito_identity_provider": {"endpoint_url": "http://localhost:9229"}},
        f"the [services local] section of {home}/.aws/config",
    )
    assert load_profile("spaced name", env_for(home)).services_section() is None


def test_a_missing_services_section_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nservices = nowhere\n")
    profile = load_profile(None, env_for(tmp_path, AWS_CONFIG_FILE=str(config)))
    with pytest.raises(ConfigurationError, match=r"refers to \[services nowhere\]"):
        profile.services_section()


def test_the_profile_repr_shows_no_section_contents(home: Path) -> None:
    text = repr(load_profile("dev", env_for(home)))
    assert text.startswith("Profile(name='dev', explicit=True")
    assert "AKIDEXAMPLE" not in text
    assert isinstance(load_profile("dev", env_for(home)), Profile)
