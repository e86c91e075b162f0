"""Every operation of a dozen real awsJson services, request for request against botocore.

Each pinned service is generated whole (``conftest.py``). For every operation,
hypothesis draws valid inputs and responses from botocore's shapes (a few
examples, derandomized: CI sees the same cases each run); the request the
generated client sends must be the one botocore's serializer builds (method,
``X-Amz-Target``, content type, body as JSON), and the response it parses must
be what botocore's parser returns. Every modeled error, in each form a service
may answer it, must raise the typed exception with botocore's error code.
Cases that fail only for work another change is doing are marked in
``pending.py``, each with its reason, strictly (they fail loudly once fixed).
"""

from __future__ import annotations

import datetime
import functools
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from botocore.parsers import create_parser
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .cases import ERROR_FORMS, QUERY_FORM, error_cases, operation_cases, timestamp_cases
from .conftest import GeneratedService, generated
from .harness import (
    CannedSession,
    Structures,
    botocore_error,
    botocore_request,
    comparable,
    our_request,
    wire_value,
)
from .pending import mark_error, mark_operation, mark_timestamp
from .strategies import value_of

EXAMPLES = settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    # A failing case is reported as drawn: shrinking thousands of cases would cost minutes.
    phases=(Phase.explicit, Phase.generate),
)
SUB_SECOND = datetime.datetime(2027, 6, 30, 12, 30, 28, 800048, tzinfo=datetime.UTC)
IDEMPOTENCY_TOKEN = "00000000-0000-4000-8000-000000000000"
NAMESPACE = "com.amazonaws.service"
URI = "http://internal.amazon.com/coral/com.amazonaws.service/"


@functools.cache
def _runner(service: GeneratedService) -> tuple[Any, CannedSession, Structures]:
    """One client per service, answering from a canned session; and its structure table."""
    session = CannedSession()
    credentials = service.module.Credentials("AKIDEXAMPLE", "secret")
    client = service.client_class(
        region="us-east-1", credentials=credentials, session=session, max_attempts=1
    )
    models = importlib.import_module(f"{service.module.__name__}.models")
    return client, session, Structures(service.package, models)


def _call(
    service: GeneratedService,
    operation: str,
    params: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    body: bytes = b"{}",
) -> tuple[CannedSession, Any]:
    """Call ``operation`` with boto3-shaped ``params``; the session answers as told."""
    client, session, structures = _runner(service)
    session.sent.clear()
    session.status, session.response_headers, session.body = status, headers or {}, body
    ir = next(op for op in service.package.operations if op.name == operation)
    arguments = structures.arguments(ir.input, params)
    return session, getattr(client, ir.method_name)(**arguments)


def _draw_input(data: st.DataObject, service: GeneratedService, operation: str) -> dict[str, Any]:
    shape = service.botocore_model.operation_model(operation).input_shape
    params: dict[str, Any] = data.draw(value_of(shape), label="input") if shape else {}
    for name, member in shape.members.items() if shape else ():
        # botocore's client fills an omitted token with a fresh uuid4; pass one to both.
        if member.metadata.get("idempotencyToken"):
            params.setdefault(name, IDEMPOTENCY_TOKEN)
    return params


def _draw_output(data: st.DataObject, service: GeneratedService, operation: str) -> bytes:
    shape = service.botocore_model.operation_model(operation).output_shape
    if shape is None:
        return b"{}"
    return json.dumps(wire_value(shape, data.draw(value_of(shape), label="output"))).encode()


OPERATIONS = [
    pytest.param(service, op, id=f"{service}.{op}", marks=mark_operation(service, op))
    for service, op in operation_cases()
]
ERRORS = [
    pytest.param(service, error, op, id=f"{service}.{error}", marks=mark_error(service, error))
    for service, error, op in error_cases()
]
TIMESTAMPS = [
    pytest.param(service, op, member, id=f"{service}.{op}", marks=mark_timestamp(service))
    for service, op, member in timestamp_cases()
]
QUERY_ERRORS = [
    pytest.param(
        service, error, op, id=f"{service}.{error}", marks=mark_error(service, error, QUERY_FORM)
    )
    for service, error, op in error_cases(query_compatible=True)
]


@pytest.fixture
def service(services_dir: Path, service_name: str) -> GeneratedService:
    """The service of the case, generated before hypothesis starts (a failure stays cheap)."""
    return generated(service_name, services_dir)


@pytest.mark.parametrize(("service_name", "operation"), OPERATIONS)
@EXAMPLES
@given(data=st.data())
def test_request_and_response_are_botocores(
    service: GeneratedService, operation: str, data: st.DataObject
) -> None:
    """The request is the one botocore's serializer builds; the response parses as botocore's."""
    operation_model = service.botocore_model.operation_model(operation)
    params = _draw_input(data, service, operation)
    body = _draw_output(data, service, operation)
    session, result = _call(service, operation, params, body=body)

    expected = botocore_request(operation_model, params)
    ours = our_request(session.sent[0])
    assert ours["method"] == expected["method"]
    for header in ("x-amz-target", "content-type", "x-amzn-query-mode"):
        assert ours["headers"].get(header) == expected["headers"].get(header), header
    assert ours["body"] == expected["body"]

    output_shape = operation_model.output_shape
    response = {"status_code": 200, "headers": {}, "body": body}
    parsed = create_parser("json").parse(response, output_shape) if output_shape else {}
    assert comparable(result.to_dict() if result is not None else {}) == comparable(parsed)


@pytest.mark.parametrize(("service_name", "operation", "member"), TIMESTAMPS)
@EXAMPLES
@given(data=st.data())
def test_sub_second_timestamp_is_sent_as_botocore_sends_it(
    service: GeneratedService, operation: str, member: str, data: st.DataObject
) -> None:
    """``1814013028.800048``: botocore keeps the microseconds of an epoch-seconds timestamp."""
    params = _draw_input(data, service, operation)
    params[member] = SUB_SECOND
    session, _ = _call(service, operation, params, body=_draw_output(data, service, operation))
    expected = botocore_request(service.botocore_model.operation_model(operation), params)
    assert our_request(session.sent[0])["body"] == expected["body"]


def _error_response(error: str, form: str, status: int, code: str) -> dict[str, Any]:
    body: dict[str, Any] = {"message": "it failed"}
    headers: dict[str, str] = {"x-amzn-RequestId": "req-1"}
    if form == "bare":
        body["__type"] = error
    elif form == "namespaced":
        body["__type"] = f"{NAMESPACE}#{error}"
    elif form == "uri-suffix":
        body["__type"] = f"{error}:{URI}"
    elif form == "header":
        headers["X-Amzn-Errortype"] = f"{error}:{URI}"
    elif form == QUERY_FORM:
        body["__type"] = f"{NAMESPACE}#{error}"
        headers["x-amzn-query-error"] = f"{code};Sender"
    return {"status_code": status, "headers": headers, "body": json.dumps(body).encode()}


def _check_error(
    service: GeneratedService,
    error: str,
    operation: str,
    form: str,
    params: dict[str, Any],
) -> None:
    """The error answered in ``form`` raises the class botocore would, with botocore's code.

    botocore raises the modeled class whose code (``error.code``, else the
    name) is the code it read; any other code raises the service's base error.
    """
    shape = service.botocore_model.shape_for(error)
    status = shape.metadata.get("error", {}).get("httpStatusCode", 400)
    response = _error_response(error, form, status, "")
    # botocore's awsJson parser reads the code from the body only; its restJson
    # parser also reads the header, as the awsJson specification allows.
    parser = create_parser("rest-json" if form == "header" else "json")
    lowercase = {**response, "headers": {k.lower(): v for k, v in response["headers"].items()}}
    parsed_error = parser.parse(lowercase, None)["Error"]
    expected_code = parsed_error["Code"]
    # botocore's client picks SQS's class by the code read before x-amzn-query-error
    # replaced it (handlers._handle_sqs_compatible_error); other services' by the code.
    class_code = expected_code
    if service.package.name == "sqs":
        class_code = parsed_error.get("QueryErrorCode", expected_code)
    modeled = next(e for e in service.package.errors if e.name == error)
    expected_class = modeled.class_name if class_code == shape.error_code else None
    error_class = getattr(service.module.errors, expected_class or service.package.base_error_name)
    with pytest.raises(error_class) as raised:
        _call(
            service,
            operation,
            params,
            status=status,
            headers=response["headers"],
            body=response["body"],
        )
    assert (form, raised.value.code) == (form, expected_code)
    assert (form, type(raised.value).__name__) == (form, error_class.__name__)
    assert raised.value.message == "it failed"


@pytest.mark.parametrize(("service_name", "error", "operation"), ERRORS)
@settings(EXAMPLES, max_examples=1)
@given(data=st.data())
def test_modeled_error_raises_its_class_with_botocores_code(
    service: GeneratedService, error: str, operation: str, data: st.DataObject
) -> None:
    """Each form of the error code: bare, ``namespace#Name``, ``Name:uri``, the header."""
    params = _draw_input(data, service, operation)
    for form in ERROR_FORMS:
        _check_error(service, error, operation, form, params)


@pytest.mark.parametrize(("service_name", "error", "operation"), QUERY_ERRORS)
@settings(EXAMPLES, max_examples=1)
@given(data=st.data())
def test_query_compatible_error_raises_its_class_with_botocores_code(
    service: GeneratedService, error: str, operation: str, data: st.DataObject
) -> None:
    """``x-amzn-query-error: <code>;Sender``: the class and code a real botocore client raises.

    The code is the header's. The class is the one botocore's client picks once
    its handlers have run after the parser: with the error's own code, its
    class; with a former query code the model does not name
    (``AWS.SimpleQueueService.NonExistentQueue``), the base error, except for
    SQS, whose class botocore looks up by the shape name in ``__type``.
    """
    params = _draw_input(data, service, operation)
    shape = service.botocore_model.shape_for(error)
    status = shape.metadata.get("error", {}).get("httpStatusCode", 400)
    classes = {e.name: e.class_name for e in service.package.errors}
    for code in (shape.error_code, f"AWS.Legacy.{error}"):
        response = _error_response(error, QUERY_FORM, status, code)
        botocore_class, expected_code = botocore_error(
            service.name,
            operation,
            params,
            status=status,
            headers=response["headers"],
            body=response["body"],
        )
        expected_class = classes.get(botocore_class, service.package.base_error_name)
        with pytest.raises(service.module.errors.ServiceError) as raised:
            _call(
                service,
                operation,
                params,
                status=status,
                headers=response["headers"],
                body=response["body"],
            )
        assert (code, raised.value.code) == (code, expected_code)
        assert (code, type(raised.value).__name__) == (code, expected_class)


def test_sqs_error_class_is_looked_up_by_the_shape_name(services_dir: Path) -> None:
    """Real SQS's answer for a missing queue raises ``QueueDoesNotExist``, as boto3 does.

    botocore's ``_handle_sqs_compatible_error``: the class comes from ``__type``,
    ``.code`` stays the query code of ``x-amzn-query-error``.
    """
    sqs = generated("sqs", services_dir)
    headers = {
        "x-amzn-RequestId": "req-1",
        "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender",
    }
    body = json.dumps(
        {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "no such queue"}
    ).encode()
    params = {"QueueName": "missing"}
    assert botocore_error("sqs", "GetQueueUrl", params, status=400, headers=headers, body=body) == (
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
    )
    client, _, _ = _runner(sqs)
    with pytest.raises(client.exceptions.QueueDoesNotExist) as raised:
        _call(sqs, "GetQueueUrl", params, status=400, headers=headers, body=body)
    assert raised.value.code == "AWS.SimpleQueueService.NonExistentQueue"
    assert raised.value.message == "no such queue"
