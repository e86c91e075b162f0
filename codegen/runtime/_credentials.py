"""Credentials and the default chain, in the order of botocore's ``create_credential_resolver``.

The chain tries, for the selected profile (botocore's method names in brackets):

1. the environment [``env``] (skipped when the profile was passed explicitly);
2. an assume-role profile, ``role_arn`` with ``source_profile`` or
   ``credential_source`` [``assume-role``];
3. web identity, ``AWS_WEB_IDENTITY_TOKEN_FILE`` + ``AWS_ROLE_ARN`` or the
   profile's ``web_identity_token_file`` [``assume-role-with-web-identity``];
4. IAM Identity Center (SSO) [``sso``];
5. static keys in the shared credentials file [``shared-credentials-file``];
6. ``credential_process`` [``custom-process``];
7. static keys in the config file [``config-file``];
8. the ECS / EKS Pod Identity container endpoint [``container-role``];
9. the EC2 instance metadata service [``iam-role``].

Sources that need the network or a subprocess live in their own modules,
imported only when a profile or the environment asks for them, so that a
client with static keys imports none of them.

Differences from botocore, on purpose: a half-configured source (a secret
without a key id) is an error where botocore would skip it; whitespace at the
ends of a value is trimmed, and a value with control characters inside (a
token wrapped onto two lines) is refused, naming where it was set and never
the value (``_credential_types.check_secret``); ``aws login`` profiles (``login_session``) are
refused, naming the source, rather than silently falling through to other
credentials.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeAlias

import attrs

from ._credential_types import (
    ChainContext,
    Credentials,
    CredentialsProvider,
    EndpointUrlLookup,
    Environment,
    FoundCredentials,
    StaticCredentials,
    check_secret,
)
from ._exceptions import ConfigurationError, CredentialRetrievalError, NoCredentialsError
from ._profile_files import Profile, Section, str_value

if TYPE_CHECKING:
    from ._refresh import Expiring, RefreshableCredentials

__all__ = [
    "ChainContext",
    "Credentials",
    "Environment",
    "CredentialsProvider",
    "FoundCredentials",
    "StaticCredentials",
    "check_secret",
    "credentials_method",
    "credentials_provider",
    "expiring_from_env",
    "export_hint",
    "named_source",
    "profile_sources",
    "resolve_chain",
    "static_keys",
]


def credentials_provider(
    credentials: Credentials | CredentialsProvider | None,
    env: Mapping[str, str],
    profile: Profile,
    region: str | None,
    endpoint_url: EndpointUrlLookup,
) -> CredentialsProvider:
    """What the client calls before every request: the given credentials, or the chain.

    ``endpoint_url`` looks up the endpoint URL configured for STS, SSO or SSO
    OIDC (the settings pass their resolver, so that the sources need not import them).
    """
    if isinstance(credentials, Credentials):
        return StaticCredentials(credentials, "explicit")
    if credentials is None:
        return _DefaultCredentialChain(ChainContext(env, profile, region, endpoint_url))
    if callable(credentials):
        return credentials
    raise ConfigurationError("credentials must be a Credentials or a callable returning one")


def credentials_method(provider: CredentialsProvider) -> str:
    """Where ``provider``'s credentials come from, as botocore names it; never a secret.

    ``explicit`` for credentials passed to the client, ``custom`` for a
    callable, else the chain's source (resolving the chain if need be).
    """
    method = getattr(provider, "method", None)
    return method if isinstance(method, str) else "custom"


def export_hint(profile_name: str) -> str:
    """How to use credentials of a source this client cannot use (the CLI rewords it)."""
    import shlex  # noqa: PLC0415 -- error path only

    return (
        'Export static credentials instead, e.g. `eval "$(aws configure export-credentials '
        f'--profile {shlex.quote(profile_name)} --format env)"`, or pass credentials= to '
        "the client."
    )


class _DefaultCredentialChain:
    """The default chain: resolved on first call, then asked for credentials on every call.

    The source is found once (safe under threads); temporary credentials from
    it refresh themselves before they expire (``_refresh.py``).
    """

    def __init__(self, context: ChainContext) -> None:
        self._context = context
        self._lock = threading.Lock()
        self._found: FoundCredentials | None = None

    def __call__(self) -> Credentials:
        found = self._found or self._resolve_once()
        return found()

    @property
    def method(self) -> str:
        """botocore's name for the source: ``env``, ``sso``, ``iam-role``, ..."""
        return (self._found or self._resolve_once()).method

    def __repr__(self) -> str:
        return f"DefaultCredentialChain(profile={self._context.profile.name!r})"

    def _resolve_once(self) -> FoundCredentials:
        with self._lock:
            if self._found is None:
                self._found = resolve_chain(self._context)
            return self._found


def resolve_chain(context: ChainContext) -> FoundCredentials:
    """The first source of the chain that has credentials; ``NoCredentialsError`` if none."""
    for source in _CHAIN:
        found = source(context)
        if found is not None:
            return found
    raise NoCredentialsError(_nothing_found_message(context))


# --- the sources, in botocore's order --------------------------------------------------


def _from_environment(context: ChainContext) -> FoundCredentials | None:
    # As in botocore, an explicitly chosen profile overrides the environment's
    # keys (a profile from AWS_PROFILE does not).
    if context.profile.explicit:
        return None
    env = context.env
    found = credentials_from_env(env)
    if found is None:
        return None
    if not env.get("AWS_CREDENTIAL_EXPIRATION"):
        return StaticCredentials(found, "env")
    from ._refresh import RefreshableCredentials  # noqa: PLC0415

    # botocore re-reads the variables when they near their expiration.
    return RefreshableCredentials(lambda: expiring_from_env(env), "env")


def _assume_role(context: ChainContext) -> FoundCredentials | None:
    profile = context.profile
    if not profile.has("role_arn") or profile.has("web_identity_token_file"):
        return None
    from ._role_profiles import assume_role_credentials  # noqa: PLC0415

    return assume_role_credentials(context)


def _web_identity(context: ChainContext) -> RefreshableCredentials | None:
    profile = context.profile
    from_env = not profile.explicit and "AWS_WEB_IDENTITY_TOKEN_FILE" in context.env
    if not from_env and not profile.has("web_identity_token_file"):
        return None
    from ._role_profiles import web_identity_settings  # noqa: PLC0415

    settings = web_identity_settings(context)
    if settings is None:
        return None
    from ._sts import web_identity_credentials  # noqa: PLC0415

    return web_identity_credentials(context, settings)


def _sso(context: ChainContext) -> RefreshableCredentials | None:
    profile = context.profile
    if not (profile.has("sso_role_name") or profile.has("sso_account_id")):
        return None
    from ._sso import sso_credentials  # noqa: PLC0415

    return sso_credentials(context)


def _shared_credentials_file(context: ChainContext) -> FoundCredentials | None:
    profile = context.profile
    found = static_keys(profile.credentials_section, profile.in_credentials_file)
    return None if found is None else StaticCredentials(found, "shared-credentials-file")


def _login(context: ChainContext) -> None:
    profile = context.profile
    if profile.has("login_session"):
        raise NoCredentialsError(
            f"The credentials for profile {profile.name!r} come from login_session "
            f"(aws login), which this lightweight client does not support. "
            + export_hint(profile.name)
        )


def _credential_process(context: ChainContext) -> FoundCredentials | None:
    command = context.profile.get("credential_process")
    if command is None:
        return None
    from ._process import process_credentials  # noqa: PLC0415

    return process_credentials(context, command.value)


def _config_file(context: ChainContext) -> FoundCredentials | None:
    profile = context.profile
    found = static_keys(profile.config_section, profile.in_config_file)
    return None if found is None else StaticCredentials(found, "config-file")


def _container(context: ChainContext) -> RefreshableCredentials | None:
    env = context.env
    if (
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" not in env
        and "AWS_CONTAINER_CREDENTIALS_FULL_URI" not in env
    ):
        return None
    from ._metadata import container_credentials  # noqa: PLC0415

    return container_credentials(env)


def _instance_metadata(context: ChainContext) -> RefreshableCredentials | None:
    if context.env.get("AWS_EC2_METADATA_DISABLED", "false").lower() == "true":
        return None  # the commonest case: skip importing the module
    from ._metadata import instance_metadata_credentials  # noqa: PLC0415

    return instance_metadata_credentials(context)


_Source: TypeAlias = Callable[[ChainContext], FoundCredentials | None]

# What a profile provides by itself: also the sources of a source_profile.
_PROFILE_SOURCES: tuple[_Source, ...] = (
    _web_identity,
    _sso,
    _shared_credentials_file,
    _login,
    _credential_process,
    _config_file,
)
_CHAIN: tuple[_Source, ...] = (
    _from_environment,
    _assume_role,
    *_PROFILE_SOURCES,
    _container,
    _instance_metadata,
)


def profile_sources(context: ChainContext) -> FoundCredentials | None:
    """The sources of a ``source_profile``: the profile's own, without the environment."""
    for source in _PROFILE_SOURCES:
        found = source(context)
        if found is not None:
            return found
    return None


def named_source(context: ChainContext, name: str) -> FoundCredentials | None:
    """A ``credential_source`` of an assume-role profile, by botocore's canonical name."""
    sources: dict[str, _Source] = {
        "environment": lambda c: _from_environment(attrs.evolve(c, profile=_implicit(c.profile))),
        "ec2instancemetadata": _instance_metadata,
        "ecscontainer": _container,
    }
    source = sources.get(name.lower())
    if source is None:
        raise ConfigurationError(
            f"credential_source {name!r} of profile {context.profile.name!r} is not valid: "
            "use Environment, Ec2InstanceMetadata or EcsContainer."
        )
    return source(context)


def _implicit(profile: Profile) -> Profile:
    return attrs.evolve(profile, explicit=False)


# --- static keys -----------------------------------------------------------------------


def credentials_from_env(env: Mapping[str, str]) -> Credentials | None:
    """Static (or temporary) keys from the environment, or None if none are set."""
    # Read through env (whose repr hides it), never held in a local: a refused
    # value's traceback shows this frame's locals.
    key_id = bool(env.get("AWS_ACCESS_KEY_ID"))
    secret = bool(env.get("AWS_SECRET_ACCESS_KEY"))
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
    token_variable = next(
        (name for name in ("AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN") if env.get(name)), None
    )
    where = "the environment"
    return Credentials(
        check_secret(env["AWS_ACCESS_KEY_ID"], "AWS_ACCESS_KEY_ID", where),
        check_secret(env["AWS_SECRET_ACCESS_KEY"], "AWS_SECRET_ACCESS_KEY", where),
        None
        if token_variable is None
        else check_secret(env[token_variable], token_variable, where),
        check_secret(env["AWS_ACCOUNT_ID"], "AWS_ACCOUNT_ID", where)
        if env.get("AWS_ACCOUNT_ID")
        else None,
    )


def expiring_from_env(env: Mapping[str, str]) -> Expiring:
    """The environment's keys and ``AWS_CREDENTIAL_EXPIRATION``, read again at each refresh."""
    from ._refresh import Expiring, parse_expiration  # noqa: PLC0415

    found = credentials_from_env(env)
    expiration = env.get("AWS_CREDENTIAL_EXPIRATION")
    if found is None or not expiration:
        raise CredentialRetrievalError(
            "AWS_CREDENTIAL_EXPIRATION is set but the environment no longer has keys and "
            "an expiration time.",
            method="env",
        )
    return Expiring(found, parse_expiration(expiration, "env"))


def static_keys(section: Section, where: str) -> Credentials | None:
    """The static keys of one profile section, or None if it has none."""
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
    token_key = next(
        (
            key
            for key in ("aws_security_token", "aws_session_token")
            if str_value(section, key, where)
        ),
        None,
    )
    token = None if token_key is None else str_value(section, token_key, where)
    return Credentials(
        check_secret(key_id, "aws_access_key_id", where),
        check_secret(secret, "aws_secret_access_key", where),
        None if token is None or token_key is None else check_secret(token, token_key, where),
        _account_id(section, where),
    )


def _account_id(section: Section, where: str) -> str | None:
    account = str_value(section, "aws_account_id", where)
    return check_secret(account, "aws_account_id", where) if account else None


def _nothing_found_message(context: ChainContext) -> str:
    profile, env = context.profile, context.env
    lines = [
        "Unable to locate credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
        "(plus AWS_SESSION_TOKEN for temporary credentials), add aws_access_key_id and "
        f"aws_secret_access_key to the [{profile.name}] section of "
        f"{profile.credentials_path}, configure SSO, a role or credential_process in "
        f"{profile.config_path}, or pass credentials= to the client."
    ]
    if profile.explicit and env.get("AWS_ACCESS_KEY_ID"):
        lines.append(
            f"AWS_ACCESS_KEY_ID is ignored because profile {profile.name!r} was "
            "passed explicitly (as boto3 does)."
        )
    if env.get("AWS_EC2_METADATA_DISABLED", "").lower() == "true":
        lines.append("The EC2 instance metadata service was not asked (AWS_EC2_METADATA_DISABLED).")
    else:
        lines.append("The EC2 instance metadata service gave no credentials.")
    return " ".join(lines)
