"""The AWS CLI's everyday global options: --output yaml/yaml-stream and its defaults, --query,
--no-sign-request, --color, --version, a closed stdout pipe, --debug, command-line messages."""

from __future__ import annotations

import ast
import io
import json
import logging
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from generated.cognito_idp._exceptions import ConfigurationError, NoRegionError
from generated.cognito_idp._schema import Member, Scalar, Structure
from generated.cognito_idp.cli import _debug, _messages, _yaml

from ..conftest import ROOT
from ..emulator import FAKE_SECRET_KEY
from .test_cli import DOMAIN, Emulator, emulator, run_cli

__all__ = ["emulator"]  # the module-scoped moto fixture, shared with test_cli


def update_domain(
    emulator: Emulator, *args: str, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", emulator.user_pool_id,
        "--endpoint-url", emulator.endpoint_url, *args, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def served_domain(emulator: Emulator) -> str:
    """The CloudFrontDomain moto answers for the domain, as --output json shows it."""
    result = update_domain(emulator)
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["CloudFrontDomain"])


def blocked(tmp_path: Path, *modules: str) -> dict[str, str]:
    """An environment where importing ``modules`` fails, as when they are not installed."""
    for module in modules:
        (tmp_path / f"{module}.py").write_text("raise ImportError('not installed')\n")
    return {"PYTHONPATH": str(tmp_path)}


# --- --output yaml and yaml-stream --------------------------------------------------------

# What ruamel.yaml's safe dumper, as the AWS CLI v2 sets it up (block style), writes for
# RESPONSE: keys sorted, YAML 1.2 scalars ('yes' plain, '1e3' quoted), multi-line strings
# double-quoted, unicode kept. Produced with ruamel.yaml 0.18 once; kept here as text.
RESPONSE = {
    "Users": [
        {
            "Path": "/", "UserName": "Admin", "Arn": "arn:x",
            "CreateDate": "2014-10-16T16:03:09+00:00", "N": 1, "F": 1.5, "B": True, "E": None,
            "U": "héllo 日本", "L": "x " * 60, "Num": "123", "Empty": "",
            "Nested": {"z": 1, "a": []}, "Y": "yes", "O": "off", "ml": "a\nb", "colon": "a: b",
            "star": "*x", "tilde": "~", "nul": "null", "flt": "1e3", "oct": "0o17", "x": "0x1F",
            "dt": "2014-10-16", "tab": "a\tb",
        }
    ],
    "A": "yes",
    "LL": [[1, 2], []],
}  # fmt: skip
RUAMEL_YAML = """\
A: yes
LL:
- - 1
  - 2
- []
Users:
- Arn: arn:x
  B: true
  CreateDate: '2014-10-16T16:03:09+00:00'
  E: null
  Empty: ''
  F: 1.5
  L: 'x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
    x x x x x x x x x x x x x x x x x x x x x x '
  N: 1
  Nested:
    a: []
    z: 1
  Num: '123'
  O: off
  Path: /
  U: héllo 日本
  UserName: Admin
  Y: yes
  colon: 'a: b'
  dt: '2014-10-16'
  flt: '1e3'
  ml: "a\\nb"
  nul: 'null'
  oct: '0o17'
  star: '*x'
  tab: "a\\tb"
  tilde: '~'
  x: '0x1F'
"""


def test_yaml_is_written_as_the_aws_cli_v2_writes_it() -> None:
    stream = io.StringIO()
    _yaml.dump_yaml(RESPONSE, stream, "--output yaml")
    assert stream.getvalue() == RUAMEL_YAML


@pytest.mark.parametrize(
    ("value", "expected"),
    # awscli v2's tests/unit/test_formatter.py (TestYAMLDumper): scalars as JSON.
    [(1, "1\n"), (1.2, "1.2\n"), (True, "true\n"), ("foo", '"foo"\n'), (None, "null\n"),
     (["val1", "val2"], "- val1\n- val2\n"), ({"key": "val"}, "key: val\n")],
)  # fmt: skip
def test_yaml_scalars_and_simple_values_match_the_aws_cli(value: object, expected: str) -> None:
    stream = io.StringIO()
    _yaml.dump_yaml(value, stream, "--output yaml")
    assert stream.getvalue() == expected


def test_output_yaml_and_yaml_stream_print_the_response(emulator: Emulator) -> None:
    domain = served_domain(emulator)
    result = update_domain(emulator, "--output", "yaml")
    assert (result.returncode, result.stdout) == (0, f"CloudFrontDomain: {domain}\n"), result.stderr
    result = update_domain(emulator, "--output", "yaml-stream")
    assert (result.returncode, result.stdout) == (0, f"- CloudFrontDomain: {domain}\n")


def test_yaml_output_without_pyyaml_exits_252_before_sending(tmp_path: Path) -> None:
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
        "--endpoint-url", "http://127.0.0.1:9", "--output", "yaml",
        extra_env=blocked(tmp_path, "yaml"),
    )  # fmt: skip
    assert result.returncode == 252
    assert "--output yaml needs PyYAML, which is not installed" in result.stderr
    assert "Could not connect" not in result.stderr  # refused before anything was sent


def test_output_format_comes_from_option_then_environment_then_profile(
    emulator: Emulator, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\noutput = text\n")
    domain = served_domain(emulator)
    profile = {"AWS_CONFIG_FILE": str(config)}
    assert update_domain(emulator, extra_env=profile).stdout == f"{domain}\n"
    from_env = update_domain(emulator, extra_env={**profile, "AWS_DEFAULT_OUTPUT": "yaml"})
    assert from_env.stdout == f"CloudFrontDomain: {domain}\n"
    option = update_domain(
        emulator, "--output", "json", extra_env={**profile, "AWS_DEFAULT_OUTPUT": "yaml"}
    )
    assert option.stdout == f'{{\n    "CloudFrontDomain": "{domain}"\n}}\n'
    bad = update_domain(emulator, extra_env={"AWS_DEFAULT_OUTPUT": "xml"})
    assert bad.returncode == 252
    assert "Unknown output type 'xml' (from environment variable AWS_DEFAULT_OUTPUT)" in bad.stderr


# --- --query --------------------------------------------------------------------------------


def test_query_selects_from_the_response_with_jmespath(emulator: Emulator) -> None:
    domain = served_domain(emulator)
    result = update_domain(emulator, "--query", "CloudFrontDomain", "--output", "text")
    assert (result.returncode, result.stdout) == (0, f"{domain}\n"), result.stderr
    result = update_domain(emulator, "--query", "{d: CloudFrontDomain, n: length(@)}")
    assert result.stdout == f'{{\n    "d": "{domain}",\n    "n": 1\n}}\n'
    result = update_domain(emulator, "--query", "Missing")
    assert result.stdout == "null\n"


def test_bad_query_exits_252_before_sending() -> None:
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
        "--endpoint-url", "http://127.0.0.1:9", "--query", "Users[",
    )  # fmt: skip
    assert result.returncode == 252
    assert "argument --query: Bad value for --query Users[" in result.stderr


def test_query_without_jmespath_exits_252_with_a_clear_message(tmp_path: Path) -> None:
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
        "--endpoint-url", "http://127.0.0.1:9", "--query", "CloudFrontDomain",
        extra_env=blocked(tmp_path, "jmespath"),
    )  # fmt: skip
    assert result.returncode == 252
    assert "--query needs the jmespath package, which is not installed" in result.stderr


# --- --no-sign-request, --version, --color -----------------------------------------------


def test_no_sign_request_sends_without_credentials_or_signature(emulator: Emulator) -> None:
    no_credentials = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "HOME": "/nonexistent"}
    signed = update_domain(emulator, extra_env=no_credentials)
    assert signed.returncode == 253
    assert "Unable to locate credentials" in signed.stderr
    anonymous = update_domain(emulator, "--no-sign-request", "--debug", extra_env=no_credentials)
    assert anonymous.returncode == 0, anonymous.stderr
    assert "Authorization" not in anonymous.stderr
    assert "CanonicalRequest" not in anonymous.stderr


def test_version_names_the_tool_python_and_platform() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"cognito-idp-lite/0\.1\.0 Python/3\.\d+\.\d+\S* \w+/\S+\n", result.stdout)


@pytest.mark.parametrize(("color", "red"), [("on", True), ("off", False), ("auto", False)])
def test_color_paints_errors_red_when_on(color: str, red: bool) -> None:
    # the connection error is reported in red, or not
    result = run_cli(
        "--color", color, "update-user-pool-domain", "--domain", DOMAIN,
        "--user-pool-id", "p_1", "--endpoint-url", "http://127.0.0.1:9",
    )  # fmt: skip
    assert result.returncode == 255
    assert ("\x1b[31m" in result.stderr) is red  # auto: stderr is a pipe here


# --- a closed pipe --------------------------------------------------------------------------


def test_output_into_a_closed_pipe_is_silent_and_exits_0() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "generated.cognito_idp", "update-user-pool-domain", "help"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the command writes
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert stderr == b""


def test_output_piped_into_head_is_silent_and_exits_0() -> None:
    result = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m generated.cognito_idp update-user-pool-domain help'
         ' | head -c 1; echo "rc=${PIPESTATUS[0]}" >&2'],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.stdout, result.stderr) == ("N", "rc=0\n")


# --- --debug --------------------------------------------------------------------------------


def test_debug_shows_signing_and_http_but_no_secret(emulator: Emulator) -> None:
    token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"
    result = update_domain(emulator, "--debug", extra_env={"AWS_SESSION_TOKEN": token})
    assert result.returncode == 0, result.stderr
    stderr = result.stderr
    for shown in ("CanonicalRequest:\nPOST\n/\n", "StringToSign:\nAWS4-HMAC-SHA256",
                  "Sending http request: POST", "X-Amz-Target", f'"Domain": "{DOMAIN}"',
                  "Response headers:", "Response body:\n{\"CloudFrontDomain\"",
                  "Signature=<redacted>", "x-amz-security-token:<redacted>"):  # fmt: skip
        assert shown in stderr
    assert token not in stderr
    assert FAKE_SECRET_KEY not in stderr
    assert not re.search(r"Signature=[0-9a-f]{64}", stderr)


def test_debug_session_hides_sensitive_members_of_bodies(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    secret = Structure("Secret", "Secret")
    secret.define(
        Member("Name", "name", Scalar("Name", "string")),
        Member("Password", "password", Scalar("Password", "string", sensitive=True)),
    )
    session = _debug.DebugSession(SimpleNamespace(input=secret, output=secret))  # type: ignore[arg-type]
    request = requests.Request(
        "POST", emulator.endpoint_url, data=b'{"Name": "n", "Password": "hunter2-value"}',
        headers={"Authorization": "AWS4-HMAC-SHA256 Credential=A/x, Signature=abcdef0123",
                 "X-Amz-Security-Token": "token-value"},
    ).prepare()  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        session.send(request, timeout=10).close()
    text = caplog.text
    assert '"Name": "n"' in text and '"Password": "***"' in text
    for secret_value in ("hunter2-value", "abcdef0123", "token-value"):
        assert secret_value not in text


# --- messages in the command line's words ---------------------------------------------------


def test_no_region_says_which_option_and_variable_to_set() -> None:
    result = run_cli(
        "update-user-pool-domain", "--domain", DOMAIN, "--user-pool-id", "p_1",
        extra_env={"AWS_REGION": "", "HOME": "/nonexistent"},
    )  # fmt: skip
    assert result.returncode == 253
    assert "set --region, or AWS_REGION" in result.stderr
    assert "region=" not in result.stderr


def _library_messages() -> list[str]:
    """Every string literal of the client's runtime that advises a keyword argument or a command."""
    found = []
    for path in sorted((ROOT / "generated" / "cognito_idp").glob("_*.py")):
        tree = ast.parse(path.read_text())
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            if isinstance(node, ast.JoinedStr):
                text = "".join(
                    part.value
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                    else "{x}"
                    for part in node.values
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if re.search(r"\bpass \w+=|to the client|`aws ", text):
                found.append(text)
    return found


def test_every_library_message_is_retold_in_command_line_words() -> None:
    messages = _library_messages()
    assert messages  # the audit finds what it looks for
    for text in messages:
        retold = _messages.for_command_line(ConfigurationError(text))
        assert not re.search(r"\bpass \w+=|to the client|`aws ", retold), retold
    assert "--region" in _messages.for_command_line(NoRegionError("pass region=..."))
