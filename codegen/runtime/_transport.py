"""Sends awsJson requests over ``requests`` and runs the attempts of one call.

One :class:`Transport` is shared by a client and may be used from many threads.
What is on the wire is ``_protocol.py``'s; whether and when to retry is
``_retries.py``'s (botocore's retry modes). A body larger than
:data:`MAX_RESPONSE_BYTES` raises :class:`ResponseParseError` (not retried)
instead of being read into memory whole.

After ``os.fork()``, a transport that created its own session notices the new
process id at its next call and starts a fresh session (and retry quota), so a
child never writes into a connection its parent also uses. A session passed by
the caller is the caller's to recreate after a fork.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

import attrs
import requests
import requests.adapters
import requests.auth
import requests.structures
import requests.utils

from ._exceptions import InvalidEndpointError, ResponseParseError
from ._protocol import (
    REQUEST_ID_HEADER,
    RETRY_AFTER_HEADER,
    TRACE_ID_HEADER,
    ErrorFactory,
    header_template,
    parse_error,
    parse_result,
    recursion_trace_id,
    translate_exception,
)
from ._retries import (
    SUCCESS_REFUND,
    Failure,
    RetryPolicy,
    RetryQuota,
    backoff_delay,
    is_legacy_retryable,
    is_throttling,
    legacy_delay,
    note_attempts,
    retry_cost,
)

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse, HTTPConnectionPool

    from ._rate_limit import ClientRateLimiter

# ErrorFactory and RetryPolicy stay importable from here for existing callers.
__all__ = [
    "MAX_POOL_CONNECTIONS",
    "MAX_RESPONSE_BYTES",
    "ErrorFactory",
    "RetryPolicy",
    "Transport",
]

_LOG = logging.getLogger(__name__)

MAX_POOL_CONNECTIONS = 10
"""Connections kept open per host by default, as botocore's ``max_pool_connections``."""

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The largest response body read, in bytes (decoded); a larger one raises ``ResponseParseError``.

Cognito's responses are kilobytes (a full page of ``ListUsers`` stays in single
megabytes), so this only stops an endpoint that is not the service, such as a
misdirected ``endpoint_url`` or a proxy streaming without end, from filling the
memory. Reading a body takes about three times its size at the peak.
"""
_READ_CHUNK_BYTES = 64 * 1024
# URLs an adapter keeps a connection pool and request path for (as ``_client``'s destinations).
_MAX_CACHED_URLS = 64
_PoolKey = tuple[str, bool | str, str | tuple[str, str] | None]  # URL, verify, client cert

_DEFAULT_RETRY = RetryPolicy()


@attrs.frozen
class _SendSettings:
    """What requests would recompute on every call for one endpoint URL."""

    endpoint: str  # the URL exactly as the caller passes it: the cache key
    url: str  # normalized by requests (IDNA host, quoted path, "/" path)
    proxies: dict[str, str]
    verify: bool | str
    cert: str | tuple[str, str] | None


class Transport:
    """POSTs awsJson requests, parses the answers and retries failures."""

    def __init__(
        self,
        *,
        user_agent: str,
        target_prefix: str,
        json_version: str = "1.1",
        timeout: tuple[float, float],
        verify: bool | str = True,
        retry: RetryPolicy = _DEFAULT_RETRY,
        session: requests.Session | None = None,
        error_factory: ErrorFactory,
        query_compatible: bool = False,
        operation_headers: Mapping[str, Mapping[str, str]] | None = None,
        max_pool_connections: int = MAX_POOL_CONNECTIONS,
    ) -> None:
        """``operation_headers``: headers only some operations send, by operation name."""
        self._target_prefix = target_prefix
        self._timeout = timeout
        self._verify = verify
        self._retry = retry
        self._error_factory = error_factory
        self._headers = header_template(
            user_agent, json_version, query_compatible=query_compatible
        ).headers
        self._target_headers = {
            f"{target_prefix}.{operation}": dict(headers)
            for operation, headers in (operation_headers or {}).items()
        }
        self._quota = RetryQuota()
        self._limiter = _rate_limiter() if retry.mode == "adaptive" else None
        self._settings: _SendSettings | None = None
        self._owns_session = session is None
        self._max_pool_connections = max_pool_connections
        if session is None:
            session = _new_session(max_pool_connections)
            # _resolve_settings reads the proxy and CA-bundle variables itself,
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
        *,
        content_encoding: str | None = None,
    ) -> dict[str, object]:
        """Call ``operation`` with the JSON ``body``, retrying as botocore would.

        ``content_encoding`` names the body's encoding (``gzip``) when it is compressed.

        ``auth`` is applied to every attempt, so each retry is signed afresh.
        Returns the decoded JSON object of the successful response. Raises the
        ``error_factory`` exception for an error response, a
        :class:`TransportError` when no response arrived, and
        :class:`ResponseParseError` for a successful response that is not a
        JSON object.
        """
        settings = self._settings_for(url)
        target = f"{self._target_prefix}.{operation}"
        policy = self._retry
        limiter = self._limiter
        attempt = 1
        last_cost = 0
        while True:
            if limiter is not None:
                limiter.before_attempt()
            outcome = self._attempt(settings, target, body, auth, content_encoding)
            if not isinstance(outcome, Failure):
                if limiter is not None:
                    limiter.after_attempt(throttled=False)
                self._quota.release(last_cost or SUCCESS_REFUND)
                return outcome
            if limiter is not None:
                limiter.after_attempt(throttled=is_throttling(outcome))
            if policy.mode == "legacy":
                delay = self._legacy_retry(outcome, attempt)
            else:
                delay, last_cost = self._standard_retry(outcome, attempt, operation)
            if delay is None:
                raise outcome.error
            _LOG.debug(
                "%s: attempt %d failed with %s; retrying in %.3f s",
                operation,
                attempt,
                outcome.code or type(outcome.error).__name__,
                delay,
            )
            policy.sleep(delay)
            attempt += 1

    def _standard_retry(
        self, outcome: Failure, attempt: int, operation: str
    ) -> tuple[float | None, int]:
        """Standard (and adaptive) mode: the delay before the next attempt and its quota cost."""
        policy = self._retry
        note_attempts(outcome.error, attempt, policy.max_attempts)
        cost = retry_cost(outcome)
        if cost is None:
            return None, 0
        if attempt >= policy.max_attempts:
            _LOG.debug("%s: giving up after %d attempts", operation, attempt)
            return None, 0
        if not self._quota.acquire(cost):
            _LOG.debug("%s: retry quota exhausted, not retrying", operation)
            return None, 0
        return backoff_delay(outcome, attempt, policy), cost

    def _legacy_retry(self, outcome: Failure, attempt: int) -> float | None:
        """Legacy mode: the delay before the next attempt, or None to give up."""
        policy = self._retry
        retryable = is_legacy_retryable(outcome)
        note_attempts(outcome.error, attempt, policy.max_attempts, retryable=retryable)
        if not retryable or attempt >= policy.max_attempts:
            return None
        return legacy_delay(attempt, policy)

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
            self._session = _new_session(self._max_pool_connections)
        self._quota = RetryQuota()
        if self._limiter is not None:
            self._limiter = _rate_limiter()
        self._pid = pid
        if self._owns_session:
            # Closes only this process's copies of the sockets: nothing is
            # sent, so the parent's connections are unaffected.
            inherited.close()
        return self._session

    def _attempt(
        self,
        settings: _SendSettings,
        target: str,
        body: bytes,
        auth: requests.auth.AuthBase | None,
        content_encoding: str | None,
    ) -> dict[str, object] | Failure:
        """Send once; return the parsed result, or the failure to judge for a retry."""
        session = self._current_session()
        request = self._prepare(settings.url, target, body, auth, content_encoding)
        try:
            if self._owns_session:
                # Our own session has no hooks, sends no cookies and follows no
                # redirects, so its adapter does all the work: Session.send's
                # bookkeeping (hooks, cookie jars, redirect checks) costs about
                # 20 us a call (benchmarks/hotspots.py). Explicit proxies,
                # verify and cert keep the adapter from reading the environment.
                response = session.get_adapter(settings.url).send(
                    request,
                    timeout=self._timeout,
                    verify=settings.verify,
                    proxies=settings.proxies,
                    cert=settings.cert,
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
                    verify=settings.verify,
                    proxies=settings.proxies,
                    cert=settings.cert,
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
            error = translate_exception(exc, settings.endpoint, self._timeout)
            error.__cause__ = exc  # same as `raise error from exc` later
            return Failure(error)
        status = response.status_code
        request_id = response.headers.get(REQUEST_ID_HEADER)
        if content is None:
            return Failure(_too_large(status, request_id, settings.endpoint))
        try:
            if status < 300:  # botocore raises for any status from 300 up
                return parse_result(status, content, request_id)
            code, message, details = parse_error(status, content, response.headers)
        except RecursionError as exc:  # json's decoder on a deeply nested body
            error = _too_deep(status, request_id, settings.endpoint)
            error.__cause__ = exc
            return Failure(error)  # not retried: the answer would be the same
        return Failure(
            self._error_factory(code, message, status, request_id, details),
            code=code,
            status=status,
            retry_after=response.headers.get(RETRY_AFTER_HEADER),
        )

    def _prepare(
        self,
        url: str,
        target: str,
        body: bytes,
        auth: requests.auth.AuthBase | None,
        content_encoding: str | None = None,
    ) -> requests.PreparedRequest:
        """Build the request as ``PreparedRequest.prepare`` would, minus repeated work.

        The URL was normalized by ``_resolve_settings`` and the static headers
        validated at construction, so only the per-call parts are set here.
        """
        headers = self._headers.copy()
        headers["X-Amz-Target"] = target
        extra = self._target_headers.get(target)
        if extra is not None:
            headers.update(extra)
        headers["Content-Length"] = str(len(body))
        if content_encoding is not None:
            headers["Content-Encoding"] = content_encoding
        trace_id = recursion_trace_id(os.environ)
        if trace_id is not None:
            headers[TRACE_ID_HEADER] = trace_id
        request = requests.PreparedRequest()
        request.method = "POST"
        request.url = url
        request.headers = headers
        request.body = body
        return request if auth is None else auth(request)

    def _settings_for(self, url: str) -> _SendSettings:
        """The cached send settings for ``url``, resolved again when the URL changes."""
        settings = self._settings
        if settings is None or settings.endpoint != url:
            settings = self._resolve_settings(url)
            # A single attribute store: threads racing here at worst resolve twice.
            self._settings = settings
        return settings

    def _resolve_settings(self, url: str) -> _SendSettings:
        """Apply requests' URL, proxy and TLS rules to ``url`` once.

        Proxies follow ``requests.utils.resolve_proxies`` (what ``Session.send``
        runs per call): the session's own proxies win, then HTTP(S)_PROXY /
        ALL_PROXY for the URL's scheme unless NO_PROXY (or the session's
        ``no_proxy`` entry) exempts the host. REQUESTS_CA_BUNDLE /
        CURL_CA_BUNDLE apply as in ``Session.request`` unless ``verify`` names a
        bundle (``verify=``, ``AWS_CA_BUNDLE`` or the profile's ``ca_bundle``). The environment is
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
        verify: bool | str = self._verify  # False, or a CA bundle chosen as botocore does
        if verify is True:
            env_bundle = (
                os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                if self._trust_env
                else None
            )
            # As in requests, the bundle beats the session's setting, and a None
            # session.verify means no verification.
            verify = env_bundle or session.verify or False
        return _SendSettings(
            endpoint=url,
            url=cast(str, request.url),
            proxies=proxies,
            verify=verify,
            cert=session.cert,
        )


def _too_deep(status: int, request_id: str | None, endpoint: str) -> ResponseParseError:
    return ResponseParseError(
        f'HTTP {status} response from endpoint URL "{endpoint}" (request id {request_id}) '
        "is nested too deeply to parse: is the endpoint really the service?"
    )


def _rate_limiter() -> ClientRateLimiter:
    """Adaptive mode's limiter; its module is imported only by clients that use it."""
    from ._rate_limit import ClientRateLimiter  # noqa: PLC0415 -- adaptive mode only

    return ClientRateLimiter()


class _Adapter(requests.adapters.HTTPAdapter):
    """requests' adapter, minus the work it repeats on every call of one endpoint.

    For a request sent without a proxy, the connection pool and the request
    line's path are looked up once per URL, TLS setting and client certificate
    instead of being parsed again from the URL on every call (five URL parses
    and the pool manager's key, which threads sharing a client wait for under
    the GIL). Once the pool manager lets go of a pool (it keeps ten hosts,
    least recently used first; or the session closes), every pool is looked up
    again through it. With a proxy, every call takes requests' own path. The
    response's cookie jar is left empty: nothing reads it (this adapter serves
    only the transport's own session, which sends no cookies).
    """

    def __init__(self, *, pool_maxsize: int, max_retries: int) -> None:
        self._pools: dict[_PoolKey, HTTPConnectionPool] = {}
        self._dropped = 0  # pools the pool manager has let go of
        self._paths: dict[str, str] = {}
        super().__init__(pool_maxsize=pool_maxsize, max_retries=max_retries)
        # The pool manager calls this for each pool it evicts (it keeps ten hosts
        # by default) or clears; a pool it no longer holds is not used again.
        self.poolmanager.pools.dispose_func = self._forget_pools

    def _forget_pools(self, _dropped: HTTPConnectionPool) -> None:
        self._dropped += 1
        self._pools.clear()

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: str | tuple[str, str] | None = None,
    ) -> HTTPConnectionPool:
        # The transport passes a bool or a CA bundle; types-requests also allows None.
        verify = False if verify is None else verify
        if proxies:
            return _http_pool(
                super().get_connection_with_tls_context(request, verify, dict(proxies), cert)
            )
        key = (cast(str, request.url), verify, cert)
        pool = self._pools.get(key)
        if pool is None:
            dropped = self._dropped
            pool = _http_pool(super().get_connection_with_tls_context(request, verify, None, cert))
            if len(self._pools) >= _MAX_CACHED_URLS:
                self._pools.clear()
            if self._dropped == dropped:  # else the pool may be one just dropped
                self._pools[key] = pool
        return pool

    def request_url(
        self, request: requests.PreparedRequest, proxies: Mapping[str, str] | None
    ) -> str:
        if proxies:
            return super().request_url(request, dict(proxies))
        url = cast(str, request.url)
        path = self._paths.get(url)
        if path is None:
            path = super().request_url(request, None)
            if len(self._paths) >= _MAX_CACHED_URLS:
                self._paths.clear()
            self._paths[url] = path
        return path

    def build_response(
        self, req: requests.PreparedRequest, resp: BaseHTTPResponse
    ) -> requests.Response:
        """``HTTPAdapter.build_response`` without filling the response's cookie jar."""
        response = requests.Response()
        response.status_code = resp.status
        response.headers = requests.structures.CaseInsensitiveDict(resp.headers)
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        response.raw = resp
        response.reason = cast(str, resp.reason)  # http.client always sets one
        response.url = cast(str, req.url)
        response.request = req
        response.connection = self
        return response

    def close(self) -> None:
        self._pools.clear()
        super().close()


def _http_pool(pool: object) -> HTTPConnectionPool:
    """The pool requests' adapter made: an HTTP(S) one (types-requests says ``ConnectionPool``)."""
    return cast("HTTPConnectionPool", pool)


def _new_session(max_pool_connections: int) -> requests.Session:
    """A session keeping up to ``max_pool_connections`` connections open per host.

    Threads sharing the client each take a connection for a call; more threads
    calling at once than the pool holds open extra connections that are closed
    afterwards (urllib3 logs "Connection pool is full, discarding connection").

    ``trust_env`` is off: ``Transport._resolve_settings`` applies the proxy and
    CA-bundle variables once per endpoint instead.
    """
    session = requests.Session()
    session.trust_env = False
    adapter = _Adapter(pool_maxsize=max_pool_connections, max_retries=0)
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


def _too_large(status: int, request_id: str | None, endpoint: str) -> ResponseParseError:
    return ResponseParseError(
        f'HTTP {status} response from endpoint URL "{endpoint}" (request id {request_id}) '
        f"is larger than the {MAX_RESPONSE_BYTES} bytes this client reads: "
        "is the endpoint really the service?"
    )
