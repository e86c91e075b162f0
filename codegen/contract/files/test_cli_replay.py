"""The same cassettes through the generated command line: both faces share one contract.

Each cassette's call is made as ``<prog> --region R --endpoint-url URL <command>
--cli-input-json PARAMETERS`` (``cli.main`` in-process) under vcrpy, with the recorded
region, endpoint and attempts; the output is held against botocore's reading of the same bytes.
"""

from __future__ import annotations

import importlib
import json
import re

import pytest

from . import _contract as contract
from .suite import SUITE

CASSETTES = [cassette for cassette in SUITE.cassettes() if not cassette.paginate]
SUCCESSES = [cassette for cassette in CASSETTES if cassette.succeeded]
FAILURES = [cassette for cassette in CASSETTES if not cassette.succeeded]
SERVICE_ERROR_EXIT = 254


def run_cli(
    cassette: contract.Cassette,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    module = SUITE.client_module()
    cli = importlib.import_module(f"{module.__name__}.cli")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", contract.REPLAY_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", contract.REPLAY_SECRET_KEY)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", str(cassette.max_attempts))
    argv = [
        "--region", cassette.region,
        "--endpoint-url", cassette.endpoint_url,
        SUITE.operations[cassette.operation].cli_name,
        "--cli-input-json", json.dumps(cassette.parameters),
    ]  # fmt: skip
    with contract.backoff_without_sleeping(module), contract.replaying(SUITE, cassette) as played:
        exit_code = cli.main(argv)
    captured = capsys.readouterr()
    assert played.all_played, captured.err
    return exit_code, captured.out, captured.err


@pytest.mark.parametrize("cassette", SUCCESSES, ids=lambda c: c.id)
def test_cli_prints_the_response_botocore_reads(
    cassette: contract.Cassette,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exit_code, out, err = run_cli(cassette, monkeypatch, capsys)
    assert (exit_code, err) == (0, "")
    expected = contract.botocore_reading(SUITE, cassette)
    expected.pop("ResponseMetadata")
    assert json.loads(out or "{}") == json.loads(json.dumps(expected, default=str))


@pytest.mark.parametrize("cassette", FAILURES, ids=lambda c: c.id)
def test_cli_reports_the_service_error_as_the_aws_cli_does(
    cassette: contract.Cassette,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exit_code, out, err = run_cli(cassette, monkeypatch, capsys)
    assert (exit_code, out) == (SERVICE_ERROR_EXIT, ""), err
    # The AWS CLI adds " (reached max retries: N)" when the attempts ran out; allowed.
    reported = re.fullmatch(
        rf"\nAn error occurred \((?P<code>[^)]*)\) when calling the {cassette.operation}"
        r" operation(?: \(reached max retries: \d+\))?: (?P<message>.*)\n",
        err,
        re.DOTALL,
    )
    assert reported is not None, err
    reading = contract.botocore_reading(SUITE, cassette)["Error"]
    assert (reported["code"], reported["message"]) == (reading["Code"], reading["Message"])
