"""Client configuration, resolved the way the AWS CLI and boto3 (botocore) resolve it.

Every setting is looked up in the same order as botocore: an explicit argument,
then environment variables, then the selected profile of the shared config
files (read by ``_profile_files.py``). Credentials come from
``_credentials.py``'s chain, resolved at the first call.

Conventions that differ from botocore only in corner cases:

* a variable set to the empty string counts as unset (an argument set to the
  empty string is an error, as ``endpoint_url=""`` is in boto3);
* ``AWS_REGION`` is honoured before ``AWS_DEFAULT_REGION`` (as in the AWS CLI v2
  and the other SDKs; botocore reads only ``AWS_DEFAULT_REGION``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import cast
from urllib.parse import urlsplit

import attrs

from ._credential_types import Credentials, CredentialsProvider, Environment
from ._credentials import credentials_provider
from ._exceptions import ConfigurationError, InvalidEndpointError
from ._profile_files import Profile, Sourced, load_profile
from ._retries import DEFAULT_MAX_ATTEMPTS, RETRY_MODES, RetryMode

__all__ = [
    "Credentials",
    "CredentialsProvider",
    "ResolvedConfig",
    "checked_timeout",
    "resolve_config",
]

ACCOUNT_ID_ENDPOINT_MODES = ("preferred", "disabled", "required")

# botocore.utils.validate_region_name: a region is used as a host label. Matched
# whole (fullmatch): "$" would also match before a trailing newline.
_REGION_RE = re.compile(r"(?![0-9]+\Z)(?!-)[a-zA-Z0-9-]{,63}(?<!-)")
# botocore.utils.is_valid_endpoint_url: dot-separated DNS labels.
_HOSTNAME_RE = re.compile(
    r"((?!-)[A-Z\d-]{1,63}(?<!-)\.)*((?!-)[A-Z\d-]{1,63}(?<!-))", re.IGNORECASE
)


@attrs.frozen
class ResolvedConfig:
    """Everything the client needs, resolved once when it is created.

    ``credentials`` is called before every request; it raises
    ``NoCredentialsError`` when nothing is configured. ``region`` is the real
    region: a FIPS pseudo-region (``fips-us-gov-west-1``, ``us-east-1-fips``)
    becomes its region with ``use_fips`` on, as in botocore.
    """

    region: str | None
    endpoint_url: str | None
    use_fips: bool
    use_dualstack: bool
    max_attempts: int
    credentials: CredentialsProvider
    profile: str | None
    account_id_endpoint_mode: str = "preferred"
    inject_host_prefix: bool = True
    # --- transport settings (TLS, retries, user agent) ---
    retry_mode: RetryMode = "standard"
    verify: bool | str = True
    """False, or the CA bundle file to verify with; True: requests' default bundle."""
    user_agent_appid: str | None = None


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
    account_id_endpoint_mode: str | None = None,
    inject_host_prefix: bool | None = None,
    retry_mode: str | None = None,
    verify: bool | str = True,
    user_agent_appid: str | None = None,
) -> ResolvedConfig:
    """Resolve the client configuration from arguments, environment and files.

    ``service_env_name`` is the suffix of the service's endpoint variable
    (``AWS_ENDPOINT_URL_<service_env_name>``) and ``service_config_key`` its key
    in a ``[services NAME]`` section of the config file.  ``environ`` defaults
    to ``os.environ``.  Raises ``ConfigurationError`` (or a subclass) for a
    missing named profile or an invalid setting; credentials are resolved
    later, on first use.
    """
    # Values hidden from reprs: tracebacks with locals never print a secret variable.
    env = Environment(os.environ if environ is None else environ)
    # profile="" is refused as boto3 refuses it (ProfileNotFound), not read as unset.
    selected = load_profile(profile, env)
    resolved_region, fips_region = _resolve_region(region or None, env, selected)
    mode = _resolve_retry_mode(retry_mode, env, selected)
    return ResolvedConfig(
        region=resolved_region,
        endpoint_url=_resolve_endpoint_url(
            endpoint_url, env, selected, service_env_name, service_config_key
        ),
        use_fips=fips_region
        or _resolve_bool(use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", env, selected),
        use_dualstack=_resolve_bool(
            use_dualstack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", env, selected
        ),
        max_attempts=_resolve_max_attempts(max_attempts, env, selected, mode),
        credentials=credentials_provider(
            credentials,
            env,
            selected,
            resolved_region,
            lambda service_env_name, service_config_key: configured_endpoint_url(
                env, selected, service_env_name, service_config_key
            ),
        ),
        profile=selected.name,
        account_id_endpoint_mode=_resolve_account_id_endpoint_mode(
            account_id_endpoint_mode, env, selected
        ),
        inject_host_prefix=not _resolve_bool(
            None if inject_host_prefix is None else not inject_host_prefix,
            "AWS_DISABLE_HOST_PREFIX_INJECTION",
            "disable_host_prefix_injection",
            env,
            selected,
        ),
        retry_mode=mode,
        verify=_resolve_verify(verify, env, selected),
        user_agent_appid=_resolve_user_agent_appid(user_agent_appid, env, selected),
    )


# --- individual settings --------------------------------------------------------


def _first_env(env: Mapping[str, str], *names: str) -> Sourced[str] | None:
    for name in names:
        value = env.get(name)
        if value:
            return Sourced(value, f"environment variable {name}")
    return None


def _configured(
    explicit: str | None,
    argument: str,
    env: Mapping[str, str],
    profile: Profile,
    *,
    variables: tuple[str, ...],
    key: str,
) -> Sourced[str] | None:
    """botocore's order for a setting: the client's argument, the environment, the profile."""
    if explicit is not None:
        return Sourced(explicit, f"argument {argument}")
    return _first_env(env, *variables) or profile.get(key)


def _resolve_region(
    region: str | None, env: Mapping[str, str], profile: Profile
) -> tuple[str | None, bool]:
    """The region, and whether it was a FIPS pseudo-region (which turns FIPS on)."""
    found = _configured(
        region, "region", env, profile, variables=("AWS_REGION", "AWS_DEFAULT_REGION"), key="region"
    )
    if found is None:
        return None, False
    # botocore.client._normalize_fips_region, before the region is checked.
    real = found.value.replace("fips-", "").replace("-fips", "")
    if not _REGION_RE.fullmatch(real):
        raise ConfigurationError(
            f"The region from {found.source} is not a valid region name "
            "(expected e.g. 'us-east-1')."
        )
    return real, real != found.value


def _resolve_bool(
    explicit: bool | None,
    variable: str,
    key: str,
    env: Mapping[str, str],
    profile: Profile,
) -> bool:
    if explicit is not None:
        return explicit
    found = _first_env(env, variable) or profile.get(key)
    # botocore.utils.ensure_boolean: anything but "true" is false.
    return found is not None and found.value.lower() == "true"


def _resolve_account_id_endpoint_mode(
    explicit: str | None, env: Mapping[str, str], profile: Profile
) -> str:
    found = _configured(
        explicit,
        "account_id_endpoint_mode",
        env,
        profile,
        variables=("AWS_ACCOUNT_ID_ENDPOINT_MODE",),
        key="account_id_endpoint_mode",
    )
    if found is None:
        return "preferred"
    mode = found.value.lower()
    if mode not in ACCOUNT_ID_ENDPOINT_MODES:
        raise ConfigurationError(
            f"account_id_endpoint_mode from {found.source} must be one of "
            f"{', '.join(ACCOUNT_ID_ENDPOINT_MODES)}."
        )
    return mode


def _resolve_max_attempts(
    explicit: int | None, env: Mapping[str, str], profile: Profile, mode: RetryMode
) -> int:
    if explicit is not None:
        if type(explicit) is not int or explicit < 1:  # bool is an int subclass
            raise ConfigurationError("max_attempts must be an integer >= 1.")
        return explicit
    found = _first_env(env, "AWS_MAX_ATTEMPTS") or profile.get("max_attempts")
    if found is None:
        return DEFAULT_MAX_ATTEMPTS[mode]
    text = found.value.strip()
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise ConfigurationError(f"max_attempts from {found.source} must be an integer >= 1.")
    return int(text)


def _resolve_endpoint_url(
    explicit: str | None,
    env: Mapping[str, str],
    profile: Profile,
    service_env_name: str,
    service_config_key: str,
) -> str | None:
    if explicit is not None:
        return _checked_endpoint_url(Sourced(explicit, "argument endpoint_url"))
    if _ignore_configured_endpoint_urls(env, profile):
        return None
    found = (
        _first_env(env, f"AWS_ENDPOINT_URL_{service_env_name}", "AWS_ENDPOINT_URL")
        or _services_endpoint_url(profile, service_config_key)
        or profile.get("endpoint_url")
    )
    return None if found is None else _checked_endpoint_url(found)


def configured_endpoint_url(
    env: Mapping[str, str], profile: Profile, service_env_name: str, service_config_key: str
) -> str | None:
    """The endpoint URL configured for another service, if any (STS and SSO, for credentials)."""
    return _resolve_endpoint_url(None, env, profile, service_env_name, service_config_key)


def _ignore_configured_endpoint_urls(env: Mapping[str, str], profile: Profile) -> bool:
    return _resolve_bool(
        None,
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "ignore_configured_endpoint_urls",
        env,
        profile,
    )


def _services_endpoint_url(profile: Profile, service_config_key: str) -> Sourced[str] | None:
    found = profile.services_section()
    if found is None:
        return None
    service = found.value.get(service_config_key)
    if service is None:
        return None
    if not isinstance(service, dict):
        raise ConfigurationError(
            f"{service_config_key!r} in {found.source} must be a nested block "
            f"(e.g. '{service_config_key} =' followed by indented 'endpoint_url = ...')."
        )
    url = service.get("endpoint_url")
    if not url:
        return None
    return Sourced(url, f"'endpoint_url' for {service_config_key} in {found.source}")


def _checked_endpoint_url(url: Sourced[str]) -> str:
    problem = _endpoint_url_problem(url.value)
    if problem is not None:
        # The URL itself is not echoed: it may carry a user name or password.
        raise InvalidEndpointError(
            f"The endpoint URL from {url.source} is not valid: {problem}. "
            "Expected an http:// or https:// URL with a host, e.g. https://localhost:9229."
        )
    return url.value


def _endpoint_url_problem(url: str) -> str | None:
    """Describe why ``url`` is not a usable endpoint URL, or return None."""
    if not url:
        return "it is empty"
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
    return len(hostname) <= 255 and _HOSTNAME_RE.fullmatch(hostname) is not None


# --- transport settings: TLS, retries, timeouts, user agent -----------------------

_MAX_TIMEOUT = 365 * 24 * 3600.0  # what the command line's "0: no timeout" becomes
# botocore.useragent: characters allowed in a User-Agent component; others become "-".
_USER_AGENT_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$%&'*+-.^_`|~,#"
)


def _resolve_retry_mode(
    explicit: str | None, env: Mapping[str, str], profile: Profile
) -> RetryMode:
    """botocore's ``retry_mode``: argument, ``AWS_RETRY_MODE``, the profile; default standard."""
    found = _configured(
        explicit, "retry_mode", env, profile, variables=("AWS_RETRY_MODE",), key="retry_mode"
    )
    if found is None:
        return "standard"
    for mode in RETRY_MODES:
        if found.value == mode:
            return mode
    raise ConfigurationError(
        f"retry_mode from {found.source} must be one of {', '.join(RETRY_MODES)}, "
        f"not {found.value!r}."
    )


def _resolve_verify(explicit: bool | str, env: Mapping[str, str], profile: Profile) -> bool | str:
    """TLS verification: ``False``, or the CA bundle to trust (True: requests' default).

    As botocore: a ``verify`` path wins, then ``AWS_CA_BUNDLE``, then the
    profile's ``ca_bundle`` (a True ``verify`` does not hide those two, unlike
    botocore's, which cannot be told apart from our default). A bundle that
    does not exist is refused now rather than at the first call.
    """
    if explicit is False:
        return False
    if isinstance(explicit, str):
        found: Sourced[str] | None = Sourced(explicit, "argument verify")
    elif explicit is True:
        found = _first_env(env, "AWS_CA_BUNDLE") or profile.get("ca_bundle")
    else:
        raise ConfigurationError(
            f"verify must be True, False or the path of a CA bundle, not {type(explicit).__name__}."
        )
    if found is None:
        return True
    path = os.path.expanduser(found.value)
    if not os.path.exists(path):
        raise ConfigurationError(f"The CA bundle from {found.source} does not exist: {path!r}.")
    return path


def _resolve_user_agent_appid(
    explicit: str | None, env: Mapping[str, str], profile: Profile
) -> str | None:
    """botocore's app id (``app/<id>`` in the User-Agent), its disallowed characters as ``-``.

    The argument wins, then ``AWS_SDK_UA_APP_ID``, then the profile's ``sdk_ua_app_id``.
    """
    if explicit is None:
        found = _first_env(env, "AWS_SDK_UA_APP_ID") or profile.get("sdk_ua_app_id")
        explicit = None if found is None else found.value
    elif not isinstance(explicit, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise ConfigurationError(
            f"user_agent_appid must be a string, not {type(explicit).__name__}."
        )
    if not explicit:
        return None
    return "".join(c if c in _USER_AGENT_CHARACTERS else "-" for c in explicit)


def checked_timeout(timeout: object) -> tuple[float, float]:
    """``(connect, read)`` seconds from ``timeout``; refuses what urllib3 would, and more.

    One number sets both. Each must be a number of seconds above 0 and at most
    a year: booleans, strings, NaN and infinity are refused when the client is
    created instead of failing every attempt of every call.
    """
    values: tuple[object, ...] = (
        cast("tuple[object, ...]", timeout) if isinstance(timeout, tuple) else (timeout, timeout)
    )
    if len(values) != 2:
        raise ConfigurationError(
            "timeout must be a number of seconds or a (connect, read) pair, "
            f"not a tuple of {len(values)}."
        )
    connect = _checked_seconds("connect", values[0])
    read = _checked_seconds("read", values[1])
    return connect, read


def _checked_seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            f"The {name} timeout must be a number of seconds, not {type(value).__name__}."
        )
    if not 0 < value <= _MAX_TIMEOUT:  # also false for NaN
        raise ConfigurationError(
            f"The {name} timeout must be more than 0 and at most {_MAX_TIMEOUT:.0f} seconds "
            f"(a year), not {value!r}."
        )
    return float(value)
