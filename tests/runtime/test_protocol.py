"""codegen/runtime/_protocol.py: the awsJson wire format and the exception table, no sockets."""

from __future__ import annotations

import http.client
import inspect
import json
import re
from typing import cast

import pytest
import requests
import requests.exceptions as rex
import urllib3.exceptions
from botocore.awsrequest import HeadersDict
from botocore.parsers import JSONParser
from requests.structures import CaseInsensitiveDict

from codegen.runtime._exceptions import (
    ConfigurationError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidEndpointError,
    ReadTimeoutError,
    ResponseParseError,
    SdkError,
    SSLError,
    TransportError,
)
from codegen.runtime._protocol import (
    EXCEPTION_MAP,
    error_code,
    header_template,
    parse_error,
    parse_result,
    translate_exception,
)

URL = "https://cognito-idp.us-east-1.amazonaws.com/"


def _headers(error_type: str | None = None) -> CaseInsensitiveDict[str]:
    """Response headers as requests gives them, with ``x-amzn-ErrorType`` when given."""
    return CaseInsensitiveDict({} if error_type is None else {"X-Amzn-ErrorType": error_type})


TIMEOUT = (1.5, 7.0)

# requests' exceptions that EXCEPTION_MAP leaves to the generic TransportError,
# each with the reason it needs no message of its own.
NOT_MAPPED = {
    rex.RequestException: "the base class: whatever is not named is a generic TransportError",
    rex.Timeout: "only its subclasses ConnectTimeout and ReadTimeout are raised",
    rex.HTTPError: "raised by Response.raise_for_status, which is never called",
    rex.InvalidJSONError: "raised by Response.json / json= bodies, never used",
    rex.JSONDecodeError: "raised by Response.json, never called",
    rex.URLRequired: "a request always has the URL checked by the transport",
    rex.TooManyRedirects: "redirects are not followed",
    rex.UnrewindableBodyError: "raised only when following a redirect",
    rex.StreamConsumedError: "the body is read exactly once",
    rex.RetryError: "urllib3 retries are off (max_retries=0): no status retry to exhaust",
    rex.InvalidHeader: "headers are validated when the transport is built (ConfigurationError)",
}


def requests_exception_classes() -> list[type[BaseException]]:
    """Every exception class requests.exceptions defines (its warnings are never raised)."""
    return [
        cls
        for cls in vars(rex).values()
        if inspect.isclass(cls)
        and issubclass(cls, BaseException)
        and not issubclass(cls, Warning)
        and cls.__module__ == rex.__name__
    ]


def mapped_by_mro(cls: type[BaseException]) -> type[BaseException] | None:
    return next((base for base in cls.__mro__ if base in EXCEPTION_MAP), None)


def botocore_error(status: int, body: bytes, headers: dict[str, str]) -> tuple[str, str]:
    response = {"status_code": status, "headers": HeadersDict(headers), "body": body}
    parsed = cast(dict[str, dict[str, str]], JSONParser().parse(response, None))  # pyright: ignore[reportUnknownMemberType]
    return parsed["Error"]["Code"], parsed["Error"]["Message"]


# ----------------------------------------------------------------- headers


def test_query_compatible_services_send_the_query_mode_header() -> None:
    headers = header_template("a/1", "1.0", query_compatible=True).headers
    assert headers["x-amzn-query-mode"] == "true"
    assert "x-amzn-query-mode" not in header_template("a/1", "1.0").headers


@pytest.mark.parametrize("json_version", ["1.0", "1.1"])
def test_content_type_follows_the_json_version(json_version: str) -> None:
    headers = header_template("agent/1.0", json_version).headers
    assert headers["Content-Type"] == f"application/x-amz-json-{json_version}"
    assert headers["User-Agent"] == "agent/1.0"


def test_a_user_agent_requests_rejects_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="Invalid User-Agent"):
        header_template("agent\r\nX-Injected: 1", "1.1")


# -------------------------------------------------------- successful bodies


def test_an_empty_success_body_is_an_empty_object() -> None:
    assert parse_result(200, b"", "req") == {}


def test_a_success_body_is_decoded() -> None:
    assert parse_result(200, b'{"UserPool": {"Id": "x"}}', "req") == {"UserPool": {"Id": "x"}}


@pytest.mark.parametrize(
    ("body", "problem"),
    [(b"<html>oops</html>", "is not JSON"), (b"[1, 2]", "is not a JSON object"), (b"\xff", "JSON")],
)
def test_a_success_body_that_is_not_a_json_object_is_refused(body: bytes, problem: str) -> None:
    with pytest.raises(ResponseParseError, match=problem) as caught:
        parse_result(200, body, "req-7")
    assert "request id req-7" in str(caught.value)


def test_an_unreadable_body_is_quoted_only_in_part() -> None:
    with pytest.raises(ResponseParseError) as caught:
        parse_result(200, b"x" * 1000, None)
    assert "x" * 200 + "'..." in str(caught.value)
    assert "x" * 201 not in str(caught.value)


# ------------------------------------------------------------ error codes


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("NotAuthorizedException", "NotAuthorizedException"),
        ("com.amazonaws.cognito#NotAuthorizedException", "NotAuthorizedException"),
        ("NotAuthorizedException:http://internal.amazon.com/coral/", "NotAuthorizedException"),
        ("aws.cognito#Throttling:http://internal.amazon.com/coral/", "Throttling"),
        ("a#b#Deep", "Deep"),
        ("", ""),
        (None, ""),
        (7, "7"),
    ],
)
def test_error_code_strips_namespace_and_uri(raw: object, code: str) -> None:
    assert error_code(raw) == code


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (400, b'{"__type": "aws.cognito#NotAuthorizedException", "message": "no"}', {}),
        (400, b'{"__type": "ThrottlingException:http://x/", "Message": "slow"}', {}),
        (400, b'{"__type": "InBody", "message": "m"}', {"x-amzn-ErrorType": "InHeader"}),
        (403, b'{"message": "m"}', {}),
        (500, b"", {}),
        (502, b"<html><body>Bad Gateway</body></html>", {}),
        (503, b"  <html>", {}),
        (400, b"plain text", {}),
        (500, b'{"__type": "InternalErrorException", "message": "m"}', {}),
    ],
)
def test_error_code_and_message_match_botocore(
    status: int, body: bytes, headers: dict[str, str]
) -> None:
    code, message, _fields = parse_error(status, body, CaseInsensitiveDict(headers))
    assert (code, message) == botocore_error(status, body, headers)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("NotAuthorizedException", "NotAuthorizedException"),
        ("NotAuthorizedException:http://internal.amazon.com/coral/", "NotAuthorizedException"),
        ("aws.cognito#LimitExceededException", "LimitExceededException"),
    ],
)
def test_error_type_header_names_the_code_when_the_body_does_not(header: str, code: str) -> None:
    assert parse_error(400, b'{"message": "m"}', _headers(header))[:2] == (code, "m")


def test_error_type_header_names_the_code_of_a_5xx_without_a_body() -> None:
    assert parse_error(500, b"", _headers("aws.x#FooError:http://x/"))[:2] == ("FooError", "")


@pytest.mark.parametrize("field", ["code", "Code"])
def test_a_code_field_names_the_code_when_neither_type_nor_header_does(field: str) -> None:
    body = json.dumps({field: "aws.protocoltests#FooError:http://internal/"}).encode()
    assert parse_error(500, body, _headers())[0] == "FooError"


def test_type_then_header_then_code_field() -> None:
    body = json.dumps({"__type": "Dunder", "code": "Field"}).encode()
    assert parse_error(400, body, _headers("Header"))[0] == "Dunder"
    assert parse_error(400, b'{"code": "Field"}', _headers("Header"))[0] == "Header"


@pytest.mark.parametrize(
    ("query_error", "code"),
    [
        (
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
            "AWS.SimpleQueueService.NonExistentQueue",
        ),
        (";Sender", "QueueDoesNotExist"),  # botocore ignores an empty code
        ("Only", "QueueDoesNotExist"),  # ... and a header without exactly two parts
    ],
)
def test_query_error_header_gives_the_code_as_botocore(query_error: str, code: str) -> None:
    body = b'{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "m"}'
    headers = {"x-amzn-query-error": query_error}
    assert parse_error(400, body, CaseInsensitiveDict(headers))[0] == code
    assert (code, "m") == botocore_error(400, body, headers)


def test_without_a_code_anywhere_the_status_is_the_code() -> None:
    assert parse_error(404, b"{}", _headers())[:2] == ("404", "")


def test_a_5xx_page_from_a_proxy_gets_the_reason_phrase() -> None:
    code, message, fields = parse_error(503, b"<html>busy</html>", _headers("Ignored"))
    assert (code, message, fields) == ("503", http.client.responses[503], {})


def test_error_fields_are_the_body_object() -> None:
    body = {"__type": "X", "message": "m", "reasonCode": "R"}
    assert parse_error(400, json.dumps(body).encode(), _headers())[2] == body


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [(b"[1]", "400", "[1]"), (b"null", "400", "null"), (b"\xff{", "400", "\ufffd{")],
)
def test_an_error_body_that_is_not_an_object_becomes_the_message(
    body: bytes, code: str, message: str
) -> None:
    assert parse_error(400, body, _headers()) == (code, message, {"message": message})


# ------------------------------------------------- the exception table


@pytest.mark.parametrize("cls", requests_exception_classes(), ids=lambda c: c.__name__)
def test_every_requests_exception_is_mapped_or_deliberately_left_out(
    cls: type[BaseException],
) -> None:
    mapped = mapped_by_mro(cls)
    if cls in NOT_MAPPED:
        assert mapped is None, f"{cls.__name__} is mapped through {mapped}: drop it from NOT_MAPPED"
    else:
        assert mapped is not None, f"{cls.__name__} is neither in EXCEPTION_MAP nor NOT_MAPPED"


def test_the_left_out_exceptions_are_requests_own() -> None:
    assert set(NOT_MAPPED) <= set(requests_exception_classes())


@pytest.mark.parametrize("cls", sorted(NOT_MAPPED, key=str), ids=lambda c: c.__name__)
def test_a_left_out_exception_is_a_generic_transport_error(cls: type[BaseException]) -> None:
    exc = cls("boom", "", 0) if cls is rex.JSONDecodeError else cls("boom")
    error = translate_exception(exc, URL, TIMEOUT)
    assert type(error) is TransportError
    assert str(error).startswith(
        f'HTTP client error calling endpoint URL "{URL}": {cls.__name__}: boom'
    )


@pytest.mark.parametrize(
    ("exc", "expected", "message"),
    [
        (rex.ConnectTimeout("x"), ConnectTimeoutError, "Connect timeout on .* after 1.5 s"),
        (rex.ReadTimeout("x"), ReadTimeoutError, "Read timeout on .* after 7.0 s"),
        (rex.SSLError("bad cert"), SSLError, "TLS handshake with .*: SSLError"),
        (rex.ProxyError("no"), EndpointConnectionError, "through the proxy"),
        (rex.ChunkedEncodingError("cut"), ConnectionClosedError, "Connection was closed"),
        (rex.ContentDecodingError("gz"), ResponseParseError, "Could not decode"),
        (rex.InvalidURL("x"), InvalidEndpointError, "Invalid endpoint URL"),
        (rex.InvalidProxyURL("x"), InvalidEndpointError, "Invalid endpoint URL"),
        (rex.InvalidSchema("x"), InvalidEndpointError, "Invalid endpoint URL"),
        (rex.MissingSchema("x"), InvalidEndpointError, "Invalid endpoint URL"),
        (rex.ConnectionError("refused"), EndpointConnectionError, "Could not connect"),
        (urllib3.exceptions.HTTPError("bare"), TransportError, "HTTP client error"),
        (RuntimeError("anything"), TransportError, "HTTP client error"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None,
)
def test_each_exception_gets_its_error_and_message(
    exc: Exception, expected: type[SdkError], message: str
) -> None:
    error = translate_exception(exc, URL, TIMEOUT)
    assert type(error) is expected
    assert re.search(message, str(error)), str(error)
    assert URL in str(error)


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (TimeoutError("timed out"), ReadTimeoutError),
        (ConnectionResetError(104, "reset"), ConnectionClosedError),
        (BrokenPipeError(32, "pipe"), ConnectionClosedError),
        (http.client.RemoteDisconnected("gone"), ConnectionClosedError),
        (ConnectionRefusedError(111, "refused"), EndpointConnectionError),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else None,
)
def test_a_plain_connection_error_is_told_apart_by_its_root_cause(
    root: BaseException, expected: type[SdkError]
) -> None:
    # How requests wraps urllib3's MaxRetryError(reason=ProtocolError(..., root)).
    protocol = urllib3.exceptions.ProtocolError("Connection aborted.", root)
    wrapped = rex.ConnectionError(urllib3.exceptions.MaxRetryError(None, URL, protocol))  # type: ignore[arg-type]
    error = translate_exception(wrapped, URL, TIMEOUT)
    assert type(error) is expected
    assert type(root).__name__ in str(error) or expected is ReadTimeoutError


@pytest.mark.parametrize(
    ("exc", "expected"),
    [(rex.ConnectTimeout("x"), ConnectTimeoutError), (rex.SSLError("x"), SSLError)],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None,
)
def test_a_subclass_of_connection_error_gets_its_own_entry(
    exc: rex.ConnectionError, expected: type[SdkError]
) -> None:
    generic = translate_exception(rex.ConnectionError("x"), URL, TIMEOUT)
    error = translate_exception(exc, URL, TIMEOUT)
    assert type(error) is expected
    assert str(error) != str(generic)
    assert "Could not connect" not in str(error)


def test_a_self_referencing_cause_chain_ends() -> None:
    exc = requests.ConnectionError("loop")
    exc.__cause__ = exc
    assert isinstance(translate_exception(exc, URL, TIMEOUT), EndpointConnectionError)
