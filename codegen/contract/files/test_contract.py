"""The contract tests: every cassette replayed against the client as it is now, botocore as oracle.

Generated with the suite; every test reads the cases and cassettes of ``suite.py``,
so a new cassette is picked up by recording it, with no edit here.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
import socket
from types import ModuleType

import pytest
import vcr.serialize
from vcr.serializers import yamlserializer

from . import _contract as contract
from .suite import SUITE

CASSETTES = SUITE.cassettes()
LOCAL = [cassette for cassette in CASSETTES if cassette.source is not contract.Source.LIVE]
SUCCESSES = [cassette for cassette in CASSETTES if cassette.succeeded]
FAILURES = [cassette for cassette in CASSETTES if not cassette.succeeded]
THROTTLED = [
    cassette
    for cassette in LOCAL
    if len(cassette.interactions) > 1 and not cassette.paginate and cassette.succeeded
]
by_cassette = pytest.mark.parametrize("cassette", CASSETTES, ids=lambda c: c.id)
by_case = pytest.mark.parametrize("case", SUITE.cases, ids=lambda case: case.id)


@functools.cache
def replayed(cassette: contract.Cassette, client_package: str) -> contract.Replayed:
    """One replay per cassette and client package, shared by the tests that read its outcome."""
    return contract.replay(SUITE, cassette)


def replay(cassette: contract.Cassette) -> contract.Replayed:
    return replayed(cassette, SUITE.client_module().__name__)


def errors_module() -> ModuleType:
    return importlib.import_module(f"{SUITE.client_module().__name__}.errors")


# --- the cassettes are there, and hold what their cases expect --------------------------------


@by_case
def test_every_case_has_its_cassette(case: contract.Case) -> None:
    path = SUITE.cassette_path(case.operation, case.name, case.source)
    assert path.is_file(), f"no cassette for {case.id}: run {SUITE.record_command}"


@by_case
def test_each_cassette_holds_what_its_case_expects(case: contract.Case) -> None:
    cassette = contract.Cassette(
        SUITE.cassette_path(case.operation, case.name, case.source), SUITE.cassette_dir
    )
    assert contract.botocore_outcome(SUITE, cassette) == case.expected
    assert (cassette.max_attempts, cassette.paginate) == (case.max_attempts, case.paginate)
    if case.source is contract.Source.FAULT_SERVER:
        assert cassette.parameters == case.parameters
        assert len(cassette.interactions) == len(case.replies)


def test_no_cassette_is_left_over_from_a_removed_case() -> None:
    known = {(case.operation, case.name) for case in SUITE.cases}
    leftover = [c.id for c in LOCAL if (c.operation, c.name) not in known]
    assert leftover == [], f"remove them, or add their cases back: {leftover}"


@pytest.mark.parametrize("operation", sorted(SUITE.operations))
def test_every_documented_error_has_a_cassette_and_an_exception_class(operation: str) -> None:
    errors = errors_module()
    documented = SUITE.oracle.documented_errors(operation)
    recorded = {
        contract.botocore_outcome(SUITE, cassette)
        for cassette in LOCAL
        if cassette.operation == operation
    }
    base = getattr(errors, SUITE.base_error)
    by_code = errors.ERRORS_BY_CODE
    assert [code for code in documented if code not in recorded] == []
    assert [
        code
        for code in documented
        if not issubclass(getattr(errors, code, object), base)
        or by_code.get(code) is not getattr(errors, code)
    ] == []


def test_the_unknown_error_cases_use_a_code_neither_model_nor_client_knows() -> None:
    unknown = [cassette for cassette in LOCAL if cassette.name == "unknown_error_code"]
    assert unknown
    by_code = errors_module().ERRORS_BY_CODE
    for cassette in unknown:
        code = contract.botocore_outcome(SUITE, cassette)
        assert not SUITE.oracle.knows_error(code)
        assert code not in by_code


def test_cassettes_hold_against_the_model() -> None:
    """The drift report: what no longer holds since the model moved, in one message."""
    report = contract.drift(SUITE)
    if report:
        pytest.fail(contract.drift_text(SUITE, report), pytrace=False)


# --- provenance and scrubbing -----------------------------------------------------------------


@by_cassette
def test_cassette_states_its_source_date_and_versions(cassette: contract.Cassette) -> None:
    source = cassette.metadata["recorded_from"]
    assert cassette.text.startswith(f"# {cassette.operation} contract cassette: {cassette.name}\n")
    assert f"# Recorded from: {source} " in cassette.text
    datetime.date.fromisoformat(cassette.metadata["recorded_on"])
    versions = cassette.metadata["versions"]
    assert {"botocore", "client", "model_botocore", "model_sha256", "vcrpy"} <= set(versions)
    assert ("moto" in versions) == (cassette.source is contract.Source.EMULATOR)
    assert (cassette.path.parent.name == "live") == (cassette.source is contract.Source.LIVE)


@by_cassette
def test_cassette_loads_with_vcrpys_stock_yaml_serializer(cassette: contract.Cassette) -> None:
    requests, responses, metadata = vcr.serialize.deserialize(cassette.text, yamlserializer)
    assert len(requests) == len(responses) == len(cassette.interactions)
    assert metadata == cassette.metadata
    assert "!!binary" not in cassette.text


@by_cassette
def test_cassette_holds_no_key_secret_or_account_id(cassette: contract.Cassette) -> None:
    assert contract.secrets_in(cassette.text) == []


def test_the_secret_scan_finds_what_it_looks_for() -> None:
    planted = (
        "Credential=AKIAIOSFODNN7EXAMPLE/ ASIAY34FZKBOKMUTVV7A"
        " secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        " arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555"
        " arn:aws:iam::123456789012:root"
    )
    assert contract.secrets_in(planted) == [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAY34FZKBOKMUTVV7A",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "111122223333",
    ]


@by_cassette
def test_authorization_keeps_its_shape_without_key_or_signature(
    cassette: contract.Cassette,
) -> None:
    for request in cassette.requests:
        match = contract.AUTHORIZATION.fullmatch(
            contract.header_of(request["headers"], "Authorization") or ""
        )
        assert match is not None
        assert (match["key_id"], match["signature"]) == ("<access-key-id>", contract.REDACTED)
        token = contract.header_of(request["headers"], "X-Amz-Security-Token")
        assert token in (None, contract.REDACTED)


@by_cassette
def test_local_requests_were_recorded_to_the_replay_endpoint(cassette: contract.Cassette) -> None:
    if cassette.source is not contract.Source.LIVE:
        assert cassette.endpoint_url == SUITE.local_endpoint
        assert re.search(r"127\.0\.0\.1:\d+", cassette.text) is None


# --- what was recorded is what botocore sends --------------------------------------------------


@by_cassette
def test_recorded_request_is_botocores_serialization_of_the_parameters(
    cassette: contract.Cassette,
) -> None:
    """Method, path, the protocol's headers and the body; the parameters pass validation."""
    assert contract.recorded_request_problems(SUITE, cassette) == []


@by_cassette
def test_request_is_signed_with_sigv4_for_the_region_and_service(
    cassette: contract.Cassette,
) -> None:
    assert contract.signing_problems(SUITE, cassette) == []


# --- replay: what the client sends and reads now -----------------------------------------------


def test_replay_runs_with_the_network_blocked() -> None:
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("example.com", 443), timeout=1)


@by_cassette
def test_client_sends_the_recorded_requests(cassette: contract.Cassette) -> None:
    """Method, URL, the protocol's headers, signature shape and body, as sent now."""
    assert replay(cassette).play_count == len(cassette.interactions)


@pytest.mark.parametrize("cassette", SUCCESSES, ids=lambda c: c.id)
def test_success_parses_into_the_typed_response_botocore_reads(
    cassette: contract.Cassette,
) -> None:
    assert contract.result_problems(SUITE, cassette, replay(cassette)) == []


@pytest.mark.parametrize("cassette", FAILURES, ids=lambda c: c.id)
def test_error_raises_its_class_with_botocores_code_message_status_and_request_id(
    cassette: contract.Cassette,
) -> None:
    assert contract.error_problems(SUITE, cassette, replay(cassette)) == []


@pytest.mark.parametrize("cassette", THROTTLED, ids=lambda c: c.id)
def test_throttled_attempt_is_retried_after_botocores_throttling_backoff(
    cassette: contract.Cassette,
) -> None:
    outcome = replay(cassette)
    assert outcome.play_count == 2
    assert outcome.delays == [1.0]  # throttling: 1 s base, jitter fixed at its maximum
