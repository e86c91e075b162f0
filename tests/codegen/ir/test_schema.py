"""The generated ``_schemas`` table states the model's facts, shape by shape, as botocore does."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import ServiceModel

from codegen.load import ServiceSpec
from generated.cognito_idp import _schemas
from generated.cognito_idp._schema import ListOf, MapOf, Scalar, Structure
from generated.cognito_idp.models import CustomDomainConfig, UpdateUserPoolDomainRequest

SCHEMAS = {
    value.name: value
    for value in vars(_schemas).values()
    if isinstance(value, Scalar | ListOf | MapOf | Structure)
}


@pytest.fixture(scope="module")
def botocore_model(spec: ServiceSpec) -> ServiceModel:
    return ServiceModel(spec.model, service_name="cognito-idp")


def test_every_shape_the_mission_reaches_has_one_entry(botocore_model: ServiceModel) -> None:
    """The input's and output's shapes, and those of the errors' members (read by properties)."""
    reached: set[str] = set()

    def reach(shape: Any) -> None:
        if shape.name in reached:
            return
        reached.add(shape.name)
        for child in getattr(shape, "members", {}).values():
            reach(child)
        for part in ("member", "key", "value"):
            if hasattr(shape, part):
                reach(getattr(shape, part))

    operation = botocore_model.operation_model("UpdateUserPoolDomain")
    reach(operation.input_shape)
    reach(operation.output_shape)
    for error in operation.error_shapes:
        for member in error.members.values():
            reach(member)
    assert set(SCHEMAS) == reached


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_entry_agrees_with_botocores_shape(name: str, botocore_model: ServiceModel) -> None:
    shape = botocore_model.shape_for(name)
    entry = SCHEMAS[name]
    metadata = shape.metadata
    if isinstance(entry, Structure):
        assert shape.type_name == "structure"
        assert [m.wire_name for m in entry.members] == list(shape.members)
        assert [m.wire_name for m in entry.required] == list(metadata.get("required", []))
        for member in entry.members:
            assert member.target is SCHEMAS[shape.members[member.wire_name].name]
        return
    assert entry.sensitive == bool(metadata.get("sensitive"))
    if isinstance(entry, ListOf):
        assert entry.item is SCHEMAS[shape.member.name]
    elif isinstance(entry, MapOf):
        assert (entry.key, entry.value) == (SCHEMAS[shape.key.name], SCHEMAS[shape.value.name])
    else:
        assert entry.kind == shape.type_name
        assert entry.enum == tuple(metadata.get("enum", ()))
    if name == "DomainType":  # the documented override: the service accepts custom domains
        assert (entry.min, entry.max) == (1, 253)
    else:
        assert (entry.min, entry.max) == (metadata.get("min"), metadata.get("max"))


def test_models_point_at_their_own_entry() -> None:
    assert UpdateUserPoolDomainRequest.SCHEMA is _schemas.UPDATE_USER_POOL_DOMAIN_REQUEST
    assert CustomDomainConfig.SCHEMA is _schemas.CUSTOM_DOMAIN_CONFIG_TYPE
    assert UpdateUserPoolDomainRequest.SCHEMA.class_name == "UpdateUserPoolDomainRequest"


def test_a_structure_is_defined_once() -> None:
    with pytest.raises(RuntimeError, match="already defined"):
        _schemas.ROUTING_TYPE.define()
