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
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from ._credential_types import ChainContext, Credentials, secret_problem, trimmed
from ._exceptions import ConfigurationError, CredentialRetrievalError
from ._refresh import ADVISORY_REFRESH_SECONDS, Expiring, RefreshableCredentials, parse_expiration
from ._retries import Failure, RetryPolicy, with_retries
from ._secret_http import (
    HiddenDict,
    Secret,
    SecretHeaders,
    answer_secret,
    decide_host,
    parse_json_object,
    send,
)

__all__ = ["container_credentials", "instance_metadata_credentials"]

# --- container ---------------------------------------------------------------------------

_CONTAINER_METHOD = "container-role"
_CONTAINER_IP = "169.254.170.2"
_CONTAINER_HOST = "http://" + _CONTAINER_IP
_CONTAINER_ALLOWED_HOSTS = (_CONTAINER_IP, "169.254.170.23", "fd00:ec2::23", "localhost")
_CONTAINER_TIMEOUT = 2.0
_CONTAINER_ATTEMPTS = 3  # botocore's ContainerMetadataFetcher.RETRY_ATTEMPTS
CONTAINER_RETRY_SLEEP = 1.0
"""Seconds between attempts at the container endpoint (botocore's); tests set it to 0."""


def container_credentials(env: Mapping[str, str]) -> RefreshableCredentials:
    """Fetch from the container endpoint now; refresh from it before expiry.

    The host is decided here, once, as the sending code parses the URL:
    a relative URI must stay on 169.254.170.2, a full one over http must be a
    loopback address or an ECS / EKS host (botocore's rule).
    """
    relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    if relative is not None:  # set, even empty, it wins (as in botocore)
        url = _CONTAINER_HOST + relative
        ecs_host = decide_host(_CONTAINER_HOST, "the ECS container endpoint")

        def same_host(scheme: str, host: str) -> str | None:
            if scheme == "http" and host == ecs_host:
                return None
            return f"appended to {_CONTAINER_HOST} it names another host"

        host = decide_host(url, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", same_host)
    else:
        url = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
        host = decide_host(url, "AWS_CONTAINER_CREDENTIALS_FULL_URI", _full_uri_rule)

    def fetch() -> Expiring:
        return _fetch_container(url, host, env)

    return RefreshableCredentials(fetch, _CONTAINER_METHOD, initial=fetch())


def _full_uri_rule(scheme: str, host: str) -> str | None:
    if scheme == "https":
        return None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback or host in _CONTAINER_ALLOWED_HOSTS:
        return None
    return (
        f"its host {host!r} is not allowed: over http, only a loopback address or one of "
        f"{', '.join(_CONTAINER_ALLOWED_HOSTS)} is allowed"
    )


def _authorization(env: Mapping[str, str]) -> SecretHeaders | None:
    # The token is never bound to a local of these frames: a refused one's
    # traceback shows them.
    token_file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    if token_file is not None:
        where = f"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {token_file}"
        try:
            with open(token_file, encoding="utf-8") as file:
                return _authorization_header(Secret(file.read()), where)
        except (OSError, UnicodeDecodeError) as error:
            raise CredentialRetrievalError(
                f"Could not read {where}: {type(error).__name__}.", method=_CONTAINER_METHOD
            ) from None
    if "AWS_CONTAINER_AUTHORIZATION_TOKEN" in env:
        where = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
        return _authorization_header(Secret(env[where]), where)
    return None


def _authorization_header(token: Secret, where: str) -> SecretHeaders:
    trimmed_token = Secret(trimmed(token.reveal()))
    problem = secret_problem(trimmed_token.reveal())
    if problem is not None:
        # botocore refuses a line break too: it would split the header.
        raise ConfigurationError(f"The token in {where} {problem}; it was not sent.")
    return SecretHeaders({"Authorization": trimmed_token})


def _fetch_container(url: str, host: str, env: Mapping[str, str]) -> Expiring:
    auth = _authorization(env)

    def attempt() -> HiddenDict | Failure:
        try:
            status, body = send(
                "GET",
                url,
                host=host,
                what="container credentials",
                source=_CONTAINER_METHOD,
                timeout=_CONTAINER_TIMEOUT,
                headers={"Accept": "application/json"},
                auth=auth,
                use_proxies=False,
            )
            if status != 200:
                raise CredentialRetrievalError(
                    f"The container credentials endpoint {host} answered HTTP {status}.",
                    method=_CONTAINER_METHOD,
                )
            return parse_json_object(
                body, what="The container credentials response", source=_CONTAINER_METHOD
            )
        except CredentialRetrievalError as error:
            return Failure(error)

    # botocore's ContainerMetadataFetcher: every failure retried, a fixed sleep between.
    payload = with_retries(
        attempt,
        RetryPolicy(max_attempts=_CONTAINER_ATTEMPTS, sleep=time.sleep),
        retryable=lambda _failure: True,
        delay=lambda _failure, _attempt: CONTAINER_RETRY_SLEEP,
    )
    return _expiring(
        payload,
        token_key="Token",
        where=f"the response of the container endpoint {host}",
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
# IAM role names: 1 to 64 of these characters.
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)


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
        self._base_url, self._host = _imds_base_url(context)
        self._timeout = float(_int_setting(context, "metadata_service_timeout", 1))
        # botocore's IMDSFetcher: num_attempts tries of each request, no sleep between.
        self._policy = RetryPolicy(
            max_attempts=max(1, _int_setting(context, "metadata_service_num_attempts", 1)),
            sleep=time.sleep,
        )
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
        role = self._get(_ROLE_PATH, auth).decode("utf-8", "replace").strip()
        if _ROLE_NAME.fullmatch(role) is None:
            # It goes into the next URL: only an IAM role name may.
            raise CredentialRetrievalError(
                "The EC2 instance metadata service answered a role name that is not an IAM "
                "role name; it was not used.",
                method=_IMDS_METHOD,
            )
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
        """The IMDSv2 token; None: fall back to IMDSv1 (botocore's ``_fetch_metadata_token``)."""

        def attempt() -> bytes | Failure | None:
            try:
                status, body = self._send("PUT", _TOKEN_PATH, None)
            except CredentialRetrievalError as error:
                if error.code == "ReadTimeout":
                    return None
                return Failure(error)  # connection failures are retried
            if status == 200:
                return body
            if status in (403, 404, 405):
                return None
            if status == 400:
                raise _NoRoleError
            return Failure(_imds_failure(status))

        try:
            body = with_retries(attempt, self._policy, retryable=_always, delay=_no_delay)
        except CredentialRetrievalError:
            return None
        if body is None:
            return None
        # An unusable token is an error, not a reason to fall back to IMDSv1.
        where = "the EC2 instance metadata service's answer"
        return Secret(
            answer_secret(
                body.decode("utf-8", "replace"), "The session token", where, method=_IMDS_METHOD
            )
        )

    def _get(self, path: str, auth: SecretHeaders | None, *, want_json: bool = False) -> bytes:
        def attempt() -> bytes | Failure:
            try:
                status, body = self._send("GET", path, auth)
            except CredentialRetrievalError as error:
                return Failure(error)
            if status == 200 and body and (not want_json or _json_or_none(body) is not None):
                return body
            return Failure(_imds_failure(status))

        try:
            return with_retries(attempt, self._policy, retryable=_always, delay=_no_delay)
        except CredentialRetrievalError:
            raise _NoRoleError from None

    def _send(self, method: str, path: str, auth: SecretHeaders | None) -> tuple[int, bytes]:
        headers = {"x-aws-ec2-metadata-token-ttl-seconds": _TOKEN_TTL} if method == "PUT" else {}
        return send(
            method,
            self._base_url + path,
            host=self._host,
            what="instance metadata",
            source=_IMDS_METHOD,
            timeout=self._timeout,
            headers=headers,
            auth=auth,
        )


# botocore retries every IMDS failure until the attempts run out, at once.
def _always(_failure: Failure) -> bool:
    return True


def _no_delay(_failure: Failure, _attempt: int) -> float:
    return 0.0


def _imds_failure(status: int) -> CredentialRetrievalError:
    return CredentialRetrievalError(
        f"The EC2 instance metadata service answered HTTP {status}.", method=_IMDS_METHOD
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
        raise ConfigurationError(f"{key} (AWS_{key.upper()}) must be a whole number.")
    return int(text)


def _imds_base_url(context: ChainContext) -> tuple[str, str]:
    """The IMDS base URL and its host, decided once here."""
    endpoint = _setting(context, "ec2_metadata_service_endpoint")
    if endpoint:
        url = endpoint if endpoint.endswith("/") else endpoint + "/"
        where = "ec2_metadata_service_endpoint (AWS_EC2_METADATA_SERVICE_ENDPOINT)"
        return url, decide_host(url, where)
    mode = _setting(context, "ec2_metadata_service_endpoint_mode")
    if mode is not None:
        if mode.lower() not in ("ipv4", "ipv6"):
            raise ConfigurationError(
                "ec2_metadata_service_endpoint_mode (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE) "
                "must be IPv4 or IPv6."
            )
        ipv6 = mode.lower() == "ipv6"
    else:
        use_ipv6 = _setting(context, "imds_use_ipv6")
        ipv6 = use_ipv6 is not None and use_ipv6.lower() == "true"
    return (_IMDS_IPV6, "fd00:ec2::254") if ipv6 else (_IMDS_IPV4, "169.254.169.254")
