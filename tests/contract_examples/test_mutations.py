"""The generated suites can fail: twelve mutations of generated clients, each caught by name.

Each mutation copies a generated client into a temporary package, changes one
thing in its source (the change must apply, or the test fails), points the
suite at the copy (``CONTRACT_CLIENT_PACKAGE``) and replays one cassette
through the suite's own checks: the failure must name the cassette and the
member, header or error at fault. The unmutated client passes the same checks.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from ..contract.suite import SUITE as COGNITO
from .dynamodb.suite import SUITE as DYNAMODB
from .secretsmanager.suite import SUITE as SECRETSMANAGER

ROOT = Path(__file__).resolve().parents[2]
KINESIS_SUITE = "contract_mutations_kinesis"
"""None of the eight example operations sends a timestamp: Kinesis ``GetShardIterator``
does (``Timestamp``). Its suite is generated and recorded (fault server only) at test time."""


def kinesis_suite() -> Any:
    """The generated Kinesis suite, recorded into a temporary folder once per run."""
    if KINESIS_SUITE not in _SUITES:
        folder = Path(tempfile.mkdtemp(prefix="contract-mutations-"))
        _FOLDERS.append(folder)
        generate = [
            sys.executable, "-m", "codegen", "--specs", str(ROOT / "specs"),
            "--service", "kinesis", "--operations", "GetShardIterator",
            "--out", "vendor", "--with-contract-tests", KINESIS_SUITE,
        ]  # fmt: skip
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(generate, cwd=folder, env=environment, check=True, capture_output=True)
        record = [sys.executable, "-m", f"{KINESIS_SUITE}.record", "--case", "success_every_member"]
        subprocess.run(record, cwd=folder, check=True, capture_output=True)
        sys.path.insert(0, str(folder))
        _SUITES[KINESIS_SUITE] = importlib.import_module(f"{KINESIS_SUITE}.suite").SUITE
    return _SUITES[KINESIS_SUITE]


_SUITES: dict[str, Any] = {}
_FOLDERS: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _remove_test_time_suites() -> Iterator[None]:
    yield
    for folder in _FOLDERS:
        if str(folder) in sys.path:
            sys.path.remove(str(folder))
        shutil.rmtree(folder, ignore_errors=True)


@attrs.frozen
class Mutation:
    name: str
    suite: Any
    """A ``Suite``: each suite holds its own copy of ``_contract``, so its own class."""
    file: str
    """The file of the generated package to change."""
    old: str
    new: str
    cassette: str
    """The cassette (``Operation/case``) that must catch it."""
    named: tuple[str, ...]
    """What the failure must name besides the cassette."""


MUTATIONS = [
    Mutation(
        "timestamp sent in the wrong format (ISO 8601 instead of epoch seconds)",
        KINESIS_SUITE,
        "_parse.py",
        "        return seconds\n",
        "        return value.isoformat()\n",
        "GetShardIterator/success_every_member",
        ("member Timestamp: sent '2023-11-14T22:13:20+00:00', recorded 1700000000",),
    ),
    Mutation(
        "member dropped from the request body",
        COGNITO,
        "models/_update_user_pool_domain_request.py",
        '            "Domain": self.domain,\n',
        "",
        "UpdateUserPoolDomain/success_required_members",
        ("member Domain: recorded, not sent",),
    ),
    Mutation(
        "member renamed on the wire",
        COGNITO,
        "models/_update_user_pool_domain_request.py",
        '"UserPoolId": self.user_pool_id',
        '"UserPoolID": self.user_pool_id',
        "UpdateUserPoolDomain/success_every_member",
        ("member UserPoolID: sent, not recorded", "member UserPoolId: recorded, not sent"),
    ),
    Mutation(
        "wrong X-Amz-Target",
        COGNITO,
        "client.py",
        'target_prefix="AWSCognitoIdentityProviderService"',
        'target_prefix="AWSCognitoIdentityService"',
        "UpdateUserPoolDomain/emulator_managed_login_version",
        ("header X-Amz-Target: sent 'AWSCognitoIdentityService.UpdateUserPoolDomain'",),
    ),
    Mutation(
        "wrong content type (awsJson 1.0 to a 1.1 service)",
        COGNITO,
        "client.py",
        'json_version="1.1"',
        'json_version="1.0"',
        "UpdateUserPoolDomain/success_required_members",
        ("header Content-Type: sent 'application/x-amz-json-1.0'",),
    ),
    Mutation(
        "response member parsed from the wrong key",
        COGNITO,
        "models/_update_user_pool_domain_response.py",
        'if (item := data.get("CloudFrontDomain")) is None',
        'if (item := data.get("CloudfrontDomain")) is None',
        "UpdateUserPoolDomain/success_every_member",
        ("member CloudFrontDomain",),
    ),
    Mutation(
        "error code mapped to the wrong class",
        COGNITO,
        "errors.py",
        '    "ResourceNotFoundException": ResourceNotFoundException,\n',
        '    "ResourceNotFoundException": NotAuthorizedException,\n',
        "UpdateUserPoolDomain/emulator_resource_not_found",
        ("error ResourceNotFoundException raised NotAuthorizedException",),
    ),
    Mutation(
        "member dropped from a nested structure (DynamoDB's key attribute)",
        DYNAMODB,
        "models/_attribute_value.py",
        'data["S"] = self.s',
        "pass",
        "GetItem/emulator_get_item",
        ("member Key.pk.S: recorded, not sent",),
    ),
    Mutation(
        "modeled error member read from the wrong key",
        COGNITO,
        "errors.py",
        'value = self.details.get("reasonCode")',
        'value = self.details.get("ReasonCode")',
        "UpdateUserPoolDomain/invalid_parameter_exception",
        ("error InvalidParameterException member reasonCode",),
    ),
    Mutation(
        "timestamp read in the wrong format (epoch milliseconds)",
        SECRETSMANAGER,
        "_parse.py",
        "return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)",
        "return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)",
        "GetSecretValue/success_every_member",
        ("member CreatedDate",),
    ),
    Mutation(
        "blob not base64-decoded",
        SECRETSMANAGER,
        "_parse.py",
        "return base64.b64decode(value, validate=True)",
        "return value.encode()",
        "GetSecretValue/success_every_member",
        ("member SecretBinary",),
    ),
    Mutation(
        "idempotency token not filled",
        SECRETSMANAGER,
        "client.py",
        "else new_idempotency_token()",
        "else None",
        "CreateSecret/emulator_create_secret",
        ("member ClientRequestToken",),
    ),
]


def resolved(suite: Any) -> Any:
    """The suite, or the one a name stands for (made at test time)."""
    return kinesis_suite() if suite == KINESIS_SUITE else suite


def contract_module(suite: Any) -> Any:
    """The suite's ``_contract`` module (each suite holds its own copy)."""
    return sys.modules[type(suite).__module__]


def failures(suite: Any, cassette_id: str) -> list[str]:
    """What the suite's replay checks say about one cassette, as the generated tests run them."""
    suite = resolved(suite)
    contract = contract_module(suite)
    [cassette] = [c for c in suite.cassettes() if c.id == cassette_id]
    try:
        replayed = contract.replay(suite, cassette)
    except contract.ContractViolationError as violation:
        return [str(violation)]
    check = contract.result_problems if cassette.succeeded else contract.error_problems
    problems: list[str] = check(suite, cassette, replayed)
    return problems


@pytest.fixture
def mutant(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Mutation]:
    mutation: Mutation = request.param
    original = importlib.import_module(resolved(mutation.suite).client_package)
    name = f"mutant_{abs(hash(mutation.name)):x}"
    target = tmp_path / name
    assert original.__file__ is not None
    folder = Path(original.__file__).parent
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns("__pycache__"))
    source = target / mutation.file
    text = source.read_text()
    assert mutation.old in text, f"the mutation no longer applies to {mutation.file}"
    source.write_text(text.replace(mutation.old, mutation.new))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("CONTRACT_CLIENT_PACKAGE", name)
    yield mutation
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


@pytest.mark.parametrize("mutant", MUTATIONS, ids=lambda m: m.name, indirect=True)
def test_the_suite_catches_the_mutation_naming_cassette_and_member(mutant: Mutation) -> None:
    found = failures(mutant.suite, mutant.cassette)
    report = "\n".join(found)
    assert found, f"{mutant.name}: the suite passes a mutated client"
    assert mutant.cassette in report
    for text in mutant.named:
        assert text in report, report


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_the_unmutated_client_passes_the_same_checks(mutation: Mutation) -> None:
    assert failures(mutation.suite, mutation.cassette) == []
