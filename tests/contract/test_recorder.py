"""The recorder: reproducible local recordings, scrubbing, and a live mode that refuses here."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
import vcr.request

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials

from .cases import RECORDED_CASES
from .cassettes import (
    LOCAL_ENDPOINT,
    REDACTED,
    cassette_path,
    redact_authorization,
    scrub_request,
    scrub_response,
    scrub_text,
)
from .record import live_refusal, main, record_local

# What may differ between two recordings: the day and the second they were made.
_TIMESTAMPS = re.compile(
    r"\d{8}T\d{6}Z"  # X-Amz-Date
    r"|Credential=<access-key-id>/\d{8}/"  # the credential scope's date
    r"|\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"  # Date
    r"|\d{4}-\d{2}-\d{2}"  # recorded_on, and the header's "Recorded on"
)


def without_timestamps(text: str) -> str:
    return _TIMESTAMPS.sub("<timestamp>", text)


def test_recording_again_reproduces_every_local_cassette_but_its_timestamps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup_client: ModuleType
) -> None:
    record_local(RECORDED_CASES, folder=tmp_path, setup=setup_client)
    capsys.readouterr()
    for case in RECORDED_CASES:
        again = cassette_path(case.name, case.source, tmp_path).read_text()
        committed = cassette_path(case.name, case.source).read_text()
        assert without_timestamps(again) == without_timestamps(committed), case.name


# --- scrubbing ----------------------------------------------------------------------------


def test_authorization_loses_its_key_and_signature_but_keeps_scope_and_signed_headers() -> None:
    value = (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240517/eu-west-1/cognito-idp/"
        "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
        "x-amz-target, Signature=" + "0f" * 32
    )
    assert redact_authorization("Authorization", value, None) == (
        "AWS4-HMAC-SHA256 Credential=<access-key-id>/20240517/eu-west-1/cognito-idp/"
        "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
        "x-amz-target, Signature=<redacted>"
    )


def test_an_authorization_of_unknown_shape_is_redacted_whole() -> None:
    assert redact_authorization("Authorization", "Bearer abc.def", None) == REDACTED


def test_account_ids_and_key_ids_are_replaced_but_uuids_are_not() -> None:
    text = (
        '{"CertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/'
        '11111111-2222-4333-8444-555555555555", "Key": "ASIAY34FZKBOKMUTVV7A"}'
    )
    assert scrub_text(text) == (
        '{"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/'
        '11111111-2222-4333-8444-555555555555", "Key": "<access-key-id>"}'
    )


def test_the_local_endpoint_is_recorded_as_the_placeholder() -> None:
    request = vcr.request.Request("POST", "http://127.0.0.1:51234/", b"{}", {})
    rewritten = scrub_request("http://127.0.0.1:51234")(request)
    assert rewritten.uri == f"{LOCAL_ENDPOINT}/"


def test_the_recording_machines_server_header_is_dropped() -> None:
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Server": ["Werkzeug/3.1 Python/3.11.7"], "Date": ["x"]},
        "body": {"string": b"{}"},
    }
    assert scrub_response(response)["headers"] == {"Date": ["x"]}


# --- live mode ----------------------------------------------------------------------------


def configured_client() -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1", credentials=Credentials("AKIDLIVEEXAMPLE", "secret")
    )


def test_live_recording_is_refused_in_ci() -> None:
    refusal = live_refusal({"CI": "true"}, configured_client())
    assert refusal is not None and "CI=true" in refusal


def test_live_recording_is_refused_without_credentials() -> None:
    refusal = live_refusal({}, CognitoIdentityProviderClient(region="us-east-1"))
    assert refusal is not None and refusal.startswith("no AWS credentials")


def test_live_recording_is_refused_without_a_region() -> None:
    client = CognitoIdentityProviderClient(credentials=Credentials("AKIDLIVEEXAMPLE", "secret"))
    refusal = live_refusal({}, client)
    assert refusal is not None and refusal.startswith("no region")


def test_live_recording_may_run_with_credentials_and_a_region_outside_ci() -> None:
    assert live_refusal({}, configured_client()) is None


def test_record_live_exits_with_the_refusal_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CI", "true")
    assert main(["--live", "--region", "us-east-1"]) == 2
    assert "refusing to record against AWS in CI" in capsys.readouterr().err
