"""IAM Identity Center (SSO) profiles, as botocore's ``SSOProvider`` and ``SSOTokenProvider``.

A profile with ``sso_account_id`` and ``sso_role_name`` takes ``sso_start_url``
and ``sso_region`` from its ``[sso-session NAME]`` section (``sso_session``) or,
in the legacy form, from itself. The token ``aws sso login`` cached in
``~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json`` is
exchanged at the portal (GetRoleCredentials) for role credentials.

Token refresh, decided as botocore does it: for an ``sso_session`` profile, a
token within 15 minutes of expiry is refreshed with its refresh token (SSO OIDC
CreateToken) and the cache file is rewritten; if that is not possible (legacy
profile, no refresh token, expired registration, refused refresh) and the
token has expired, the error says to run ``aws sso login``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from datetime import UTC, datetime
from typing import cast
from urllib.parse import urlencode

import attrs

from ._credential_types import ChainContext, Credentials
from ._exceptions import ConfigurationError, CredentialRetrievalError
from ._profile_files import Profile
from ._refresh import ADVISORY_REFRESH_SECONDS, Expiring, RefreshableCredentials, parse_expiration
from ._secret_http import (
    HiddenBytes,
    HiddenDict,
    Secret,
    SecretHeaders,
    decide_host,
    header_secret,
    parse_json_object,
    send,
)
from ._sts import dns_suffix

__all__ = ["SsoSettings", "sso_credentials", "sso_settings", "token_cache_path"]

_LOG = logging.getLogger(__name__)

_METHOD = "sso"
# botocore.utils.validate_region_name: a region is used as a host label.
_REGION = re.compile(r"(?![0-9]+\Z)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)")
_TIMEOUT = (10.0, 60.0)


@attrs.frozen
class SsoSettings:
    """The SSO settings of a profile, merged with its sso-session section."""

    profile: str
    start_url: str
    region: str
    account_id: str
    role_name: str
    session_name: str | None  # None: a legacy profile


def sso_settings(profile: Profile) -> SsoSettings:
    """The profile's SSO settings; a missing or inconsistent one is a ``ConfigurationError``."""
    merged: dict[str, str] = {}
    for key in ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "sso_session"):
        found = profile.get(key)
        if found is not None:
            merged[key] = found.value
    required = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]
    session_name = merged.get("sso_session")
    if session_name is not None:
        session = profile.sso_sessions.get(session_name)
        if session is None:
            raise ConfigurationError(
                f"Profile {profile.name!r} names sso_session {session_name!r}, but "
                f"{profile.config_path} has no [sso-session {session_name}] section."
            )
        for key, value in session.items():
            if not isinstance(value, str):
                continue
            if merged.get(key, value) != value:
                raise ConfigurationError(
                    f"{key} differs between profile {profile.name!r} and "
                    f"[sso-session {session_name}]."
                )
            merged[key] = value
    missing = [key for key in required if not merged.get(key)]
    if missing:
        raise ConfigurationError(
            f"Profile {profile.name!r} is configured for SSO but is missing: {', '.join(missing)}."
        )
    if _REGION.fullmatch(merged["sso_region"]) is None:
        # It becomes part of the portal's host name: botocore refuses it too.
        raise ConfigurationError(
            f"sso_region of profile {profile.name!r} is not a valid region name "
            "(expected e.g. 'us-east-1')."
        )
    return SsoSettings(
        profile=profile.name,
        start_url=merged["sso_start_url"],
        region=merged["sso_region"],
        account_id=merged["sso_account_id"],
        role_name=merged["sso_role_name"],
        session_name=session_name,
    )


def token_cache_path(settings: SsoSettings, home: str) -> str:
    """Where ``aws sso login`` caches the token: named by the SHA-1 of the session or start URL."""
    key = settings.session_name if settings.session_name is not None else settings.start_url
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    return os.path.join(home, ".aws", "sso", "cache", digest + ".json")


def sso_credentials(context: ChainContext) -> RefreshableCredentials:
    """Role credentials for the SSO profile, fetched at first use and refreshed."""
    settings = sso_settings(context.profile)
    return RefreshableCredentials(lambda: _get_role_credentials(context, settings), _METHOD)


def _login_hint(settings: SsoSettings) -> str:
    # Quoted, not in backticks: the command line keeps this advice as it is
    # (an SSO profile implies an AWS CLI v2, which has `aws sso login`).
    return f'run "aws sso login --profile {settings.profile}" and try again'


def _get_role_credentials(context: ChainContext, settings: SsoSettings) -> Expiring:

    token = _access_token(context, settings)
    portal = context.endpoint_url("SSO", "sso") or (
        f"https://portal.sso.{settings.region}.{dns_suffix(settings.region)}"
    )
    query = urlencode({"role_name": settings.role_name, "account_id": settings.account_id})
    url = f"{portal.rstrip('/')}/federation/credentials?{query}"
    status, body = send(
        "GET",
        url,
        host=decide_host(url, f"the SSO portal URL for profile {settings.profile!r}"),
        what="SSO role credentials",
        source=_METHOD,
        timeout=_TIMEOUT,
        auth=SecretHeaders({"x-amz-sso_bearer_token": token}),
    )
    if status == 401:
        raise CredentialRetrievalError(
            f"The SSO session of profile {settings.profile!r} has expired or is invalid: "
            + _login_hint(settings)
            + ".",
            method=_METHOD,
            code="UnauthorizedException",
        )
    if status != 200:
        raise CredentialRetrievalError(
            f"The SSO portal answered HTTP {status} to GetRoleCredentials for role "
            f"{settings.role_name!r} in account {settings.account_id}.",
            method=_METHOD,
        )
    payload = parse_json_object(body, what="The SSO portal's response", source=_METHOD)
    role = payload.get("roleCredentials")
    if not isinstance(role, dict):
        raise CredentialRetrievalError(
            "The SSO portal's response has no roleCredentials.", method=_METHOD
        )
    fields = HiddenDict(cast("dict[str, object]", role))
    where = "the SSO portal's response"
    expiration = fields.get("expiration")
    if not isinstance(expiration, int | float) or isinstance(expiration, bool):
        raise CredentialRetrievalError(f"{where} has no expiration.", method=_METHOD)
    return Expiring(
        Credentials(
            fields.secret("accessKeyId", where=where, method=_METHOD),
            fields.secret("secretAccessKey", where=where, method=_METHOD),
            fields.secret("sessionToken", where=where, method=_METHOD),
            settings.account_id,
        ),
        expiration / 1000.0,  # milliseconds since the epoch
    )


def _access_token(context: ChainContext, settings: SsoSettings) -> Secret:
    home = context.env.get("HOME") or os.path.expanduser("~")
    path = token_cache_path(settings, home)
    cached = _read_cache(path, settings)
    expires_at = cached.get("expiresAt")
    if not isinstance(cached.get("accessToken"), str) or not isinstance(expires_at, str):
        raise CredentialRetrievalError(
            f"The cached SSO token {path} is invalid: " + _login_hint(settings) + ".",
            method=_METHOD,
        )
    # Checked as it is read: it is sent as a header (an attacker may write the cache).
    # Never bound to a local: a refused token's traceback shows this frame's locals.
    where = f"the cached SSO token {path}"
    token = header_secret(str(cached["accessToken"]), "accessToken", where, method=_METHOD)
    remaining = parse_expiration(expires_at, _METHOD) - time.time()
    if settings.session_name is not None and remaining < ADVISORY_REFRESH_SECONDS:
        refreshed = _refresh_token(context, cached, settings, path)
        if refreshed is not None:
            return refreshed
    if remaining <= 0:
        raise CredentialRetrievalError(
            f"The SSO token for profile {settings.profile!r} has expired: "
            + _login_hint(settings)
            + ".",
            method=_METHOD,
            code="UnauthorizedSSOTokenError",
        )
    return token


def _read_cache(path: str, settings: SsoSettings) -> HiddenDict:
    try:
        with open(path, "rb") as file:
            body = HiddenBytes(file.read())
    except FileNotFoundError:
        name = settings.session_name or settings.start_url
        raise CredentialRetrievalError(
            f"No cached SSO token for {name!r} ({path}): " + _login_hint(settings) + ".",
            method=_METHOD,
        ) from None
    except OSError as error:
        raise CredentialRetrievalError(
            f"Could not read the cached SSO token {path}: {type(error).__name__}.",
            method=_METHOD,
        ) from None
    return parse_json_object(body, what=f"The cached SSO token {path}", source=_METHOD)


def _refresh_token(
    context: ChainContext, cached: HiddenDict, settings: SsoSettings, path: str
) -> Secret | None:
    """A new access token from SSO OIDC CreateToken, saved to the cache; None if not possible."""
    keys = ("refreshToken", "clientId", "clientSecret", "registrationExpiresAt")
    if not all(isinstance(cached.get(key), str) for key in keys):
        return None
    if parse_expiration(str(cached["registrationExpiresAt"]), _METHOD) <= time.time():
        return None

    oidc = context.endpoint_url("SSO_OIDC", "sso_oidc") or (
        f"https://oidc.{settings.region}.{dns_suffix(settings.region)}"
    )
    url = f"{oidc.rstrip('/')}/token"
    host = decide_host(url, f"the SSO OIDC URL for profile {settings.profile!r}")
    try:
        status, body = send(
            "POST",
            url,
            host=host,
            what="a refreshed SSO token",
            source=_METHOD,
            timeout=_TIMEOUT,
            headers={"Content-Type": "application/json"},
            body=HiddenBytes(
                json.dumps(
                    {
                        "grantType": "refresh_token",
                        "clientId": cached["clientId"],
                        "clientSecret": cached["clientSecret"],
                        "refreshToken": cached["refreshToken"],
                    }
                ).encode()
            ),
        )
        if status != 200:
            raise CredentialRetrievalError(f"HTTP {status}", method=_METHOD)
        payload = parse_json_object(body, what="The SSO OIDC response", source=_METHOD)
    except CredentialRetrievalError as error:
        _LOG.warning("Refreshing the SSO token failed (%s); using the cached one.", error)
        return None
    expires_in = payload.get("expiresIn")
    if not isinstance(payload.get("accessToken"), str) or not isinstance(expires_in, int):
        _LOG.warning("The SSO OIDC response has no accessToken or expiresIn.")
        return None
    where = "the SSO OIDC response"
    token = header_secret(str(payload["accessToken"]), "accessToken", where, method=_METHOD)
    refreshed = HiddenDict(
        startUrl=settings.start_url,
        region=settings.region,
        accessToken=token.reveal(),
        expiresAt=_utc_iso(time.time() + expires_in),
        clientId=cached["clientId"],
        clientSecret=cached["clientSecret"],
        registrationExpiresAt=cached["registrationExpiresAt"],
        refreshToken=payload.get("refreshToken", cached["refreshToken"]),
    )
    _write_cache(path, refreshed)
    return token


def _write_cache(path: str, data: HiddenDict) -> None:
    # Readable by the owner only (as botocore's JSONFileCache), replaced whole.
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(data, file)
        os.replace(temporary, path)
    except OSError as error:
        _LOG.warning("Could not save the refreshed SSO token to %s: %s", path, type(error).__name__)


def _utc_iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
