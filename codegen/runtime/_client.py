"""What every generated client does per call: validate, encode, sign, send."""

from __future__ import annotations

import contextlib
import json
import platform
import threading
from collections.abc import Callable, Generator, Mapping
from types import MappingProxyType
from typing import Literal, Protocol, TypeVar

import attrs
import requests
from attrs import AttrsInstance

from ._config import (
    Credentials,
    CredentialsProvider,
    ResolvedConfig,
    checked_timeout,
    resolve_config,
)
from ._credentials import credentials_method
from ._exceptions import (
    ConfigurationError,
    InvalidEndpointError,
    NoRegionError,
    ParamValidationError,
    ResponseParseError,
)
from ._parse import encode_wire_value, without_special_floats
from ._protocol import API_VERSION_HEADER, ErrorFactory
from ._retries import RetryMode, RetryPolicy  # RetryPolicy looked up per client: tests patch it
from ._rules import Endpoint, EndpointSettings
from ._signing import SigV4Auth, host_from_url
from ._transport import MAX_POOL_CONNECTIONS, Transport
from ._validate import Model, Validator

Timeout = float | tuple[float, float]
T = TypeVar("T")
ValidationMode = Literal["default", "strict"]
EndpointResolver = Callable[[EndpointSettings, str, Mapping[str, object]], Endpoint]
"""The generated ``endpoint_for_call``: (settings, operation, wire-named input) -> endpoint."""
ClientContext = Mapping[str, str | bool | None]

DEFAULT_TIMEOUT = (10.0, 60.0)
"""Connect and read timeouts in seconds: fail fast on a dead host, wait for slow answers."""

# Compact JSON, blobs and timestamps as botocore sends them. One encoder for
# every call: ``json.dumps`` with options would build a new one each time.
# NaN and the infinities are no JSON: the encoder refuses them, and the rare
# body holding one is encoded again with them as strings (see ``_encode_body``).
_encode_json = json.JSONEncoder(
    separators=(",", ":"), default=encode_wire_value, allow_nan=False
).encode


_NO_CLIENT_CONTEXT: ClientContext = MappingProxyType({})
# Distinct endpoints a client keeps a signer for; only account- or resource-based
# endpoints (one per table, stream ...) can make more.
_MAX_DESTINATIONS = 64


@contextlib.contextmanager
def _not_too_deep(operation: str) -> Generator[None]:
    """A recursive shape or document nested past the stack is bad input, not a crash."""
    try:
        yield
    except RecursionError as exc:
        raise ParamValidationError(
            operation, ["(input): nested too deeply to validate and send"]
        ) from exc


class Compression(Protocol):
    """When and how a body is compressed (``_compression.CompressionSettings``).

    Given only by clients with an operation that has the ``requestcompression``
    trait; the module is not part of the other packages.
    """

    def applies(self, body: bytes) -> bool: ...

    def compress(self, body: bytes) -> bytes: ...


class Request(AttrsInstance, Model, Protocol):
    """What a generated request model offers the pipeline."""

    def to_wire(self) -> Mapping[str, object]: ...


def _encode_body(data: Mapping[str, object]) -> bytes:
    try:
        return _encode_json(data).encode()
    except ValueError:  # "Out of range float values are not JSON compliant"
        return _encode_json(without_special_floats(data)).encode()


@attrs.frozen
class ServiceInfo:
    """Constants of one service, taken from its model by the generator."""

    target_prefix: str
    json_version: str
    signing_name: str
    env_name: str
    config_key: str
    user_agent: str
    query_compatible: bool = False
    api_version: str = ""
    api_version_operations: frozenset[str] = frozenset()
    """Operations sent with ``x-amz-api-version: <api_version>``, signed: the endpoint-discovery
    operation (dynamodb's ``DescribeEndpoints``), as botocore's
    ``inject_api_version_header_if_needed`` sends it."""


@attrs.frozen
class _Destination:
    """Where calls go and the signer for that host, kept per resolved endpoint."""

    url: str
    auth: SigV4Auth


def _check_pool_size(value: object) -> None:
    """``max_pool_connections``: a whole number of 1 or more (a type checker allows ``True``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"max_pool_connections must be a whole number of 1 or more, not {value!r}."
        )


def _no_account_id() -> str | None:
    # Unsigned operations resolve without credentials, as botocore's do.
    return None


class ClientCore:
    """The shared machinery behind a generated client's methods."""

    def __init__(
        self,
        *,
        service: ServiceInfo,
        resolve_endpoint: EndpointResolver,
        error_factory: ErrorFactory,
        region: str | None,
        profile: str | None,
        credentials: Credentials | CredentialsProvider | None,
        endpoint_url: str | None,
        use_fips: bool | None,
        use_dualstack: bool | None,
        timeout: Timeout,
        max_attempts: int | None,
        session: requests.Session | None,
        validate: ValidationMode,
        verify: bool | str,
        retry_mode: RetryMode | None = None,
        user_agent_appid: str | None = None,
        sign_requests: bool = True,
        client_context: ClientContext = _NO_CLIENT_CONTEXT,
        account_id_endpoint_mode: str | None = None,
        inject_host_prefix: bool | None = None,
        compression: Compression | None = None,
        max_pool_connections: int = MAX_POOL_CONNECTIONS,
    ) -> None:
        if validate not in ("default", "strict"):
            raise ConfigurationError(f"validate must be 'default' or 'strict', not {validate!r}.")
        _check_pool_size(max_pool_connections)
        timeouts = checked_timeout(timeout)
        self.config: ResolvedConfig = resolve_config(
            region=region,
            profile=profile,
            credentials=credentials,
            endpoint_url=endpoint_url,
            use_fips=use_fips,
            use_dualstack=use_dualstack,
            max_attempts=max_attempts,
            service_env_name=service.env_name,
            service_config_key=service.config_key,
            account_id_endpoint_mode=account_id_endpoint_mode,
            inject_host_prefix=inject_host_prefix,
            retry_mode=retry_mode,
            verify=verify,
            user_agent_appid=user_agent_appid,
        )
        config = self.config
        self._service = service
        self._resolve_endpoint = resolve_endpoint
        self._strict = validate == "strict"
        user_agent = f"{service.user_agent} Python/{platform.python_version()}"
        if config.user_agent_appid:
            user_agent += f" app/{config.user_agent_appid}"
        self._sign = sign_requests
        self._compression = compression
        self._transport = Transport(
            user_agent=user_agent,
            target_prefix=service.target_prefix,
            json_version=service.json_version,
            timeout=timeouts,
            verify=config.verify,
            retry=RetryPolicy(max_attempts=config.max_attempts, mode=config.retry_mode),
            session=session,
            error_factory=error_factory,
            query_compatible=service.query_compatible,
            operation_headers={
                operation: {API_VERSION_HEADER: service.api_version}
                for operation in service.api_version_operations
            },
            max_pool_connections=max_pool_connections,
        )
        # botocore's built-ins: a custom endpoint turns FIPS and dual-stack off.
        self._settings = EndpointSettings(
            region=config.region,
            use_fips=config.use_fips and config.endpoint_url is None,
            use_dualstack=config.use_dualstack and config.endpoint_url is None,
            endpoint=config.endpoint_url,
            account_id=self._account_id,
            account_id_endpoint_mode=config.account_id_endpoint_mode,
            client_context=client_context,
            inject_host_prefix=config.inject_host_prefix,
        )
        self._unsigned_settings = self._settings._replace(account_id=_no_account_id)
        self._destinations: dict[Endpoint, _Destination] = {}
        self._destination_lock = threading.Lock()
        self._last_url: str | None = None

    @property
    def credentials_source(self) -> str:
        """Where the credentials come from, as botocore names it; never a secret.

        ``explicit``, ``env``, ``assume-role``, ``assume-role-with-web-identity``,
        ``sso``, ``shared-credentials-file``, ``custom-process``, ``config-file``,
        ``container-role`` or ``iam-role`` (``custom`` for a callable). Resolves
        the credentials if no call has yet.
        """
        return credentials_method(self.config.credentials)

    @property
    def endpoint_url(self) -> str | None:
        """The URL the last request went to (before any, the configured endpoint_url)."""
        return self._last_url or self.config.endpoint_url

    def invoke(
        self,
        operation: str,
        request: Request,
        *,
        signed: bool,
        compressed: bool = False,
    ) -> Mapping[str, object]:
        """Validate ``request``, send it, and return the response's JSON object.

        ``compressed`` says the operation takes gzipped bodies (``requestcompression``).
        """
        self.validate(operation, request)
        with _not_too_deep(operation):
            params = request.to_wire()
        return self.send_params(operation, params, signed=signed, compressed=compressed)

    def validate(self, operation: str, request: Request) -> None:
        """Raise ``ParamValidationError`` listing every problem of ``request``."""
        validator = Validator(strict=self._strict)
        with _not_too_deep(operation):
            validator.check(request)
        if validator.problems:
            raise ParamValidationError(operation, validator.problems)

    def send_params(
        self,
        operation: str,
        params: Mapping[str, object],
        *,
        signed: bool,
        compressed: bool = False,
    ) -> Mapping[str, object]:
        """Send validated wire ``params`` (``to_wire()``); paginators add their tokens to them."""
        with _not_too_deep(operation):
            body = _encode_body(params)
        encoding = None
        compression = self._compression
        if compressed and compression is not None and compression.applies(body):
            body, encoding = compression.compress(body), "gzip"
        signing = signed and self._sign
        destination = self._destination(operation, params, signed=signing)
        return self._transport.send(
            destination.url,
            operation,
            body,
            destination.auth if signing else None,
            content_encoding=encoding,
        )

    @staticmethod
    def parse(parse: Callable[[object, str], T], data: Mapping[str, object], path: str) -> T:
        """``parse(data, path)``: a response model from ``invoke``'s JSON object.

        A document or recursive shape nested deeper than Python's stack allows
        raises ``ResponseParseError``, not a bare ``RecursionError``.
        """
        try:
            return parse(data, path)
        except RecursionError as exc:
            raise ResponseParseError(f"{path}: the response is nested too deeply to parse") from exc

    def _account_id(self) -> str | None:
        """``AWS::Auth::AccountId``: the account of the current credentials, if known."""
        return self.config.credentials().account_id

    def _destination(
        self, operation: str, params: Mapping[str, object], *, signed: bool
    ) -> _Destination:
        # Resolved per call, as botocore does (the endpoint may depend on the
        # input or the credentials); a missing region is reported when it matters.
        config = self.config
        if config.region is None:
            raise NoRegionError(
                "No region: pass region=..., or set AWS_REGION (or AWS_DEFAULT_REGION),"
                " or set `region` in the profile of your AWS config file."
            )
        settings = self._settings if signed else self._unsigned_settings
        endpoint = self._resolve_endpoint(settings, operation, params)
        destination = self._destinations.get(endpoint)
        if destination is None:
            destination = self._new_destination(endpoint, config.region, signed=signed)
        self._last_url = destination.url
        return destination

    def _new_destination(self, endpoint: Endpoint, region: str, *, signed: bool) -> _Destination:
        if signed and endpoint.auth_scheme != "sigv4":
            raise InvalidEndpointError(
                f"The endpoint for these settings requires {endpoint.auth_scheme} signing, "
                "which this client does not support (botocore needs awscrt for it)."
            )
        auth = SigV4Auth(
            self.config.credentials,
            host=host_from_url(endpoint.url),
            region=endpoint.signing_region or region,
            service=endpoint.signing_name or self._service.signing_name,
        )
        destination = _Destination(endpoint.url, auth)
        with self._destination_lock:
            if len(self._destinations) >= _MAX_DESTINATIONS:
                self._destinations.clear()
            return self._destinations.setdefault(endpoint, destination)

    def close(self) -> None:
        self._transport.close()
