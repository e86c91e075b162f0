"""The recorder: reproducible local recordings, scrubbing, and a live mode that refuses here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import vcr.request

from . import _contract as contract
from .suite import SUITE

# What may differ between two recordings: the day and the second they were made.
_TIMESTAMPS = re.compile(
    r"\d{8}T\d{6}Z"  # X-Amz-Date
    r"|Credential=<access-key-id>/\d{8}/"  # the credential scope's date
    r"|\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"  # Date
    r"|\d{4}-\d{2}-\d{2}"  # recorded_on, and the header's "Recorded on"
    r"|(?<![\d.])1[6-9]\d{8}(?:\.\d+)?(?![\d.])"  # epoch seconds: moto's creation dates
)
LOCAL_CASES = [case for case in SUITE.cases if case.source is not contract.Source.LIVE]


def without_timestamps(text: str) -> str:
    return _TIMESTAMPS.sub("<timestamp>", text)


def test_recording_again_reproduces_every_local_cassette_but_its_timestamps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract.record_local(SUITE, LOCAL_CASES, folder=tmp_path)
    capsys.readouterr()
    for case in LOCAL_CASES:
        again = (tmp_path / case.operation / f"{case.name}.yaml").read_text()
        committed = SUITE.cassette_path(case.operation, case.name, case.source).read_text()
        assert without_timestamps(again) == without_timestamps(committed), case.id


# --- scrubbing ------------------------------------------------------------------------------


def test_authorization_loses_its_key_and_signature_but_keeps_scope_and_signed_headers() -> None:
    value = (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240517/eu-west-1/service/"
        "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
        "x-amz-target, Signature=" + "0f" * 32
    )
    assert contract.redact_authorization("Authorization", value, None) == (
        "AWS4-HMAC-SHA256 Credential=<access-key-id>/20240517/eu-west-1/service/"
        "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
        "x-amz-target, Signature=<redacted>"
    )


def test_an_authorization_of_unknown_shape_is_redacted_whole() -> None:
    assert contract.redact_authorization("Authorization", "Bearer abc.def", None) == "<redacted>"


def test_account_ids_key_ids_and_the_local_url_are_replaced_but_uuids_are_not() -> None:
    text = (
        '{"Arn": "arn:aws:kms:us-east-1:111122223333:key/'
        '11111111-2222-4333-8444-555555555555", "Key": "ASIAY34FZKBOKMUTVV7A",'
        ' "Url": "http://127.0.0.1:50123/111122223333/q"}'
    )
    assert contract.scrub_text(text, "http://127.0.0.1:50123", SUITE.local_endpoint) == (
        '{"Arn": "arn:aws:kms:us-east-1:123456789012:key/'
        '11111111-2222-4333-8444-555555555555", "Key": "<access-key-id>",'
        f' "Url": "{SUITE.local_endpoint}/123456789012/q"}}'
    )


def test_a_request_that_differs_names_the_member_and_the_header() -> None:
    [cassette] = [c for c in SUITE.cassettes() if c.name == "success_required_members"][:1]
    recorded = cassette.requests[0]
    original = vcr.request.Request(
        recorded["method"], recorded["uri"], recorded["body"].encode(), recorded["headers"]
    )
    headers = {**recorded["headers"], "Content-Type": ["application/x-amz-json-9.9"]}
    body = b'{"SomethingElse": 1}'
    changed = vcr.request.Request(recorded["method"], recorded["uri"], body, headers)
    found = contract.request_differences(SUITE, cassette, changed, original)
    assert any(
        line.startswith("header Content-Type: sent 'application/x-amz-json-9.9'") for line in found
    )
    assert "member SomethingElse: sent, not recorded" in found
    assert contract.request_differences(SUITE, cassette, original, original) == []


# --- live mode ------------------------------------------------------------------------------


def test_live_recording_is_refused_in_ci() -> None:
    refusal = contract.live_refusal({"CI": "true"}, SUITE, "us-east-1")
    assert refusal is not None and "CI=true" in refusal


@pytest.fixture
def no_aws_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No credentials, region or profile from the environment or the shared files."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return monkeypatch


def test_live_recording_is_refused_without_credentials(
    no_aws_configuration: pytest.MonkeyPatch,
) -> None:
    refusal = contract.live_refusal({}, SUITE, "us-east-1")
    assert refusal is not None and refusal.startswith("no AWS credentials")


def test_live_recording_is_refused_without_a_region(
    no_aws_configuration: pytest.MonkeyPatch,
) -> None:
    no_aws_configuration.setenv("AWS_ACCESS_KEY_ID", "AKIDLIVEEXAMPLE")
    no_aws_configuration.setenv("AWS_SECRET_ACCESS_KEY", "live-secret-not-a-real-one")
    refusal = contract.live_refusal({}, SUITE, None)
    assert refusal is not None and refusal.startswith("no region")


def test_live_recording_may_run_with_credentials_and_a_region_outside_ci(
    no_aws_configuration: pytest.MonkeyPatch,
) -> None:
    no_aws_configuration.setenv("AWS_ACCESS_KEY_ID", "AKIDLIVEEXAMPLE")
    no_aws_configuration.setenv("AWS_SECRET_ACCESS_KEY", "live-secret-not-a-real-one")
    assert contract.live_refusal({}, SUITE, "eu-west-1") is None


def test_record_live_exits_with_the_refusal_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CI", "true")
    assert contract.record_main(SUITE, ["--live", "--region", "us-east-1"]) == 2
    assert "refusing to record against AWS in CI" in capsys.readouterr().err


def test_the_recorder_names_an_unknown_operation_or_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert contract.record_main(SUITE, ["--operation", "NoSuchOperation"]) == 1
    assert "no such operation in the suite: NoSuchOperation" in capsys.readouterr().err
    assert contract.record_main(SUITE, ["--case", "no_such_case"]) == 1
    assert "no such case: no_such_case" in capsys.readouterr().err
