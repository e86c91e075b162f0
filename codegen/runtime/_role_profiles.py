"""Profiles that assume a role: ``role_arn`` with a source, and web identity settings.

As botocore's ``AssumeRoleProvider``: the source is ``source_profile`` (a
profile with credentials of its own, or another role profile: chains are
followed, cycles refused) or ``credential_source`` (``Environment``,
``Ec2InstanceMetadata``, ``EcsContainer``). ``external_id``,
``role_session_name`` and ``duration_seconds`` are passed to AssumeRole.
``mfa_serial`` is refused: a library cannot prompt for a code.
"""

from __future__ import annotations

import attrs

from ._credential_types import ChainContext, FoundCredentials
from ._credentials import export_hint, named_source, profile_sources
from ._exceptions import ConfigurationError, NoCredentialsError
from ._profile_files import Profile
from ._refresh import RefreshableCredentials
from ._sts import AssumeRoleRequest, WebIdentitySettings, assume_role, default_session_name

__all__ = ["assume_role_credentials", "web_identity_settings"]

_WEB_IDENTITY_VARIABLES = {
    "web_identity_token_file": "AWS_WEB_IDENTITY_TOKEN_FILE",
    "role_arn": "AWS_ROLE_ARN",
    "role_session_name": "AWS_ROLE_SESSION_NAME",
}


def web_identity_settings(context: ChainContext) -> WebIdentitySettings | None:
    """Web identity settings from the environment (unless the profile was passed) or profile."""

    def setting(key: str) -> str | None:
        variable = _WEB_IDENTITY_VARIABLES[key]
        if not context.profile.explicit and variable in context.env:
            return context.env[variable]
        found = context.profile.get(key)
        return None if found is None else found.value

    token_file = setting("web_identity_token_file")
    if not token_file:
        return None
    role_arn = setting("role_arn")
    if not role_arn:
        raise ConfigurationError(
            "Web identity is configured (AWS_WEB_IDENTITY_TOKEN_FILE or "
            f"web_identity_token_file of profile {context.profile.name!r}) but no role: "
            "set AWS_ROLE_ARN or role_arn."
        )
    return WebIdentitySettings(token_file, role_arn, setting("role_session_name"))


def assume_role_credentials(context: ChainContext) -> RefreshableCredentials:
    """The credentials of the selected role profile, fetched at first use and refreshed."""
    return _role_credentials(context, context.profile, [context.profile.name])


def _role_credentials(
    context: ChainContext, profile: Profile, visited: list[str]
) -> RefreshableCredentials:
    def setting(key: str) -> str | None:
        found = profile.get(key)
        return None if found is None else found.value

    where = f"profile {profile.name!r}"
    role_arn = setting("role_arn") or ""
    if setting("mfa_serial") is not None:
        raise NoCredentialsError(
            f"{where} assumes its role with mfa_serial, and this client cannot prompt for "
            "an MFA code. " + export_hint(profile.name)
        )
    source_profile = setting("source_profile")
    credential_source = setting("credential_source")
    if source_profile is not None and credential_source is not None:
        raise ConfigurationError(f"{where} has both source_profile and credential_source.")
    if source_profile is None and credential_source is None:
        raise ConfigurationError(
            f"{where} has role_arn but neither source_profile nor credential_source."
        )
    if credential_source is not None:
        source = named_source(context, credential_source)
        if source is None:
            raise NoCredentialsError(
                f"credential_source {credential_source!r} of {where} found no credentials."
            )
    else:
        assert source_profile is not None
        source = _source_profile_credentials(context, profile, source_profile, visited)
    request = AssumeRoleRequest(
        role_arn=role_arn,
        role_session_name=setting("role_session_name") or default_session_name(),
        external_id=setting("external_id"),
        duration_seconds=_duration(profile),
    )
    return RefreshableCredentials(lambda: assume_role(context, request, source), "assume-role")


def _source_profile_credentials(
    context: ChainContext, parent: Profile, name: str, visited: list[str]
) -> FoundCredentials:
    source = parent.other(name)
    if not source.exists():
        raise ConfigurationError(
            f"The source_profile {name!r} of profile {parent.name!r} does not exist."
        )
    has_keys = source.has("aws_access_key_id") or source.has("aws_secret_access_key")
    # A role profile may name itself to use its own static keys; any other
    # return to a visited profile is a cycle.
    if name in visited and (name != parent.name or not has_keys):
        chain = " -> ".join([*visited, name])
        raise ConfigurationError(f"The source_profile chain loops: {chain}.")
    visited.append(name)
    source_context = attrs.evolve(context, profile=source)
    if has_keys or not source.has("role_arn"):
        found = profile_sources(source_context)
        if found is None:
            raise NoCredentialsError(f"The source_profile {name!r} has no credentials.")
        return found
    return _role_credentials(source_context, source, visited)


def _duration(profile: Profile) -> int | None:
    found = profile.get("duration_seconds")
    if found is None:
        return None
    text = found.value.strip()
    if not text.isdigit():
        raise ConfigurationError(f"{found.source} must be a whole number of seconds.")
    return int(text)
