"""The awsJson protocol on the wire, read as botocore 1.44.18 reads it.

* Requests carry ``X-Amz-Target`` and ``application/x-amz-json-<jsonVersion>``;
  those of an ``awsQueryCompatible`` service also ``x-amzn-query-mode: true``.
* Error responses are read like ``botocore.parsers.JSONParser``: the code is
  ``__type`` from the body, else the HTTP status; a 5xx whose body is empty or
  starts with ``<html>`` gets the status and its reason phrase. The code loses
  its namespace (``aws.dynamodb#``) and URI suffix (``:http://...``), and an
  ``x-amzn-query-error: Code;Sender`` header replaces it with ``Code``.
  Additions, from the awsJson protocol botocore does not read: when the body
  has no ``__type``, the ``X-Amzn-ErrorType`` header, then the body's ``code``
  (or ``Code``) field, come before the status.
* A failure to get a response is translated through :data:`EXCEPTION_MAP`.
* Inside AWS Lambda, requests carry ``X-Amzn-Trace-Id`` (:func:`recursion_trace_id`).

Known differences, all deliberate: an error body that is JSON but not an
object, or not UTF-8, is read as text instead of crashing the parser; a
non-JSON 2xx body raises :class:`ResponseParseError` where botocore silently
returns ``{}``.
"""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TypeAlias, cast

import requests
import requests.exceptions as rex

from ._exceptions import (
    ConfigurationError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidEndpointError,
    ReadTimeoutError,
    ResponseParseError,
    SdkError,
    ServiceError,
    SSLError,
    TransportError,
)

__all__ = [
    "API_VERSION_HEADER",
    "ERROR_TYPE_HEADER",
    "QUERY_ERROR_HEADER",
    "EXCEPTION_MAP",
    "REQUEST_ID_HEADER",
    "RETRY_AFTER_HEADER",
    "TRACE_ID_HEADER",
    "ErrorFactory",
    "error_code",
    "header_template",
    "parse_error",
    "parse_result",
    "recursion_trace_id",
    "translate_exception",
    "type_code",
]

ErrorFactory: TypeAlias = Callable[[str, str, int, str | None, Mapping[str, object]], ServiceError]
"""``(code, message, status_code, request_id, details)`` -> the exception to raise.

``details`` are the fields of the error body (empty when it is not a JSON object).
"""

REQUEST_ID_HEADER = "x-amzn-RequestId"
ERROR_TYPE_HEADER = "x-amzn-ErrorType"
QUERY_ERROR_HEADER = "x-amzn-query-error"
RETRY_AFTER_HEADER = "x-amz-retry-after"
TRACE_ID_HEADER = "X-Amzn-Trace-Id"
API_VERSION_HEADER = "x-amz-api-version"
# What botocore's add_recursion_detection_header leaves unquoted in the trace id.
_TRACE_ID_SAFE = "-=;:+&[]{}\"',"

_EXCERPT_BYTES = 200


def header_template(
    user_agent: str, json_version: str, *, query_compatible: bool = False
) -> requests.PreparedRequest:
    """A request carrying the headers every call sends, validated once by requests."""
    headers = {"Content-Type": f"application/x-amz-json-{json_version}", "User-Agent": user_agent}
    if query_compatible:
        headers["x-amzn-query-mode"] = "true"
    template = requests.PreparedRequest()
    try:
        template.prepare_headers(headers)  # pyright: ignore[reportUnknownMemberType] - unannotated in types-requests
    except rex.InvalidHeader as exc:
        raise ConfigurationError(f"Invalid User-Agent {user_agent!r}: {exc}") from exc
    return template


def recursion_trace_id(environ: Mapping[str, str]) -> str | None:
    """``X-Amzn-Trace-Id`` inside AWS Lambda, as botocore's ``add_recursion_detection_header``.

    Lambda sets ``_X_AMZN_TRACE_ID`` for each invocation; passing it on lets AWS
    stop a function that triggers itself through a service (Lambda to SQS to
    Lambda). Only where ``AWS_LAMBDA_FUNCTION_NAME`` is set too, percent-encoded
    as botocore encodes it.
    """
    trace_id = environ.get("_X_AMZN_TRACE_ID")
    if not trace_id or "AWS_LAMBDA_FUNCTION_NAME" not in environ:
        return None
    return urllib.parse.quote(trace_id, safe=_TRACE_ID_SAFE)


# --- responses -----------------------------------------------------------------


def parse_result(status: int, body: bytes, request_id: str | None) -> dict[str, object]:
    """The JSON object of a successful response (an empty body is ``{}``)."""
    if not body:
        return {}
    try:
        parsed: object = json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise ResponseParseError(_unreadable(status, body, request_id, "is not JSON")) from exc
    if not isinstance(parsed, dict):
        raise ResponseParseError(_unreadable(status, body, request_id, "is not a JSON object"))
    return cast("dict[str, object]", parsed)


def parse_error(
    status: int, body: bytes, headers: Mapping[str, str]
) -> tuple[str, str, Mapping[str, object]]:
    """``(code, message, fields)`` of an error response, as botocore's JSONParser reads them.

    ``headers`` must look names up without regard to case (``requests``'
    headers do). ``__type`` in the body wins, as in botocore. Where the body
    has none, the ``X-Amzn-ErrorType`` header and the body's ``code`` field
    (which the awsJson protocol also defines, and botocore ignores) come
    before botocore's last resort, the HTTP status.
    """
    stripped = body.strip()
    query_error = headers.get(QUERY_ERROR_HEADER)
    type_header = headers.get(ERROR_TYPE_HEADER)
    if status >= 500 and not stripped and type_header:
        # A service error without a body, named by the awsJson header alone.
        return _query_code(error_code(type_header), query_error), "", {}
    if status >= 500 and (not stripped or stripped.startswith(b"<html>")):
        # A load balancer's or proxy's page: nothing protocol-specific to read.
        return str(status), http.client.responses.get(status, ""), {}
    fields = _error_fields(body)
    message = fields.get("message", fields.get("Message", ""))
    raw = fields.get("__type")
    if raw is None and "__type" not in fields:
        raw = type_header or fields.get("code") or fields.get("Code")
        raw = raw or str(status)
    code = _query_code(error_code(raw), query_error)
    return code, "" if message is None else str(message), fields


def _query_code(code: str, query_error: str | None) -> str:
    """The code an ``x-amzn-query-error: Code;Sender`` header gives, as botocore reads it."""
    if query_error is None:
        return code
    parts = query_error.split(";")
    return parts[0] if len(parts) == 2 and parts[0] else code


def type_code(code: str, details: Mapping[str, object]) -> str:
    """The code of the error body's ``__type``, or ``code`` when the body has none.

    For SQS, botocore's ``_handle_sqs_compatible_error`` looks the exception class
    up by this code (the shape's name, ``QueueDoesNotExist``) while the error's code
    stays the one ``x-amzn-query-error`` gives (``AWS.SimpleQueueService.NonExistentQueue``).
    """
    return error_code(details["__type"]) if "__type" in details else code


def error_code(raw: object) -> str:
    """Strip the namespace (``aws.cognito#``) and URI suffix (``:http://...``)."""
    if raw is None:  # "__type": null leaves botocore's code empty
        return ""
    code = raw if isinstance(raw, str) else str(raw)
    return code.split(":", 1)[0].rsplit("#", 1)[-1]


def _error_fields(body: bytes) -> dict[str, object]:
    """The error body as a JSON object; text that is not one becomes the message."""
    if not body:
        return {}
    text = body.decode("utf-8", "replace")
    try:
        parsed: object = json.loads(text)
    except ValueError:
        return {"message": text}
    if isinstance(parsed, dict):
        return cast("dict[str, object]", parsed)
    return {"message": text}


def _unreadable(status: int, body: bytes, request_id: str | None, problem: str) -> str:
    excerpt = body[:_EXCERPT_BYTES].decode("utf-8", "replace")
    more = "..." if len(body) > _EXCERPT_BYTES else ""
    return f"HTTP {status} response body {problem} (request id {request_id}): {excerpt!r}{more}"


# --- failures to get a response --------------------------------------------------

_Translate: TypeAlias = Callable[[str, BaseException, tuple[float, float]], SdkError]
"""``(endpoint description, root cause, (connect, read) timeouts)`` -> our error."""


def _connect_timeout(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return ConnectTimeoutError(f"Connect timeout on {endpoint} after {timeout[0]} s")


def _read_timeout(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    if _TLS_HANDSHAKE_TIMEOUT in str(root):
        # urllib3 reports a TLS handshake that times out as a read timeout, but
        # the handshake is part of connecting and runs under the connect timeout.
        return _connect_timeout(endpoint, root, timeout)
    return ReadTimeoutError(f"Read timeout on {endpoint} after {timeout[1]} s")


# CPython's ssl module's words for a handshake that timed out (_ssl.c).
_TLS_HANDSHAKE_TIMEOUT = "handshake operation timed out"
_TRUST_A_CA = (
    "If a private CA or a TLS-inspecting proxy signs the endpoint's certificate, give its "
    "CA bundle: verify='path/to/ca.pem' on the client, the AWS_CA_BUNDLE environment "
    "variable, ca_bundle in the profile, or --ca-bundle on the command line."
)


def _tls_failure(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    if isinstance(root, ssl.SSLCertVerificationError):
        return SSLError(
            f"TLS certificate verification failed for {endpoint}: {_describe(root)}. {_TRUST_A_CA}"
        )
    return SSLError(
        f"TLS handshake with {endpoint} failed (certificate not trusted, "
        f"or TLS intercepted on the way?): {_describe(root)}"
    )


def _proxy_failure(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return EndpointConnectionError(
        f"Could not reach {endpoint} through the proxy: {_describe(root)}"
    )


def _closed(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return ConnectionClosedError(
        f"Connection was closed before a complete response arrived from {endpoint}: "
        f"{_describe(root)}"
    )


def _undecodable(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return ResponseParseError(f"Could not decode the response from {endpoint}: {_describe(root)}")


def _invalid_url(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return InvalidEndpointError(f"Invalid {endpoint}: {_describe(root)}")


def _connection_failure(
    endpoint: str, root: BaseException, timeout: tuple[float, float]
) -> SdkError:
    """Tell apart, by their root cause, what requests reports as a plain ``ConnectionError``."""
    if isinstance(root, TimeoutError):
        # urllib3's read timeout while reading the body, wrapped by requests.
        return _read_timeout(endpoint, root, timeout)
    if isinstance(root, _CLOSED_CAUSES):
        return _closed(endpoint, root, timeout)
    return EndpointConnectionError(f"Could not connect to the {endpoint}: {_describe(root)}")


def _client_error(endpoint: str, root: BaseException, timeout: tuple[float, float]) -> SdkError:
    return TransportError(f"HTTP client error calling {endpoint}: {_describe(root)}")


# The peer went away after the connection was established ("Connection
# aborted." in urllib3's words); refused connections and DNS failures are not
# among these.
_CLOSED_CAUSES = (
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.HTTPException,
)

EXCEPTION_MAP: Mapping[type[BaseException], _Translate] = {
    rex.ConnectTimeout: _connect_timeout,
    rex.ReadTimeout: _read_timeout,
    rex.SSLError: _tls_failure,
    rex.ProxyError: _proxy_failure,
    rex.ChunkedEncodingError: _closed,
    rex.ContentDecodingError: _undecodable,
    rex.InvalidURL: _invalid_url,
    rex.InvalidSchema: _invalid_url,
    rex.MissingSchema: _invalid_url,
    rex.ConnectionError: _connection_failure,
}
"""What a send can raise -> our error, looked up along the exception's MRO.

The most derived class wins, so ``SSLError`` and ``ConnectTimeout`` (both
``ConnectionError`` subclasses) get their own message. Anything else, including
bare urllib3 errors, is a generic :class:`TransportError`: botocore turns any
failure to get a response into a (retried) ``HTTPClientError`` too.
"""


def translate_exception(exc: BaseException, url: str, timeout: tuple[float, float]) -> SdkError:
    """Our typed error for ``exc``, raised while sending to ``url``."""
    translate: _Translate = _client_error
    for cls in type(exc).__mro__:
        found = EXCEPTION_MAP.get(cls)
        if found is not None:
            translate = found
            break
    return translate(f'endpoint URL "{url}"', _root_cause(exc), timeout)


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception below requests' and urllib3's wrappers."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = _wrapped(exc)
        if inner is None:
            break
        exc = inner
    return exc


def _wrapped(exc: BaseException) -> BaseException | None:
    # urllib3's MaxRetryError keeps the failure in ``reason``; requests and
    # urllib3 otherwise pass it as an argument or raise ``from`` it. Walking to
    # the standard-library cause avoids importing urllib3 (not our dependency).
    reason: object = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    for arg in exc.args:
        if isinstance(arg, BaseException):
            return arg
    return exc.__cause__


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
