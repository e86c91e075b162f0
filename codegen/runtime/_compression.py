"""Request compression, for operations with the ``requestcompression`` trait, as botocore does it.

Only packages with such an operation hold this module.

A body of at least ``request_min_compression_size_bytes`` (10240 by default,
1 to 1048576) is gzipped and sent with ``Content-Encoding: gzip``, unless
``disable_request_compression`` is set. Each setting is read like botocore
reads it: the client argument, then ``AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES``
/ ``AWS_DISABLE_REQUEST_COMPRESSION``, then the profile's key of the same name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from ._credential_types import Environment
from ._exceptions import ConfigurationError
from ._profile_files import Profile, Sourced, load_profile

__all__ = ["DEFAULT_MIN_SIZE", "CompressionSettings", "resolve_compression", "settings_from"]

DEFAULT_MIN_SIZE = 10240
_MIN_SIZE_RANGE = (1, 1048576)


@attrs.frozen
class CompressionSettings:
    """When a compressible operation gzips its body."""

    min_size: int = DEFAULT_MIN_SIZE
    disabled: bool = False

    def applies(self, body: bytes) -> bool:
        return not self.disabled and len(body) >= self.min_size

    def compress(self, body: bytes) -> bytes:
        import gzip  # noqa: PLC0415 -- only large bodies of some operations get here

        return gzip.compress(body)


def resolve_compression(
    min_size: int | None,
    disabled: bool | None,
    profile: str | None,
    environ: Mapping[str, str] | None = None,
) -> CompressionSettings:
    """The settings from the client's arguments, the environment and the profile.

    ``profile`` is the client's argument: the profile is selected as for every
    other setting. ``environ`` defaults to ``os.environ``.
    """
    env = Environment(os.environ if environ is None else environ)  # its repr hides values
    return settings_from(min_size, disabled, env, load_profile(profile or None, env))


def settings_from(
    min_size: int | None, disabled: bool | None, env: Mapping[str, str], profile: Profile
) -> CompressionSettings:
    """The settings from the arguments, ``env`` and the selected ``profile``."""
    return CompressionSettings(
        min_size=_min_size(min_size, env, profile),
        disabled=_disabled(disabled, env, profile),
    )


def _setting(
    env: Mapping[str, str], variable: str, key: str, profile: Profile
) -> Sourced[str] | None:
    value = env.get(variable)
    if value:
        return Sourced(value, f"environment variable {variable}")
    return profile.get(key)


def _min_size(explicit: int | None, env: Mapping[str, str], profile: Profile) -> int:
    lo, hi = _MIN_SIZE_RANGE
    if explicit is not None:
        value, source = explicit, "argument request_min_compression_size_bytes"
        valid = type(explicit) is int  # bool is an int subclass
    else:
        found = _setting(
            env,
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
            "request_min_compression_size_bytes",
            profile,
        )
        if found is None:
            return DEFAULT_MIN_SIZE
        source = found.source
        valid = found.value.strip().isdigit()
        value = int(found.value) if valid else 0
    if not valid or not lo <= value <= hi:
        raise ConfigurationError(
            f"request_min_compression_size_bytes from {source} must be an integer "
            f"between {lo} and {hi}."
        )
    return value


def _disabled(explicit: bool | None, env: Mapping[str, str], profile: Profile) -> bool:
    if explicit is not None:
        return explicit
    found = _setting(env, "AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression", profile)
    # botocore.utils.ensure_boolean: anything but "true" is false.
    return found is not None and found.value.lower() == "true"
