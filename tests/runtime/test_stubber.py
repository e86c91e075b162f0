"""``<package>.testing.Stubber``: queued calls answered without sending, checked like botocore's.

A DynamoDB package is generated for these tests. Every client points at a
local socket that listens but never answers, so a request that left would be
seen there (and would time out); the stubbed calls leave nothing on it.
"""

from __future__ import annotations

import importlib
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import ROOT, SPECS, imported_package

PACKAGE = "dynamodb_stubbed"
OPERATIONS = ("DeleteItem", "GetItem", "PutItem", "Scan", "TransactWriteItems")


@pytest.fixture(scope="module")
def ddb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("stubbed")
    spec = load_spec(SPECS, "dynamodb")
    render_package(build_package(spec, OPERATIONS, package_name=PACKAGE), folder)
    with imported_package(folder, PACKAGE) as package:
        importlib.import_module(f"{PACKAGE}.testing")
        importlib.import_module(f"{PACKAGE}.types")
        yield package


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that accepts nothing by itself: the test looks for connections."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        yield server


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.fixture
def client(ddb: ModuleType, listener: socket.socket) -> Any:
    """No region, no credentials: a stubbed client resolves neither."""
    port = listener.getsockname()[1]
    return ddb.DynamoDBClient(endpoint_url=f"http://127.0.0.1:{port}", max_attempts=1, timeout=1.0)


def _key(ddb: ModuleType, pk: str) -> dict[str, Any]:
    result: dict[str, Any] = ddb.types.serialize_item({"pk": pk})
    return result


def test_a_queued_response_is_answered_and_nothing_is_sent(
    ddb: ModuleType, client: Any, listener: socket.socket
) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response(
            "get_item",
            {"Item": {"pk": {"S": "a"}, "n": {"N": "7"}, "b": {"B": b"\x01"}}},
            expected_params={"table_name": "t", "key": _key(ddb, "a")},
        )
        result = client.get_item(table_name="t", key=_key(ddb, "a"))
        stubber.assert_no_pending_responses()
    assert isinstance(result, ddb.models.GetItemOutput)
    assert ddb.types.deserialize_item(result.item) == {"pk": "a", "n": 7, "b": b"\x01"}
    assert _connections(listener) == 0


def test_after_deactivate_the_client_sends_again(
    ddb: ModuleType, client: Any, listener: socket.socket
) -> None:
    """The seam is the only thing between the call and the wire: without it, it connects."""
    stubber = ddb.testing.Stubber(client)
    stubber.activate()
    stubber.add_response("get_item", {})
    client.get_item(table_name="t", key=_key(ddb, "a"))
    stubber.deactivate()
    client_with_credentials = ddb.DynamoDBClient(
        region="us-east-1",
        endpoint_url=f"http://127.0.0.1:{listener.getsockname()[1]}",
        credentials=ddb.Credentials("AKIDEXAMPLE", "secret"),
        max_attempts=1,
        timeout=(1.0, 0.2),
    )
    stubber = ddb.testing.Stubber(client_with_credentials)
    with stubber:
        stubber.add_response("get_item", {})
        client_with_credentials.get_item(table_name="t", key=_key(ddb, "a"))
    assert _connections(listener) == 0
    with pytest.raises(ddb._exceptions.ReadTimeoutError):
        client_with_credentials.get_item(table_name="t", key=_key(ddb, "a"))
    assert _connections(listener) == 1


def test_a_typed_response_model(ddb: ModuleType, client: Any) -> None:
    answer = ddb.models.PutItemOutput(attributes=ddb.types.serialize_item({"pk": "old"}))
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response("put_item", answer)
        assert client.put_item(table_name="t", item=_key(ddb, "new")) == answer


def test_a_different_parameter_is_named(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response(
            "get_item", {}, expected_params={"table_name": "t", "key": _key(ddb, "a")}
        )
        with pytest.raises(ddb.testing.StubAssertionError) as caught:
            client.get_item(table_name="t", key=_key(ddb, "b"))
    assert str(caught.value) == "get_item (GetItem): parameter key['pk'].s: expected 'a', got 'b'"
    assert isinstance(caught.value, AssertionError)


def test_an_argument_not_expected_is_named(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response(
            "get_item", {}, expected_params={"table_name": "t", "key": _key(ddb, "a")}
        )
        with pytest.raises(
            ddb.testing.StubAssertionError, match="consistent_read: not expected, got True"
        ):
            client.get_item(table_name="t", key=_key(ddb, "a"), consistent_read=True)


def test_an_unexpected_call_names_the_method(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        with pytest.raises(ddb.testing.UnStubbedResponseError, match=r"delete_item \(DeleteItem\)"):
            client.delete_item(table_name="t", key=_key(ddb, "a"))
        stubber.add_response("get_item", {})
        with pytest.raises(
            ddb.testing.StubAssertionError,
            match=r"Expected a call of get_item \(GetItem\), got one of delete_item",
        ):
            client.delete_item(table_name="t", key=_key(ddb, "a"))


def test_a_missing_call_fails_the_assertion(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response("get_item", {})
        stubber.add_client_error("put_item", "ValidationException")
        with pytest.raises(
            ddb.testing.StubAssertionError,
            match=r"2 expected call\(s\) not made: get_item \(GetItem\), put_item \(PutItem\)",
        ):
            stubber.assert_no_pending_responses()


def test_a_client_error_is_the_modeled_class(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_client_error(
            "put_item",
            "ConditionalCheckFailedException",
            "The conditional request failed",
            modeled_fields={"Item": {"pk": {"S": "a"}}},
            response_meta={"RequestId": "req-1"},
        )
        stubber.add_client_error("put_item", "SomethingNew", "new", http_status_code=500)
        with pytest.raises(client.exceptions.ConditionalCheckFailedException) as caught:
            client.put_item(table_name="t", item=_key(ddb, "a"))
        with pytest.raises(client.exceptions.ClientError) as other:
            client.put_item(table_name="t", item=_key(ddb, "a"))
    error = caught.value
    assert (error.code, error.message, error.status_code, error.request_id) == (
        "ConditionalCheckFailedException",
        "The conditional request failed",
        400,
        "req-1",
    )
    assert error.item == _key(ddb, "a")  # the modeled member, typed
    assert type(other.value) is client.exceptions.ClientError
    assert (other.value.code, other.value.status_code) == ("SomethingNew", 500)


def test_expected_parameters_are_validated_when_queued(ddb: ModuleType, client: Any) -> None:
    stubber = ddb.testing.Stubber(client)
    with pytest.raises(ddb._exceptions.ParamValidationError, match="table_name: expected str"):
        stubber.add_response("get_item", {}, expected_params={"table_name": 5, "key": {}})
    with pytest.raises(ddb._exceptions.ParamValidationError, match="key: missing required"):
        stubber.add_response("get_item", {}, expected_params={"table_name": "t"})
    with pytest.raises(
        ddb.testing.StubResponseError, match=r"unknown expected parameter.*TableName"
    ):
        stubber.add_response("get_item", {}, expected_params={"TableName": "t"})
    with pytest.raises(ddb.testing.StubResponseError, match="no method 'get_itme'"):
        stubber.add_response("get_itme", {})


def test_responses_are_validated_when_queued(ddb: ModuleType, client: Any) -> None:
    stubber = ddb.testing.Stubber(client)
    with pytest.raises(ddb.testing.StubResponseError, match=r"unknown keys: GetItemOutput.Itme"):
        stubber.add_response("get_item", {"Itme": {}})
    with pytest.raises(ddb.testing.StubResponseError, match="does not parse"):
        stubber.add_response("get_item", {"Item": {"pk": {"N": 5}}})
    with pytest.raises(ddb.testing.StubResponseError, match="must be a GetItemOutput"):
        stubber.add_response("get_item", ddb.models.PutItemOutput())


def test_any_matches_a_whole_argument(ddb: ModuleType, client: Any) -> None:
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response(
            "get_item", {}, expected_params={"table_name": "t", "key": ddb.testing.ANY}
        )
        client.get_item(table_name="t", key=_key(ddb, "whatever"))
        stubber.assert_no_pending_responses()


def test_a_generated_idempotency_token_matches(ddb: ModuleType, client: Any) -> None:
    items = [ddb.models.TransactWriteItem(
        delete=ddb.models.Delete(table_name="t", key=_key(ddb, "a"))
    )]  # fmt: skip
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response("transact_write_items", {}, expected_params={"transact_items": items})
        stubber.add_response(
            "transact_write_items",
            {},
            expected_params={"transact_items": items, "client_request_token": "mine"},
        )
        client.transact_write_items(transact_items=items)  # the client fills a uuid4
        with pytest.raises(ddb.testing.StubAssertionError, match="client_request_token"):
            client.transact_write_items(transact_items=items, client_request_token="other")


def test_paginator_pages_are_calls(ddb: ModuleType, client: Any) -> None:
    """Each page is one queued ``scan``; the second carries the first's LastEvaluatedKey."""
    with ddb.testing.Stubber(client) as stubber:
        stubber.add_response(
            "scan",
            {"Items": [{"pk": {"S": "a"}}], "LastEvaluatedKey": {"pk": {"S": "a"}}},
            expected_params={"table_name": "t", "limit": 1},
        )
        stubber.add_response(
            "scan",
            {"Items": [{"pk": {"S": "b"}}]},
            expected_params={"table_name": "t", "limit": 1, "exclusive_start_key": _key(ddb, "a")},
        )
        items = list(client.paginate_scan(table_name="t", page_size=1).items())
        stubber.assert_no_pending_responses()
    assert [ddb.types.deserialize_item(item) for item in items] == [{"pk": "a"}, {"pk": "b"}]


def test_the_committed_package_has_a_stubber_not_imported_at_start() -> None:
    code = (
        "import sys\n"
        "import generated.cognito_idp as p\n"
        "c = p.CognitoIdentityProviderClient(region='us-east-1')\n"
        "print(sorted(m for m in sys.modules if m.endswith(('._stub', '.testing'))))\n"
        "from generated.cognito_idp.testing import Stubber\n"
        "with Stubber(c) as s:\n"
        "    s.add_response('update_user_pool_domain', {'CloudFrontDomain': 'x.example'},\n"
        "                   expected_params={'domain': 'd', 'user_pool_id': 'us-east-1_a'})\n"
        "    print(c.update_user_pool_domain(domain='d', user_pool_id='us-east-1_a')"
        ".cloud_front_domain)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[:2] == ["[]", "x.example"]


def test_the_stub_module_is_the_same_in_every_package(ddb: ModuleType) -> None:
    """The stub module is generic runtime: every package gets the same file."""
    ours = Path(ddb.__file__ or "").parent / "_stub.py"
    committed = ROOT / "generated" / "cognito_idp" / "_stub.py"
    assert ours.read_text().split("\n", 1)[1] == committed.read_text().split("\n", 1)[1]


def test_a_sensitive_parameter_is_never_shown(
    spec: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("sensitive")
    package = build_package(spec, ["AdminSetUserPassword"], package_name="cognito_stubbed")
    render_package(package, folder)
    with imported_package(folder, "cognito_stubbed") as cognito:
        testing = importlib.import_module("cognito_stubbed.testing")
        client = cognito.CognitoIdentityProviderClient()
        arguments = {"user_pool_id": "us-east-1_a", "username": "u"}
        with testing.Stubber(client) as stubber:
            stubber.add_response(
                "admin_set_user_password",
                {},
                expected_params={**arguments, "password": "Expected-Secret-1"},
            )
            with pytest.raises(testing.StubAssertionError) as caught:
                client.admin_set_user_password(**arguments, password="Actual-Secret-2")
        with testing.Stubber(client), pytest.raises(testing.UnStubbedResponseError) as unexpected:
            client.admin_set_user_password(**arguments, password="Actual-Secret-2")
    message = str(caught.value)
    assert message == (
        "admin_set_user_password (AdminSetUserPassword): parameter password: "
        "expected a value (sensitive, not shown), got a value (sensitive, not shown)"
    )
    assert "Secret" not in str(unexpected.value)
    assert "Password" in str(unexpected.value)  # the parameters' names are
