"""Client configuration, resolved the way the AWS CLI and boto3 (botocore) resolve it.

Every setting is looked up in the same order as botocore: an explicit argument,
then environment variables, then the selected profile of the shared config
files (``~/.aws/config`` and ``~/.aws/credentials``).  Only static credentials
are supported; profiles that get credentials some other way (SSO, assume role,
web identity, ``credential_process``) produce an error that says so rather than
silently falling through to different credentials.

Conventions that differ from botocore only in corner cases:

* a variable or argument set to the empty string counts as unset;
* ``AWS_REGION`` is honoured before ``AWS_DEFAULT_REGION`` (as in the AWS CLI v2
  and the other SDKs; botocore reads only ``AWS_DEFAULT_REGION``);
* a half-configured credentials source (a secret without a key id) is an
  error, where botocore would skip it and try the next source.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urlsplit

import attrs

from ._exceptions import ConfigurationError, InvalidEndpointError, NoCredentialsError

if TYPE_CHECKING:
    import configparser

__all__ = ["Credentials", "CredentialsProvider", "ResolvedConfig", "resolve_config"]

DEFAULT_MAX_ATTEMPTS = 3

# One INI section.  botocore reads an indented block under an empty key
# (``s3 =\n  addressing_style = path``) as a nested mapping.
_Section: TypeAlias = dict[str, str | dict[str, str]]

# botocore.utils.validate_region_name: a region is used as a host label.
_REGION_RE = re.compile(r"^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$")
# botocore.utils.is_valid_endpoint_url: dot-separated DNS labels.
_HOSTNAME_RE = re.compile(
    r"^((?!-)[A-Z\d-]{1,63}(?<!-)\.)*((?!-)[A-Z\d-]{1,63}(?<!-))$", re.IGNORECASE
)
_ENV_REFERENCE_RE = re.compile(r"\$(\w+|\{[^}]*\})")

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

    def __repr__(self) -> str:
        token = "None" if self.session_token is None else "'<hidden>'"
        return (
            f"Credentials(access_key_id={_mask(self.access_key_id)!r}, "
            f"secret_access_key='<hidden>', session_token={token})"
        )

    __str__ = __repr__


CredentialsProvider: TypeAlias = Callable[[], Credentials]


@attrs.frozen
class ResolvedConfig:
    """Everything the client needs, resolved once when it is created.

    ``credentials`` is called before every request; it raises
    ``NoCredentialsError`` when nothing is configured.
    """

    region: str | None
    endpoint_url: str | None
    use_fips: bool
    use_dualstack: bool
    max_attempts: int
    credentials: CredentialsProvider
    profile: str | None


def resolve_config(
    *,
    region: str | None,
    profile: str | None,
    credentials: Credentials | CredentialsProvider | None,
    endpoint_url: str | None,
    use_fips: bool | None,
    use_dualstack: bool | None,
    max_attempts: int | None,
    service_env_name: str,
    service_config_key: str,
    environ: Mapping[str, str] | None = None,
) -> ResolvedConfig:
    """Resolve the client configuration from arguments, environment and files.

    ``service_env_name`` is the suffix of the service's endpoint variable
    (``AWS_ENDPOINT_URL_<service_env_name>``) and ``service_config_key`` its key
    in a ``[services NAME]`` section of the config file.  ``environ`` defaults
    to ``os.environ``.  Raises ``ConfigurationError`` (or a subclass) for a
    missing named profile or an invalid setting; credentials are resolved
    later, on first use.
    """
    env = os.environ if environ is None else environ
    settings = _load_profile(profile or None, env)
    return ResolvedConfig(
        region=_resolve_region(region or None, env, settings),
        endpoint_url=_resolve_endpoint_url(
            endpoint_url or None, env, settings, service_env_name, service_config_key
        ),
        use_fips=_resolve_bool(
            use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", env, settings
        ),
        use_dualstack=_resolve_bool(
            use_dualstack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", env, settings
        ),
        max_attempts=_resolve_max_attempts(max_attempts, env, settings),
        credentials=_credentials_provider(credentials, env, settings),
        profile=settings.name,
    )


# --- credentials -------------------------------------------------------------


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

    def __init__(self, env: Mapping[str, str], settings: _ProfileSettings) -> None:
        self._env = env
        self._settings = settings
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
        return f"DefaultCredentialChain(profile={self._settings.name!r})"

    def _resolve(self) -> Credentials:
        settings = self._settings
        # As in botocore, an explicitly chosen profile overrides the
        # environment's keys (a profile from AWS_PROFILE does not).
        if not settings.explicit:
            found = _credentials_from_env(self._env)
            if found is not None:
                return found
        self._reject_unsupported_source(settings.sources_before_static_keys(self._env))
        found = _credentials_from_section(
            settings.credentials_section,
            f"the [{settings.name}] section of {settings.credentials_path}",
        )
        if found is not None:
            return found
        self._reject_unsupported_source(settings.sources_between_files())
        found = _credentials_from_section(
            settings.config_section, f"profile {settings.name!r} in {settings.config_path}"
        )
        if found is not None:
            return found
        raise NoCredentialsError(self._nothing_found_message())

    def _reject_unsupported_source(self, source: str | None) -> None:
        if source is not None:
            import shlex  # noqa: PLC0415 -- error path only; see _read_ini

            hint = _EXPORT_HINT.format(profile=shlex.quote(self._settings.name))
            raise NoCredentialsError(
                f"The credentials for profile {self._settings.name!r} come from {source}, "
                f"which this lightweight client does not support. {hint}"
            )

    def _nothing_found_message(self) -> str:
        settings = self._settings
        lines = [
            "Unable to locate credentials. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(plus AWS_SESSION_TOKEN for temporary credentials), add aws_access_key_id and "
            f"aws_secret_access_key to the [{settings.name}] section of "
            f"{settings.credentials_path}, or pass credentials= to the client."
        ]
        if settings.explicit and self._env.get("AWS_ACCESS_KEY_ID"):
            lines.append(
                f"AWS_ACCESS_KEY_ID is ignored because profile {settings.name!r} was "
                "passed explicitly (as boto3 does)."
            )
        if any(
            self._env.get(f"AWS_CONTAINER_CREDENTIALS_{k}") for k in ("RELATIVE_URI", "FULL_URI")
        ):
            lines.append("Container credentials (AWS_CONTAINER_CREDENTIALS_*) are not supported.")
        return " ".join(lines)


def _credentials_provider(
    credentials: Credentials | CredentialsProvider | None,
    env: Mapping[str, str],
    settings: _ProfileSettings,
) -> CredentialsProvider:
    if isinstance(credentials, Credentials):
        return _StaticCredentials(credentials)
    if credentials is None:
        return _DefaultCredentialChain(env, settings)
    if callable(credentials):
        return credentials
    raise ConfigurationError("credentials must be a Credentials or a callable returning one")


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
    return Credentials(key_id, secret, token)


def _credentials_from_section(section: _Section, where: str) -> Credentials | None:
    key_id = _str_value(section, "aws_access_key_id", where)
    secret = _str_value(section, "aws_secret_access_key", where)
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
        _str_value(section, "aws_security_token", where)
        or _str_value(section, "aws_session_token", where)
        or None
    )
    return Credentials(key_id, secret, token)


# --- profiles and files --------------------------------------------------------


@attrs.frozen
class _ProfileSettings:
    """The selected profile: its sections from both files and where they came from.

    Settings other than static credentials are looked up in the credentials
    file's section first, then the config file's, as botocore merges them.
    """

    name: str
    explicit: bool  # passed as an argument rather than taken from the environment
    config_path: str
    credentials_path: str
    config_section: _Section = attrs.field(repr=False)
    credentials_section: _Section = attrs.field(repr=False)
    services: dict[str, _Section] = attrs.field(repr=False)

    def get(self, key: str) -> tuple[str, str] | None:
        """Return ``(value, description of where it was set)`` for a key, if set."""
        for section, where in (
            (self.credentials_section, f"the [{self.name}] section of {self.credentials_path}"),
            (self.config_section, f"profile {self.name!r} in {self.config_path}"),
        ):
            value = _str_value(section, key, where)
            if value:
                return value, f"{key!r} of {where}"
        return None

    def has(self, key: str) -> bool:
        return key in self.credentials_section or key in self.config_section

    def services_section(self) -> tuple[_Section, str] | None:
        """The ``[services NAME]`` section the profile points to, if any."""
        found = self.get("services")
        if found is None:
            return None
        name, where = found
        section = self.services.get(name)
        if section is None:
            raise ConfigurationError(
                f"{where} refers to [services {name}], which does not exist in {self.config_path}."
            )
        return section, f"the [services {name}] section of {self.config_path}"

    def sources_before_static_keys(self, env: Mapping[str, str]) -> str | None:
        """An unsupported source botocore would use before the credentials file."""
        if self.has("role_arn") and not self.has("web_identity_token_file"):
            return "role_arn (assume role)"
        if not self.explicit and env.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
            return "AWS_WEB_IDENTITY_TOKEN_FILE (web identity)"
        if self.has("web_identity_token_file"):
            return "web_identity_token_file (web identity)"
        sso_key = next((key for key in _SSO_KEYS if self.has(key)), None)
        if sso_key is not None:
            return f"{sso_key} (IAM Identity Center / SSO)"
        return None

    def sources_between_files(self) -> str | None:
        """An unsupported source botocore would use before the config file's keys."""
        if self.has("login_session"):
            return "login_session (aws login)"
        if self.has("credential_process"):
            return "credential_process"
        return None


def _load_profile(profile: str | None, env: Mapping[str, str]) -> _ProfileSettings:
    # botocore checks AWS_DEFAULT_PROFILE before AWS_PROFILE.
    name, source = profile, "argument profile"
    for variable in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE"):
        if name is None and env.get(variable):
            name, source = env[variable], f"environment variable {variable}"

    config_path = _expand_path(env.get("AWS_CONFIG_FILE") or "~/.aws/config", env)
    credentials_path = _expand_path(
        env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials", env
    )
    profiles, services = _split_config_sections(_read_ini(config_path))
    credential_sections = _read_ini(credentials_path)

    if name is not None and name not in profiles and name not in credential_sections:
        raise ConfigurationError(
            f"The profile {name!r} (from {source}) was not found in {config_path} "
            f"(as [profile {name}]) or in {credentials_path} (as [{name}])."
        )
    name = name or "default"
    return _ProfileSettings(
        name=name,
        explicit=profile is not None,
        config_path=config_path,
        credentials_path=credentials_path,
        config_section=profiles.get(name, {}),
        credentials_section=credential_sections.get(name, {}),
        services=services,
    )


def _expand_path(path: str, env: Mapping[str, str]) -> str:
    """Expand ``$VARS`` and ``~`` like botocore, but from ``env``."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1).strip("{}")
        return env.get(name, match.group(0))

    path = _ENV_REFERENCE_RE.sub(substitute, path)
    home = env.get("HOME")
    if home and (path == "~" or path.startswith("~/")):
        return home + path[1:]
    return os.path.expanduser(path)


def _read_ini(path: str) -> dict[str, _Section]:
    """Parse an INI file as botocore's ``raw_config_parse`` does; missing is empty."""
    if not os.path.isfile(path):
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
    sections: dict[str, _Section] = {}
    for section_name in parser.sections():
        section: _Section = {}
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
    sections: dict[str, _Section],
) -> tuple[dict[str, _Section], dict[str, _Section]]:
    """Split a config file into profiles and ``[services NAME]`` sections.

    Mirrors ``botocore.configloader.build_profile_map``: ``[default]`` and
    ``[profile NAME]`` are profiles (a later section of the same name wins).
    """
    profiles: dict[str, _Section] = {}
    services: dict[str, _Section] = {}
    for section_name, section in sections.items():
        if section_name.startswith("profile"):
            _add_named_section(profiles, section_name, section)
        elif section_name.startswith("services"):
            _add_named_section(services, section_name, section)
        elif section_name == "default":
            profiles["default"] = section
    return profiles, services


def _add_named_section(into: dict[str, _Section], section_name: str, section: _Section) -> None:
    import shlex  # noqa: PLC0415 -- see _read_ini

    try:
        parts = shlex.split(section_name)
    except ValueError:
        return
    if len(parts) == 2:
        into[parts[1]] = section


def _str_value(section: _Section, key: str, where: str) -> str | None:
    value = section.get(key)
    if isinstance(value, dict):
        raise ConfigurationError(f"{key!r} in {where} must be a single value, not a nested block.")
    return value


# --- individual settings --------------------------------------------------------


def _first_env(env: Mapping[str, str], *names: str) -> tuple[str, str] | None:
    for name in names:
        value = env.get(name)
        if value:
            return value, f"environment variable {name}"
    return None


def _resolve_region(
    region: str | None, env: Mapping[str, str], settings: _ProfileSettings
) -> str | None:
    found = (
        (region, "argument region")
        if region is not None
        else _first_env(env, "AWS_REGION", "AWS_DEFAULT_REGION") or settings.get("region")
    )
    if found is None:
        return None
    value, source = found
    if not _REGION_RE.match(value):
        raise ConfigurationError(
            f"The region from {source} is not a valid region name (expected e.g. 'us-east-1')."
        )
    return value


def _resolve_bool(
    explicit: bool | None,
    variable: str,
    key: str,
    env: Mapping[str, str],
    settings: _ProfileSettings,
) -> bool:
    if explicit is not None:
        return explicit
    found = _first_env(env, variable) or settings.get(key)
    # botocore.utils.ensure_boolean: anything but "true" is false.
    return found is not None and found[0].lower() == "true"


def _resolve_max_attempts(
    explicit: int | None, env: Mapping[str, str], settings: _ProfileSettings
) -> int:
    if explicit is not None:
        if type(explicit) is not int or explicit < 1:  # bool is an int subclass
            raise ConfigurationError("max_attempts must be an integer >= 1.")
        return explicit
    found = _first_env(env, "AWS_MAX_ATTEMPTS") or settings.get("max_attempts")
    if found is None:
        return DEFAULT_MAX_ATTEMPTS
    value, source = found
    text = value.strip()
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise ConfigurationError(f"max_attempts from {source} must be an integer >= 1.")
    return int(text)


def _resolve_endpoint_url(
    explicit: str | None,
    env: Mapping[str, str],
    settings: _ProfileSettings,
    service_env_name: str,
    service_config_key: str,
) -> str | None:
    if explicit is not None:
        return _checked_endpoint_url(explicit, "argument endpoint_url")
    if _ignore_configured_endpoint_urls(env, settings):
        return None
    found = _first_env(env, f"AWS_ENDPOINT_URL_{service_env_name}", "AWS_ENDPOINT_URL")
    if found is None:
        found = _services_endpoint_url(settings, service_config_key)
    if found is None:
        found = settings.get("endpoint_url")
    if found is None:
        return None
    return _checked_endpoint_url(*found)


def _ignore_configured_endpoint_urls(env: Mapping[str, str], settings: _ProfileSettings) -> bool:
    found = _first_env(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") or settings.get(
        "ignore_configured_endpoint_urls"
    )
    return found is not None and found[0].lower() == "true"


def _services_endpoint_url(
    settings: _ProfileSettings, service_config_key: str
) -> tuple[str, str] | None:
    found = settings.services_section()
    if found is None:
        return None
    section, where = found
    service = section.get(service_config_key)
    if service is None:
        return None
    if not isinstance(service, dict):
        raise ConfigurationError(
            f"{service_config_key!r} in {where} must be a nested block "
            f"(e.g. '{service_config_key} =' followed by indented 'endpoint_url = ...')."
        )
    url = service.get("endpoint_url")
    return (url, f"'endpoint_url' for {service_config_key} in {where}") if url else None


def _checked_endpoint_url(url: str, source: str) -> str:
    problem = _endpoint_url_problem(url)
    if problem is not None:
        # The URL itself is not echoed: it may carry a user name or password.
        raise InvalidEndpointError(
            f"The endpoint URL from {source} is not valid: {problem}. "
            "Expected an http:// or https:// URL with a host, e.g. https://localhost:9229."
        )
    return url


def _endpoint_url_problem(url: str) -> str | None:
    """Describe why ``url`` is not a usable endpoint URL, or return None."""
    if any(char.isspace() or not char.isprintable() for char in url):
        return "it contains whitespace or control characters"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return "it cannot be parsed as a URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "the scheme is not http or https"
    if parts.username is not None or parts.password is not None:
        return "it contains a user name or password"
    hostname = parts.hostname
    if not hostname:
        return "it has no host"
    if not _is_valid_host(hostname, bracketed=parts.netloc.startswith("[")):
        return "the host is not a valid DNS name or IP address"
    return None


def _is_valid_host(hostname: str, *, bracketed: bool) -> bool:
    if bracketed:
        import ipaddress  # noqa: PLC0415 -- rarely needed, keep the import cheap

        try:
            ipaddress.IPv6Address(hostname.split("%", 1)[0])
        except ValueError:
            return False
        return True
    hostname = hostname.removesuffix(".")
    return len(hostname) <= 255 and _HOSTNAME_RE.match(hostname) is not None
