"""``--output yaml`` and ``yaml-stream``, written as the AWS CLI v2 writes them, with PyYAML.

The AWS CLI v2 dumps with ruamel.yaml's safe dumper in block style: keys
sorted, non-ASCII characters kept, YAML 1.2 scalars (``yes`` and ``off`` are
plain strings, ``1e3`` is a number and so is quoted when it is a string),
multi-line strings double-quoted. PyYAML's safe dumper speaks YAML 1.1, so the
resolver and the choice of quotes are adjusted to print the same text. A
top-level scalar (a ``--query`` result) is printed as JSON, as the AWS CLI does.

PyYAML is imported only when one of these formats is chosen.
"""

from __future__ import annotations

import importlib
import json
import re
from typing import TYPE_CHECKING, TextIO

from ._paramfile import MissingDependencyError

if TYPE_CHECKING:
    import yaml

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


def _dumper_class(option: str) -> type[yaml.SafeDumper]:
    """A safe dumper that writes what ruamel.yaml's safe dumper writes."""
    require_pyyaml(option)
    import yaml  # noqa: PLC0415 -- only for these formats

    class Dumper(yaml.SafeDumper):
        def choose_scalar_style(self) -> str:
            style = super().choose_scalar_style()
            event = self.event
            if style == "'" and isinstance(event, yaml.ScalarEvent) and "\n" in event.value:
                return '"'  # ruamel.yaml double-quotes multi-line strings
            return style

    Dumper.yaml_implicit_resolvers = {}
    for tag, pattern, first in _YAML_1_2_RESOLVERS:
        firsts = [*first, ""] if tag == "null" else list(first)
        Dumper.add_implicit_resolver(  # pyright: ignore[reportUnknownMemberType] - unannotated in types-PyYAML
            f"tag:yaml.org,2002:{tag}", re.compile(pattern), firsts
        )
    return Dumper


def dump_yaml(value: object, stream: TextIO, option: str) -> None:
    """``value`` as the AWS CLI v2 writes it; ``option`` is named if PyYAML is missing."""
    dumper_class = _dumper_class(option)
    if not isinstance(value, dict | list):
        stream.write(json.dumps(value, ensure_ascii=False) + "\n")
        return
    # What yaml.dump does, with this dumper.
    dumper = dumper_class(stream, default_flow_style=False, allow_unicode=True, sort_keys=True)
    try:
        dumper.open()
        dumper.represent(value)  # pyright: ignore[reportUnknownMemberType] - unannotated in types-PyYAML
        dumper.close()
    finally:
        dumper.dispose()
