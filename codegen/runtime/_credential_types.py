"""The credential types every other module shares: a leaf, importing nothing of the package
but the exceptions.

``Credentials`` and the provider protocol, the chain's context, and the one
rule for a credential value read from outside the caller's arguments
(:func:`check_secret`). The chain (``_credentials.py``), its sources, the
signer and the settings import these from here, so none of them imports
another to name a type.

Whitespace at the ends of a value (a space, tab or line break pasted with it)
is trimmed before any check, as boto3 in effect does for a session token (its
signer trims header values); a control character left inside is refused,
naming where the value was read and never the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, TypeAlias

import attrs

from ._exceptions import NoCredentialsError

if TYPE_CHECKING:
    from ._profile_files import Profile

__all__ = [
    "ChainContext",
    "Credentials",
    "CredentialsProvider",
    "EndpointUrlLookup",
    "Environment",
    "FoundCredentials",
    "StaticCredentials",
    "check_secret",
    "secret_problem",
    "trimmed",
]

_ENDS = " \t\r\n\x0b\x0c"
"""ASCII whitespace: what is trimmed at the ends (``str.strip()`` would also take
the control characters U+001C..U+001F, which are refused instead)."""


def trimmed(value: str) -> str:
    """``value`` without ASCII whitespace (space, tab, line breaks) at its ends."""
    return value.strip(_ENDS)


def _has_control_characters(text: str) -> bool:
    return any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text)


def secret_problem(value: str) -> str | None:
    """Why a (trimmed) credential value read from outside cannot be used, or None.

    It goes into an HTTP header (a key id, a session token, a bearer token) or
    an HMAC key: a control character would split or corrupt the header, and a
    character that is not ASCII is not one any AWS credential has (botocore
    fails on it with an encoding error when it sends the header).
    """
    if not value:
        return "is empty"
    if _has_control_characters(value):
        return "contains control characters (a value wrapped onto two lines?)"
    if not value.isascii():
        return "contains a character that is not ASCII"
    return None


def check_secret(value: str, key: str, where: str) -> str:
    """``value`` trimmed; ``NoCredentialsError`` naming ``key`` and ``where`` if it is unusable.

    The one rule for a credential value from the environment, a profile, a
    cache file, a metadata answer or a command's output. The error never
    holds the value.
    """
    value = trimmed(value)
    problem = secret_problem(value)
    if problem is not None:
        del value  # not in this frame's locals when the traceback is captured
        raise NoCredentialsError(f"{key} in {where} {problem}; it was not used.")
    return value


def _trim(value: str) -> str:
    # Anything else is left for the validator to refuse.
    return trimmed(value) if isinstance(value, str) else value  # pyright: ignore[reportUnnecessaryIsInstance] - checked at run time


def _trim_optional(value: str | None) -> str | None:
    return None if value is None else _trim(value)


def _required(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    # Not attrs.validators: their messages echo the (secret) value.
    if not isinstance(value, str) or not value:  # pyright: ignore[reportUnnecessaryIsInstance] - checked at run time
        raise ValueError(f"Credentials.{attribute.name} must be a non-empty string")
    if _has_control_characters(value):
        raise ValueError(
            f"Credentials.{attribute.name} contains control characters (a line break?)"
        )


def _optional(_instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        _required(_instance, attribute, value)  # type: ignore[arg-type]


@attrs.frozen(repr=False)
class Credentials:
    """AWS credentials: static keys, or one set of temporary ones.

    Spaces, tabs and line breaks at the ends of each value are trimmed; a
    control character inside one is refused. The string forms never show the
    secret key or the session token, and show only the last four characters
    of the access key id (as ``aws configure list`` does). ``account_id`` is
    the account the credentials belong to, when the source says (STS, SSO, a
    container endpoint, ``credential_process``, ``AWS_ACCOUNT_ID`` or
    ``aws_account_id``).
    """

    access_key_id: str = attrs.field(converter=_trim, validator=_required)
    secret_access_key: str = attrs.field(converter=_trim, validator=_required)
    session_token: str | None = attrs.field(
        default=None, converter=_trim_optional, validator=_optional
    )
    account_id: str | None = attrs.field(
        default=None, converter=_trim_optional, validator=_optional
    )

    def __repr__(self) -> str:
        token = "None" if self.session_token is None else "'<hidden>'"
        account = "" if self.account_id is None else f", account_id={self.account_id!r}"
        return (
            f"Credentials(access_key_id={_mask(self.access_key_id)!r}, "
            f"secret_access_key='<hidden>', session_token={token}{account})"
        )

    __str__ = __repr__


def _mask(access_key_id: str) -> str:
    if len(access_key_id) <= 4:
        return "*" * 16
    return "*" * 16 + access_key_id[-4:]


CredentialsProvider: TypeAlias = Callable[[], Credentials]


class FoundCredentials(Protocol):
    """What a source of the chain found: credentials when called, and where they come from."""

    @property
    def method(self) -> str: ...

    def __call__(self) -> Credentials: ...


@attrs.frozen
class StaticCredentials:
    """Credentials that never change, and the source they came from."""

    credentials: Credentials
    method: str

    def __call__(self) -> Credentials:
        return self.credentials


class Environment(Mapping[str, str]):
    """A live view of the environment whose ``repr`` hides the values (secrets among them).

    Tracebacks captured with their locals print every frame's variables; a
    frame holding ``os.environ`` itself would print ``AWS_SECRET_ACCESS_KEY``.
    """

    __slots__ = ("_variables",)

    def __init__(self, variables: Mapping[str, str]) -> None:
        self._variables = variables

    def __getitem__(self, name: str) -> str:
        return self._variables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def __repr__(self) -> str:
        return f"<environment: {len(self._variables)} variables, values hidden>"


EndpointUrlLookup: TypeAlias = Callable[[str, str], str | None]
"""``(service_env_name, service_config_key)`` -> the endpoint URL configured for that
service (``AWS_ENDPOINT_URL_STS``, ``[services]``, ...), checked, or None."""


@attrs.frozen
class ChainContext:
    """What the sources read: the environment, the selected profile, the client's region,
    and the endpoint URLs configured for STS, SSO and SSO OIDC (the settings resolve them)."""

    env: Mapping[str, str] = attrs.field(repr=False)
    profile: Profile
    region: str | None
    endpoint_url: EndpointUrlLookup = attrs.field(repr=False)
