"""AWS STS AssumeRole and AssumeRoleWithWebIdentity, hand-written in the query protocol.

Each call is one form-encoded POST whose XML answer is read with
``xml.etree``; an error answer raises ``CredentialRetrievalError`` carrying the
STS error code. AssumeRole is signed with SigV4 by the source credentials;
AssumeRoleWithWebIdentity is unsigned, as in botocore.

The endpoint is resolved as botocore resolves it for its STS client: an
``AWS_ENDPOINT_URL_STS`` / ``AWS_ENDPOINT_URL`` / ``[services]`` override,
else the regional endpoint of the client's region (``sts_regional_endpoints``
defaults to ``regional`` in botocore 1.44; ``legacy`` sends the old global
regions to ``sts.amazonaws.com``), else, with no region, the global endpoint.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from urllib.parse import urlencode
from xml.etree import ElementTree

import attrs
import requests.auth

from ._credential_types import ChainContext, Credentials, CredentialsProvider
from ._exceptions import ConfigurationError, CredentialRetrievalError
from ._refresh import Expiring, RefreshableCredentials, parse_expiration
from ._retries import Failure, RetryPolicy, backoff_delay, retry_cost, with_retries
from ._secret_http import HiddenBytes, Secret, answer_secret, decide_host, send
from ._signing import SigV4Auth, host_from_url

__all__ = ["AssumeRoleRequest", "assume_role", "sts_endpoint", "web_identity_credentials"]

_LOG = logging.getLogger(__name__)

_API_VERSION = "2011-06-15"
_NAMESPACE = "{https://sts.amazonaws.com/doc/2011-06-15/}"
_TIMEOUT = (10.0, 60.0)
_MAX_ATTEMPTS = 3  # botocore's standard mode, which its STS client uses
# botocore.retries.special.RetryIDPCommunicationError: STS's own retried code.
_IDP_UNREACHABLE = "IDPCommunicationError"
# botocore.args.LEGACY_GLOBAL_STS_REGIONS
_LEGACY_GLOBAL_REGIONS = frozenset(
    {
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global",
        "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    }
)  # fmt: skip
# DNS suffix of each partition, by region prefix (botocore's partitions.json).
_DNS_SUFFIXES = (
    ("cn-", "amazonaws.com.cn"),
    ("us-isob-", "sc2s.sgov.gov"),
    ("us-isof-", "csp.hci.ic.gov"),
    ("us-iso-", "c2s.ic.gov"),
    ("eu-isoe-", "cloud.adc-e.uk"),
)


@attrs.frozen
class AssumeRoleRequest:
    """The parameters of AssumeRole or AssumeRoleWithWebIdentity (botocore's names)."""

    role_arn: str
    role_session_name: str
    external_id: str | None = None
    duration_seconds: int | None = None


@attrs.frozen
class WebIdentitySettings:
    """Where the web identity token is and which role it assumes."""

    token_file: str
    role_arn: str
    role_session_name: str | None


def dns_suffix(region: str) -> str:
    """The DNS suffix of the partition ``region`` belongs to."""
    return next(
        (suffix for prefix, suffix in _DNS_SUFFIXES if region.startswith(prefix)), "amazonaws.com"
    )


def sts_endpoint(context: ChainContext) -> tuple[str, str]:
    """The STS URL and the region to sign for, as botocore's STS client resolves them."""

    signing_region = context.region or "us-east-1"
    configured = context.endpoint_url("STS", "sts")
    if configured is not None:
        return configured, signing_region
    region = context.region
    if region is None or region == "aws-global":
        return "https://sts.amazonaws.com", "us-east-1"
    mode_setting = context.env.get("AWS_STS_REGIONAL_ENDPOINTS")
    if mode_setting is None:
        found = context.profile.get("sts_regional_endpoints")
        mode_setting = None if found is None else found.value
    mode = mode_setting or "regional"
    if mode not in ("legacy", "regional"):
        raise ConfigurationError(
            "sts_regional_endpoints (AWS_STS_REGIONAL_ENDPOINTS) must be 'legacy' or 'regional'."
        )
    if mode == "legacy" and region in _LEGACY_GLOBAL_REGIONS:
        return "https://sts.amazonaws.com", "us-east-1"
    return f"https://sts.{region}.{dns_suffix(region)}", region


def default_session_name() -> str:
    """botocore's role session name when none is configured."""
    return f"botocore-session-{int(time.time())}"


def assume_role(
    context: ChainContext, request: AssumeRoleRequest, source: CredentialsProvider
) -> Expiring:
    """Call AssumeRole, signed with the ``source`` credentials."""

    url, signing_region = sts_endpoint(context)
    params: dict[str, str | Secret] = {
        "Action": "AssumeRole",
        "Version": _API_VERSION,
        "RoleArn": request.role_arn,
        "RoleSessionName": request.role_session_name,
    }
    if request.external_id is not None:
        params["ExternalId"] = request.external_id
    if request.duration_seconds is not None:
        params["DurationSeconds"] = str(request.duration_seconds)
    auth = SigV4Auth(source, host=host_from_url(url), region=signing_region, service="sts")
    return _call(url, params, auth=auth, method="assume-role", action="AssumeRole")


def assume_role_with_web_identity(
    context: ChainContext, settings: WebIdentitySettings, session_name: str
) -> Expiring:
    """Call AssumeRoleWithWebIdentity (unsigned) with the token read from its file now."""
    url, _region = sts_endpoint(context)
    params: dict[str, str | Secret] = {
        "Action": "AssumeRoleWithWebIdentity",
        "Version": _API_VERSION,
        "RoleArn": settings.role_arn,
        "RoleSessionName": session_name,
        "WebIdentityToken": _read_token(settings.token_file),
    }
    return _call(
        url,
        params,
        auth=None,
        method="assume-role-with-web-identity",
        action="AssumeRoleWithWebIdentity",
    )


def web_identity_credentials(
    context: ChainContext, settings: WebIdentitySettings
) -> RefreshableCredentials:
    """Credentials for the web identity role, fetched at first use and refreshed."""
    # One session name for the life of the provider, as botocore.
    session_name = settings.role_session_name or default_session_name()
    return RefreshableCredentials(
        lambda: assume_role_with_web_identity(context, settings, session_name),
        "assume-role-with-web-identity",
    )


def _read_token(path: str) -> Secret:
    # The token file is re-read at every call: Kubernetes rotates it.
    method = "assume-role-with-web-identity"
    try:
        with open(path, encoding="utf-8") as token_file:
            text = token_file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise CredentialRetrievalError(
            f"Could not read the web identity token file {path}: {type(error).__name__}.",
            method=method,
        ) from None
    where = f"the web identity token file {path}"
    return Secret(answer_secret(text, "The token", where, method=method))


def _form(params: Mapping[str, str | Secret]) -> HiddenBytes:
    return HiddenBytes(
        urlencode(
            [(k, v.reveal() if isinstance(v, Secret) else v) for k, v in params.items()]
        ).encode()
    )


def _call(
    url: str,
    params: Mapping[str, str | Secret],
    *,
    auth: requests.auth.AuthBase | None,
    method: str,
    action: str,
) -> Expiring:
    host = decide_host(url, f"the STS endpoint for {action}")

    def attempt() -> Expiring | Failure:
        try:
            status, body = send(
                "POST",
                url,
                host=host,
                what=f"STS {action}",
                source=method,
                timeout=_TIMEOUT,
                headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
                body=_form(params),
                auth=auth,
            )
        except CredentialRetrievalError as error:
            return Failure(error)  # no response
        if status == 200:
            return _parse_credentials(body, method=method, action=action)
        code, message = _parse_error(body)
        failed = CredentialRetrievalError(
            f"STS {action} failed: {code or 'HTTP ' + str(status)}: {message}",
            method=method,
            code=code,
        )
        return Failure(failed, code=code, status=status)

    def delay(failure: Failure, number: int) -> float:
        reason = failure.code or failure.status or "no response"
        _LOG.debug("STS %s: %s, retrying (attempt %d)", action, reason, number)
        return backoff_delay(failure, number, policy)

    # Looked up now, so that tests can make the backoff instant.
    policy = RetryPolicy(max_attempts=_MAX_ATTEMPTS, sleep=time.sleep)
    return with_retries(attempt, policy, retryable=_sts_retryable, delay=delay)


def _sts_retryable(failure: Failure) -> bool:
    """botocore's standard mode for STS: no response, 5xx, throttling, IDP unreachable."""
    return (
        failure.status is None
        or retry_cost(failure) is not None
        or failure.code == _IDP_UNREACHABLE
    )


def _parse_credentials(body: bytes, *, method: str, action: str) -> Expiring:

    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise CredentialRetrievalError(
            f"The STS {action} response is not XML.", method=method
        ) from None
    result = root.find(f"{_NAMESPACE}{action}Result")
    fields = None if result is None else result.find(f"{_NAMESPACE}Credentials")
    if result is None or fields is None:
        raise CredentialRetrievalError(
            f"The STS {action} response has no Credentials.", method=method
        )

    def text(parent: ElementTree.Element, name: str) -> str:
        found = parent.findtext(f"{_NAMESPACE}{name}")
        if not found:
            raise CredentialRetrievalError(
                f"The STS {action} response has no {name}.", method=method
            )
        return found

    where = f"the STS {action} response"

    def secret(name: str) -> str:
        return answer_secret(text(fields, name), name, where, method=method)

    # botocore takes the account from the assumed role's ARN.
    arn = result.findtext(f"{_NAMESPACE}AssumedRoleUser/{_NAMESPACE}Arn") or ""
    arn_parts = arn.split(":")
    account_id = arn_parts[4] if len(arn_parts) >= 6 and arn_parts[0] == "arn" else None
    return Expiring(
        Credentials(
            secret("AccessKeyId"),
            secret("SecretAccessKey"),
            secret("SessionToken"),
            account_id or None,
        ),
        parse_expiration(text(fields, "Expiration"), method),
    )


def _parse_error(body: bytes) -> tuple[str | None, str]:

    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None, "(the response is not XML)"
    error = root.find(f"{_NAMESPACE}Error")
    if error is None:
        error = root.find("Error")
    if error is None:
        return None, "(no error details)"
    namespace = _NAMESPACE if error.tag.startswith("{") else ""
    code = error.findtext(f"{namespace}Code")
    message = error.findtext(f"{namespace}Message") or ""
    return code, message
