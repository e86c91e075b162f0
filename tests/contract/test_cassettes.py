"""The cassette files themselves: complete, provenanced, readable, free of secrets."""

from __future__ import annotations

import datetime
import json
import re

import pytest
import vcr.serialize
from vcr.serializers import yamlserializer

from generated.cognito_idp import errors

from . import oracle
from .cases import RECORDED_CASES, Case, Source
from .cassettes import (
    ACCESS_KEY_ID,
    ACCOUNT_ID,
    AUTHORIZATION,
    EXAMPLE_ACCOUNT_ID,
    LOCAL_ENDPOINT,
    REDACTED,
    SECRET_LIKE,
    RecordedCassette,
    cassette_path,
    header,
    recorded_cassettes,
    response_body,
    response_headers,
)

CASSETTES = recorded_cassettes()
LOCAL_CASSETTES = [c for c in CASSETTES if c.source is not Source.LIVE]
FAULT_SERVER_SERVICE_ERRORS = [
    cassette
    for cassette in LOCAL_CASSETTES
    if cassette.source is Source.FAULT_SERVER
    and not cassette.succeeded
    and (header(cassette.final_response, "Content-Type") or "").startswith("application/x-amz-json")
]
by_cassette = pytest.mark.parametrize("cassette", CASSETTES, ids=lambda c: c.id)


def secrets_in(text: str) -> list[str]:
    """Access key ids, secret-like strings and account ids other than the documented example."""
    found = ACCESS_KEY_ID.findall(text) + SECRET_LIKE.findall(text)
    found += [account for account in ACCOUNT_ID.findall(text) if account != EXAMPLE_ACCOUNT_ID]
    return found


def botocore_outcome(cassette: RecordedCassette) -> str:
    """What botocore reads from the cassette's final answer: "success" or the error code."""
    response = cassette.final_response
    parsed = oracle.parse_response(
        response["status"]["code"], response_headers(response), response_body(response)
    )
    return str(parsed["Error"]["Code"]) if "Error" in parsed else "success"


# --- completeness -------------------------------------------------------------------------


def test_cassettes_are_found_for_every_recorded_case() -> None:
    assert len(LOCAL_CASSETTES) >= len(RECORDED_CASES)


@pytest.mark.parametrize("case", RECORDED_CASES, ids=lambda case: case.name)
def test_every_case_has_its_cassette(case: Case) -> None:
    assert cassette_path(case.name, case.source).is_file(), "run `nox -s record`"


@pytest.mark.parametrize("case", RECORDED_CASES, ids=lambda case: case.name)
def test_each_cassette_holds_what_its_case_expects(case: Case) -> None:
    cassette = RecordedCassette(cassette_path(case.name, case.source))
    assert botocore_outcome(cassette) == (case.expected_error or "success")
    pool_id = cassette.parameters["UserPoolId"]
    assert cassette.parameters == case.parameters_for(pool_id)
    assert len(cassette.interactions) == (len(case.replies) or 1)
    assert cassette.max_attempts == case.max_attempts


def test_no_local_cassette_is_left_over_from_a_removed_case() -> None:
    known = {(case.name, case.source) for case in RECORDED_CASES}
    assert {(c.name, c.source) for c in LOCAL_CASSETTES} <= known


def test_every_documented_error_has_a_cassette_and_an_exception_class() -> None:
    documented = oracle.documented_errors()
    assert documented, "the pinned model lists no errors for UpdateUserPoolDomain"
    recorded = {botocore_outcome(cassette) for cassette in LOCAL_CASSETTES}
    missing_cassettes = [code for code in documented if code not in recorded]
    missing_classes = [
        code
        for code in documented
        if not issubclass(getattr(errors, code, object), errors.CognitoIdentityProviderError)
        or errors.ERRORS_BY_CODE.get(code) is not getattr(errors, code)
    ]
    assert missing_cassettes == [], "documented errors without a recorded cassette"
    assert missing_classes == [], "documented errors without an exception class"


def test_the_unknown_error_case_uses_a_code_the_model_does_not_know() -> None:
    cassette = RecordedCassette(cassette_path("unknown_error_code", Source.FAULT_SERVER))
    code = botocore_outcome(cassette)
    assert oracle.service_model().shape_for_error_code(code) is None
    assert code not in errors.ERRORS_BY_CODE


# --- provenance ---------------------------------------------------------------------------


@by_cassette
def test_cassette_states_its_source_in_a_header_and_in_metadata(cassette: RecordedCassette) -> None:
    source = cassette.metadata["recorded_from"]
    assert source in {s.value for s in Source}
    assert cassette.text.startswith("# UpdateUserPoolDomain contract cassette: ")
    assert f"# Recorded from: {source} " in cassette.text
    assert cassette.path.parent.name == ("live" if source == "live" else "update_user_pool_domain")


@by_cassette
def test_cassette_records_its_date_and_versions(cassette: RecordedCassette) -> None:
    metadata = cassette.metadata
    datetime.date.fromisoformat(metadata["recorded_on"])
    versions = metadata["versions"]
    assert {"botocore", "cognito_idp_client", "model_botocore", "model_sha256"} <= set(versions)
    assert ("moto" in versions) == (cassette.source is Source.EMULATOR)
    assert metadata["operation"] == "UpdateUserPoolDomain"


@by_cassette
def test_cassette_loads_with_vcrpys_stock_yaml_serializer(cassette: RecordedCassette) -> None:
    """The format is plain vcrpy: the header is a comment, metadata is vcrpy's own key."""
    requests, responses, metadata = vcr.serialize.deserialize(cassette.text, yamlserializer)
    assert len(requests) == len(responses) == len(cassette.interactions)
    assert metadata == cassette.metadata


@by_cassette
def test_bodies_are_readable_text_not_binary(cassette: RecordedCassette) -> None:
    assert "!!binary" not in cassette.text
    for interaction in cassette.interactions:
        body = interaction["request"]["body"]
        assert isinstance(body, str)
        json.loads(body)
        assert isinstance(interaction["response"]["body"]["string"], str)


@by_cassette
def test_requests_were_recorded_to_the_replay_endpoint(cassette: RecordedCassette) -> None:
    uris = {interaction["request"]["uri"] for interaction in cassette.interactions}
    if cassette.source is Source.LIVE:
        assert uris == {f"https://cognito-idp.{cassette.region}.amazonaws.com/"}
    else:
        assert uris == {f"{LOCAL_ENDPOINT}/"}


# --- scrubbing ----------------------------------------------------------------------------


@by_cassette
def test_cassette_holds_no_key_secret_or_account_id(cassette: RecordedCassette) -> None:
    assert secrets_in(cassette.text) == []


def test_the_secret_scan_finds_what_it_looks_for() -> None:
    planted = (
        "Credential=AKIAIOSFODNN7EXAMPLE/ ASIAY34FZKBOKMUTVV7A"
        " secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        " arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-4333-8444-555555555555"
        " arn:aws:iam::123456789012:root"
    )
    assert secrets_in(planted) == [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAY34FZKBOKMUTVV7A",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "111122223333",
    ]


@by_cassette
def test_authorization_keeps_its_shape_without_key_or_signature(
    cassette: RecordedCassette,
) -> None:
    for interaction in cassette.interactions:
        authorization = header(interaction["request"], "Authorization")
        assert authorization is not None
        match = AUTHORIZATION.fullmatch(authorization)
        assert match is not None, authorization
        assert (match["key_id"], match["signature"]) == ("<access-key-id>", REDACTED)
        token = header(interaction["request"], "X-Amz-Security-Token")
        assert token in (None, REDACTED)


@pytest.mark.parametrize("cassette", FAULT_SERVER_SERVICE_ERRORS, ids=lambda c: c.id)
def test_fault_server_errors_use_the_awsjson_error_wire_format(cassette: RecordedCassette) -> None:
    """400 for client errors, 500 for InternalErrorException, with AWS's error headers."""
    response = cassette.final_response
    code = json.loads(response_body(response))["__type"]
    assert response["status"]["code"] == (500 if code == "InternalErrorException" else 400)
    assert re.fullmatch(rf"{code}:.*", header(response, "x-amzn-ErrorType") or "")
    assert header(response, "x-amzn-RequestId")
