"""Values read from files and whole inputs: ``file://``, ``fileb://``, ``--cli-input-json|yaml``.

As the AWS CLI's ``paramfile`` and ``--cli-input-*`` arguments.
"""

from __future__ import annotations

import importlib
import json
import os
from typing import cast


class ParamError(Exception):
    """An option's value cannot be read, exit 252."""

    def __init__(self, flag: str, message: str) -> None:
        super().__init__(f"Error parsing parameter '{flag}': {message}")


class MissingDependencyError(Exception):
    """An optional dependency a chosen option needs is not installed, exit 252."""


def load_param_file(value: str) -> str | bytes | None:
    """The contents ``file://path`` (text) or ``fileb://path`` (bytes) names, else None."""
    for prefix, binary in (("file://", False), ("fileb://", True)):
        if value.startswith(prefix):
            path = os.path.expandvars(os.path.expanduser(value[len(prefix) :]))
            try:
                if binary:
                    with open(path, "rb") as stream:
                        return stream.read()
                with open(path, encoding="utf-8") as stream:
                    return stream.read()
            except UnicodeDecodeError:
                raise ValueError(
                    f"Unable to load paramfile ({path}), text contents could not be decoded. "
                    "If this is a binary file, please use the fileb:// prefix instead of "
                    "the file:// prefix."
                ) from None
            except OSError as exc:
                raise ValueError(f"Unable to load paramfile {value}: {exc}") from None
    return None


def load_value(name: str, raw: str) -> str | bytes:
    """``raw``, or the contents of the file a ``file://`` / ``fileb://`` value names."""
    try:
        loaded = load_param_file(raw)
    except ValueError as exc:
        raise ParamError(name, str(exc)) from None
    return raw if loaded is None else loaded


def text_value(name: str, value: str | bytes) -> str:
    """``value`` where only text will do (JSON, YAML, shorthand)."""
    if isinstance(value, bytes):
        raise ParamError(name, "fileb:// reads binary data; use file:// for text")
    return value


def load_cli_input(flag: str, raw: str) -> dict[str, object]:
    """The parameters of ``--cli-input-json`` / ``--cli-input-yaml`` (text or ``file://``)."""
    name = flag.removeprefix("--")
    text = text_value(name, load_value(name, raw))
    params = _load_yaml(name, text) if name == "cli-input-yaml" else _load_json_input(name, text)
    if not isinstance(params, dict):
        raise ParamError(name, f"Invalid type: expecting map, received {type(params)}")
    return cast("dict[str, object]", params)


def _load_json_input(name: str, text: str) -> object:
    try:
        return cast(object, json.loads(text))
    except ValueError:
        raise ParamError(name, "Invalid JSON received.") from None


def _load_yaml(name: str, text: str) -> object:
    """YAML through PyYAML, which is optional: it is looked up only when needed."""
    try:
        yaml = importlib.import_module("yaml")
    except ImportError:
        raise MissingDependencyError(
            "--cli-input-yaml needs PyYAML, which is not installed. Install it "
            "(pip install pyyaml) or pass the same parameters with --cli-input-json."
        ) from None
    try:
        return cast(object, yaml.safe_load(text))
    except yaml.YAMLError:
        raise ParamError(name, "Invalid YAML received.") from None
