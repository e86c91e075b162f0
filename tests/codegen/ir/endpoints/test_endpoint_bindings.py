"""Operation bindings on hand-made models: host prefixes with labels, client context options.

No JSON service uses a ``{Label}`` in its ``hostPrefix`` or a boolean client
context parameter today, so these paths are proved here on mini-models; the
oracle for the prefix is botocore's serializer (``_expand_host_prefix``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore.model
import botocore.serialize
import pytest
from botocore.exceptions import ParamValidationError

from codegen.ir.endpoints import (
    EndpointCompileError,
    build_endpoint_source,
    compile_path,
    service_bindings,
)

from ....mini_specs import service_model
from .test_endpoints import (
    TINY_PARTITIONS,
    endpoint,
    fn,
    import_rendered,
    ref,
    render_endpoints_module,
)

PARAMETERS: dict[str, Any] = {
    "Region": {"builtIn": "AWS::Region", "required": True, "type": "String"},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": True, "default": False, "type": "Boolean"},
    "Fast": {"required": False, "type": "Boolean"},
}
RULES = {
    "version": "1.0",
    "parameters": PARAMETERS,
    "rules": [
        endpoint("https://fast.{Region}.example", fn("booleanEquals", ref("Fast"), True)),
        endpoint("https://svc.{Region}.example"),
    ],
}
MODEL = service_model(
    "Mini",
    operations={
        "Labelled": {
            "input": {"shape": "LabelledInput"},
            "endpoint": {"hostPrefix": "{AccountId}.data-"},
        },
        "Plain": {"input": {"shape": "PlainInput"}},
    },
    shapes={
        "LabelledInput": {
            "type": "structure",
            "required": ["AccountId"],
            "members": {"AccountId": {"shape": "String", "hostLabel": True}},
        },
        "PlainInput": {"type": "structure", "members": {}},
        "String": {"type": "string"},
    },
    metadata={"jsonVersion": "1.0"},
    clientContextParams={"Fast": {"type": "boolean", "documentation": "Go fast."}},
)


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    bindings = service_bindings(MODEL, list(MODEL["operations"]))
    model = build_endpoint_source(RULES, TINY_PARTITIONS, bindings)
    return import_rendered(render_endpoints_module(model), tmp_path_factory.mktemp("bindings"))


def settings(module: ModuleType, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "region": "us-east-1",
        "use_fips": False,
        "use_dualstack": False,
        "endpoint": None,
        "account_id": lambda: None,
        "account_id_endpoint_mode": "preferred",
        "client_context": {},
        "inject_host_prefix": True,
    }
    values.update(overrides)
    return module.EndpointSettings(**values)


def botocore_host_prefix(params: Mapping[str, Any]) -> str:
    service = botocore.model.ServiceModel(MODEL, "mini")
    serializer = botocore.serialize.JSONSerializer()
    request = serializer.serialize_to_request(params, service.operation_model("Labelled"))
    return str(request["host_prefix"])


def test_host_prefix_label_is_filled_from_the_input_as_botocore_fills_it(
    module: ModuleType,
) -> None:
    params = {"AccountId": "123456789012"}
    found = module.endpoint_for_call(settings(module), "Labelled", params)
    assert found.url == f"https://{botocore_host_prefix(params)}svc.us-east-1.example"
    assert found.url == "https://123456789012.data-svc.us-east-1.example"


@pytest.mark.parametrize("label", ["bad/label", "a b", "", "x\n"])
def test_host_prefix_label_that_is_not_a_host_label_is_refused(
    module: ModuleType, label: str
) -> None:
    if label != "x\n":  # botocore's "$" lets a trailing newline through; we do not
        with pytest.raises(ParamValidationError):
            botocore_host_prefix({"AccountId": label})
    errors = importlib.import_module(module.__name__.replace(".endpoints", "._exceptions"))
    with pytest.raises(errors.ParamValidationError, match="AccountId: invalid value"):
        module.endpoint_for_call(settings(module), "Labelled", {"AccountId": label})


def test_host_prefix_is_left_out_when_injection_is_off(module: ModuleType) -> None:
    off = settings(module, inject_host_prefix=False)
    found = module.endpoint_for_call(off, "Labelled", {"AccountId": "1"})
    assert found.url == "https://svc.us-east-1.example"
    assert module.endpoint_for_call(settings(module), "Plain", {}).url == found.url


def test_client_context_option_reaches_the_rule_set(module: ModuleType) -> None:
    fast = settings(module, client_context={"Fast": True})
    assert module.endpoint_for_call(fast, "Plain", {}).url == "https://fast.us-east-1.example"
    unset = settings(module, client_context={"Fast": None})
    assert module.endpoint_for_call(unset, "Plain", {}).url == "https://svc.us-east-1.example"


def test_client_context_parameters_become_typed_client_options() -> None:
    bindings = service_bindings(MODEL, ["Plain"])
    (option,) = build_endpoint_source(RULES, TINY_PARTITIONS, bindings).client_options
    assert (option.name, option.python_name, option.annotation) == ("Fast", "fast", "bool | None")


def test_required_parameter_left_unset_is_refused_by_resolve_endpoint(module: ModuleType) -> None:
    with pytest.raises(module.InvalidEndpointError, match="parameter Region is required"):
        module.resolve_endpoint(None)


@pytest.mark.parametrize("path", ["A | B", "length(A)", "A[0]", "A[*].B[].C", "A[?B]"])
def test_unsupported_operation_context_path_is_refused_naming_it(path: str) -> None:
    with pytest.raises(EndpointCompileError, match="operationContextParams path"):
        compile_path(path)


def test_binding_of_a_parameter_the_rule_set_lacks_is_refused(tmp_path: Path) -> None:
    model = {**MODEL, "operations": {**MODEL["operations"]}}
    model["operations"]["Plain"] = {
        **model["operations"]["Plain"],
        "staticContextParams": {"Missing": {"value": "x"}},
    }
    with pytest.raises(EndpointCompileError, match="Plain binds 'Missing'"):
        build_endpoint_source(RULES, TINY_PARTITIONS, service_bindings(model, ["Plain"]))
