"""The shared AWS config and credentials files, read as ``botocore.configloader`` reads them.

``~/.aws/config`` (or ``AWS_CONFIG_FILE``) holds ``[default]``, ``[profile NAME]``,
``[services NAME]`` and ``[sso-session NAME]`` sections; ``~/.aws/credentials``
(or ``AWS_SHARED_CREDENTIALS_FILE``) holds ``[NAME]`` sections. Paths expand
``~`` and ``$VARS``. An indented block under an empty key
(``s3 =\\n  addressing_style = path``) is a nested mapping. A missing file is
empty; an unparsable one is a ``ConfigurationError`` that never quotes its
lines, which may hold secrets.

The variables naming a profile or a file count when set, even to the empty
string, as in botocore: ``AWS_PROFILE=""`` names the profile ``""`` (not found,
an error), ``AWS_SHARED_CREDENTIALS_FILE=""`` names no file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

import attrs

from ._exceptions import ConfigurationError

if TYPE_CHECKING:
    import configparser

__all__ = ["Profile", "Section", "Sourced", "load_profile", "str_value"]

T = TypeVar("T")

Section: TypeAlias = dict[str, str | dict[str, str]]
"""One INI section; a nested block is a ``dict``."""

_ENV_REFERENCE_RE = re.compile(r"\$(\w+|\{[^}]*\})")


@attrs.frozen
class Sourced(Generic[T]):
    """A setting and where it was set, for messages that name the place to fix.

    ``source`` reads like "environment variable AWS_REGION" or
    "'region' of profile 'dev' in /home/me/.aws/config".
    """

    value: T
    source: str


@attrs.frozen
class Profile:
    """The selected profile: its sections from both files and where they came from.

    Settings other than static credentials are looked up in the credentials
    file's section first, then the config file's, as botocore merges them.
    """

    name: str
    explicit: bool  # passed as an argument rather than taken from the environment
    config_path: str
    credentials_path: str
    config_section: Section = attrs.field(repr=False)
    credentials_section: Section = attrs.field(repr=False)
    services: dict[str, Section] = attrs.field(repr=False)
    sso_sessions: dict[str, Section] = attrs.field(repr=False)
    # Every profile of both files, for source_profile chains.
    config_profiles: dict[str, Section] = attrs.field(repr=False, factory=dict[str, Section])
    credential_profiles: dict[str, Section] = attrs.field(repr=False, factory=dict[str, Section])

    @property
    def in_credentials_file(self) -> str:
        return f"the [{self.name}] section of {self.credentials_path}"

    @property
    def in_config_file(self) -> str:
        return f"profile {self.name!r} in {self.config_path}"

    def get(self, key: str) -> Sourced[str] | None:
        """The non-empty value of ``key`` and where it was set, if set."""
        for section, where in (
            (self.credentials_section, self.in_credentials_file),
            (self.config_section, self.in_config_file),
        ):
            value = str_value(section, key, where)
            if value:
                return Sourced(value, f"{key!r} of {where}")
        return None

    def has(self, key: str) -> bool:
        return key in self.credentials_section or key in self.config_section

    def exists(self) -> bool:
        """Whether either file has a section for this profile."""
        return self.name in self.config_profiles or self.name in self.credential_profiles

    def other(self, name: str) -> Profile:
        """The profile ``name`` of the same files (empty if neither file has it)."""
        return attrs.evolve(
            self,
            name=name,
            explicit=True,
            config_section=self.config_profiles.get(name, {}),
            credentials_section=self.credential_profiles.get(name, {}),
        )

    def services_section(self) -> Sourced[Section] | None:
        """The ``[services NAME]`` section the profile points to, if any."""
        found = self.get("services")
        if found is None:
            return None
        section = self.services.get(found.value)
        if section is None:
            raise ConfigurationError(
                f"{found.source} refers to [services {found.value}], which does not exist "
                f"in {self.config_path}."
            )
        return Sourced(section, f"the [services {found.value}] section of {self.config_path}")


def load_profile(profile: str | None, env: Mapping[str, str]) -> Profile:
    """Read both files and select ``profile``, else AWS_DEFAULT_PROFILE / AWS_PROFILE, else default.

    A profile named (by argument or variable) but found in neither file is an error.
    """
    # botocore checks AWS_DEFAULT_PROFILE before AWS_PROFILE; a variable set to
    # "" names the profile "" (boto3 raises ProfileNotFound for it, as here).
    chosen = None if profile is None else Sourced(profile, "argument profile")
    for variable in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE"):
        if chosen is None and variable in env:
            chosen = Sourced(env[variable], f"environment variable {variable}")

    config_path = _expand_path(env.get("AWS_CONFIG_FILE", "~/.aws/config"), env)
    credentials_path = _expand_path(
        env.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), env
    )
    profiles, services, sso_sessions = _split_config_sections(_read_ini(config_path))
    credential_sections = _read_ini(credentials_path)

    if (
        chosen is not None
        and chosen.value not in profiles
        and chosen.value not in credential_sections
    ):
        if not chosen.value:
            raise ConfigurationError(
                f"The profile name from {chosen.source} is empty (boto3 raises "
                "ProfileNotFound for it too): name a profile, or leave it unset for the "
                "default chain."
            )
        raise ConfigurationError(
            f"The profile {chosen.value!r} (from {chosen.source}) was not found in "
            f"{config_path or '(no config file)'} (as [profile {chosen.value}]) or in "
            f"{credentials_path or '(no credentials file)'} (as [{chosen.value}])."
        )
    name = "default" if chosen is None else chosen.value
    return Profile(
        name=name,
        explicit=profile is not None,
        config_path=config_path,
        credentials_path=credentials_path,
        config_section=profiles.get(name, {}),
        credentials_section=credential_sections.get(name, {}),
        services=services,
        sso_sessions=sso_sessions,
        config_profiles=profiles,
        credential_profiles=credential_sections,
    )


def str_value(section: Section, key: str, where: str) -> str | None:
    """The single value of ``key``; a nested block there is an error naming ``where``."""
    value = section.get(key)
    if isinstance(value, dict):
        raise ConfigurationError(f"{key!r} in {where} must be a single value, not a nested block.")
    return value


def _expand_path(path: str, env: Mapping[str, str]) -> str:
    """Expand ``$VARS`` and ``~`` like botocore, but from ``env``."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1).strip("{}")
        return env.get(name, match.group(0))

    if not path:
        return path  # an empty variable names no file, as in botocore
    path = _ENV_REFERENCE_RE.sub(substitute, path)
    home = env.get("HOME")
    if home and (path == "~" or path.startswith("~/")):
        return home + path[1:]
    return os.path.expanduser(path)


def _read_ini(path: str) -> dict[str, Section]:
    """Parse an INI file as botocore's ``raw_config_parse`` does; missing is empty."""
    if not path or not os.path.isfile(path):
        return {}
    # Imported only when there is a file to read (as shlex below): many
    # processes (containers, Lambda) have none, and each import costs every
    # cold start about 2 ms.
    import configparser  # noqa: PLC0415

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as error:
        raise ConfigurationError(
            f"Could not parse {path}: {_describe_parse_error(error)}"
        ) from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"Could not parse {path}: it is not UTF-8 text.") from None
    sections: dict[str, Section] = {}
    for section_name in parser.sections():
        section: Section = {}
        for option in parser.options(section_name):
            value = parser.get(section_name, option)
            if value.startswith("\n"):
                nested = _parse_nested(value)
                if nested is None:
                    raise ConfigurationError(
                        f"Could not parse {path}: the nested block under {option!r} in "
                        f"[{section_name}] has a line without '='."
                    )
                section[option] = nested
            else:
                section[option] = value
        sections[section_name] = section
    return sections


def _describe_parse_error(error: configparser.Error) -> str:
    # configparser's own messages quote the offending line, which may hold a
    # secret: report only the kind of error and the line numbers.
    import configparser  # noqa: PLC0415 -- already imported by _read_ini

    kind = type(error).__name__
    lineno: object = getattr(error, "lineno", None)
    if lineno is None and isinstance(error, configparser.ParsingError):
        # (MissingSectionHeaderError is a ParsingError with lineno, no errors.)
        lineno = ", ".join(str(number) for number, _line in error.errors)
    return f"{kind} on line {lineno}." if lineno else f"{kind}."


def _parse_nested(value: str) -> dict[str, str] | None:
    nested: dict[str, str] = {}
    for raw_line in value.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        key, sep, item = line.partition("=")
        if not sep:
            return None
        nested[key.strip()] = item.strip()
    return nested


def _split_config_sections(
    sections: dict[str, Section],
) -> tuple[dict[str, Section], dict[str, Section], dict[str, Section]]:
    """Split a config file into profiles, ``[services NAME]`` and ``[sso-session NAME]``.

    Mirrors ``botocore.configloader.build_profile_map``: ``[default]`` and
    ``[profile NAME]`` are profiles (a later section of the same name wins).
    """
    profiles: dict[str, Section] = {}
    services: dict[str, Section] = {}
    sso_sessions: dict[str, Section] = {}
    for section_name, section in sections.items():
        if section_name.startswith("profile"):
            _add_named_section(profiles, section_name, section)
        elif section_name.startswith("sso-session"):
            _add_named_section(sso_sessions, section_name, section)
        elif section_name.startswith("services"):
            _add_named_section(services, section_name, section)
        elif section_name == "default":
            profiles["default"] = section
    return profiles, services, sso_sessions


def _add_named_section(into: dict[str, Section], section_name: str, section: Section) -> None:
    import shlex  # noqa: PLC0415 -- see _read_ini

    try:
        parts = shlex.split(section_name)
    except ValueError:
        return
    if len(parts) == 2:
        into[parts[1]] = section
