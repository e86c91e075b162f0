"""Real rule sets with every kind of parameter, against botocore's own endpoint tests.

The rule sets and models are read from the installed botocore (1.44.18), the
same version whose ``endpoint-tests-1.json`` are committed under
``endpoint_tests/``. Each case runs through the compiled ``resolve_endpoint``
(rule-set parameters in, endpoint out) and, where botocore gives operation
inputs, through ``endpoint_for_call`` (built-ins, operation name and input in),
which exercises the operation's static, member and JMESPath context parameters.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore.loaders
import pytest
from _pytest.mark import ParameterSet

from codegen.ir.endpoints import build_endpoint_source, service_bindings
from codegen.naming import snake_case

from .test_endpoints import import_rendered, render_endpoints_module

CASES = Path(__file__).parent / "endpoint_tests"
SERVICES = ("dynamodb", "kinesis", "events", "acm", "stepfunctions", "cognito-idp")
_LOADER = botocore.loaders.Loader()

# resolve_endpoint's keyword for each built-in; other parameters are snake_cased.
_BUILT_IN_KEYWORDS = {
    "AWS::Region": "region",
    "AWS::UseFIPS": "use_fips",
    "AWS::UseDualStack": "use_dualstack",
    "SDK::Endpoint": "endpoint",
    "AWS::Auth::AccountId": "account_id",
    "AWS::Auth::AccountIdEndpointMode": "account_id_endpoint_mode",
}


@functools.cache
def botocore_data(service: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(service-2.json, endpoint-rule-set-1.json) as botocore 1.44.18 ships them."""
    model = _LOADER.load_service_model(service, "service-2")
    return model, _LOADER.load_service_model(service, "endpoint-rule-set-1")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """The endpoints module of each service, compiled with all its operations."""
    root = tmp_path_factory.mktemp("services")
    partitions = _LOADER.load_data("partitions")
    modules: dict[str, ModuleType] = {}
    for service in SERVICES:
        model, ruleset = botocore_data(service)
        bindings = service_bindings(model, list(model["operations"]))
        source = render_endpoints_module(build_endpoint_source(ruleset, partitions, bindings))
        modules[service] = import_rendered(source, root)
    yield modules


def keywords(service: str, params: Mapping[str, Any]) -> dict[str, Any]:
    declared = botocore_data(service)[1]["parameters"]
    return {
        _BUILT_IN_KEYWORDS.get(declared[name].get("builtIn"), snake_case(name)): value
        for name, value in params.items()
    }


def outcome(module: ModuleType, call: Any) -> dict[str, Any]:
    """The endpoint as botocore's test files describe it, or the error message."""
    try:
        endpoint = call()
    except module.InvalidEndpointError as error:
        return {"error": str(error)}
    return {
        "url": endpoint.url,
        "signing_region": endpoint.signing_region,
        "signing_name": endpoint.signing_name,
        "auth_scheme": endpoint.auth_scheme,
    }


def expected_outcome(expect: Mapping[str, Any]) -> dict[str, Any]:
    """What the client must do with ``expect``: botocore's choice without awscrt."""
    if "error" in expect:
        return {"error": expect["error"]}
    endpoint = expect["endpoint"]
    assert not endpoint.get("headers")
    schemes = endpoint.get("properties", {}).get("authSchemes", [])
    sigv4 = next((s for s in schemes if s["name"] == "sigv4"), None)
    region_set = None if sigv4 is None else sigv4.get("signingRegionSet")
    return {
        "url": endpoint["url"],
        "signing_region": None
        if sigv4 is None
        else sigv4.get("signingRegion", ",".join(region_set) if region_set else None),
        "signing_name": None if sigv4 is None else sigv4.get("signingName"),
        "auth_scheme": "sigv4" if sigv4 is not None or not schemes else schemes[0]["name"],
    }


def cases(*, with_operation_inputs: bool) -> Iterator[ParameterSet]:
    for service in SERVICES:
        data = json.loads((CASES / f"{service}.json").read_text())
        for number, case in enumerate(data["testCases"]):
            if with_operation_inputs:
                for index, inputs in enumerate(case.get("operationInputs", [])):
                    case_id = f"{service}-{number}-{inputs['operationName']}-{index}"
                    yield pytest.param(service, inputs, case["expect"], id=case_id)
            elif "params" in case:
                yield pytest.param(
                    service, case["params"], case["expect"], id=f"{service}-{number}"
                )


@pytest.mark.parametrize(("service", "params", "expect"), list(cases(with_operation_inputs=False)))
def test_rule_set_parameters_resolve_as_botocore_tests_expect(
    compiled: dict[str, ModuleType], service: str, params: dict[str, Any], expect: dict[str, Any]
) -> None:
    module = compiled[service]
    arguments = keywords(service, params)
    got = outcome(module, lambda: module.resolve_endpoint(**arguments))
    assert got == expected_outcome(expect)


@pytest.mark.parametrize(("service", "inputs", "expect"), list(cases(with_operation_inputs=True)))
def test_operation_inputs_resolve_as_botocore_tests_expect(
    compiled: dict[str, ModuleType], service: str, inputs: dict[str, Any], expect: dict[str, Any]
) -> None:
    # As botocore's end-to-end test: the given built-ins replace the client's,
    # the operation's own parameters come from its model and input.
    module = compiled[service]
    built_ins = inputs.get("builtInParams", {})
    account_id = built_ins.get("AWS::Auth::AccountId")
    settings = module.EndpointSettings(
        region=built_ins.get("AWS::Region"),
        use_fips=built_ins.get("AWS::UseFIPS", False),
        use_dualstack=built_ins.get("AWS::UseDualStack", False),
        endpoint=built_ins.get("SDK::Endpoint"),
        account_id=lambda: account_id,
        account_id_endpoint_mode=built_ins.get("AWS::Auth::AccountIdEndpointMode"),
        client_context={},
        inject_host_prefix=False,  # as botocore's test: the cases ignore host prefixes
    )
    params = inputs.get("operationParams", {})
    got = outcome(
        module, lambda: module.endpoint_for_call(settings, inputs["operationName"], params)
    )
    assert got == expected_outcome(expect)


def test_botocore_cases_exercise_member_and_path_context_parameters() -> None:
    # Guards the parametrization above: the context parameters are really exercised.
    operations = {
        service: {
            inputs["operationName"]
            for case in json.loads((CASES / f"{service}.json").read_text())["testCases"]
            for inputs in case.get("operationInputs", [])
        }
        for service in ("dynamodb", "kinesis", "events")
    }
    assert {"BatchGetItem", "DescribeTable"} <= operations["dynamodb"]
    assert {"GetShardIterator", "ListShards", "TagResource"} <= operations["kinesis"]
    assert operations["events"] == {"PutEvents"}


# The operation context paths botocore's cases leave out, on inputs that hit
# every branch: missing members, nulls inside lists, several kinds of item.
_TRANSACT_ITEMS = [
    {"ConditionCheck": {"TableName": "a"}},
    {"Put": {"TableName": "b"}, "Delete": {"TableName": "c"}},
    {"Update": {}},
    {"Get": {"TableName": "d"}},
    {},
]
PATH_INPUTS = [
    {},
    {"TransactItems": []},
    {"TransactItems": _TRANSACT_ITEMS},
    {"TransactItems": "not a list"},
    {"RequestItems": {"t1": {}, "arn:aws:dynamodb:us-east-1:1:table/t2": {}}},
    {"TableCreationParameters": {"TableName": "t"}},
    {"TableCreationParameters": {}},
]


@pytest.mark.parametrize("params", PATH_INPUTS)
@pytest.mark.parametrize(
    "operation",
    ["BatchGetItem", "BatchWriteItem", "ImportTable", "TransactGetItems", "TransactWriteItems"],
)
def test_operation_context_paths_select_what_jmespath_selects(
    operation: str, params: dict[str, Any]
) -> None:
    import jmespath

    from codegen.ir.endpoints import compile_path
    from codegen.runtime import _rules_extra as _rules

    (name, spec), *_ = botocore_data("dynamodb")[0]["operations"][operation][
        "operationContextParams"
    ].items()
    code, helpers = compile_path(spec["path"])
    namespace = {helper: getattr(_rules, helper) for helper in helpers}
    ours = eval(code, namespace, {"params": params})
    try:
        theirs = jmespath.search(spec["path"], params)
    except jmespath.exceptions.JMESPathTypeError:
        theirs = None  # keys() of a missing member: botocore fails, we leave it unset
    assert ours == theirs, (name, spec["path"])
