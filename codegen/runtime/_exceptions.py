"""Errors raised by the client that are not modeled service errors."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_NO_DETAILS: Mapping[str, object] = MappingProxyType({})


class SdkError(Exception):
    """Root of every exception this client raises."""


class ParamValidationError(SdkError, ValueError):
    """The input failed validation; nothing was sent.

    ``problems`` holds one line per bad field, each starting with the field's path.
    """

    def __init__(self, operation: str, problems: list[str] | tuple[str, ...]) -> None:
        self.operation = operation
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Invalid parameters for {operation}:\n{lines}")


class ConfigurationError(SdkError):
    """The client's configuration is incomplete or invalid."""


class NoRegionError(ConfigurationError):
    """No region could be resolved."""


class NoCredentialsError(ConfigurationError):
    """No credentials could be resolved."""


class CredentialRetrievalError(SdkError):
    """A configured credential source failed: STS, the SSO portal, a container or
    instance metadata endpoint, or a ``credential_process`` command.

    ``method`` names the source as botocore does (``assume-role``, ``sso``,
    ``container-role``, ``iam-role``, ``custom-process``, ...); ``code`` is the
    service's error code when the service answered with one. The message never
    holds a secret.
    """

    def __init__(self, message: str, *, method: str, code: str | None = None) -> None:
        self.method = method
        self.code = code
        super().__init__(message)


class InvalidEndpointError(ConfigurationError):
    """An endpoint URL is not an http(s) URL, or no endpoint exists for the settings."""


class TransportError(SdkError):
    """The request did not produce an HTTP response."""


class EndpointConnectionError(TransportError):
    """Could not connect to the endpoint (refused, DNS failure, TLS failure)."""


class SSLError(EndpointConnectionError):
    """The TLS handshake failed, e.g. the endpoint's certificate is not trusted.

    The message says how to trust a private CA: ``verify="path/to/ca.pem"``,
    ``AWS_CA_BUNDLE``, ``ca_bundle`` in the profile, or ``--ca-bundle``.
    """


class ConnectTimeoutError(TransportError):
    """Connecting to the endpoint took longer than the connect timeout."""


class ReadTimeoutError(TransportError):
    """The endpoint did not answer within the read timeout."""


class ConnectionClosedError(TransportError):
    """The connection was closed or reset before the full response arrived."""


class PaginationError(SdkError):
    """Pagination cannot go on: a bad starting token, or the service repeated its token."""

    def __init__(self, message: str) -> None:
        super().__init__(f"Error during pagination: {message}")  # botocore's wording


class WaiterError(SdkError):
    """A waiter stopped before its success state (botocore's ``WaiterError``, same wording).

    ``name`` is the waiter's (``TableExists``), ``reason`` why it stopped:
    ``Max attempts exceeded``, ``Waiter encountered a terminal failure state: ...``
    or ``An error occurred (<code>): <message>`` for a service error no acceptor
    expects. ``last_response`` is the last call's typed response (``None`` when
    it answered an error), ``last_error`` its ``ServiceError`` (``None`` when it
    answered a response).
    """

    def __init__(
        self,
        name: str,
        reason: str,
        *,
        last_response: object | None,
        last_error: ServiceError | None,
    ) -> None:
        self.name = name
        self.reason = reason
        self.last_response = last_response
        self.last_error = last_error
        super().__init__(f"Waiter {name} failed: {reason}")  # botocore's wording


class ResponseParseError(SdkError):
    """The response could not be read as the documented shape."""


class ServiceError(SdkError):
    """An error answered by the service.

    ``code`` is the error code (the modeled exception's name when known),
    ``message`` the service's message, ``status_code`` the HTTP status and
    ``request_id`` the ``x-amzn-RequestId`` of the response, when present.
    ``details`` holds the error body's JSON fields, as boto3's
    ``error.response`` does; modeled members are also typed properties.
    ``retry_attempts`` counts the retries made before giving up, and
    ``max_attempts_reached`` says whether the attempts ran out, as botocore's
    ``ResponseMetadata`` ``RetryAttempts`` and ``MaxAttemptsReached`` do.
    """

    retry_attempts: int = 0
    max_attempts_reached: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status_code: int,
        request_id: str | None = None,
        details: Mapping[str, object] = _NO_DETAILS,
    ) -> None:
        self.code = code
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.details = details
        super().__init__(f"{code} (HTTP {status_code}, request id {request_id}): {message}")
