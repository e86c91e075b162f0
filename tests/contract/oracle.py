"""botocore, as the reference the contract tests hold the generated client to.

Only the tests use botocore; the generated package never imports it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

import botocore.model
import botocore.parsers
import botocore.serialize
import botocore.validate

from .cases import OPERATION
from .cassettes import ROOT

SERVICE_MODEL_PATH = ROOT / "specs" / "cognito-idp" / "service-2.json"


@functools.cache
def service_model() -> botocore.model.ServiceModel:
    with SERVICE_MODEL_PATH.open() as model:
        return botocore.model.ServiceModel(json.load(model), service_name="cognito-idp")


def operation_model() -> botocore.model.OperationModel:
    return service_model().operation_model(OPERATION)


def documented_errors() -> list[str]:
    """The error shapes the pinned model lists for the operation."""
    return sorted(shape.name for shape in operation_model().error_shapes)


def validate_input(parameters: Mapping[str, Any]) -> None:
    """Raise botocore's ParamValidationError if ``parameters`` do not fit the input shape."""
    botocore.validate.validate_parameters(dict(parameters), operation_model().input_shape)


def input_problems(parameters: Mapping[str, Any]) -> str:
    """botocore's report of what is wrong with ``parameters`` ("" when nothing is)."""
    validator = botocore.validate.ParamValidator()
    report = validator.validate(dict(parameters), operation_model().input_shape)
    return str(report.generate_report()) if report.has_errors() else ""


def serialized_body(parameters: Mapping[str, Any]) -> object:
    """The JSON document botocore sends for ``parameters``."""
    request = botocore.serialize.create_serializer("json").serialize_to_request(
        dict(parameters), operation_model()
    )
    return json.loads(request["body"])


def serialized_headers(parameters: Mapping[str, Any]) -> dict[str, str]:
    request = botocore.serialize.create_serializer("json").serialize_to_request(
        dict(parameters), operation_model()
    )
    return dict(request["headers"])


def parse_response(status: int, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """What botocore makes of an HTTP answer, modeled error members included.

    Mirrors ``botocore.endpoint.Endpoint._do_get_response``: the answer is
    parsed against the output shape and, for an error whose code the model
    knows, against that error's shape too.
    """
    response = {
        "status_code": status,
        "headers": {name.lower(): value for name, value in headers.items()},
        "body": body,
    }
    parser = botocore.parsers.create_parser("json")
    parsed: dict[str, Any] = parser.parse(response, operation_model().output_shape)
    code = parsed.get("Error", {}).get("Code")
    if status >= 300 and code:
        error_shape = service_model().shape_for_error_code(code)
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    return parsed
