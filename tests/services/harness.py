"""Drive a generated client without a network, and put its values in botocore's terms.

``CannedSession`` is a ``requests.Session`` whose adapter records the request
the client sends and answers with a canned response. ``to_arguments`` turns a
boto3-shaped parameter dict into the keyword arguments of the generated
method (model instances, Python names), reading the names from the package IR.
``comparable`` brings a parsed value to one form for comparison: instants as
epoch seconds, bytes as bytes. ``botocore_error`` is what a real botocore client
raises for a canned error response, its handlers included.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import botocore.config
import botocore.exceptions
import botocore.session
import requests
import urllib3
from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel, Shape
from botocore.serialize import create_serializer

from codegen.ir import Kind, Package, Structure, TypeRef


class CannedSession(requests.Session):
    """Records each request and answers ``status``, ``headers``, ``body``."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []
        self.status = 200
        # Not ``headers``: that is the Session's own request-header mapping.
        self.response_headers: dict[str, str] = {}
        self.body = b"{}"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request)
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(self.body),
            headers={"Content-Length": str(len(self.body)), **self.response_headers},
            status=self.status,
            preload_content=False,
        )
        return requests.adapters.HTTPAdapter().build_response(request, raw)


class Structures:
    """The package IR's structures by shape name, to convert boto3-shaped values."""

    def __init__(self, package: Package, models: ModuleType) -> None:
        self._models = models
        self._by_name: dict[str, Structure] = {s.name: s for s in package.structures}

    def instance(self, shape_name: str, value: Mapping[str, Any]) -> object:
        structure = self._by_name[shape_name]
        return getattr(self._models, structure.class_name)(**self.arguments(structure, value))

    def arguments(self, structure: Structure, value: Mapping[str, Any]) -> dict[str, object]:
        return {
            m.python_name: self._convert(m.type, value[m.wire_name])
            for m in structure.members
            if m.wire_name in value
        }

    def _convert(self, ref: TypeRef, value: Any) -> object:
        if ref.kind is Kind.STRUCTURE:
            return self.instance(ref.shape_name, value)
        if ref.kind is Kind.LIST:
            assert ref.item is not None
            return [self._convert(ref.item, item) for item in value]
        if ref.kind is Kind.MAP:
            assert ref.item is not None
            return {key: self._convert(ref.item, item) for key, item in value.items()}
        return value


def botocore_request(operation: OperationModel, params: Mapping[str, Any]) -> dict[str, Any]:
    """What botocore's serializer makes of ``params``: method, headers, JSON body."""
    serialized = create_serializer("json", include_validation=False).serialize_to_request(
        dict(params), operation
    )
    return {
        "method": serialized["method"],
        "headers": {k.lower(): v for k, v in serialized["headers"].items()},
        "body": json.loads(serialized["body"] or b"{}"),
    }


def our_request(request: requests.PreparedRequest) -> dict[str, Any]:
    body = request.body
    raw = body.encode() if isinstance(body, str) else body or b"{}"
    return {
        "method": request.method,
        "headers": {k.lower(): v for k, v in request.headers.items()},
        "body": json.loads(raw),
    }


def wire_value(shape: Shape, value: Any) -> Any:
    """``value`` as it travels in a JSON body: blobs in base64, instants as epoch seconds."""
    serializer = create_serializer("json", include_validation=False)
    out: dict[str, Any] = {}
    serializer._serialize(out, value, shape, "value")
    return out["value"]


def comparable(value: Any) -> Any:
    """One form for values parsed by botocore and by the generated client."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, Mapping):
        return {k: comparable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


class _CannedBody:
    """The raw body of a canned ``AWSResponse``: what botocore reads with ``stream()``."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


@functools.cache
def _botocore_client(service: str) -> Any:
    """A real botocore client of ``service``, one attempt per call, never on the network."""
    return botocore.session.get_session().create_client(
        service,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=botocore.config.Config(retries={"total_max_attempts": 1}),
    )


def botocore_error(
    service: str,
    operation: str,
    params: Mapping[str, Any],
    *,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[str, str]:
    """(exception class name, ``Error.Code``) a real botocore client raises for this answer.

    The client answers from a ``before-send`` handler, so everything botocore
    runs after its parser (``after-call`` handlers such as SQS's
    ``_handle_sqs_compatible_error``, the client's exception factory) runs too.
    """
    client = _botocore_client(service)

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, status, dict(headers), _CannedBody(body))

    client.meta.events.register("before-send", answer, unique_id="canned-answer")
    try:
        getattr(client, botocore.xform_name(operation))(**params)
    except botocore.exceptions.ClientError as error:
        return type(error).__name__, error.response["Error"]["Code"]
    finally:
        client.meta.events.unregister("before-send", unique_id="canned-answer")
    raise AssertionError(f"botocore's {service} client did not raise for status {status}")
