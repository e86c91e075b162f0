"""Client behaviour around the protocol vectors: what they do not spell out.

Union validation before sending, request compression below the minimum size
and when disabled, and a caller's own idempotency token, each through a
client generated from a vector file's model and a local server.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.protocol.cases import PackageCache, load_cases
from tests.servers import ScriptedServer, scripted_server

CASES = {case.id: case for case in load_cases()}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> PackageCache:
    return PackageCache(tmp_path_factory.mktemp("features"))


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def _client(packages: PackageCache, case_id: str, server: ScriptedServer, **options: Any) -> Any:
    generated = packages.get(CASES[case_id])
    config = __import__(f"{generated.module.__name__}._config", fromlist=["Credentials"])
    server.received.clear()
    return generated.client_class()(
        region="us-east-1",
        credentials=config.Credentials("AKIDEXAMPLE", "secret"),
        endpoint_url=server.url,
        max_attempts=1,
        **options,
    )


@pytest.mark.parametrize("chosen", [(), ("string_value", "boolean_value")])
def test_a_union_with_other_than_one_member_set_is_refused_before_sending(
    packages: PackageCache, server: ScriptedServer, chosen: tuple[str, ...]
) -> None:
    case_id = "input/json:AwsJson11SerializeStringUnionValue"
    models = packages.get(CASES[case_id]).models()
    values = {"string_value": "foo", "boolean_value": True}
    union = models.MyUnion(**{name: values[name] for name in chosen})
    with _client(packages, case_id, server) as client:
        errors = client.exceptions
        with pytest.raises(
            errors.ParamValidationError, match="contents: a union takes exactly one"
        ):
            client.json_unions(contents=union)
    assert server.received == []


def _sent(server: ScriptedServer) -> tuple[str | None, dict[str, object]]:
    (received,) = server.received
    encoding = received.headers.get("Content-Encoding")
    body = gzip.decompress(received.body) if encoding == "gzip" else received.body
    return encoding, json.loads(body)


@pytest.mark.parametrize(
    ("size", "options", "encoding"),
    [
        (10_200, {}, None),  # the body is just below 10240 bytes
        (10_300, {}, "gzip"),
        (10_300, {"disable_request_compression": True}, None),
        (100, {"request_min_compression_size_bytes": 50}, "gzip"),
    ],
)
def test_bodies_are_gzipped_from_the_minimum_size_unless_disabled(
    packages: PackageCache,
    server: ScriptedServer,
    size: int,
    options: dict[str, Any],
    encoding: str | None,
) -> None:
    case_id = "input/json_1_0:SDKAppliedContentEncoding_awsJson1_0"
    with _client(packages, case_id, server, **options) as client:
        client.put_with_content_encoding(data="x" * size)
    assert _sent(server) == (encoding, {"data": "x" * size})


def test_a_callers_idempotency_token_is_sent_as_given(
    packages: PackageCache, server: ScriptedServer
) -> None:
    with _client(packages, "legacy/input/json:6:0", server) as client:
        client.operation_name(token="mine")
    assert _sent(server) == (None, {"Token": "mine"})
