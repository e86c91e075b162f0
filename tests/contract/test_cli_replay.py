"""The same cassettes through the generated command line: both faces share one contract.

Each cassette's call is made as ``cognito-idp-lite update-user-pool-domain ...``
(``cli.main`` in-process) under vcrpy, with the recorded region, endpoint and
attempts; the output is held against what botocore reads from the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest

from generated.cognito_idp import cli

from . import oracle
from .cassettes import RecordedCassette, recorded_cassettes, response_body, response_headers
from .replay import REPLAY_CREDENTIALS, backoff_without_sleeping, replaying

CASSETTES = recorded_cassettes()
SUCCESSES = [cassette for cassette in CASSETTES if cassette.succeeded]
FAILURES = [cassette for cassette in CASSETTES if not cassette.succeeded]
SERVICE_ERROR_EXIT = 254

# The AWS CLI adds " (reached max retries: N)" when the attempts ran out; allowed, not required.
SERVICE_ERROR = re.compile(
    r"\nAn error occurred \((?P<code>[^)]*)\) when calling the UpdateUserPoolDomain operation"
    r"(?: \(reached max retries: \d+\))?: (?P<message>.*)\n",
    re.DOTALL,
)


def shorthand(structure: Mapping[str, Any]) -> str:
    """``Key=value,Other=value``: the AWS CLI's shorthand for a flat structure."""
    return ",".join(f"{name}={value}" for name, value in structure.items())


def command_line(cassette: RecordedCassette) -> list[str]:
    parameters = cassette.parameters
    argv = [
        "--region",
        cassette.region,
        "--endpoint-url",
        cassette.endpoint_url,
        "update-user-pool-domain",
        "--domain",
        parameters["Domain"],
        "--user-pool-id",
        parameters["UserPoolId"],
    ]
    if "ManagedLoginVersion" in parameters:
        argv += ["--managed-login-version", str(parameters["ManagedLoginVersion"])]
    if "CustomDomainConfig" in parameters:
        argv += ["--custom-domain-config", shorthand(parameters["CustomDomainConfig"])]
    if "Routing" in parameters:
        argv += ["--routing", json.dumps(parameters["Routing"])]
    return argv


def botocore_reading(cassette: RecordedCassette) -> dict[str, Any]:
    response = cassette.final_response
    return oracle.parse_response(
        response["status"]["code"], response_headers(response), response_body(response)
    )


@pytest.fixture(autouse=True)
def _cli_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials as the AWS CLI reads them; the region and endpoint come as options."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", REPLAY_CREDENTIALS.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", REPLAY_CREDENTIALS.secret_access_key)


def run_cli(
    cassette: RecordedCassette, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", str(cassette.max_attempts))
    with backoff_without_sleeping(), replaying(cassette) as played:
        exit_code = cli.main(command_line(cassette))
    captured = capsys.readouterr()
    assert played.all_played, captured.err
    return exit_code, captured.out, captured.err


@pytest.mark.parametrize("cassette", SUCCESSES, ids=lambda c: c.id)
def test_cli_prints_the_response_botocore_reads(
    cassette: RecordedCassette,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exit_code, out, err = run_cli(cassette, monkeypatch, capsys)
    assert (exit_code, err) == (0, "")
    expected = botocore_reading(cassette)
    expected.pop("ResponseMetadata")
    assert json.loads(out) == expected


@pytest.mark.parametrize("cassette", FAILURES, ids=lambda c: c.id)
def test_cli_reports_the_service_error_as_the_aws_cli_does(
    cassette: RecordedCassette,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exit_code, out, err = run_cli(cassette, monkeypatch, capsys)
    assert (exit_code, out) == (SERVICE_ERROR_EXIT, ""), err
    reported = SERVICE_ERROR.fullmatch(err)
    assert reported is not None, err
    reading = botocore_reading(cassette)["Error"]
    assert (reported["code"], reported["message"]) == (reading["Code"], reading["Message"])
