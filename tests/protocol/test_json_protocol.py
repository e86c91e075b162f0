"""botocore's JSON protocol compliance tests, run through the whole pipeline.

For every case: build the case's service model, generate a client with
``codegen`` (once per distinct model), import it, and make the call against a
local server on 127.0.0.1. Input cases compare what the server received
(method, path, the headers the case names, the body as JSON) with the
serialized request the case expects; output cases answer with the case's
response and compare the parsed result, or the raised error's class, code,
message and members, with the expected ones. The ``hostPrefix`` cases go to a
name in front of the suite's endpoint (``foo.example.com``): for those a
session's adapter records the request instead of the server.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import math
import uuid
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
import requests
import requests.adapters

from tests.protocol.cases import Case, Generated, PackageCache, load_cases
from tests.servers import Received, Reply, ScriptedServer, scripted_server

CASES = load_cases()

# botocore's runner fills this placeholder in; a real client sends a fresh uuid4.
_TOKEN_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"

SKIPPED = {
    "legacy/output/json:6:0": "event streams are not supported (this body is an event stream)",
}

_CUSTOM_PATH = (
    "the endpoint's path is used as is (/custom), as botocore does (it skips this suite); "
    "Smithy's case expects /custom/"
)
EXPECTED_FAILURES = {
    "input/json:AwsJson11HostWithPath": _CUSTOM_PATH,
    "input/json_1_0:AwsJson10HostWithPath": _CUSTOM_PATH,
    "legacy/output/json:3:1": (
        "lists are typed dense: a null element is dropped (as Smithy-based SDKs do) rather than "
        "kept as botocore, untyped, keeps it; keeping it would make every list list[X | None]"
    ),
    "legacy/output/json:7:1": (
        "only the errors of the generated operations become classes: OtherExceptionShape, "
        "listed by no operation, is raised as the base class with the right code"
    ),
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> PackageCache:
    return PackageCache(tmp_path_factory.mktemp("protocol"))


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def _params(case: Case) -> list[Any]:
    marks: list[pytest.MarkDecorator] = []
    if case.id in SKIPPED:
        marks.append(pytest.mark.skip(reason=SKIPPED[case.id]))
    if case.id in EXPECTED_FAILURES:
        marks.append(pytest.mark.xfail(reason=EXPECTED_FAILURES[case.id], strict=True))
    return [pytest.param(case, id=case.id, marks=marks)]


@pytest.mark.parametrize("case", [p for c in CASES if c.is_input for p in _params(c)])
def test_request_is_serialized_as_expected(
    case: Case, packages: PackageCache, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = packages.get(case)
    expected: Mapping[str, Any] = case.data["serialized"]
    server.script = [Reply()]
    server.received.clear()
    if "host" in expected and case.client_endpoint and "/custom" not in case.client_endpoint:
        # hostPrefix: the request goes to a name in front of the suite's endpoint, which
        # only a transport hook can stand for: a session whose adapter records the request.
        recorder = _RecordingAdapter()
        session = requests.Session()
        session.mount("https://", recorder)
        with _client(generated, case.client_endpoint, session=session) as client:
            getattr(client, _method(generated))(**_arguments(case, generated))
        assert urlsplit(recorder.url).netloc == expected["host"]
        received = recorder.received
    else:
        endpoint = server.url + ("/custom" if expected.get("uri") == "/custom/" else "")
        with _client(generated, endpoint) as client:
            getattr(client, _method(generated))(**_arguments(case, generated))
        (received,) = server.received
    assert received.method == expected.get("method", "POST")
    assert received.path == expected.get("uri", "/")
    headers = {name.lower(): value for name, value in received.headers.items()}
    for name, value in expected.get("headers", {}).items():
        assert headers.get(name.lower()) == value, name
    for name in expected.get("requireHeaders", ()):
        assert name.lower() in headers, name
    for name in expected.get("forbidHeaders", ()):
        assert name.lower() not in headers, name
    body = _body(received)
    if "body" in expected:
        assert _with_tokens(case, body) == json.loads(expected["body"])
    else:
        assert isinstance(body, dict)


@pytest.mark.parametrize("case", [p for c in CASES if not c.is_input for p in _params(c)])
def test_response_is_parsed_as_expected(
    case: Case, packages: PackageCache, server: ScriptedServer
) -> None:
    generated = packages.get(case)
    response: Mapping[str, Any] = case.data["response"]
    server.script = [
        Reply(
            response["status_code"],
            response.get("body", "").encode(),
            dict(response.get("headers", {})),
        )
    ]
    with _client(generated, server.url) as client:
        call = getattr(client, _method(generated))
        if "error" not in case.data:
            result = call(**_required_arguments(generated))
            if "output" not in case.operation:  # the method returns None
                assert (result, case.data["result"]) == (None, {})
            else:
                assert _boto_shaped(result) == case.data["result"]
            return
        with pytest.raises(generated.errors().ServiceError) as raised:
            call(**_required_arguments(generated))
    error = raised.value
    assert (error.code, error.message) == (
        case.data.get("errorCode", ""),
        case.data.get("errorMessage", ""),
    )
    assert _error_members(generated, error) == case.data["error"]


# --- calling -----------------------------------------------------------------------


def _client(generated: Generated, endpoint: str, **options: Any) -> Any:
    from importlib import import_module

    config = import_module(f"{generated.module.__name__}._config")
    return generated.client_class()(
        region="us-east-1",
        credentials=config.Credentials("AKIDEXAMPLE", "secret"),
        endpoint_url=endpoint,
        max_attempts=1,
        **options,
    )


class _RecordingAdapter(requests.adapters.BaseAdapter):
    """Records the one request sent through it and answers 200 ``{}``, without a socket."""

    url = ""
    received = Received("", "", {}, b"")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        url = request.url or ""
        body = request.body if isinstance(request.body, bytes) else b""
        path = urlsplit(url).path or "/"
        self.url = url
        self.received = Received(request.method or "", path, dict(request.headers), body)
        response = requests.Response()
        response.status_code = 200
        response.raw = io.BytesIO(b"{}")
        response.headers["Content-Type"] = "application/x-amz-json-1.1"
        response.url = url
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release."""


def _method(generated: Generated) -> str:
    (operation,) = generated.ir.operations
    name: str = operation.method_name
    return name


def _arguments(case: Case, generated: Generated) -> dict[str, Any]:
    """The case's ``params``, typed, as keyword arguments of the client method."""
    (operation,) = generated.ir.operations
    if "input" not in case.operation:
        assert not case.data["params"]
        return {}
    typed = _typed(case.data["params"], case.operation["input"]["shape"], case.model["shapes"])
    request = getattr(generated.models(), operation.input.class_name).from_dict(typed)
    return {field.name: getattr(request, field.name) for field in attrs.fields(type(request))}


def _typed(value: Any, shape_name: str, shapes: Mapping[str, Any]) -> Any:
    """boto3-shaped ``value`` with the vector files' stand-ins made real Python values."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if value is None:
        return None
    if kind == "structure" and not shape.get("document"):
        members = shape["members"]
        return {k: _typed(v, members[k]["shape"], shapes) for k, v in value.items()}
    if kind == "list":
        return [_typed(v, shape["member"]["shape"], shapes) for v in value]
    if kind == "map":
        return {k: _typed(v, shape["value"]["shape"], shapes) for k, v in value.items()}
    if kind == "timestamp":
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    if kind == "blob":
        return value.encode()
    if kind in ("float", "double"):
        return float(value)  # also "NaN", "Infinity", "-Infinity"
    return value


def _required_arguments(generated: Generated) -> dict[str, Any]:
    (operation,) = generated.ir.operations
    assert not operation.input.required_members, "output cases call without arguments"
    return {}


def _body(received: Received) -> Any:
    raw = received.body
    if received.headers.get("Content-Encoding", "").endswith("gzip"):
        raw = gzip.decompress(raw)
    return json.loads(raw)


def _with_tokens(case: Case, body: Any) -> Any:
    """The body with a generated idempotency token replaced by botocore's test placeholder."""
    if _TOKEN_PLACEHOLDER not in case.data["serialized"].get("body", ""):
        return body
    shape = case.model["shapes"][case.operation["input"]["shape"]]
    for name, ref in shape["members"].items():
        if ref.get("idempotencyToken") and name not in case.data["params"]:
            assert uuid.UUID(body[name]).version == 4
            body = {**body, name: _TOKEN_PLACEHOLDER}
    return body


# --- comparing ---------------------------------------------------------------------


def _boto_shaped(value: Any) -> Any:
    """A parsed value in the vector files' form: epoch timestamps, text blobs, special floats."""
    if value is None:
        return None
    schema = getattr(type(value), "SCHEMA", None)
    if schema is not None:
        return {
            m.wire_name: _boto_shaped(getattr(value, m.python_name))
            for m in schema.members
            if getattr(value, m.python_name) is not None
        }
    if isinstance(value, list):
        return [_boto_shaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _boto_shaped(v) for k, v in value.items()}
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _error_members(generated: Generated, error: Any) -> dict[str, Any]:
    """The error's modeled members, read through its typed properties, in boto3's form."""
    shapes = {e.name: e for e in generated.ir.errors}
    shape = next((e for e in shapes.values() if type(error).__name__ == e.name), None)
    if shape is None:
        return {}
    members = {
        m.wire_name: _boto_shaped(getattr(error, m.python_name))
        for m in shape.members
        if getattr(error, m.python_name) is not None
    }
    if error.message and shape.message_member is not None:
        members[shape.message_member] = error.message
    return members
