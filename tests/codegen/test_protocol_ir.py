"""What the IR decides for the awsJson features the protocol vectors exercise."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.ir import ModelError, Package, build_package
from codegen.load import ServiceSpec, load_service_json

from ..conftest import SPECS


def _package(shapes: dict[str, Any], operation: dict[str, Any], **metadata: Any) -> Package:
    model = {
        "metadata": {
            "apiVersion": "2020-01-01",
            "endpointPrefix": "t",
            "jsonVersion": "1.0",
            "protocol": "json",
            "serviceId": "T",
            "targetPrefix": "T",
            **metadata,
        },
        "operations": {operation["name"]: operation},
        "shapes": shapes,
    }
    spec = ServiceSpec(
        name="t",
        model=model,
        endpoint_rules=load_service_json(SPECS / "cognito-idp" / "endpoint-rule-set-1.json"),
        partitions=load_service_json(SPECS / "cognito-idp" / "partitions.json"),
        provenance={"botocore_version": "1.44.18"},
        sha256="0" * 64,
    )
    return build_package(spec)


STRING = {"type": "string"}


def test_an_operation_without_input_gets_an_empty_request_model() -> None:
    package = _package({}, {"name": "ListThings"})
    (operation,) = package.operations
    assert (operation.input.name, operation.input.members, operation.arguments) == (
        "ListThingsInput",
        (),
        (),
    )


def test_an_operation_requiring_endpoint_discovery_is_refused_by_name() -> None:
    operation = {"name": "Query", "endpointdiscovery": {"required": True}}
    with pytest.raises(ModelError, match="Query requires endpoint discovery"):
        _package({}, operation)


def test_an_error_member_named_like_a_service_error_attribute_gets_an_underscore() -> None:
    shapes = {
        "Boom": {
            "type": "structure",
            "exception": True,
            "error": {"code": "Custom.Boom"},
            "members": {"Code": {"shape": "S"}, "Message": {"shape": "S"}},
        },
        "S": STRING,
    }
    (error,) = _package(shapes, {"name": "Op", "errors": [{"shape": "Boom"}]}).errors
    assert [m.python_name for m in error.members] == ["code_"]
    assert (error.code, error.message_member) == ("Custom.Boom", "Message")


def test_structures_held_by_errors_are_models() -> None:
    shapes = {
        "Boom": {"type": "structure", "exception": True, "members": {"Nested": {"shape": "N"}}},
        "N": {"type": "structure", "members": {"Foo": {"shape": "S"}}},
        "S": STRING,
    }
    package = _package(shapes, {"name": "Op", "errors": [{"shape": "Boom"}]})
    assert "N" in [s.name for s in package.structures]


def _request(shapes: dict[str, Any]) -> Any:
    package = _package(
        {"In": {"type": "structure", "members": shapes.pop("members")}, **shapes},
        {"name": "Op", "input": {"shape": "In"}},
    )
    (operation,) = package.operations
    return operation


def test_only_structures_holding_blobs_or_text_timestamps_have_a_wire_form_of_their_own() -> None:
    plain = _request(
        {
            "members": {"A": {"shape": "S"}, "T": {"shape": "T"}},
            "S": STRING,
            "T": {"type": "timestamp"},
        }
    )
    assert not plain.input.wire_differs
    blob = _request(
        {
            "members": {"L": {"shape": "L"}},
            "L": {"type": "list", "member": {"shape": "B"}},
            "B": {"type": "blob"},
        }
    )
    assert blob.input.wire_differs
    assert blob.input.members[0].to_wire_value == "[_wire.blob(item) for item in self.l]"


def test_a_member_timestamp_format_wins_over_the_shape_s() -> None:
    operation = _request(
        {
            "members": {
                "Iso": {"shape": "T", "timestampFormat": "iso8601"},
                "Default": {"shape": "T"},
                "Epoch": {"shape": "H", "timestampFormat": "unixTimestamp"},
            },
            "T": {"type": "timestamp"},
            "H": {"type": "timestamp", "timestampFormat": "rfc822"},
        }
    )
    values = {m.wire_name: m.to_wire_value for m in operation.input.members}
    assert values == {
        "Iso": "_wire.iso8601(self.iso)",
        "Default": "self.default",
        "Epoch": "self.epoch",
    }


def test_a_left_out_idempotency_token_is_filled_by_the_client_method() -> None:
    operation = _request(
        {"members": {"Token": {"shape": "S", "idempotencyToken": True}}, "S": STRING}
    )
    assert operation.request_values == (
        ("token", "token if token is not None else new_idempotency_token()"),
    )


def test_gzip_request_compression_and_query_compatibility_are_read_from_the_model() -> None:
    package = _package(
        {}, {"name": "Put", "requestcompression": {"encodings": ["gzip"]}}, awsQueryCompatible={}
    )
    assert package.compresses_requests and package.query_compatible
    assert package.operations[0].compressed
