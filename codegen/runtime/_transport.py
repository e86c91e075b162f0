"""awsJson 1.1 transport over ``requests``, with botocore's standard-mode retries.

One :class:`Transport` is shared by a client and may be used from many threads.
It mirrors botocore 1.44.5 where botocore's behaviour is visible to a caller:

* error responses are read like ``botocore.parsers.JSONParser``: the code is
  ``__type`` from the body, else the HTTP status; a 5xx whose body is empty or
  starts with ``<html>`` gets the status and its reason phrase. One addition:
  when the body has no ``__type``, the ``x-amzn-ErrorType`` header (part of
  the awsJson protocol, ignored by botocore) is used before the status;
* retries follow ``botocore.retries.standard``: which failures are retried,
  the attempt count, the jittered exponential backoff (1 s base for
  throttling, 50 ms otherwise, honouring ``x-amz-retry-after``) and the
  shared retry quota (500 tokens; a throttling retry costs 5, any other 14;
  a success gives back what its last retry cost, or 1 if it needed none).

Known differences, all deliberate: a 429 counts as throttling whatever its
error code (botocore exempts codes the operation models, which for Cognito
never arrive with a 429); an error body that is JSON but not an object, or not
UTF-8, is read as text instead of crashing the parser; ``awsQueryCompatible``
error headers are ignored (Cognito is not query-compatible); a non-JSON 2xx
body raises :class:`ResponseParseError` where botocore silently returns ``{}``;
a body larger than :data:`MAX_RESPONSE_BYTES` raises :class:`ResponseParseError`
(not retried) instead of being read into memory whole.

After ``os.fork()``, a transport that created its own session notices the new
process id at its next call and starts a fresh session (and retry quota), so a
child never writes into a connection its parent also uses. A session passed by
the caller is the caller's to recreate after a fork.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import TypeAlias, cast

import attrs
import requests
import requests.adapters
import requests.auth
import requests.utils

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
    TransportError,
)

__all__ = ["MAX_RESPONSE_BYTES", "ErrorFactory", "RetryPolicy", "Transport"]

_LOG = logging.getLogger(__name__)

ErrorFactory: TypeAlias = Callable[[str, str, int, str | None, Mapping[str, object]], ServiceError]
"""``(code, message, status_code, request_id, details)`` -> the exception to raise.

``details`` are the fields of the error body (empty when it is not a JSON object).
"""

_REQUEST_ID_HEADER = "x-amzn-RequestId"
_ERROR_TYPE_HEADER = "x-amzn-ErrorType"
_RETRY_AFTER_HEADER = "x-amz-retry-after"

# botocore.retries.standard (1.44.5).
_TRANSIENT_STATUS_CODES = frozenset({500, 502, 503, 504})
_TRANSIENT_ERROR_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)
_THROTTLING_STATUS_CODE = 429
_THROTTLING_ERROR_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
_THROTTLING_BASE_DELAY = 1.0
_TRANSIENT_BASE_DELAY = 0.05
_RETRY_AFTER_MAX_EXTRA = 5.0
_QUOTA_CAPACITY = 500
_RETRY_COST = 14
_THROTTLING_RETRY_COST = 5
_NO_RETRY_INCREMENT = 1

# One pooled connection per thread of a default ThreadPoolExecutor, and never
# fewer than botocore's default of 10.
_POOL_MAXSIZE = max(10, min(32, (os.cpu_count() or 1) + 4))
_EXCERPT_BYTES = 200

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The largest response body read, in bytes (decoded); a larger one raises ``ResponseParseError``.

Cognito's responses are kilobytes (a full page of ``ListUsers`` stays in single
megabytes), so this only stops an endpoint that is not the service, such as a
misdirected ``endpoint_url`` or a proxy streaming without end, from filling the
memory. Reading a body takes about three times its size at the peak.
"""
_READ_CHUNK_BYTES = 64 * 1024


@attrs.frozen
class RetryPolicy:
    """Standard-mode retry settings.

    ``max_attempts`` counts every attempt, the first included, so 1 disables
    retries. ``random`` and ``sleep`` exist so that tests can make the backoff
    deterministic and instant.
    """

    max_attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    max_backoff: float = attrs.field(default=20.0, validator=attrs.validators.ge(0))
    random: Callable[[], float] = random.random
    sleep: Callable[[float], None] = time.sleep


_DEFAULT_RETRY = RetryPolicy()


@attrs.frozen
class _Route:
    """What requests would recompute on every call for one endpoint URL."""

    endpoint: str  # the URL exactly as the caller passes it: the cache key
    url: str  # normalized by requests (IDNA host, quoted path, "/" path)
    proxies: dict[str, str]
    verify: bool | str
    cert: str | tuple[str, str] | None


@attrs.frozen
class _Failure:
    """A failed attempt: the error to raise, and what the retry rules look at."""

    error: SdkError
    code: str | None = None
    status: int | None = None
    retry_after: str | None = None  # raw x-amz-retry-after header, milliseconds


class _RetryQuota:
    """botocore's retry token bucket; shared by every thread using a Transport."""

    def __init__(self, capacity: int) -> None:
        self._max = capacity
        self._available = capacity
        self._lock = threading.Lock()

    def acquire(self, amount: int) -> bool:
        """Take ``amount`` tokens if available; False means: do not retry."""
        with self._lock:
            if amount > self._available:
                return False
            self._available -= amount
            return True

    def release(self, amount: int) -> None:
        """Give back up to ``amount`` tokens, never exceeding the capacity."""
        if self._available == self._max:  # the common case; no lock needed
            return
        with self._lock:
            self._available = min(self._max, self._available + amount)


class Transport:
    """POSTs awsJson requests, parses the answers and retries failures."""

    def __init__(
        self,
        *,
        user_agent: str,
        target_prefix: str,
        json_version: str = "1.1",
        timeout: tuple[float, float],
        verify: bool = True,
        retry: RetryPolicy = _DEFAULT_RETRY,
        session: requests.Session | None = None,
        error_factory: ErrorFactory,
    ) -> None:
        self._target_prefix = target_prefix
        self._timeout = timeout
        self._verify = verify
        self._retry = retry
        self._error_factory = error_factory
        self._headers = _header_template(user_agent, json_version).headers
        self._quota = _RetryQuota(_QUOTA_CAPACITY)
        self._route: _Route | None = None
        self._owns_session = session is None
        if session is None:
            session = _new_session()
            # _resolve_route reads the proxy and CA-bundle variables itself,
            # once per endpoint, instead of requests doing it on every call.
            self._trust_env = True
        else:
            self._trust_env = session.trust_env
        self._session = session
        self._pid = os.getpid()
        if not verify:
            _LOG.warning(
                "TLS certificate verification is disabled: responses could come from anyone."
            )

    def send(
        self,
        url: str,
        operation: str,
        body: bytes,
        auth: requests.auth.AuthBase | None,
    ) -> dict[str, object]:
        """Call ``operation`` with the JSON ``body``, retrying as botocore would.

        ``auth`` is applied to every attempt, so each retry is signed afresh.
        Returns the decoded JSON object of the successful response. Raises the
        ``error_factory`` exception for an error response, a
        :class:`TransportError` when no response arrived, and
        :class:`ResponseParseError` for a successful response that is not a
        JSON object.
        """
        route = self._route_for(url)
        target = f"{self._target_prefix}.{operation}"
        policy = self._retry
        attempt = 1
        last_cost = 0
        while True:
            outcome = self._attempt(route, target, body, auth)
            if not isinstance(outcome, _Failure):
                self._quota.release(last_cost or _NO_RETRY_INCREMENT)
                return outcome
            _note_attempts(outcome.error, attempt, policy.max_attempts)
            throttling = _is_throttling(outcome)
            if not (throttling or _is_transient(outcome)):
                raise outcome.error
            if attempt >= policy.max_attempts:
                _LOG.debug("%s: giving up after %d attempts", operation, attempt)
                raise outcome.error
            cost = _THROTTLING_RETRY_COST if throttling else _RETRY_COST
            if not self._quota.acquire(cost):
                _LOG.debug("%s: retry quota exhausted, not retrying", operation)
                raise outcome.error
            last_cost = cost
            delay = self._backoff(attempt, throttling, outcome.retry_after)
            _LOG.debug(
                "%s: attempt %d failed with %s; retrying in %.3f s",
                operation,
                attempt,
                outcome.code or type(outcome.error).__name__,
                delay,
            )
            policy.sleep(delay)
            attempt += 1

    def close(self) -> None:
        """Close pooled connections, if this transport created its session.

        A session passed to the constructor belongs to the caller. The
        transport stays usable: a later call opens new connections.
        """
        if self._owns_session:
            self._session.close()

    def _current_session(self) -> requests.Session:
        """The session to send with, replaced in a child process after ``os.fork()``.

        Pooled connections (and any lock held by another thread at the fork)
        are shared with the parent; a child using them would interleave its
        bytes with the parent's on the same socket. Store order matters for
        threads of the child racing here: the new session is published before
        the new process id, so no thread sees the new id with the old session.
        """
        pid = os.getpid()
        if self._pid == pid:
            return self._session
        inherited = self._session
        if self._owns_session:
            self._session = _new_session()
        self._quota = _RetryQuota(_QUOTA_CAPACITY)
        self._pid = pid
        if self._owns_session:
            # Closes only this process's copies of the sockets: nothing is
            # sent, so the parent's connections are unaffected.
            inherited.close()
        return self._session

    def _attempt(
        self,
        route: _Route,
        target: str,
        body: bytes,
        auth: requests.auth.AuthBase | None,
    ) -> dict[str, object] | _Failure:
        """Send once; return the parsed result, or the failure to judge for a retry."""
        session = self._current_session()
        request = self._prepare(route.url, target, body, auth)
        try:
            if self._owns_session:
                # Our own session has no hooks, sends no cookies and follows no
                # redirects, so its adapter does all the work: Session.send's
                # bookkeeping (hooks, cookie jars, redirect checks) costs about
                # 20 us a call (benchmarks/hotspots.py). Explicit proxies,
                # verify and cert keep the adapter from reading the environment.
                response = session.get_adapter(route.url).send(
                    request,
                    timeout=self._timeout,
                    verify=route.verify,
                    proxies=route.proxies,
                    cert=route.cert,
                    stream=True,  # read below, within MAX_RESPONSE_BYTES
                )
            else:
                # A caller's session may carry hooks, cookies or instrumentation
                # (OpenTelemetry, X-Ray patch Session.send): it gets Session.send,
                # whose redirect bookkeeping (run on a 3xx even with
                # allow_redirects=False) needs the request's cookie jar.
                request.prepare_cookies(None)  # pyright: ignore[reportUnknownMemberType] - unannotated in types-requests
                response = session.send(
                    request,
                    timeout=self._timeout,
                    verify=route.verify,
                    proxies=route.proxies,
                    cert=route.cert,
                    stream=True,
                    allow_redirects=False,
                )
            try:
                content = _read_body(response, MAX_RESPONSE_BYTES)
            finally:
                # After a complete read the connection is already back in the
                # pool; after an incomplete one this closes it.
                response.close()
        except Exception as exc:
            # Everything below requests included: botocore turns any failure
            # to get a response into an (retried) HTTPClientError too.
            error = self._transport_error(exc, route.endpoint)
            error.__cause__ = exc  # same as `raise error from exc` later
            return _Failure(error)
        status = response.status_code
        request_id = response.headers.get(_REQUEST_ID_HEADER)
        if content is None:
            return _Failure(_too_large(status, request_id, route.endpoint))
        if status < 301:  # botocore's threshold: anything below is parsed as a result
            return _parse_result(status, content, request_id)
        code, message, details = _parse_error(
            status, content, response.headers.get(_ERROR_TYPE_HEADER)
        )
        return _Failure(
            self._error_factory(code, message, status, request_id, details),
            code=code,
            status=status,
            retry_after=response.headers.get(_RETRY_AFTER_HEADER),
        )

    def _prepare(
        self,
        url: str,
        target: str,
        body: bytes,
        auth: requests.auth.AuthBase | None,
    ) -> requests.PreparedRequest:
        """Build the request as ``PreparedRequest.prepare`` would, minus repeated work.

        The URL was normalized by ``_resolve_route`` and the static headers
        validated at construction, so only the per-call parts are set here.
        """
        headers = self._headers.copy()
        headers["X-Amz-Target"] = target
        headers["Content-Length"] = str(len(body))
        request = requests.PreparedRequest()
        request.method = "POST"
        request.url = url
        request.headers = headers
        request.body = body
        return request if auth is None else auth(request)

    def _route_for(self, url: str) -> _Route:
        """The cached route for ``url``, resolving it when the URL changes."""
        route = self._route
        if route is None or route.endpoint != url:
            route = self._resolve_route(url)
            # A single attribute store: threads racing here at worst resolve twice.
            self._route = route
        return route

    def _resolve_route(self, url: str) -> _Route:
        """Apply requests' URL, proxy and TLS rules to ``url`` once.

        Proxies follow ``requests.utils.resolve_proxies`` (what ``Session.send``
        runs per call): the session's own proxies win, then HTTP(S)_PROXY /
        ALL_PROXY for the URL's scheme unless NO_PROXY (or the session's
        ``no_proxy`` entry) exempts the host. REQUESTS_CA_BUNDLE /
        CURL_CA_BUNDLE apply as in ``Session.request``. The environment is
        therefore read when a transport first sees an endpoint: later changes
        to it are not picked up, which suits a long-lived client.
        """
        request = requests.PreparedRequest()
        try:
            request.prepare_url(url, None)  # pyright: ignore[reportUnknownMemberType] - unannotated in types-requests
        except ValueError as exc:  # requests' InvalidURL, MissingSchema, ... and IDNA errors
            raise InvalidEndpointError(f"Invalid endpoint URL {url!r}: {exc}") from exc
        session = self._session
        proxies = requests.utils.resolve_proxies(request, dict(session.proxies), self._trust_env)
        verify: bool | str = False
        if self._verify:
            env_bundle = (
                os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                if self._trust_env
                else None
            )
            # As in requests, the bundle beats the session's setting, and a None
            # session.verify means no verification.
            verify = env_bundle or session.verify or False
        return _Route(
            endpoint=url,
            url=cast(str, request.url),
            proxies=proxies,
            verify=verify,
            cert=session.cert,
        )

    def _backoff(self, attempt: int, throttling: bool, retry_after: str | None) -> float:
        """botocore's delay before retry number ``attempt`` (1-based)."""
        policy = self._retry
        base = _THROTTLING_BASE_DELAY if throttling else _TRANSIENT_BASE_DELAY
        delay = policy.random() * min(base * 2.0 ** (attempt - 1), policy.max_backoff)
        requested = _retry_after_seconds(retry_after)
        if requested is not None:
            # The server may ask for more, but only up to 5 s above our own delay.
            delay = max(delay, min(requested, delay + _RETRY_AFTER_MAX_EXTRA))
        return delay

    def _transport_error(self, exc: Exception, url: str) -> SdkError:
        """Translate a failure to get a response into one of our typed errors."""
        endpoint = f'endpoint URL "{url}"'
        root = _root_cause(exc)
        cause = _describe(root)
        errors = requests.exceptions
        # Order matters: SSLError, ProxyError and ConnectTimeout are ConnectionErrors.
        if isinstance(exc, errors.ConnectTimeout):
            return ConnectTimeoutError(f"Connect timeout on {endpoint} after {self._timeout[0]} s")
        if isinstance(exc, errors.ReadTimeout):
            return ReadTimeoutError(f"Read timeout on {endpoint} after {self._timeout[1]} s")
        if isinstance(exc, errors.SSLError):
            return EndpointConnectionError(
                f"TLS handshake with {endpoint} failed (certificate not trusted, "
                f"or TLS intercepted on the way?): {cause}"
            )
        if isinstance(exc, errors.ProxyError):
            return EndpointConnectionError(f"Could not reach {endpoint} through the proxy: {cause}")
        if isinstance(exc, errors.ChunkedEncodingError):
            return ConnectionClosedError(_closed_message(endpoint, cause))
        if isinstance(exc, errors.ContentDecodingError):
            return ResponseParseError(f"Could not decode the response from {endpoint}: {cause}")
        if isinstance(exc, (errors.InvalidURL, errors.InvalidSchema, errors.MissingSchema)):
            return InvalidEndpointError(f"Invalid {endpoint}: {cause}")
        if isinstance(exc, errors.ConnectionError):
            return self._connection_error(root, endpoint, cause)
        return TransportError(f"HTTP client error calling {endpoint}: {cause}")

    def _connection_error(self, root: BaseException, endpoint: str, cause: str) -> TransportError:
        """Tell apart, by their root cause, what requests reports as a plain ``ConnectionError``."""
        if isinstance(root, TimeoutError):
            # urllib3's read timeout while reading the body, wrapped by requests.
            return ReadTimeoutError(f"Read timeout on {endpoint} after {self._timeout[1]} s")
        if isinstance(root, _CLOSED_CAUSES):
            return ConnectionClosedError(_closed_message(endpoint, cause))
        return EndpointConnectionError(f"Could not connect to the {endpoint}: {cause}")


# The peer went away after the connection was established ("Connection
# aborted." in urllib3's words); refused connections and DNS failures are not
# among these.
_CLOSED_CAUSES = (
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.HTTPException,
)


def _new_session() -> requests.Session:
    """A session with a connection pool sized for sharing between threads.

    ``trust_env`` is off: ``Transport._resolve_route`` applies the proxy and
    CA-bundle variables once per endpoint instead.
    """
    session = requests.Session()
    session.trust_env = False
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=_POOL_MAXSIZE, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _read_body(response: requests.Response, limit: int) -> bytes | None:
    """The (decoded) body, or None as soon as it is known to exceed ``limit`` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdecimal() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(_READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _note_attempts(error: SdkError, attempt: int, max_attempts: int) -> None:
    """Record on a service error how many retries were made, as botocore's metadata does.

    botocore checks the attempt count before the error's retryability, so the
    last allowed attempt counts as "max attempts reached" whatever the error.
    """
    if isinstance(error, ServiceError):
        error.retry_attempts = attempt - 1
        error.max_attempts_reached = attempt >= max_attempts


def _too_large(status: int, request_id: str | None, endpoint: str) -> ResponseParseError:
    return ResponseParseError(
        f'HTTP {status} response from endpoint URL "{endpoint}" (request id {request_id}) '
        f"is larger than the {MAX_RESPONSE_BYTES} bytes this client reads: "
        "is the endpoint really the service?"
    )


def _header_template(user_agent: str, json_version: str) -> requests.PreparedRequest:
    """A request carrying the headers every call sends, validated once by requests."""
    template = requests.PreparedRequest()
    try:
        template.prepare_headers(  # pyright: ignore[reportUnknownMemberType] - unannotated in types-requests
            {"Content-Type": f"application/x-amz-json-{json_version}", "User-Agent": user_agent}
        )
    except requests.exceptions.InvalidHeader as exc:
        raise ConfigurationError(f"Invalid User-Agent {user_agent!r}: {exc}") from exc
    return template


def _parse_result(status: int, body: bytes, request_id: str | None) -> dict[str, object]:
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


def _unreadable(status: int, body: bytes, request_id: str | None, problem: str) -> str:
    excerpt = body[:_EXCERPT_BYTES].decode("utf-8", "replace")
    more = "..." if len(body) > _EXCERPT_BYTES else ""
    return f"HTTP {status} response body {problem} (request id {request_id}): {excerpt!r}{more}"


def _parse_error(
    status: int, body: bytes, error_type_header: str | None
) -> tuple[str, str, Mapping[str, object]]:
    """``(code, message, fields)`` of an error response, as botocore's JSONParser reads them.

    ``__type`` in the body wins, as in botocore. Where the body has none, the
    ``x-amzn-ErrorType`` header (which the awsJson protocol also defines, and
    botocore ignores) comes before botocore's last resort, the HTTP status.
    """
    stripped = body.strip()
    if status >= 500 and (not stripped or stripped.startswith(b"<html>")):
        # A load balancer's or proxy's page: nothing protocol-specific to read.
        return str(status), http.client.responses.get(status, ""), {}
    fields = _error_fields(body)
    message = fields.get("message", fields.get("Message", ""))
    code = fields.get("__type", error_type_header or str(status))
    return _error_code(code), "" if message is None else str(message), fields


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


def _error_code(raw: object) -> str:
    """Strip the namespace (``aws.cognito#``) and URI suffix (``:http://...``)."""
    if raw is None:  # "__type": null leaves botocore's code empty
        return ""
    code = raw if isinstance(raw, str) else str(raw)
    return code.split(":", 1)[0].rsplit("#", 1)[-1]


def _is_throttling(failure: _Failure) -> bool:
    return failure.code in _THROTTLING_ERROR_CODES or failure.status == _THROTTLING_STATUS_CODE


def _is_transient(failure: _Failure) -> bool:
    return (
        isinstance(failure.error, TransportError)
        or failure.code in _TRANSIENT_ERROR_CODES
        or failure.status in _TRANSIENT_STATUS_CODES
    )


def _retry_after_seconds(value: str | None) -> float | None:
    """The x-amz-retry-after header (integer milliseconds) in seconds, if valid."""
    if value is None:
        return None
    try:
        seconds = int(value) / 1000
    except (ValueError, OverflowError):
        return None
    return seconds if seconds >= 0 else None


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


def _closed_message(endpoint: str, cause: str) -> str:
    return f"Connection was closed before a complete response arrived from {endpoint}: {cause}"
