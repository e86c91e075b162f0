"""Credentials from a metadata endpoint: the container's (ECS, EKS Pod Identity) and EC2's.

Container, as botocore's ``ContainerProvider``: ``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI``
is a path on ``http://169.254.170.2``; ``AWS_CONTAINER_CREDENTIALS_FULL_URI`` is
any https URL, or http to a loopback address or one of the ECS / EKS hosts.
``AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`` (read at every fetch: EKS rotates
it) or ``AWS_CONTAINER_AUTHORIZATION_TOKEN`` is sent as ``Authorization``.

EC2, as botocore's ``InstanceMetadataFetcher``: IMDSv2 (a session token from
``PUT /latest/api/token``), falling back to IMDSv1 when the token request is
refused (403, 404, 405) or times out, unless ``ec2_metadata_v1_disabled``.
Settings, each from the environment then the profile:
``AWS_EC2_METADATA_SERVICE_ENDPOINT``, ``..._ENDPOINT_MODE`` (IPv4 / IPv6),
``AWS_METADATA_SERVICE_TIMEOUT`` (1 s) and ``..._NUM_ATTEMPTS`` (1).
"""

from __future__ import annotations

import ipaddress
import random
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ._credentials import ChainContext, Credentials
from ._exceptions import ConfigurationError, CredentialRetrievalError
from ._refresh import ADVISORY_REFRESH_SECONDS, Expiring, RefreshableCredentials, parse_expiration
from ._secret_http import HiddenDict, Secret, SecretHeaders, parse_json_object, send

__all__ = ["container_credentials", "instance_metadata_credentials"]

# --- container ---------------------------------------------------------------------------

_CONTAINER_METHOD = "container-role"
_CONTAINER_HOST = "http://169.254.170.2"
_CONTAINER_ALLOWED_HOSTS = ("169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost")
_CONTAINER_TIMEOUT = 2.0
_CONTAINER_ATTEMPTS = 3
CONTAINER_RETRY_SLEEP = 1.0
"""Seconds between attempts at the container endpoint (botocore's); tests set it to 0."""


def container_credentials(env: Mapping[str, str]) -> RefreshableCredentials:
    """Fetch from the container endpoint now; refresh from it before expiry."""
    relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    if relative is not None:  # set, even empty, it wins (as in botocore)
        url = _CONTAINER_HOST + relative
    else:
        url = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
        _check_container_url(url)

    def fetch() -> Expiring:
        return _fetch_container(url, env)

    return RefreshableCredentials(fetch, _CONTAINER_METHOD, initial=fetch())


def _check_container_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    host = parts.hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and host not in _CONTAINER_ALLOWED_HOSTS:
        raise ConfigurationError(
            f"AWS_CONTAINER_CREDENTIALS_FULL_URI has host {host!r}: over http, only a "
            f"loopback address or one of {', '.join(_CONTAINER_ALLOWED_HOSTS)} is allowed."
        )


def _authorization(env: Mapping[str, str]) -> SecretHeaders | None:
    token_file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    if token_file is not None:
        try:
            with open(token_file, encoding="utf-8") as file:
                token = Secret(file.read())
        except (OSError, UnicodeDecodeError) as error:
            raise CredentialRetrievalError(
                f"Could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {token_file}: "
                f"{type(error).__name__}.",
                method=_CONTAINER_METHOD,
            ) from None
        where = f"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {token_file}"
    elif "AWS_CONTAINER_AUTHORIZATION_TOKEN" in env:
        token = Secret(env["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
        where = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
    else:
        return None
    if "\r" in token.reveal() or "\n" in token.reveal():
        # botocore refuses it too: it would split the header.
        raise ConfigurationError(f"The token in {where} contains a line break.")
    return SecretHeaders({"Authorization": token})


def _fetch_container(url: str, env: Mapping[str, str]) -> Expiring:
    auth = _authorization(env)
    attempt = 1
    while True:
        try:
            status, body = send(
                "GET",
                url,
                what="container credentials",
                source=_CONTAINER_METHOD,
                timeout=_CONTAINER_TIMEOUT,
                headers={"Accept": "application/json"},
                auth=auth,
                use_proxies=False,
            )
            if status != 200:
                raise CredentialRetrievalError(
                    f"The container credentials endpoint {url} answered HTTP {status}.",
                    method=_CONTAINER_METHOD,
                )
            payload = parse_json_object(
                body, what="The container credentials response", source=_CONTAINER_METHOD
            )
            break
        except CredentialRetrievalError:
            if attempt >= _CONTAINER_ATTEMPTS:
                raise
            time.sleep(CONTAINER_RETRY_SLEEP)
            attempt += 1
    return _expiring(
        payload,
        token_key="Token",
        where=f"the response of {url}",
        method=_CONTAINER_METHOD,
    )


def _expiring(payload: HiddenDict, *, token_key: str, where: str, method: str) -> Expiring:
    account = payload.get("AccountId")
    return Expiring(
        Credentials(
            payload.secret("AccessKeyId", where=where, method=method),
            payload.secret("SecretAccessKey", where=where, method=method),
            payload.secret(token_key, where=where, method=method),
            account if isinstance(account, str) and account else None,
        ),
        parse_expiration(payload.secret("Expiration", where=where, method=method), method),
    )


# --- EC2 instance metadata ---------------------------------------------------------------

_IMDS_METHOD = "iam-role"
_IMDS_IPV4 = "http://169.254.169.254/"
_IMDS_IPV6 = "http://[fd00:ec2::254]/"
_TOKEN_PATH = "latest/api/token"
_ROLE_PATH = "latest/meta-data/iam/security-credentials/"
_TOKEN_TTL = "21600"


class _NoRoleError(Exception):
    """IMDS gave no usable role credentials: the chain goes on (botocore returns {})."""


def instance_metadata_credentials(context: ChainContext) -> RefreshableCredentials | None:
    """Credentials of the instance's role, or None when IMDS has none (not on EC2)."""
    fetcher = _ImdsFetcher(context)
    try:
        first = fetcher.fetch()
    except _NoRoleError:
        return None
    return RefreshableCredentials(fetcher.fetch_or_fail, _IMDS_METHOD, initial=first)


class _ImdsFetcher:
    def __init__(self, context: ChainContext) -> None:
        self._base_url = _imds_base_url(context)
        self._timeout = float(_int_setting(context, "metadata_service_timeout", 1))
        self._attempts = max(1, _int_setting(context, "metadata_service_num_attempts", 1))
        v1_disabled = _setting(context, "ec2_metadata_v1_disabled")
        self._v1_disabled = v1_disabled is not None and v1_disabled.lower() == "true"

    def fetch_or_fail(self) -> Expiring:
        try:
            return self.fetch()
        except _NoRoleError:
            raise CredentialRetrievalError(
                "The EC2 instance metadata service no longer gives role credentials.",
                method=_IMDS_METHOD,
            ) from None

    def fetch(self) -> Expiring:
        token = self._session_token()
        if token is None and self._v1_disabled:
            raise CredentialRetrievalError(
                "Could not get an IMDSv2 session token, and IMDSv1 is disabled "
                "(ec2_metadata_v1_disabled).",
                method=_IMDS_METHOD,
            )
        auth = None if token is None else SecretHeaders({"x-aws-ec2-metadata-token": token})
        role = self._get(_ROLE_PATH, auth).decode("utf-8", "replace")
        payload = _json_or_none(self._get(_ROLE_PATH + role, auth, want_json=True))
        if payload is None or not all(
            key in payload for key in ("AccessKeyId", "SecretAccessKey", "Token", "Expiration")
        ):
            raise _NoRoleError  # e.g. {"Code": ..., "Message": ...} when the role is not trusted
        found = _expiring(
            payload,
            token_key="Token",
            where="the EC2 instance metadata service",
            method=_IMDS_METHOD,
        )
        return Expiring(found.credentials, _extended_expiration(found.expires_at))

    def _session_token(self) -> Secret | None:
        for _attempt in range(self._attempts):
            try:
                status, body = self._send("PUT", _TOKEN_PATH, None)
            except CredentialRetrievalError as error:
                if error.code == "ReadTimeout":
                    return None
                continue  # connection failures are retried
            if status == 200:
                return Secret(body.decode("utf-8", "replace"))
            if status in (403, 404, 405):
                return None
            if status == 400:
                raise _NoRoleError
        return None

    def _get(self, path: str, auth: SecretHeaders | None, *, want_json: bool = False) -> bytes:
        for _attempt in range(self._attempts):
            try:
                status, body = self._send("GET", path, auth)
            except CredentialRetrievalError:
                continue
            if status == 200 and body and (not want_json or _json_or_none(body) is not None):
                return body
        raise _NoRoleError

    def _send(self, method: str, path: str, auth: SecretHeaders | None) -> tuple[int, bytes]:
        headers = {"x-aws-ec2-metadata-token-ttl-seconds": _TOKEN_TTL} if method == "PUT" else {}
        return send(
            method,
            self._base_url + path,
            what="instance metadata",
            source=_IMDS_METHOD,
            timeout=self._timeout,
            headers=headers,
            auth=auth,
        )


def _json_or_none(body: bytes) -> HiddenDict | None:
    try:
        return parse_json_object(body, what="IMDS", source=_IMDS_METHOD)
    except CredentialRetrievalError:
        return None


def _extended_expiration(expires_at: float | None) -> float | None:
    # botocore's static stability: when IMDS hands out credentials that are
    # (nearly) expired during an outage, use them a few minutes more.
    if expires_at is None:
        return None
    offset = ADVISORY_REFRESH_SECONDS + random.randint(120, 600)
    now = datetime.now(UTC).timestamp()
    return now + offset if now >= expires_at - offset else expires_at


def _setting(context: ChainContext, key: str) -> str | None:
    variable = "AWS_" + key.upper()
    if variable in context.env:
        return context.env[variable]
    found = context.profile.get(key)
    return None if found is None else found.value


def _int_setting(context: ChainContext, key: str, default: int) -> int:
    text = _setting(context, key)
    if text is None:
        return default
    if not text.strip().isdigit():
        raise ConfigurationError(f"{key} (AWS_{key.upper()}) must be a whole number, not {text!r}.")
    return int(text)


def _imds_base_url(context: ChainContext) -> str:
    endpoint = _setting(context, "ec2_metadata_service_endpoint")
    if endpoint:
        return endpoint if endpoint.endswith("/") else endpoint + "/"
    mode = _setting(context, "ec2_metadata_service_endpoint_mode")
    if mode is not None:
        if mode.lower() not in ("ipv4", "ipv6"):
            raise ConfigurationError(
                "ec2_metadata_service_endpoint_mode (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE) "
                f"must be IPv4 or IPv6, not {mode!r}."
            )
        return _IMDS_IPV6 if mode.lower() == "ipv6" else _IMDS_IPV4
    use_ipv6 = _setting(context, "imds_use_ipv6")
    return _IMDS_IPV6 if use_ipv6 and use_ipv6.lower() == "true" else _IMDS_IPV4
