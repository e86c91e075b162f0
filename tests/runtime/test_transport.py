"""The awsJson transport against a scripted local HTTP server.

Every test talks real HTTP to 127.0.0.1; backoff sleeps are recorded rather
than slept, so only the timeout tests wait (a fraction of a second each).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Literal, cast

import pytest
import requests
import requests.adapters
import requests.auth
import urllib3.exceptions

from codegen.runtime._exceptions import (
    ConfigurationError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidEndpointError,
    ReadTimeoutError,
    ResponseParseError,
    ServiceError,
    SSLError,
    TransportError,
)
from codegen.runtime._transport import RetryPolicy, Transport

from ..servers import Received, Reply, ScriptedServer, scripted_server, unused_port

TARGET_PREFIX = "AWSCognitoIdentityProviderService"
BODY = b'{"UserPoolId":"us-east-1_abc"}'
READ_TIMEOUT = 0.2
STALL = 0.5  # comfortably past READ_TIMEOUT

# ---------------------------------------------------------------- the server


Fault = Literal["reset", "close", "reset_mid_body", "truncate", "stall_mid_body"]


def error(status: int, code: str, message: str = "m", **headers: str) -> Reply:
    body = json.dumps({"__type": code, "message": message}).encode()
    return Reply(status, body, headers)


def broken(fault: Fault, body: bytes = b"{}") -> Reply:
    """A reply that breaks the exchange: hang up ("close") or reset ("reset")
    without a word, or send ``body`` declared 100 bytes longer and then reset
    ("reset_mid_body"), close ("truncate") or stall past the read timeout
    ("stall_mid_body")."""
    declared = len(body) + 100
    match fault:
        case "close" | "reset":
            return Reply.raw_bytes(b"", then=fault)
        case "reset_mid_body":
            return Reply(200, body, declared_length=declared, then="reset")
        case "truncate":
            return Reply(200, body, declared_length=declared, then="close")
        case "stall_mid_body":
            return Reply(200, body, declared_length=declared, delay_after=STALL, then="close")


class Script:
    """The replies the server gives in order; once they run out, ``200 {}``."""

    def __init__(self) -> None:
        self._replies: deque[Reply] = deque()

    def add(self, *replies: Reply) -> None:
        self._replies.extend(replies)

    def respond(self, request: Received) -> Reply:
        return self._replies.popleft() if self._replies else Reply()


def headers_of(request: Received) -> dict[str, str]:
    """The request's headers by lower-case name."""
    return {name.lower(): value for name, value in request.headers.items()}


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def server(script: Script) -> Iterator[ScriptedServer]:
    with scripted_server(script.respond) as srv:
        yield srv


# ---------------------------------------------------------- the transport


class Recorder:
    """The error factory's and sleep's calls."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str, int, str | None]] = []
        self.sleeps: list[float] = []

    def rounded_sleeps(self) -> list[float]:
        return [round(delay, 9) for delay in self.sleeps]

    def error_factory(
        self,
        code: str,
        message: str,
        status: int,
        request_id: str | None,
        details: Mapping[str, object],
    ) -> ServiceError:
        self.errors.append((code, message, status, request_id))
        return ServiceError(message, code=code, status_code=status, request_id=request_id)


MakeTransport = Callable[..., Transport]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_transport(recorder: Recorder) -> Iterator[MakeTransport]:
    """Build transports (closed at teardown); ``random`` defaults to 1.0."""
    made: list[Transport] = []

    def make(
        *,
        max_attempts: int = 3,
        max_backoff: float = 20.0,
        random: Callable[[], float] = lambda: 1.0,
        session: requests.Session | None = None,
        verify: bool = True,
    ) -> Transport:
        transport = Transport(
            user_agent="cognito-idp-lite/test",
            target_prefix=TARGET_PREFIX,
            timeout=(1.0, READ_TIMEOUT),
            verify=verify,
            retry=RetryPolicy(
                max_attempts=max_attempts,
                max_backoff=max_backoff,
                random=random,
                sleep=recorder.sleeps.append,
            ),
            session=session,
            error_factory=recorder.error_factory,
        )
        made.append(transport)
        return transport

    yield make
    for transport in made:
        transport.close()


class CountingAuth(requests.auth.AuthBase):
    """Stands in for SigV4: stamps each attempt with a fresh signature."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.calls += 1
        r.headers["Authorization"] = f"sig-{self.calls}"
        return r


# ----------------------------------------------------------------- success


def test_success_sends_the_awsjson_request(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    script.add(Reply(200, b'{"UserPool": {"Id": "us-east-1_abc"}}'))
    result = make_transport().send(server.url, "DescribeUserPool", BODY, None)
    assert result == {"UserPool": {"Id": "us-east-1_abc"}}
    (seen,) = server.received
    headers = headers_of(seen)
    assert seen.path == "/"
    assert seen.body == BODY
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amz-target"] == f"{TARGET_PREFIX}.DescribeUserPool"
    assert headers["user-agent"] == "cognito-idp-lite/test"
    assert headers["content-length"] == str(len(BODY))
    assert "authorization" not in headers
    assert "cookie" not in headers


def test_empty_success_body_is_an_empty_object(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    script.add(Reply(200, b""))
    assert make_transport().send(server.url, "DeleteUserPool", BODY, None) == {}


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"<html>oops</html>", b"\xff\xfe{"])
def test_success_body_that_is_not_a_json_object(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, body: bytes
) -> None:
    script.add(Reply(200, body, {"x-amzn-RequestId": "req-9", "x-secret": "hunter2"}))
    with pytest.raises(ResponseParseError) as caught:
        make_transport().send(server.url, "DescribeUserPool", BODY, None)
    text = str(caught.value)
    assert "HTTP 200" in text
    assert "req-9" in text
    assert body[:2].decode("utf-8", "replace") in text
    assert "hunter2" not in text
    assert server.count == 1


def test_long_unparseable_body_is_excerpted(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    script.add(Reply(200, b"x" * 5000))
    with pytest.raises(ResponseParseError) as caught:
        make_transport().send(server.url, "DescribeUserPool", BODY, None)
    assert len(str(caught.value)) < 400


# ----------------------------------------------------------- error parsing

# (status, headers, body) -> (code, message), checked against botocore too.
ERROR_CASES: dict[str, tuple[int, dict[str, str], bytes, str, str]] = {
    "plain": (
        400,
        {},
        b'{"__type":"NotAuthorizedException","message":"Incorrect username or password."}',
        "NotAuthorizedException",
        "Incorrect username or password.",
    ),
    "namespace prefix": (
        400,
        {},
        b'{"__type":"com.amazonaws.cognito.identity.idp.model#UserNotFoundException",'
        b'"message":"m"}',
        "UserNotFoundException",
        "m",
    ),
    "short prefix": (400, {}, b'{"__type":"aws.cognito#Foo"}', "Foo", ""),
    "uri suffix": (
        400,
        {},
        b'{"__type":"InvalidParameterException:http://internal.amazon.com/coral/x#y/",'
        b'"message":"bad"}',
        "InvalidParameterException",
        "bad",
    ),
    "prefix and suffix": (400, {}, b'{"__type":"a.b#Bar:http://x/"}', "Bar", ""),
    "Message": (400, {}, b'{"__type":"X","Message":"Capital"}', "X", "Capital"),
    "message beats Message": (
        400,
        {},
        b'{"__type":"X","message":"lower","Message":"Capital"}',
        "X",
        "lower",
    ),
    "body type beats header": (
        400,
        {"x-amzn-ErrorType": "HeaderCode:http://internal.amazon.com/"},
        b'{"__type":"BodyCode","message":"m"}',
        "BodyCode",
        "m",
    ),
    "null type": (400, {}, b'{"__type":null,"message":"m"}', "", "m"),
    "4xx without a body": (400, {}, b"", "400", ""),
    "4xx text body": (403, {}, b"Forbidden by WAF", "403", "Forbidden by WAF"),
    "4xx html body": (403, {}, b"<html>denied</html>", "403", "<html>denied</html>"),
    "5xx json": (
        500,
        {},
        b'{"__type":"InternalErrorException","message":"boom"}',
        "InternalErrorException",
        "boom",
    ),
    "502 html page": (502, {}, b"<html><body>Bad Gateway</body></html>", "502", "Bad Gateway"),
    "504 html after blanks": (504, {}, b"\r\n  <html>...", "504", "Gateway Timeout"),
    "503 empty": (503, {}, b"", "503", "Service Unavailable"),
    "5xx doctype is not generic": (502, {}, b"<!DOCTYPE html>", "502", "<!DOCTYPE html>"),
    "5xx text": (500, {}, b"upstream exploded", "500", "upstream exploded"),
    "3xx": (302, {"Location": "https://elsewhere/"}, b"", "302", ""),
}


@pytest.mark.parametrize("case", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_error_parsing_matches_botocore(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    case: tuple[int, dict[str, str], bytes, str, str],
) -> None:
    status, headers, body, code, message = case
    headers = {**headers, "x-amzn-RequestId": "req-1"}
    script.add(Reply(status, body, headers))
    with pytest.raises(ServiceError) as caught:
        make_transport(max_attempts=1).send(server.url, "GetUser", BODY, None)
    assert recorder.errors == [(code, message, status, "req-1")]
    assert caught.value.code == code
    assert botocore_error(status, headers, body) == (code, message)


def test_error_type_header_is_used_when_the_body_has_no_type(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, recorder: Recorder
) -> None:
    # An addition over botocore, which reports the status ("400") here: the
    # awsJson protocol defines the header as a carrier of the error type too.
    headers = {
        "x-amzn-ErrorType": "aws.cognito#HeaderCode:http://internal/",
        "x-amzn-RequestId": "r",
    }
    script.add(Reply(400, b'{"message":"m"}', headers))
    with pytest.raises(ServiceError):
        make_transport(max_attempts=1).send(server.url, "GetUser", BODY, None)
    assert recorder.errors == [("HeaderCode", "m", 400, "r")]


def test_a_code_field_is_used_when_neither_type_nor_header_names_the_error(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, recorder: Recorder
) -> None:
    # Another addition over botocore (which reports "404"), as the awsJson
    # protocol tests require (AwsJson11FooErrorUsingCode): ``code``, then ``Code``.
    script.add(Reply(404, b'{"code":"aws.x#A:http://y/","Code":"B"}', {"x-amzn-RequestId": "r"}))
    with pytest.raises(ServiceError):
        make_transport(max_attempts=1).send(server.url, "GetUser", BODY, None)
    assert recorder.errors == [("A", "", 404, "r")]


def botocore_error(status: int, headers: dict[str, str], body: bytes) -> tuple[str, str]:
    from botocore.awsrequest import HeadersDict
    from botocore.parsers import JSONParser

    response = {"status_code": status, "headers": HeadersDict(headers), "body": body}
    parsed = cast(dict[str, dict[str, str]], JSONParser().parse(response, None))  # pyright: ignore[reportUnknownMemberType]
    return parsed["Error"]["Code"], parsed["Error"]["Message"]


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        # botocore raises AttributeError / UnicodeDecodeError / TypeError on these.
        (b"[1]", "400", "[1]"),
        (b"null", "400", "null"),
        (b"\xff{", "400", "\ufffd{"),
        (b'{"__type": 7, "message": null}', "7", ""),
    ],
)
def test_error_bodies_botocore_cannot_parse(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    *,
    body: bytes,
    code: str,
    message: str,
) -> None:
    script.add(Reply(400, body))
    with pytest.raises(ServiceError):
        make_transport().send(server.url, "GetUser", BODY, None)
    assert recorder.errors == [(code, message, 400, None)]


def test_error_factory_result_is_raised(server: ScriptedServer, script: Script) -> None:
    class UserNotFoundError(ServiceError):
        pass

    def factory(
        code: str, message: str, status: int, request_id: str | None, details: Mapping[str, object]
    ) -> ServiceError:
        assert details == {"__type": "UserNotFoundException", "message": "User does not exist."}
        return UserNotFoundError(message, code=code, status_code=status, request_id=request_id)

    transport = Transport(
        user_agent="ua",
        target_prefix=TARGET_PREFIX,
        timeout=(1.0, 1.0),
        error_factory=factory,
    )
    script.add(error(400, "UserNotFoundException", "User does not exist."))
    with pytest.raises(UserNotFoundError, match="User does not exist"):
        transport.send(server.url, "AdminGetUser", BODY, None)
    transport.close()


# ----------------------------------------------------------------- retries


@pytest.mark.parametrize(
    "failure",
    [
        error(400, "TooManyRequestsException"),
        error(400, "LimitExceededException"),
        error(400, "ThrottlingException"),
        error(400, "PriorRequestNotComplete"),
        error(429, "SomethingUnmodeled"),
        Reply(429, b""),
    ],
    ids=lambda r: f"{r.status}-{r.body[:40]!r}",
)
def test_throttling_is_retried_with_one_second_base(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    failure: Reply,
) -> None:
    script.add(failure, failure, Reply(200, b'{"ok": true}'))
    assert make_transport().send(server.url, "ListUsers", BODY, None) == {"ok": True}
    assert server.count == 3
    assert recorder.sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    ("replies", "max_attempts", "retries", "reached"),
    [
        pytest.param([error(400, "NotAuthorizedException")], 3, 0, False, id="not-retryable"),
        pytest.param([error(400, "NotAuthorizedException")], 1, 0, True, id="single-attempt"),
        pytest.param([error(500, "InternalErrorException")], 3, 2, True, id="attempts-ran-out"),
    ],
)
def test_service_errors_carry_botocores_retry_metadata(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    *,
    replies: list[Reply],
    max_attempts: int,
    retries: int,
    reached: bool,
) -> None:
    script.add(*replies * 3)
    with pytest.raises(ServiceError) as caught:
        make_transport(max_attempts=max_attempts).send(server.url, "GetUser", BODY, None)
    assert (caught.value.retry_attempts, caught.value.max_attempts_reached) == (retries, reached)


@pytest.mark.parametrize(
    "failure",
    [
        error(500, "InternalErrorException"),
        Reply(502, b"<html>Bad Gateway</html>"),
        Reply(503, b""),
        error(504, "Whatever"),
        error(400, "RequestTimeout"),
        error(400, "RequestTimeoutException"),
        pytest.param(broken("close"), id="close"),
        pytest.param(broken("reset"), id="reset"),
        pytest.param(broken("reset_mid_body"), id="reset_mid_body"),
    ],
    ids=lambda r: f"{r.status}-{r.body[:40]!r}",
)
def test_transient_failures_are_retried_with_50ms_base(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    failure: Reply,
) -> None:
    script.add(failure, failure, Reply(200, b'{"ok": true}'))
    assert make_transport().send(server.url, "ListUsers", BODY, None) == {"ok": True}
    assert server.count == 3
    assert recorder.rounded_sleeps() == [0.05, 0.1]


def test_gives_up_after_max_attempts(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, recorder: Recorder
) -> None:
    script.add(*[error(500, "InternalErrorException", "boom")] * 5)
    with pytest.raises(ServiceError) as caught:
        make_transport(max_attempts=4).send(server.url, "ListUsers", BODY, None)
    assert caught.value.code == "InternalErrorException"
    assert server.count == 4
    assert len(recorder.sleeps) == 3


def test_max_attempts_one_means_no_retry(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, recorder: Recorder
) -> None:
    script.add(error(400, "TooManyRequestsException"))
    with pytest.raises(ServiceError):
        make_transport(max_attempts=1).send(server.url, "ListUsers", BODY, None)
    assert server.count == 1
    assert recorder.sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        error(400, "NotAuthorizedException"),
        error(400, "InvalidParameterException"),
        error(403, "AccessDeniedException"),
        error(400, "TooManyFailedAttemptsException"),
        Reply(501, b""),
    ],
    ids=lambda r: f"{r.status}-{r.body[:40]!r}",
)
def test_other_errors_are_not_retried(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    failure: Reply,
) -> None:
    script.add(failure)
    with pytest.raises(ServiceError):
        make_transport().send(server.url, "ListUsers", BODY, None)
    assert server.count == 1
    assert recorder.sleeps == []


@pytest.mark.parametrize(
    ("random", "max_backoff", "expected"),
    [
        (1.0, 20.0, [1.0, 2.0, 4.0, 8.0, 16.0, 20.0]),
        (1.0, 3.0, [1.0, 2.0, 3.0, 3.0, 3.0, 3.0]),
        (0.5, 20.0, [0.5, 1.0, 2.0, 4.0, 8.0, 10.0]),
        (0.0, 20.0, [0.0] * 6),
    ],
)
def test_backoff_is_full_jitter_exponential(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    *,
    random: float,
    max_backoff: float,
    expected: list[float],
) -> None:
    script.add(*[error(400, "ThrottlingException")] * 6)
    transport = make_transport(max_attempts=7, max_backoff=max_backoff, random=lambda: random)
    assert transport.send(server.url, "ListUsers", BODY, None) == {}
    assert recorder.sleeps == expected


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("1500", 1.5),  # more than our 0.05 s: honoured
        ("60000", 5.05),  # capped at our delay + 5 s
        ("0", 0.05),  # less than our delay: ours wins
        ("soon", 0.05),  # unreadable: ignored
        ("-5", 0.05),
    ],
)
def test_retry_after_header(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    recorder: Recorder,
    *,
    retry_after: str,
    expected: float,
) -> None:
    script.add(Reply(503, b"", {"x-amz-retry-after": retry_after}))
    make_transport().send(server.url, "ListUsers", BODY, None)
    assert recorder.rounded_sleeps() == [expected]


def test_retry_quota_is_shared_spent_and_refunded(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    transport = make_transport(max_attempts=100, random=lambda: 0.0)

    def attempts(*replies: Reply) -> int:
        before = server.count
        script.add(*replies)
        with contextlib.suppress(ServiceError, TransportError):
            transport.send(server.url, "ListUsers", BODY, None)
        return server.count - before

    # 500 tokens, 14 per transient retry: 35 retries, leaving 10.
    assert attempts(*[error(500, "InternalErrorException")] * 36) == 36
    # Too few for another transient retry, whatever the failure...
    assert attempts(broken("close")) == 1
    # ...but a throttling retry costs 5: two fit, then success refunds the
    # last acquisition (5 left).
    assert attempts(error(400, "ThrottlingException"), error(400, "ThrottlingException")) == 3
    # A call that fails for good refunds nothing (0 left).
    assert attempts(error(400, "ThrottlingException"), error(400, "ThrottlingException")) == 2
    # Each success without retries gives back one token.
    for _ in range(14):
        assert attempts(error(500, "InternalErrorException")) == 1
        assert attempts(Reply()) == 1
    assert attempts(error(500, "InternalErrorException")) == 2


def test_auth_is_applied_to_every_attempt(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    auth = CountingAuth()
    script.add(error(500, "InternalErrorException"), error(400, "ThrottlingException"))
    make_transport().send(server.url, "ListUsers", BODY, auth)
    assert auth.calls == 3
    assert [headers_of(s)["authorization"] for s in server.received] == ["sig-1", "sig-2", "sig-3"]


def test_retries_are_logged_without_header_values(
    server: ScriptedServer,
    script: Script,
    make_transport: MakeTransport,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="codegen.runtime._transport")
    script.add(
        error(400, "ThrottlingException", **{"x-amzn-RequestId": "req-secret"}),
        broken("close"),
    )
    make_transport().send(server.url, "ListUsers", BODY, CountingAuth())
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert retries == [
        "ListUsers: attempt 1 failed with ThrottlingException; retrying in 1.000 s",
        "ListUsers: attempt 2 failed with ConnectionClosedError; retrying in 0.100 s",
    ]
    assert not any("sig-" in m or "req-secret" in m for m in caplog.messages)


def test_retry_policy_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


# -------------------------------------------------------- transport errors


def test_connection_refused(make_transport: MakeTransport, recorder: Recorder) -> None:
    port = unused_port()
    auth = CountingAuth()
    with pytest.raises(EndpointConnectionError, match="Connection refused") as caught:
        make_transport().send(f"http://127.0.0.1:{port}/", "ListUsers", BODY, auth)
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert auth.calls == 3
    assert recorder.rounded_sleeps() == [0.05, 0.1]


def test_read_timeout_is_retried(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    script.add(Reply(delay=STALL), Reply(delay=STALL))
    with pytest.raises(ReadTimeoutError, match=f"after {READ_TIMEOUT} s") as caught:
        make_transport(max_attempts=2).send(server.url, "ListUsers", BODY, None)
    assert isinstance(caught.value.__cause__, requests.ReadTimeout)
    assert server.count == 2


def test_read_timeout_in_the_middle_of_the_body(
    server: ScriptedServer, script: Script, make_transport: MakeTransport
) -> None:
    script.add(broken("stall_mid_body", b'{"a": '))
    with pytest.raises(ReadTimeoutError):
        make_transport(max_attempts=1).send(server.url, "ListUsers", BODY, None)


@pytest.mark.parametrize("fault", ["reset", "close", "reset_mid_body", "truncate"])
def test_connection_closed(
    server: ScriptedServer, script: Script, make_transport: MakeTransport, fault: Fault
) -> None:
    script.add(broken(fault, b'{"a": '))
    with pytest.raises(ConnectionClosedError) as caught:
        make_transport(max_attempts=1).send(server.url, "ListUsers", BODY, None)
    assert isinstance(caught.value.__cause__, requests.RequestException)


def test_tls_failure_is_an_endpoint_connection_error(
    server: ScriptedServer, make_transport: MakeTransport
) -> None:
    https_url = server.url.replace("http://", "https://")  # the server speaks plain HTTP
    with pytest.raises(EndpointConnectionError, match="TLS handshake"):
        make_transport(max_attempts=1).send(https_url, "ListUsers", BODY, None)


class RaisingAdapter(requests.adapters.BaseAdapter):
    """Fails every send with a given exception; counts sends and closes."""

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc
        self.sends = 0
        self.closed = False

    def send(self, *args: object, **kwargs: object) -> requests.Response:
        self.sends += 1
        raise self.exc

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("exc", "expected", "attempts"),
    [
        (requests.exceptions.ConnectTimeout("slow"), ConnectTimeoutError, 3),
        (requests.exceptions.ProxyError("no proxy"), EndpointConnectionError, 3),
        (requests.exceptions.SSLError("bad cert"), SSLError, 3),
        (requests.exceptions.ChunkedEncodingError("cut"), ConnectionClosedError, 3),
        (urllib3.exceptions.HTTPError("bare urllib3"), TransportError, 3),
        (requests.exceptions.ContentDecodingError("gzip?"), ResponseParseError, 1),
        (requests.exceptions.InvalidSchema("no adapter"), InvalidEndpointError, 1),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
)
def test_client_exceptions_are_translated(
    make_transport: MakeTransport, exc: Exception, expected: type[Exception], attempts: int
) -> None:
    adapter = RaisingAdapter(exc)
    session = requests.Session()
    session.mount("http://", adapter)
    with pytest.raises(expected) as caught:
        make_transport(session=session).send("http://cognito.test/", "ListUsers", BODY, None)
    assert type(caught.value) is expected
    assert caught.value.__cause__ is exc
    assert adapter.sends == attempts


# ------------------------------------------------- sessions and environment


def test_own_session_is_closed_and_ignores_ambient_env_per_call(
    server: ScriptedServer, make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_proxy_env(monkeypatch)
    transport = make_transport()
    transport.send(server.url, "ListUsers", BODY, None)
    session = transport._session  # pyright: ignore[reportPrivateUsage]
    assert session.trust_env is False
    closed: list[bool] = []
    monkeypatch.setattr(session, "close", lambda: closed.append(True))
    transport.close()
    assert closed == [True]


def test_callers_session_is_used_as_is(
    server: ScriptedServer, make_transport: MakeTransport
) -> None:
    adapter = RaisingAdapter(requests.exceptions.ConnectTimeout("x"))
    session = requests.Session()
    session.mount("http://cognito.test/", adapter)
    transport = make_transport(session=session, max_attempts=1)
    assert transport.send(server.url, "ListUsers", BODY, None) == {}  # default adapter
    with pytest.raises(ConnectTimeoutError):
        transport.send("http://cognito.test/", "ListUsers", BODY, None)  # mounted one
    transport.close()
    assert session.trust_env is True
    assert adapter.closed is False


def test_own_session_keeps_one_connection_per_endpoint(
    server: ScriptedServer, make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_proxy_env(monkeypatch)
    transport = make_transport()
    for _ in range(3):
        assert transport.send(server.url, "ListUsers", BODY, None) == {}
    assert len({request.client_port for request in server.received}) == 1
    assert [request.path for request in server.received] == ["/"] * 3


def test_a_pool_the_pool_manager_let_go_of_is_not_used_again(
    server: ScriptedServer, make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The adapter remembers the pool per URL; the pool manager drops the least
    # recently used pool past ten hosts, and all of them when the session closes.
    clear_proxy_env(monkeypatch)
    transport = make_transport(max_attempts=1)
    assert transport.send(server.url, "ListUsers", BODY, None) == {}
    adapter = transport._session.get_adapter(server.url)  # pyright: ignore[reportPrivateUsage]
    assert isinstance(adapter, requests.adapters.HTTPAdapter)

    def pools(url: str) -> tuple[object, object]:
        """The adapter's pool for ``url``, and the one requests' own lookup finds."""
        request = requests.Request("POST", url).prepare()
        ours = adapter.get_connection_with_tls_context(request, True)
        theirs = requests.adapters.HTTPAdapter.get_connection_with_tls_context(
            adapter, request, True
        )
        return ours, theirs

    first, managed = pools(server.url)
    assert first is managed
    for host in range(10):  # evicts the first host's pool
        pools(f"http://host-{host}.test/")
    ours, managed = pools(server.url)
    assert ours is managed
    assert ours is not first
    transport.close()  # the transport stays usable: a later call opens a new connection
    assert transport.send(server.url, "ListUsers", BODY, None) == {}
    assert pools(server.url)[0] is not ours
    assert server.count == 2


def test_own_sessions_pools_follow_the_tls_settings(
    make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As requests' own adapter: one pool per host, TLS verification and client certificate.
    clear_proxy_env(monkeypatch)
    adapter = make_transport()._session.get_adapter("https://cognito.test/")  # pyright: ignore[reportPrivateUsage]
    request = requests.Request("POST", "https://cognito.test/").prepare()
    verified = adapter.get_connection_with_tls_context(request, True)  # type: ignore[attr-defined]
    unverified = adapter.get_connection_with_tls_context(request, False)  # type: ignore[attr-defined]
    assert verified is adapter.get_connection_with_tls_context(request, True)  # type: ignore[attr-defined]
    assert unverified is not verified
    assert (verified.cert_reqs, unverified.cert_reqs) == ("CERT_REQUIRED", "CERT_NONE")


def clear_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def test_environment_proxy_is_used_and_resolved_once(
    server: ScriptedServer, make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", server.url)  # the scripted server plays the proxy
    transport = make_transport()
    transport.send("http://cognito.test/", "ListUsers", BODY, None)
    monkeypatch.delenv("HTTP_PROXY")
    transport.send("http://cognito.test/", "ListUsers", BODY, None)
    assert [s.path for s in server.received] == ["http://cognito.test/"] * 2


def test_no_proxy_bypasses_the_environment_proxy(
    server: ScriptedServer, make_transport: MakeTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9/")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert make_transport().send(server.url, "ListUsers", BODY, None) == {}
    assert [s.path for s in server.received] == ["/"]


def test_verify_false_warns_once(
    server: ScriptedServer, make_transport: MakeTransport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="codegen.runtime._transport")
    transport = make_transport(verify=False)
    transport.send(server.url, "ListUsers", BODY, None)
    transport.send(server.url, "ListUsers", BODY, None)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "verification is disabled" in warnings[0].getMessage()


@pytest.mark.parametrize("url", ["not a url", "cognito.test/no-scheme", "ftp://cognito.test/"])
def test_invalid_endpoint_url(make_transport: MakeTransport, url: str) -> None:
    with pytest.raises(InvalidEndpointError):
        make_transport().send(url, "ListUsers", BODY, None)


def test_invalid_user_agent_is_a_configuration_error(recorder: Recorder) -> None:
    with pytest.raises(ConfigurationError, match="User-Agent"):
        Transport(
            user_agent="ua\r\nX-Injected: 1",
            target_prefix=TARGET_PREFIX,
            timeout=(1.0, 1.0),
            error_factory=recorder.error_factory,
        )


def test_shared_between_threads(server: ScriptedServer, make_transport: MakeTransport) -> None:
    transport = make_transport()
    results: list[dict[str, object]] = []

    def work() -> None:
        for _ in range(5):
            results.append(transport.send(server.url, "ListUsers", BODY, CountingAuth()))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [{}] * 40
    assert server.count == 40
