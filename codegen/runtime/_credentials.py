"""Static credentials and the default chain, in the order of ``botocore.credentials``.

The chain tries the environment, then the profile's static keys in the shared
credentials file, then in the config file. A profile that gets credentials some
other way (assume role, web identity, SSO, ``credential_process``, ``aws
login``) is refused, naming that source, where botocore would use it: falling
through to other credentials would silently act as someone else.

A half-configured source (a secret without a key id) is an error, where
botocore would skip it and try the next source.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TypeAlias

import attrs

from ._exceptions import ConfigurationError, NoCredentialsError
from ._profile_files import Profile, Section, str_value

__all__ = ["Credentials", "CredentialsProvider", "credentials_provider"]

# Profile keys naming credential sources this client cannot use, in the order
# botocore's chain tries them relative to the static keys.
_SSO_KEYS = ("sso_session", "sso_start_url", "sso_account_id", "sso_role_name")
_EXPORT_HINT = (
    "Export static credentials instead, e.g. "
    '`eval "$(aws configure export-credentials --profile {profile} --format env)"`, '
    "or pass credentials= to the client."
)


def _non_empty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    # Not attrs.validators: their messages echo the (secret) value.
    if not value:
        raise ValueError(f"Credentials.{attribute.name} must be a non-empty string")


@attrs.frozen(repr=False)
class Credentials:
    """Static AWS credentials.

    The string forms never show the secret key or the session token, and show
    only the last four characters of the access key id (as ``aws configure
    list`` does).
    """

    access_key_id: str = attrs.field(validator=_non_empty)
    secret_access_key: str = attrs.field(validator=_non_empty)
    session_token: str | None = None
    account_id: str | None = None
    """The AWS account the keys belong to, for account-based endpoints (not secret)."""

    def __repr__(self) -> str:
        token = "None" if self.session_token is None else "'<hidden>'"
        account = "" if self.account_id is None else f", account_id={self.account_id!r}"
        return (
            f"Credentials(access_key_id={_mask(self.access_key_id)!r}, "
            f"secret_access_key='<hidden>', session_token={token}{account})"
        )

    __str__ = __repr__


CredentialsProvider: TypeAlias = Callable[[], Credentials]


def credentials_provider(
    credentials: Credentials | CredentialsProvider | None,
    env: Mapping[str, str],
    profile: Profile,
) -> CredentialsProvider:
    """What the client calls before every request: the given credentials, or the chain."""
    if isinstance(credentials, Credentials):
        return _StaticCredentials(credentials)
    if credentials is None:
        return _DefaultCredentialChain(env, profile)
    if callable(credentials):
        return credentials
    raise ConfigurationError("credentials must be a Credentials or a callable returning one")


def _mask(access_key_id: str) -> str:
    if len(access_key_id) <= 4:
        return "*" * 16
    return "*" * 16 + access_key_id[-4:]


@attrs.frozen
class _StaticCredentials:
    """Provider for credentials given to the client directly."""

    credentials: Credentials

    def __call__(self) -> Credentials:
        return self.credentials


class _DefaultCredentialChain:
    """The default chain: environment variables, then the profile's static keys.

    Resolved on first call and cached; safe to call from several threads.
    The profile files were already read by ``resolve_config``; only the
    environment is read here.
    """

    def __init__(self, env: Mapping[str, str], profile: Profile) -> None:
        self._env = env
        self._profile = profile
        self._lock = threading.Lock()
        self._cached: Credentials | None = None

    def __call__(self) -> Credentials:
        cached = self._cached
        if cached is not None:
            return cached
        with self._lock:
            if self._cached is None:
                self._cached = self._resolve()
            return self._cached

    def __repr__(self) -> str:
        return f"DefaultCredentialChain(profile={self._profile.name!r})"

    def _resolve(self) -> Credentials:
        profile = self._profile
        # As in botocore, an explicitly chosen profile overrides the
        # environment's keys (a profile from AWS_PROFILE does not).
        if not profile.explicit:
            found = _credentials_from_env(self._env)
            if found is not None:
                return found
        self._reject_unsupported_source(_source_before_static_keys(profile, self._env))
        found = _credentials_from_section(profile.credentials_section, profile.in_credentials_file)
        if found is not None:
            return found
        self._reject_unsupported_source(_source_between_files(profile))
        found = _credentials_from_section(profile.config_section, profile.in_config_file)
        if found is not None:
            return found
        raise NoCredentialsError(self._nothing_found_message())

    def _reject_unsupported_source(self, source: str | None) -> None:
        if source is not None:
            import shlex  # noqa: PLC0415 -- error path only; see _profile_files._read_ini

            hint = _EXPORT_HINT.format(profile=shlex.quote(self._profile.name))
            raise NoCredentialsError(
                f"The credentials for profile {self._profile.name!r} come from {source}, "
                f"which this lightweight client does not support. {hint}"
            )

    def _nothing_found_message(self) -> str:
        profile = self._profile
        lines = [
            "Unable to locate credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(plus AWS_SESSION_TOKEN for temporary credentials), add aws_access_key_id and "
            f"aws_secret_access_key to the [{profile.name}] section of "
            f"{profile.credentials_path}, or pass credentials= to the client."
        ]
        if profile.explicit and self._env.get("AWS_ACCESS_KEY_ID"):
            lines.append(
                f"AWS_ACCESS_KEY_ID is ignored because profile {profile.name!r} was "
                "passed explicitly (as boto3 does)."
            )
        if any(
            self._env.get(f"AWS_CONTAINER_CREDENTIALS_{k}") for k in ("RELATIVE_URI", "FULL_URI")
        ):
            lines.append("Container credentials (AWS_CONTAINER_CREDENTIALS_*) are not supported.")
        return " ".join(lines)


def _source_before_static_keys(profile: Profile, env: Mapping[str, str]) -> str | None:
    """An unsupported source botocore would use before the credentials file."""
    if profile.has("role_arn") and not profile.has("web_identity_token_file"):
        return "role_arn (assume role)"
    if not profile.explicit and env.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
        return "AWS_WEB_IDENTITY_TOKEN_FILE (web identity)"
    if profile.has("web_identity_token_file"):
        return "web_identity_token_file (web identity)"
    sso_key = next((key for key in _SSO_KEYS if profile.has(key)), None)
    if sso_key is not None:
        return f"{sso_key} (IAM Identity Center / SSO)"
    return None


def _source_between_files(profile: Profile) -> str | None:
    """An unsupported source botocore would use before the config file's keys."""
    if profile.has("login_session"):
        return "login_session (aws login)"
    if profile.has("credential_process"):
        return "credential_process"
    return None


def _credentials_from_env(env: Mapping[str, str]) -> Credentials | None:
    key_id = env.get("AWS_ACCESS_KEY_ID")
    secret = env.get("AWS_SECRET_ACCESS_KEY")
    if not key_id and not secret:
        return None
    if not key_id:
        raise NoCredentialsError(
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is missing or empty; "
            "set both (or neither)."
        )
    if not secret:
        raise NoCredentialsError(
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is missing or empty; "
            "set both (or neither)."
        )
    # botocore prefers the legacy name when both are set.
    token = env.get("AWS_SECURITY_TOKEN") or env.get("AWS_SESSION_TOKEN") or None
    return Credentials(key_id, secret, token, env.get("AWS_ACCOUNT_ID") or None)


def _credentials_from_section(section: Section, where: str) -> Credentials | None:
    key_id = str_value(section, "aws_access_key_id", where)
    secret = str_value(section, "aws_secret_access_key", where)
    if not key_id and not secret:
        return None
    if not key_id or not secret:
        present, missing = (
            ("aws_access_key_id", "aws_secret_access_key")
            if key_id
            else ("aws_secret_access_key", "aws_access_key_id")
        )
        raise NoCredentialsError(f"{where} has {present} but no {missing}; set both (or neither).")
    token = (
        str_value(section, "aws_security_token", where)
        or str_value(section, "aws_session_token", where)
        or None
    )
    account_id = str_value(section, "aws_account_id", where) or None
    return Credentials(key_id, secret, token, account_id)
