"""Enum shapes become ``Literal`` aliases named as boto3-stubs names them, used wherever typed."""

from __future__ import annotations

import copy

import attrs
import pytest

from codegen.ir import ModelError, Package, build_package
from codegen.load import ServiceSpec

from ...conftest import operation_named


@pytest.fixture(scope="module")
def whole(spec: ServiceSpec) -> Package:
    return build_package(spec)


def test_every_enum_shape_is_an_alias_with_the_model_values_in_order(
    spec: ServiceSpec, whole: Package
) -> None:
    shapes = spec.model["shapes"]
    enums = {name: tuple(shape["enum"]) for name, shape in shapes.items() if "enum" in shape}
    assert {alias.shape_name: alias.values for alias in whole.literals} == enums
    assert all(alias.name == f"{alias.shape_name}Type" for alias in whole.literals)


def test_alias_names_stay_apart_from_model_class_names(whole: Package) -> None:
    # The enum ChallengeResponse and the structure ChallengeResponseType (class ChallengeResponse).
    names = {alias.name for alias in whole.literals}
    classes = {s.class_name for s in whole.structures}
    assert "ChallengeResponseType" in names and "ChallengeResponse" in classes
    assert names.isdisjoint(classes | {s.dict_name for s in whole.structures})


def test_members_arguments_and_dicts_are_typed_with_the_alias(whole: Package) -> None:
    create_client = operation_named(whole, "CreateUserPoolClient")
    arguments = {m.python_name: m for m in create_client.arguments}
    assert arguments["explicit_auth_flows"].annotation == "list[ExplicitAuthFlowsTypeType] | None"
    assert arguments["explicit_auth_flows"].dict_annotation == (
        "NotRequired[list[ExplicitAuthFlowsTypeType]]"
    )
    assert "ExplicitAuthFlowsTypeType" in whole.client_literal_imports
    assert "ExplicitAuthFlowsTypeType" in create_client.input.literal_imports


def test_enum_values_parse_unchecked_as_the_alias(whole: Package) -> None:
    domain = operation_named(whole, "DescribeUserPoolDomain")
    assert domain.output is not None
    (description,) = (m for m in domain.output.members if m.python_name == "domain_description")
    structure = next(s for s in whole.structures if s.class_name == description.type.class_name)
    (status,) = (m for m in structure.members if m.python_name == "status")
    assert status.read_value == (
        'None if (item := data.get("Status")) is None'
        ' else cast("DomainStatusTypeType", _parse.as_str(item))'
    )


def test_alias_name_taken_by_a_model_class_is_refused(spec: ServiceSpec) -> None:
    model = copy.deepcopy(spec.model)
    # A structure whose class name (shape name less "Type") is the alias of an enum it holds.
    model["shapes"]["PolicyTypeType"] = {
        "type": "structure",
        "members": {"Kind": {"shape": "Policy"}},
    }
    model["shapes"]["Policy"] = {"type": "string", "enum": ["A", "B"]}
    model["shapes"]["UpdateUserPoolDomainRequest"]["members"]["Policy"] = {
        "shape": "PolicyTypeType"
    }
    broken = attrs.evolve(spec, model=model)
    with pytest.raises(ModelError, match="PolicyType"):
        build_package(broken, ["UpdateUserPoolDomain"])
