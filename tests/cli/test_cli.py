"""The generated command line, ``python -m generated.cognito_idp``: parity with ``aws cognito-idp``.

End-to-end tests run the command as a subprocess against moto's server on
127.0.0.1; in-process tests cover parsing and conversion with a fake client.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest

from generated.cognito_idp import (
    CustomDomainConfig,
    Failover,
    Routing,
    UpdateUserPoolDomainResponse,
)
from generated.cognito_idp._schema import Member, Scalar, Schema, Structure
from generated.cognito_idp.cli import _commands, _driver, _shorthand, _table

from ..conftest import ROOT
from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, moto_server

DOMAIN = "auth.example.com"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
OTHER_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/def"

# What `aws cognito-idp update-user-pool-domain --generate-cli-skeleton ...` prints
# for the pinned model (AWS CLI v2 picks a random enum value; we pin the first).
INPUT_SKELETON = """\
{
    "Domain": "",
    "UserPoolId": "",
    "ManagedLoginVersion": 0,
    "CustomDomainConfig": {
        "CertificateArn": "",
        "SecurityPolicy": "TLS_V1"
    },
    "Routing": {
        "Failover": {
            "SecondaryRegion": "",
            "PrimaryRoute53HealthCheckId": ""
        }
    }
}
"""
YAML_INPUT_SKELETON = """\
Domain: ''  # [REQUIRED] The name of the domain that you want to update.
UserPoolId: '' # [REQUIRED] The ID of the user pool that is associated with the domain you're updating.
ManagedLoginVersion: 0 # A version number that indicates the state of managed login for your domain.
CustomDomainConfig: # The configuration for a custom domain that hosts managed login for your application.
  CertificateArn: ''  # [REQUIRED] The Amazon Resource Name (ARN) of an Certificate Manager SSL certificate.
  SecurityPolicy: TLS_V1 # The security policy for the custom domain. Valid values are: TLS_V1, TLS_V1_2_2021, TLS_V1_3_2025.
Routing: # The routing configuration for the user pool domain.
  Failover:  # The failover configuration that specifies the secondary region and health check settings.
    SecondaryRegion: ''  # [REQUIRED] The secondary Amazon Web Services Region to use for failover when the primary region becomes unavailable.
    PrimaryRoute53HealthCheckId: '' # [REQUIRED] The ID of the Amazon Web Services Route53 healthcheck that controls routing.
"""  # noqa: E501 -- the AWS CLI does not wrap comments
OUTPUT_SKELETON = """\
{
    "ManagedLoginVersion": 0,
    "CloudFrontDomain": "CloudFrontDomain",
    "Routing": {
        "Failover": {
            "SecondaryRegion": "SecondaryRegion",
            "PrimaryRoute53HealthCheckId": "PrimaryRoute53HealthCheckId"
        }
    }
}
"""


def cloudfront_domain(certificate_arn: str) -> str:
    """The distribution moto reports for a custom domain: derived from the certificate."""
    return hashlib.md5(certificate_arn.encode()).hexdigest()[:16] + ".cloudfront.net"


@dataclass
class Emulator:
    endpoint_url: str
    user_pool_id: str


@pytest.fixture(scope="module")
def emulator(setup_client: ModuleType) -> Iterator[Emulator]:
    """moto with a user pool and its custom domain, made with the generated setup client."""
    with moto_server() as endpoint_url:
        client = setup_client.CognitoIdentityProviderClient(
            region=REGION,
            credentials=setup_client.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
            endpoint_url=endpoint_url,
        )
        with client:
            pool = client.create_user_pool(pool_name="cli-tests").user_pool
            assert pool is not None and pool.id is not None
            client.create_user_pool_domain(
                domain=DOMAIN,
                user_pool_id=pool.id,
                custom_domain_config=setup_client.CustomDomainConfig(certificate_arn=CERTIFICATE),
            )
        yield Emulator(endpoint_url, pool.id)


def run_cli(
    *args: str,
    extra_env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    module: str = "generated.cognito_idp",
) -> subprocess.CompletedProcess[str]:
    """Run the command line with fake credentials (conftest clears AWS_* in-process)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ["HOME"],
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
        "AWS_REGION": REGION,
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def update(emulator: Emulator, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("update-user-pool-domain", "--endpoint-url", emulator.endpoint_url, *args)


# --- end to end, against moto --------------------------------------------------------


def test_options_with_shorthand_update_the_domain_and_print_json_like_aws(
    emulator: Emulator,
) -> None:
    result = update(
        emulator,
        "--domain", DOMAIN,
        "--user-pool-id", emulator.user_pool_id,
        "--custom-domain-config", f"CertificateArn={OTHER_CERTIFICATE}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = {"CloudFrontDomain": cloudfront_domain(OTHER_CERTIFICATE)}
    assert result.stdout == json.dumps(expected, indent=4) + "\n"


def test_json_option_value_is_read_like_shorthand(emulator: Emulator) -> None:
    result = update(
        emulator,
        "--domain", DOMAIN,
        "--user-pool-id", emulator.user_pool_id,
        "--custom-domain-config", json.dumps({"CertificateArn": CERTIFICATE}),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"CloudFrontDomain": cloudfront_domain(CERTIFICATE)}


def test_cli_input_json_file_supplies_parameters_and_options_override_it(
    emulator: Emulator, tmp_path: Path
) -> None:
    given = {
        "Domain": DOMAIN,
        "UserPoolId": emulator.user_pool_id,
        "CustomDomainConfig": {"CertificateArn": CERTIFICATE},
    }
    (tmp_path / "input.json").write_text(json.dumps(given))
    result = update(
        emulator,
        "--cli-input-json", f"file://{tmp_path / 'input.json'}",
        "--custom-domain-config", f"CertificateArn={OTHER_CERTIFICATE}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"CloudFrontDomain": cloudfront_domain(OTHER_CERTIFICATE)}


def test_cli_input_yaml_supplies_parameters(emulator: Emulator) -> None:
    yaml_input = (
        f"Domain: {DOMAIN}\nUserPoolId: {emulator.user_pool_id}\n"
        f"CustomDomainConfig:\n  CertificateArn: {CERTIFICATE}\n"
    )
    result = update(emulator, "--cli-input-yaml", yaml_input)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"CloudFrontDomain": cloudfront_domain(CERTIFICATE)}


def test_cli_input_yaml_without_pyyaml_says_so_and_exits_252(tmp_path: Path) -> None:
    (tmp_path / "yaml.py").write_text("raise ImportError('no yaml here')\n")
    result = run_cli(
        "update-user-pool-domain", "--cli-input-yaml", "Domain: x",
        extra_env={"PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 252
    assert "--cli-input-yaml needs PyYAML, which is not installed" in result.stderr


def test_text_output_prints_tab_separated_values(
    emulator: Emulator, setup_client: ModuleType
) -> None:
    # A nested response: DescribeUserPoolDomain, from the setup package's command line.
    folder = Path(str(setup_client.__file__)).parent.parent
    result = run_cli(
        "describe-user-pool-domain", "--domain", DOMAIN,
        "--endpoint-url", emulator.endpoint_url, "--output", "text",
        extra_env={"PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"}, module=setup_client.__name__,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    fields = result.stdout.rstrip("\n").split("\t")
    assert fields[0] == "DOMAINDESCRIPTION"
    assert fields[2:] == [cloudfront_domain(CERTIFICATE), DOMAIN, "ACTIVE", emulator.user_pool_id]


def test_table_output_frames_the_response_under_the_operation_name(emulator: Emulator) -> None:
    result = update(
        emulator,
        "--domain", DOMAIN,
        "--user-pool-id", emulator.user_pool_id,
        "--custom-domain-config", f"CertificateArn={CERTIFICATE}",
        "--output", "table",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "---------------------------------------------------------\n"
        "|                 UpdateUserPoolDomain                  |\n"
        "+-------------------+-----------------------------------+\n"
        f"|  CloudFrontDomain |  {cloudfront_domain(CERTIFICATE)}  |\n"
        "+-------------------+-----------------------------------+\n"
    )


def test_bad_shorthand_exits_252_naming_the_option_and_the_position(emulator: Emulator) -> None:
    result = update(
        emulator,
        "--domain", DOMAIN,
        "--user-pool-id", emulator.user_pool_id,
        "--custom-domain-config", "CertificateArn",
    )  # fmt: skip
    assert result.returncode == 252
    assert result.stderr == (
        "\nError parsing parameter '--custom-domain-config': Expected: '=', received: 'EOF'"
        " for input:\nCertificateArn\n              ^\n"
    )


def test_missing_required_option_exits_252_with_the_usage(emulator: Emulator) -> None:
    result = update(emulator, "--user-pool-id", emulator.user_pool_id)
    assert result.returncode == 252
    assert result.stderr.startswith("usage: python -m generated.cognito_idp [options] <command>")
    assert result.stderr.endswith("error: the following arguments are required: --domain\n")


def test_missing_domain_exits_254_with_the_service_error(emulator: Emulator) -> None:
    result = update(
        emulator,
        "--domain", "missing.example.com",
        "--user-pool-id", emulator.user_pool_id,
        "--custom-domain-config", f"CertificateArn={CERTIFICATE}",
    )  # fmt: skip
    assert result.returncode == 254
    assert result.stdout == ""
    assert result.stderr.startswith(
        "\nAn error occurred (ResourceNotFoundException) when calling the "
        "UpdateUserPoolDomain operation: "
    )


def test_service_error_notes_when_the_attempts_ran_out_as_the_aws_cli_does(
    emulator: Emulator,
) -> None:
    result = run_cli(
        "update-user-pool-domain",
        "--endpoint-url", emulator.endpoint_url,
        "--domain", "missing.example.com",
        "--user-pool-id", emulator.user_pool_id,
        extra_env={"AWS_MAX_ATTEMPTS": "1"},
    )  # fmt: skip
    assert result.returncode == 254
    assert result.stderr.startswith(
        "\nAn error occurred (ResourceNotFoundException) when calling the "
        "UpdateUserPoolDomain operation (reached max retries: 0): "
    )


def test_unreachable_endpoint_exits_255_with_a_one_line_message() -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "us-east-1_Ab12Cd34E",
        "--endpoint-url", f"http://127.0.0.1:{port}",
    )  # fmt: skip
    assert result.returncode == 255
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Could not connect to the endpoint URL" in lines[0]
    assert "Traceback" not in result.stderr
    debug = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "us-east-1_Ab12Cd34E",
        "--endpoint-url", f"http://127.0.0.1:{port}", "--debug",
    )  # fmt: skip
    assert debug.returncode == 255
    assert "Traceback" in debug.stderr


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("input", INPUT_SKELETON), ("yaml-input", YAML_INPUT_SKELETON), ("output", OUTPUT_SKELETON)],
)
def test_skeletons_are_the_ones_the_aws_cli_prints(kind: str, expected: str) -> None:
    required = ["--domain", DOMAIN, "--user-pool-id", "us-east-1_Ab12Cd34E"]
    # "output" validates the command first, so it needs the required options.
    args = required if kind == "output" else []
    result = run_cli("update-user-pool-domain", "--generate-cli-skeleton", kind, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_help_shows_the_operation_and_member_documentation() -> None:
    result = run_cli("update-user-pool-domain", "--help")
    assert result.returncode == 0
    text = result.stdout
    assert "This operation updates the\n       branding version" in text
    assert "--custom-domain-config (structure)" in text
    assert "CertificateArn -> (string)" in text
    assert "The Amazon Resource Name (ARN) of an Certificate Manager SSL" in text
    assert "CertificateArn=string,SecurityPolicy=string" in text
    assert "Failover={SecondaryRegion=string,PrimaryRoute53HealthCheckId=string}" in text
    assert "GLOBAL OPTIONS" in text
    assert run_cli("update-user-pool-domain", "help").stdout == text


def test_debug_log_shows_the_call_but_never_the_secret_key(emulator: Emulator) -> None:
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", emulator.user_pool_id,
        "--endpoint-url", emulator.endpoint_url, "--debug",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Calling UpdateUserPoolDomain" in result.stderr
    assert '"POST / HTTP/1.1" 200' in result.stderr
    assert "Signature=<redacted>" in result.stderr
    assert FAKE_SECRET_KEY not in result.stderr


def test_a_vendored_copy_runs_under_another_package_name(tmp_path: Path) -> None:
    vendor = tmp_path / "myapp" / "_vendor"
    shutil.copytree(
        ROOT / "generated" / "cognito_idp",
        vendor / "cognito_idp",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    result = run_cli(
        "update-user-pool-domain", "--generate-cli-skeleton",
        cwd=tmp_path, module="myapp._vendor.cognito_idp",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == INPUT_SKELETON


# --- in process: parsing and conversion, with a fake client --------------------------


@dataclass
class FakeClient:
    """Records what the command line passes to the client."""

    calls: list[dict[str, object]] = field(default_factory=list)
    settings: _table.ClientSettings | None = None

    def update_user_pool_domain(self, **kwargs: object) -> UpdateUserPoolDomainResponse:
        self.calls.append(kwargs)
        return UpdateUserPoolDomainResponse(cloud_front_domain="d111111abcdef8.cloudfront.net")

    def close(self) -> None:
        pass


def run_in_process(
    args: Sequence[str], commands: Sequence[_table.Command[FakeClient]] | None = None
) -> tuple[int, str, str, FakeClient]:
    fake = FakeClient()

    def make_client(settings: _table.ClientSettings) -> FakeClient:
        fake.settings = settings
        return fake

    service = _table.Service(
        name="cognito-idp-lite",
        title="Cognito Identity Provider",
        version="0.1.0",
        commands=tuple(commands or _commands.SERVICE.commands),  # type: ignore[arg-type]
        docs={},
        make_client=make_client,
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    code = _driver.run(list(args), service, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue(), fake


def test_values_are_converted_to_member_types_and_models_before_the_call() -> None:
    code, stdout, stderr, fake = run_in_process(
        [
            "update-user-pool-domain",
            "--domain", DOMAIN,
            "--user-pool-id", "us-east-1_Ab12Cd34E",
            "--managed-login-version", "2",
            "--custom-domain-config", f"CertificateArn={CERTIFICATE},SecurityPolicy=TLS_V1_2_2021",
            "--routing", "Failover={SecondaryRegion=us-west-2,PrimaryRoute53HealthCheckId=abc}",
        ]
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    assert fake.calls == [
        {
            "domain": DOMAIN,
            "user_pool_id": "us-east-1_Ab12Cd34E",
            "managed_login_version": 2,
            "custom_domain_config": CustomDomainConfig(
                certificate_arn=CERTIFICATE, security_policy="TLS_V1_2_2021"
            ),
            "routing": Routing(
                failover=Failover(
                    secondary_region="us-west-2", primary_route53_health_check_id="abc"
                )
            ),
        }
    ]
    assert json.loads(stdout) == {"CloudFrontDomain": "d111111abcdef8.cloudfront.net"}


def test_file_reference_supplies_an_option_value(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"CertificateArn": CERTIFICATE}))
    code, _, stderr, fake = run_in_process(
        [
            "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
            "--custom-domain-config", f"file://{tmp_path / 'config.json'}",
        ]
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    assert fake.calls[0]["custom_domain_config"] == CustomDomainConfig(certificate_arn=CERTIFICATE)


def test_global_options_configure_the_client() -> None:
    code, _, stderr, fake = run_in_process(
        [
            "--region", "eu-west-1", "--profile", "dev", "--no-verify-ssl",
            "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
            "--endpoint-url", "http://localhost:5000",
            "--cli-connect-timeout", "3", "--cli-read-timeout", "0",
        ]
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    settings = fake.settings
    assert settings is not None
    assert (settings.region, settings.profile, settings.endpoint_url) == (
        "eu-west-1",
        "dev",
        "http://localhost:5000",
    )
    assert settings.verify is False
    connect, read = settings.timeout((10.0, 60.0))
    assert connect == 3.0
    assert read > 300 * 24 * 3600  # 0 means "no timeout", as in the AWS CLI


def test_json_parameters_of_the_wrong_type_are_reported_like_botocore() -> None:
    given = {"Domain": 5, "UserPoolId": "p_1", "Extra": 1, "CustomDomainConfig": {}}
    code, _, stderr, fake = run_in_process(
        ["update-user-pool-domain", "--cli-input-json", json.dumps(given)]
    )
    assert code == 252
    assert fake.calls == []
    assert stderr == (
        "\nParameter validation failed:\n"
        'Unknown parameter in input: "Extra", must be one of: Domain, UserPoolId, '
        "ManagedLoginVersion, CustomDomainConfig, Routing\n"
        "Invalid type for parameter Domain, value: 5, type: <class 'int'>, "
        "valid types: <class 'str'>\n"
        'Missing required parameter in CustomDomainConfig: "CertificateArn"\n'
    )


def test_a_non_integer_for_an_integer_member_exits_252() -> None:
    code, _, stderr, _ = run_in_process(
        [
            "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
            "--managed-login-version", "two",
        ]
    )  # fmt: skip
    assert code == 252
    assert "'--managed-login-version'" in stderr and "expected an integer" in stderr


def test_client_side_validation_errors_exit_252() -> None:
    code, _, stderr, fake = run_in_process(
        [
            "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
            "--generate-cli-skeleton", "output", "--custom-domain-config", "CertificateArn=short",
        ]
    )  # fmt: skip
    assert code == 252
    assert "custom_domain_config.certificate_arn: length 5 is below the minimum of 20" in stderr
    assert fake.settings is None  # no client was made


def test_unknown_options_exit_252() -> None:
    code, _, stderr, _ = run_in_process(
        ["update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p", "--colour", "x"]
    )
    assert code == 252
    assert stderr.endswith("error: Unknown options: --colour, x\n")


def synthetic_operation(
    option: _table.Option,
    target: Schema,
    response: dict[str, object],
    received: list[dict[str, object]],
) -> _table.Command[FakeClient]:
    """A one-option operation that records its parameters and answers ``response``."""

    def prepare(params: Mapping[str, object]) -> _table.PreparedCall[FakeClient]:
        received.append(dict(params))
        return _table.PreparedCall(_NoProblems(), lambda client: response)

    request = Structure("SyntheticRequest", "SyntheticRequest")
    request.define(Member(option.key, option.key.lower(), target))
    return _table.Command(
        name="synthetic",
        operation="Synthetic",
        input=request,
        output=None,
        options=(option,),
        prepare=prepare,
    )


class _NoProblems:
    """A request model with no members, so validation finds nothing to object to."""

    SCHEMA: ClassVar[Structure] = Structure("NoProblems", "NoProblems")


def test_boolean_options_come_as_a_flag_and_its_negation() -> None:
    received: list[dict[str, object]] = []
    flag = _table.Option("--enabled", "Enabled", negated_flag="--no-enabled")
    operation = synthetic_operation(flag, Scalar("Boolean", "boolean"), {}, received)
    for args in (["--enabled"], ["--no-enabled"], []):
        assert run_in_process(["synthetic", *args], [operation])[0] == 0
    assert received == [{"Enabled": True}, {"Enabled": False}, {}]


def test_datetimes_print_in_iso_8601_and_bytes_in_base64() -> None:
    when = datetime.datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=datetime.UTC)
    response: dict[str, object] = {"When": when, "Data": b"\x00\xffhi"}
    option = _table.Option("--name", "Name")
    operation = synthetic_operation(option, Scalar("String", "string"), response, [])
    code, stdout, _, _ = run_in_process(["synthetic"], [operation])
    assert code == 0
    assert json.loads(stdout) == {"When": when.astimezone().isoformat(), "Data": "AP9oaQ=="}


# --- the shorthand parser ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("CertificateArn=arn:aws:acm:x", {"CertificateArn": "arn:aws:acm:x"}),
        ("A=b,C=d", {"A": "b", "C": "d"}),
        ("A=b,c,D=e", {"A": ["b", "c"], "D": "e"}),
        ("A=[b,c],D={E=f,G=[h]}", {"A": ["b", "c"], "D": {"E": "f", "G": ["h"]}}),
        ('A=\'x,y\',B="q\\"r"', {"A": "x,y", "B": 'q"r'}),
        ("A=b\\,c", {"A": "b,c"}),
        ("A = b , C = d", {"A": "b", "C": "d"}),
        ("A=", {"A": ""}),
        ("A=b c", {"A": "b c"}),
    ],
)
def test_shorthand_parses_as_the_aws_cli_does(text: str, parsed: dict[str, object]) -> None:
    assert _shorthand.ShorthandParser().parse(text) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A", "Expected: '=', received: 'EOF' for input:\nA\n ^"),
        ("A=[b", "Expected: ',', received: 'EOF' for input:\nA=[b\n    ^"),
        ("A={B=c", "Expected: ',', received: 'EOF' for input:\nA={B=c\n      ^"),
        ("A=b,\nC==d", "Expected: ',', received: '=' for input:\nA=b,\nC==d\n  ^"),
        (
            "A=b,A=c",
            'Second instance of key "A" encountered for input:\nA=b,A=c\n    ^\n'
            'This is often because there is a preceding "," instead of a space.',
        ),
    ],
)
def test_bad_shorthand_points_at_the_position_of_the_error(text: str, message: str) -> None:
    with pytest.raises(_shorthand.ShorthandParseError) as caught:
        _shorthand.ShorthandParser().parse(text)
    assert str(caught.value) == message


def test_shorthand_key_at_equals_reads_the_value_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "arn.txt").write_text(CERTIFICATE)
    parsed = _shorthand.ShorthandParser().parse(f"CertificateArn@=file://{tmp_path / 'arn.txt'}")
    assert parsed == {"CertificateArn": CERTIFICATE}
