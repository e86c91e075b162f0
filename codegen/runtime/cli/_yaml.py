"""``--output yaml`` and ``yaml-stream``, written as the AWS CLI v2 writes them, with PyYAML.

The AWS CLI v2 dumps with ruamel.yaml's safe dumper in block style: keys
sorted, non-ASCII characters kept, YAML 1.2 scalars (``yes`` and ``off`` are
plain strings, ``1e3`` is a number and so is quoted when it is a string),
multi-line strings double-quoted. PyYAML's safe dumper speaks YAML 1.1, so the
resolver and the choice of quotes are adjusted to print the same text. A
top-level scalar (a ``--query`` result) is printed as JSON, as the AWS CLI does.

PyYAML is imported only when one of these formats is chosen, and never for
the type checker: a project without PyYAML or its stubs checks cleanly too.
"""

from __future__ import annotations

import importlib
import json
import re
from typing import Any, Protocol, TextIO

from ._paramfile import MissingDependencyError

# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars: (tag, pattern, first characters).
_YAML_1_2_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
        r"|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    (
        "int",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),  # and the empty string: see _dumper_class
    (
        "timestamp",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "0123456789",
    ),
    ("value", r"^(?:=)$", "="),
    ("yaml", r"^(?:!|&|\*)$", "!&*"),
)


def require_pyyaml(option: str) -> None:
    """Raise MissingDependencyError naming ``option`` if PyYAML is not installed."""
    try:
        importlib.import_module("yaml")
    except ImportError:
        raise MissingDependencyError(
            f"{option} needs PyYAML, which is not installed. Install it (pip install pyyaml, "
            "or the package's [cli] extra) or choose another --output."
        ) from None


class _Dumper(Protocol):
    """What ``dump_yaml`` calls on PyYAML's dumper."""

    def open(self) -> None: ...
    def represent(self, data: object) -> None: ...
    def close(self) -> None: ...
    def dispose(self) -> None: ...


class _DumperClass(Protocol):
    def __call__(
        self, stream: TextIO, *, default_flow_style: bool, allow_unicode: bool, sort_keys: bool
    ) -> _Dumper: ...


def _dumper_class(option: str) -> _DumperClass:
    """A safe dumper that writes what ruamel.yaml's safe dumper writes."""
    require_pyyaml(option)
    # PyYAML's classes are Any here (the module is imported at run time only),
    # so the subclass is made with type() rather than a class statement.
    yaml = importlib.import_module("yaml")
    safe_dumper: Any = yaml.SafeDumper

    def choose_scalar_style(self: Any) -> str:
        style: str = safe_dumper.choose_scalar_style(self)
        event = self.event
        if style == "'" and isinstance(event, yaml.ScalarEvent) and "\n" in event.value:
            return '"'  # ruamel.yaml double-quotes multi-line strings
        return style

    namespace: dict[str, object] = {
        "choose_scalar_style": choose_scalar_style,
        "yaml_implicit_resolvers": {},
    }
    dumper: Any = type("Dumper", (safe_dumper,), namespace)
    for tag, pattern, first in _YAML_1_2_RESOLVERS:
        firsts = [*first, ""] if tag == "null" else list(first)
        dumper.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), firsts)
    dumper_class: _DumperClass = dumper
    return dumper_class


def dump_yaml(value: object, stream: TextIO, option: str) -> None:
    """``value`` as the AWS CLI v2 writes it; ``option`` is named if PyYAML is missing."""
    dumper_class = _dumper_class(option)
    if not _is_collection(value):
        stream.write(json.dumps(value, ensure_ascii=False) + "\n")
        return
    # What yaml.dump does, with this dumper.
    dumper = dumper_class(stream, default_flow_style=False, allow_unicode=True, sort_keys=True)
    try:
        dumper.open()
        dumper.represent(value)
        dumper.close()
    finally:
        dumper.dispose()


def _is_collection(value: object) -> bool:
    """A mapping or list (YAML), not a scalar (JSON); kept ``object`` for the dumper."""
    return isinstance(value, dict | list)
