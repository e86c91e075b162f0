"""The contract-suite generator: cases derived from the model, the files it writes, bad input.

The suites' own behaviour (replay, oracle, drift on the committed cassettes) is
tested by the suites themselves (tests/contract, tests/contract_examples); here,
what the generator decides and how it refuses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import botocore.model
import botocore.validate
import pytest

from codegen.__main__ import main
from codegen.contract import GENERATED
from codegen.contract.cases import UNKNOWN_ERROR_CODE, derive_cases, sample_value
from codegen.load import load_spec
from tests.contract import _contract as contract
from tests.contract.suite import SUITE as COGNITO
from tests.contract_examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"


def cases_of(service: str, operation: str) -> dict[str, object]:
    spec = load_spec(SPECS, service)
    found = derive_cases(spec.model, operation, spec.paginators.get(operation))
    return {case.name: case for case in found}


# --- cases from the model -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "operation"),
    [(service, operation) for service, operations in EXAMPLES.items() for operation in operations]
    + [("cognito-idp", "UpdateUserPoolDomain")],
)
def test_every_case_of_an_operation_is_derived_and_valid_for_botocore(
    service: str, operation: str
) -> None:
    spec = load_spec(SPECS, service)
    model = botocore.model.ServiceModel(spec.model, service_name=service)
    op = spec.model["operations"][operation]
    documented = {error["shape"] for error in op.get("errors", ())}
    found = derive_cases(spec.model, operation, spec.paginators.get(operation))
    expected = {case.expected for case in found}
    assert documented | {UNKNOWN_ERROR_CODE, "success", "502", "503"} == expected
    names = [case.name for case in found]
    assert names[:2] == ["success_every_member", "success_required_members"]
    assert "throttled_then_success" in names
    assert ("three_pages" in names) == (operation in spec.paginators)
    for case in found:
        shape = model.operation_model(operation).input_shape
        parameters = contract._to_boto(shape, dict(case.parameters))
        report = botocore.validate.ParamValidator().validate(parameters, shape)
        assert not report.has_errors(), (case.name, report.generate_report())


def test_the_every_member_case_sends_every_member_and_the_required_case_only_required_ones() -> (
    None
):
    cases = cases_of("cognito-idp", "UpdateUserPoolDomain")
    every, required = cases["success_every_member"], cases["success_required_members"]
    assert set(every.parameters) == {  # type: ignore[attr-defined]
        "Domain", "UserPoolId", "ManagedLoginVersion", "CustomDomainConfig", "Routing",
    }  # fmt: skip
    assert set(required.parameters) == {"Domain", "UserPoolId"}  # type: ignore[attr-defined]
    answer = json.loads(json.dumps(every.replies[0].body))  # type: ignore[attr-defined]
    assert set(json.loads(answer)) == {"CloudFrontDomain", "ManagedLoginVersion", "Routing"}


def test_errors_carry_the_models_status_type_form_and_members() -> None:
    cognito = cases_of("cognito-idp", "UpdateUserPoolDomain")
    [internal] = cognito["internal_error_exception"].replies  # type: ignore[attr-defined]
    assert internal.status == 500  # a fault
    [invalid] = cognito["invalid_parameter_exception"].replies  # type: ignore[attr-defined]
    body = json.loads(invalid.body)
    assert (invalid.status, body["__type"]) == (400, "InvalidParameterException")  # awsJson 1.1
    assert "reasonCode" in body  # a modeled member
    [missing] = cases_of("dynamodb", "GetItem")["resource_not_found_exception"].replies  # type: ignore[attr-defined]
    assert json.loads(missing.body)["__type"] == "com.amazonaws.dynamodb#ResourceNotFoundException"


def test_throttling_uses_a_documented_throttling_code_else_botocores() -> None:
    cognito = cases_of("cognito-idp", "UpdateUserPoolDomain")["throttled_then_success"]
    secrets = cases_of("secretsmanager", "GetSecretValue")["throttled_then_success"]
    assert json.loads(cognito.replies[0].body)["__type"] == "TooManyRequestsException"  # type: ignore[attr-defined]
    assert json.loads(secrets.replies[0].body)["__type"] == "ThrottlingException"  # type: ignore[attr-defined]
    assert cognito.max_attempts == 3  # type: ignore[attr-defined]


def test_the_three_pages_carry_tokens_but_the_last() -> None:
    pages = cases_of("dynamodb", "Query")["three_pages"]
    bodies = [json.loads(reply.body) for reply in pages.replies]  # type: ignore[attr-defined]
    assert ["LastEvaluatedKey" in body for body in bodies] == [True, True, False]
    assert bodies[0]["LastEvaluatedKey"] != bodies[1]["LastEvaluatedKey"]
    assert "ExclusiveStartKey" not in pages.parameters  # type: ignore[attr-defined]


def test_recursive_shapes_are_drawn_to_a_bounded_depth() -> None:
    spec = load_spec(SPECS, "dynamodb")
    value = sample_value(spec.model["shapes"], "GetItemOutput", every=True)
    assert len(json.dumps(value)) < 5_000  # AttributeValue holds maps and lists of itself


def test_drawn_values_are_the_same_every_time() -> None:
    assert cases_of("dynamodb", "Query") == cases_of("dynamodb", "Query")


# --- the files --------------------------------------------------------------------------------


def _generate(cwd: Path, service: str, operations: str, out: str, suite: str, *extra: str) -> int:
    return main(
        [
            "--service", service, "--operations", operations, "--out", out,
            "--specs", str(SPECS), "--with-contract-tests", suite, *extra,
        ]
    )  # fmt: skip


@pytest.mark.parametrize("service", ["cognito-idp", *EXAMPLES])
def test_committed_suites_are_what_the_generator_writes(
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As `nox -s check_generated` does for generated/: regenerating changes nothing."""
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    if service == "cognito-idp":
        folder = "tests/contract"
        code = _generate(repo, service, "UpdateUserPoolDomain", "generated", folder, "--with-cli")
    else:
        folder = f"tests/contract_examples/{service}"
        code = _generate(
            repo, service, ",".join(EXAMPLES[service]), str(tmp_path / "clients"), folder
        )
    assert code == 0, capsys.readouterr().err
    for name in (*GENERATED, "prepare.py", ".contract.json"):
        written, committed = repo / folder / name, ROOT / folder / name
        assert written.exists() == committed.exists(), name
        if written.exists():
            assert written.read_text() == committed.read_text(), f"{folder}/{name}: regenerate"


def test_generation_prints_how_to_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _generate(tmp_path, "sqs", "SendMessage", "vendor", "contract_tests") == 0
    assert "record it: python -m contract_tests.record" in capsys.readouterr().out
    suite = (tmp_path / "contract_tests" / "suite.py").read_text()
    assert "client_package='vendor.sqs'" in suite.replace('"', "'")
    assert "cassette_dir=(HERE / '../cassettes/sqs')" in suite.replace('"', "'")


# --- bad input --------------------------------------------------------------------------------


def test_an_operation_the_model_lacks_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _generate(tmp_path, "sqs", "SendMessage,NoSuchOperation", "vendor", "suite") == 2
    assert "unknown operation(s) for sqs: NoSuchOperation" in capsys.readouterr().err
    assert not (tmp_path / "suite").exists() and not (tmp_path / "vendor").exists()


def test_a_suite_of_other_operations_is_not_overwritten_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _generate(tmp_path, "sqs", "SendMessage", "vendor", "suite") == 0
    before = (tmp_path / "suite" / "suite.py").read_text()
    assert _generate(tmp_path, "sqs", "DeleteMessage", "vendor2", "suite") == 2
    err = capsys.readouterr().err
    assert "suite holds the contract suite of sqs (SendMessage), not of sqs (DeleteMessage)" in err
    assert "pass --force" in err
    assert (tmp_path / "suite" / "suite.py").read_text() == before
    assert _generate(tmp_path, "sqs", "DeleteMessage", "vendor2", "suite", "--force") == 0
    assert "DeleteMessage" in (tmp_path / "suite" / "suite.py").read_text()


def test_the_prepare_hook_is_the_users_and_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _generate(tmp_path, "sqs", "SendMessage", "vendor", "suite") == 0
    hook = tmp_path / "suite" / "prepare.py"
    hook.write_text(hook.read_text() + "\n# mine\n")
    assert _generate(tmp_path, "sqs", "SendMessage", "vendor", "suite", "--force") == 0
    assert hook.read_text().endswith("# mine\n")


def test_a_folder_with_files_codegen_did_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "suite").mkdir()
    (tmp_path / "suite" / "conftest.py").write_text("# the user's own\n")
    assert _generate(tmp_path, "sqs", "SendMessage", "vendor", "suite") == 2
    assert "holds conftest.py, not written by codegen" in capsys.readouterr().err
    assert (tmp_path / "suite" / "conftest.py").read_text() == "# the user's own\n"


def _copy_cassettes(tmp_path: Path) -> contract.Suite:
    folder = tmp_path / "cassettes"
    shutil.copytree(COGNITO.cassette_dir, folder)
    return attrs.evolve(COGNITO, cassette_dir=folder)


def test_a_cassette_edited_into_a_wrong_shape_is_refused_naming_it(tmp_path: Path) -> None:
    suite = _copy_cassettes(tmp_path)
    path = suite.cassette_path(
        "UpdateUserPoolDomain", "success_every_member", contract.Source.FAULT_SERVER
    )
    path.write_text(
        path.read_text().replace("recorded_from: fault-server", "recorded_from: my-laptop")
    )
    with pytest.raises(
        contract.ContractError, match="not a cassette in the recorder's shape"
    ) as caught:
        suite.cassettes()
    assert str(path) in str(caught.value) and "record it again" in str(caught.value)
    path.write_text("interactions: []\n")
    with pytest.raises(contract.ContractError, match=r"success_every_member\.yaml: not a cassette"):
        suite.cassettes()


def test_a_cassette_from_another_model_version_is_reported_with_what_to_do(tmp_path: Path) -> None:
    suite = _copy_cassettes(tmp_path)
    path = suite.cassette_path(
        "UpdateUserPoolDomain", "success_every_member", contract.Source.FAULT_SERVER
    )
    path.write_text(path.read_text().replace(COGNITO.model_sha256, "abcd1234" * 8))
    report = contract.drift(suite)
    assert report == {
        "UpdateUserPoolDomain/success_every_member": [
            "recorded against model sha256 abcd1234abcd,"
            f" the suite's model is {COGNITO.model_sha256[:12]}"
        ]
    }
    assert "Record again: python -m tests.contract.record" in contract.drift_text(suite, report)


def test_the_drift_report_names_what_moved_in_the_model(tmp_path: Path) -> None:
    model = json.loads(COGNITO.model_file.read_text())
    shapes = model["shapes"]
    request = shapes["UpdateUserPoolDomainRequest"]
    request["members"]["PoolId"] = request["members"].pop("UserPoolId")  # renamed
    request["required"] = ["Domain", "PoolId", "ManagedLoginVersion"]  # newly required
    shapes["UpdateUserPoolDomainResponse"]["members"].pop("Routing")  # a response member gone
    shapes["NotAuthorizedException"]["error"] = {"httpStatusCode": 403}  # status changed
    shapes["DomainQuotaExceededException"] = {"type": "structure", "members": {}, "exception": True}
    model["operations"]["UpdateUserPoolDomain"]["errors"].append(
        {"shape": "DomainQuotaExceededException"}
    )
    moved = tmp_path / "model.json"
    moved.write_text(json.dumps(model))
    suite = attrs.evolve(COGNITO, model_file=moved)
    report = contract.drift(suite)
    assert report["UpdateUserPoolDomain"] == [
        "newly documented error without a cassette: DomainQuotaExceededException"
    ]
    every = report["UpdateUserPoolDomain/success_every_member"]
    assert "request member UserPoolId is no longer in the model (removed or renamed)" in every
    assert "newly required request member PoolId is not sent" in every
    assert "response member Routing (answer 1) is no longer in the model" in every
    assert report["UpdateUserPoolDomain/not_authorized_exception"][-1] == (
        "error NotAuthorizedException now has status 403, recorded 400"
    )
    text = contract.drift_text(suite, report)
    assert text.splitlines()[0].endswith("no longer hold against the model.")
    assert "Traceback" not in text


def test_a_service_moto_does_not_implement_is_named_with_what_to_do(tmp_path: Path) -> None:
    suite = attrs.evolve(COGNITO, service="not-a-moto-service")
    emulator_cases = [case for case in suite.cases if case.source is contract.Source.EMULATOR]
    with pytest.raises(contract.ContractError) as caught:
        contract.record_local(suite, emulator_cases, folder=tmp_path)
    assert "moto does not implement not-a-moto-service" in str(caught.value)
    assert "prepare.py" in str(caught.value) and "--live" in str(caught.value)
    assert not any(tmp_path.iterdir())


# --- matching -------------------------------------------------------------------------------


def test_body_differences_ignore_key_order_but_not_values_or_types() -> None:
    recorded = {"Domain": "d", "UserPoolId": "p", "ManagedLoginVersion": 2}
    assert (
        contract.differences({"ManagedLoginVersion": 2, "UserPoolId": "p", "Domain": "d"}, recorded)
        == []
    )
    assert contract.differences({**recorded, "ManagedLoginVersion": "2"}, recorded) == [
        "member ManagedLoginVersion: sent '2', recorded 2"
    ]
    assert contract.differences({"A": {"B": [1, 2]}}, {"A": {"B": [1, 3]}}) == [
        "member A.B[1]: sent 2, recorded 3"
    ]


def _replay_twice(cassette: contract.Cassette) -> None:
    module = COGNITO.client_module()
    operation = COGNITO.operations[cassette.operation]
    with contract.replaying(COGNITO, cassette):
        client = contract.make_client(
            module, COGNITO, region=cassette.region, endpoint_url=cassette.endpoint_url,
            max_attempts=1, credentials=(contract.REPLAY_ACCESS_KEY, contract.REPLAY_SECRET_KEY),
        )  # fmt: skip
        with client:
            contract.call(module, client, operation, cassette.parameters)
            contract.call(module, client, operation, cassette.parameters)


def test_a_recorded_interaction_plays_only_once() -> None:
    [cassette] = [c for c in COGNITO.cassettes() if c.name == "emulator_managed_login_version"]
    with pytest.raises(
        contract.ContractViolationError,
        match="emulator_managed_login_version: more requests were sent",
    ):
        _replay_twice(cassette)


def test_another_host_matches_no_interaction(tmp_path: Path) -> None:
    [cassette] = [c for c in COGNITO.cassettes() if c.name == "success_required_members"]
    moved = tmp_path / "UpdateUserPoolDomain" / "success_required_members.yaml"
    moved.parent.mkdir()
    moved.write_text(cassette.text.replace("cognito-idp.recorded.invalid", "elsewhere.invalid"))
    elsewhere = contract.Cassette(moved, tmp_path)
    module = COGNITO.client_module()
    with (
        pytest.raises(contract.ContractViolationError, match="host"),
        contract.replaying(COGNITO, elsewhere),
        contract.make_client(
            module,
            COGNITO,
            region=cassette.region,
            endpoint_url=cassette.endpoint_url,
            max_attempts=1,
            credentials=(contract.REPLAY_ACCESS_KEY, contract.REPLAY_SECRET_KEY),
        ) as client,  # fmt: skip
    ):
        contract.call(
            module, client, COGNITO.operations["UpdateUserPoolDomain"], cassette.parameters
        )


def test_a_drifted_suite_fails_once_with_the_report_not_per_test(tmp_path: Path) -> None:
    """The mission's suite, copied with a model where a request member was renamed."""
    suite_dir = tmp_path / "tests" / "contract"
    shutil.copytree(
        ROOT / "tests" / "contract", suite_dir, ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "tests" / "__init__.py").write_text("")
    shutil.copytree(COGNITO.cassette_dir, tmp_path / "cassettes" / "cognito-idp")
    model = json.loads((suite_dir / "model.json").read_text())
    members = model["shapes"]["UpdateUserPoolDomainRequest"]["members"]
    members["DomainName"] = members.pop("Domain")
    model["shapes"]["UpdateUserPoolDomainRequest"]["required"] = ["DomainName", "UserPoolId"]
    (suite_dir / "model.json").write_text(json.dumps(model))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/contract/test_contract.py",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"1 failed, \d+ passed, \d+ skipped in .*", summary), result.stdout[-2000:]
    assert "request member Domain is no longer in the model (removed or renamed)" in result.stdout
    assert "newly required request member DomainName is not sent" in result.stdout
    assert "Record again: python -m tests.contract.record" in result.stdout


def test_prepare_cases_of_unknown_operations_or_named_twice_are_refused() -> None:
    stranger = contract.Case("DeleteUserPool", "emulator_delete", "not in the suite", {})
    with pytest.raises(contract.ContractError, match=r"DeleteUserPool/emulator_delete \(it has"):
        contract.selected(attrs.evolve(COGNITO, cases=(*COGNITO.cases, stranger)), None, None)
    twice = attrs.evolve(COGNITO, cases=(*COGNITO.cases, COGNITO.cases[0]))
    with pytest.raises(contract.ContractError, match="cases named twice"):
        contract.selected(twice, None, None)
