"""The command line of a generated client: each operation as the AWS CLI (v2) offers it.

The generated ``cli`` module describes the service's operations as a table of
:class:`CliOperation`; :func:`run` turns that table into a command::

    python -m <package> update-user-pool-domain --domain auth.example.com \\
        --user-pool-id us-east-1_Ab12Cd34E --custom-domain-config CertificateArn=arn:...

Option values are read in every form the AWS CLI accepts: plain values,
shorthand (``Key=value,Other={A=b,C=[x,y]}``), JSON, and ``file://`` /
``fileb://`` references. ``--cli-input-json`` / ``--cli-input-yaml`` fill in
what the command line leaves out. The merged parameters are checked as
botocore checks them, turned into the request model with ``from_dict`` and
sent with the client; the response is printed as json, text or a table.

Exit codes are the AWS CLI's: 0 success, 252 invalid parameters or usage,
253 configuration (no region, no credentials, missing PyYAML), 254 an error
answered by the service, 255 anything else.

Standard library and sibling modules only; PyYAML is used when installed.
This module is imported only by the command line, never by the package.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import datetime
import functools
import importlib
import json
import logging
import os
import platform
import re
import shutil
import string
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, NoReturn, Protocol, TextIO, TypeAlias, TypeVar, cast

from ._exceptions import ConfigurationError, ParamValidationError, ServiceError
from ._validate import Model, Validator

__all__ = [
    "BLOB",
    "BOOLEAN",
    "DOCUMENT",
    "DOUBLE",
    "FLOAT",
    "INTEGER",
    "LONG",
    "STRING",
    "TIMESTAMP",
    "ClientSettings",
    "CliOperation",
    "Field",
    "ListOf",
    "MapOf",
    "Option",
    "PreparedCall",
    "Scalar",
    "ShorthandParseError",
    "ShorthandParser",
    "Structure",
    "run",
]

LOG = logging.getLogger(__name__)

PARAM_VALIDATION_ERROR_RC = 252
CONFIGURATION_ERROR_RC = 253
CLIENT_ERROR_RC = 254
GENERAL_ERROR_RC = 255
INTERRUPTED_RC = 130

OUTPUT_FORMATS = ("json", "text", "table")
_CLI_INPUTS = (("--cli-input-json", "cli_input_json"), ("--cli-input-yaml", "cli_input_yaml"))
"""The options that read the whole input, and their argparse destinations."""
SKELETON_KINDS = ("input", "yaml-input", "output")
_NO_TIMEOUT = 365 * 24 * 3600.0
"""What a timeout of 0 ("no timeout", as in the AWS CLI) becomes: a year."""
_HELP_WIDTH = 80


# --- errors ------------------------------------------------------------------------


class _UsageError(Exception):
    """The command line does not parse; printed below the usage, exit 252."""


class ParamError(Exception):
    """An option's value cannot be read, exit 252."""

    def __init__(self, flag: str, message: str) -> None:
        super().__init__(f"Error parsing parameter '{flag}': {message}")


class _ParamCheckError(Exception):
    """The parameters do not fit the operation's input (botocore's checks), exit 252."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("Parameter validation failed:\n" + "\n".join(problems))


class _MissingDependencyError(Exception):
    """An optional dependency a chosen option needs is not installed, exit 253."""


# --- value types -----------------------------------------------------------------------

ScalarKind: TypeAlias = Literal[
    "string", "integer", "long", "float", "double", "boolean", "timestamp", "blob", "document"
]


@dataclass(frozen=True)
class Scalar:
    """A scalar member type; ``document`` stands for any JSON value."""

    kind: ScalarKind


@dataclass(frozen=True)
class ListOf:
    item: ValueType


@dataclass(frozen=True)
class MapOf:
    """A map with string keys."""

    value: ValueType


@dataclass(frozen=True)
class Field:
    """A structure member, by its wire (boto3) name."""

    name: str
    type: ValueType
    required: bool = False
    sensitive: bool = False


@dataclass(frozen=True)
class Structure:
    fields: tuple[Field, ...]

    @functools.cached_property
    def by_name(self) -> Mapping[str, Field]:
        return {f.name: f for f in self.fields}


ValueType: TypeAlias = "Scalar | ListOf | MapOf | Structure"

STRING = Scalar("string")
INTEGER = Scalar("integer")
LONG = Scalar("long")
FLOAT = Scalar("float")
DOUBLE = Scalar("double")
BOOLEAN = Scalar("boolean")
TIMESTAMP = Scalar("timestamp")
BLOB = Scalar("blob")
DOCUMENT = Scalar("document")


# --- the generated table ---------------------------------------------------------------

ArgKind: TypeAlias = Literal["scalar", "boolean", "list", "complex", "document"]
"""How an option's value is read: one value, ``--flag/--no-flag``, one or more
values, JSON or shorthand (structures and maps), JSON only."""


@dataclass(frozen=True)
class Option:
    """An operation option: ``--kebab-case`` for the input member ``key``."""

    flag: str
    key: str
    kind: ArgKind
    type: ValueType
    required: bool = False
    negated_flag: str | None = None


class _Closeable(Protocol):
    def close(self) -> None: ...


ClientT = TypeVar("ClientT", bound=_Closeable)


@dataclass(frozen=True)
class PreparedCall(Generic[ClientT]):
    """A request built from the parameters, and how to send it with a client."""

    request: Model
    send: Callable[[ClientT], Mapping[str, object]]
    """Calls the client method; returns the response in boto3's dict shape."""


@dataclass(frozen=True)
class CliOperation(Generic[ClientT]):
    """One operation command, as the generated ``cli`` module describes it."""

    name: str
    operation: str
    options: tuple[Option, ...]
    input_type: Structure
    prepare: Callable[[Mapping[str, object]], PreparedCall[ClientT]]
    """Builds the request model from boto3-shaped parameters (``from_dict``)."""
    help: str
    input_skeleton: Mapping[str, object]
    yaml_skeleton: str
    output_skeleton: Mapping[str, object]


@dataclass(frozen=True)
class ClientSettings:
    """The global options that configure the client."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    verify: bool = True
    connect_timeout: float | None = None
    read_timeout: float | None = None

    def timeout(self, default: tuple[float, float]) -> tuple[float, float]:
        """``(connect, read)``: ``default`` where unset; 0 means no timeout, as in the AWS CLI."""
        connect = default[0] if self.connect_timeout is None else self.connect_timeout
        read = default[1] if self.read_timeout is None else self.read_timeout
        return (connect or _NO_TIMEOUT, read or _NO_TIMEOUT)


# --- shorthand syntax ------------------------------------------------------------------


class ShorthandParseError(ValueError):
    """A shorthand value does not parse; the message points at the position."""

    def __init__(self, text: str, index: int, message: str, hint: str = "") -> None:
        self.text = text
        self.index = index
        located = f"{message} for input:\n{_point_at(text, index)}"
        super().__init__(f"{located}\n{hint}" if hint else located)


def _point_at(text: str, index: int) -> str:
    """``text`` with a caret below ``index``, on the line of the error."""
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index)
    consumed, rest = (text, "") if line_end < 0 else (text[:line_end], text[line_end:])
    return f"{consumed}\n{' ' * (index - line_start)}^{rest}"


# Which characters a value may start and continue with, as in the AWS CLI's
# grammar: a value never starts with a quote, ",", "=", "[" or "{"; the first
# value after a key runs up to a quote, ",", "]" or "}"; later values of a
# comma-separated list stop at a quote, "," or "=".
_START = r"!#-&(-+\--<>-Z\\-z|-\uffff"
_FIRST_FOLLOW = r"\s!#-&(-+\--\\^-|~-\uffff"
_SECOND_FOLLOW = r"\s!#-&(-+\--<>-\uffff"
_ESCAPED_COMMA = r"\\,"
_FIRST_VALUE = re.compile(f"(?:{_ESCAPED_COMMA}|[{_START}])(?:{_ESCAPED_COMMA}|[{_FIRST_FOLLOW}])*")
_SECOND_VALUE = re.compile(
    f"(?:{_ESCAPED_COMMA}|[{_START}])(?:{_ESCAPED_COMMA}|[{_SECOND_FOLLOW}])*"
)
_SINGLE_QUOTED = re.compile(r"'(?:\\'|[^'])*'")
_DOUBLE_QUOTED = re.compile(r'"(?:\\"|[^"])*"')
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-_.#/:")


class ShorthandParser:
    """The AWS CLI's shorthand syntax, e.g. ``A=1,B=[x,y],C={D=e},F=g,h``.

    Purely syntactic: every value is a string, a list or a dict; converting
    to the member types is the caller's job. ``Key@=file://path`` loads the
    value from a file, as ``file://`` does for a whole option.
    """

    def __init__(self) -> None:
        self._text = ""
        self._index = 0
        self._from_file = False

    def parse(self, text: str) -> dict[str, object]:
        self._text, self._index, self._from_file = text, 0, False
        params: dict[str, object] = {}
        key, value = self._key_value()
        params[key] = value
        last = self._index
        while not self._at_end():
            self._expect(",", skip_space=True)
            key, value = self._key_value()
            if key in params:
                raise ShorthandParseError(
                    text,
                    last + 1,
                    f'Second instance of key "{key}" encountered',
                    'This is often because there is a preceding "," instead of a space.',
                )
            params[key] = value
            last = self._index
        return params

    # key = 1*([a-zA-Z0-9] / "-" / "_" / "." / "#" / "/" / ":"); keyval = key ["@"] "=" values
    def _key_value(self) -> tuple[str, object]:
        key = self._key()
        self._from_file = self._accept("@")
        self._expect("=", skip_space=True)
        return key, self._values()

    def _key(self) -> str:
        start = self._index
        while not self._at_end() and self._text[self._index] in _KEY_CHARS:
            self._index += 1
        return self._text[start : self._index]

    def _values(self) -> object:
        if self._at_end():
            return ""
        if self._current() == "[":
            return self._explicit_list()
        if self._current() == "{":
            return self._hash_literal()
        return self._csv_values()

    def _csv_values(self) -> object:
        """``a`` or ``a,b,c``; a later ``key=`` ends the list (it starts the next pair)."""
        first = self._first_value()
        self._skip_space()
        if self._at_end() or self._current() != ",":
            return first
        self._expect(",", skip_space=True)
        values: list[object] = [first]
        while True:
            try:
                value = self._second_value()
                self._skip_space()
                if self._at_end():
                    values.append(value)
                    break
                self._expect(",", skip_space=True)
                values.append(value)
            except ShorthandParseError:
                if self._at_end():
                    raise
                self._index = self._text.rindex(",", 0, self._index + 1)
                break
        return first if len(values) == 1 else values

    def _explicit_list(self) -> list[object]:
        self._expect("[", skip_space=True)
        values: list[object] = []
        while self._current() != "]":
            values.append(self._explicit_value())
            self._skip_space()
            if self._current() != "]":
                self._expect(",")
                self._skip_space()
        self._expect("]")
        return values

    def _hash_literal(self) -> dict[str, object]:
        self._expect("{", skip_space=True)
        members: dict[str, object] = {}
        while self._current() != "}":
            key = self._key()
            self._from_file = self._accept("@")
            self._expect("=", skip_space=True)
            value = self._explicit_value()
            self._skip_space()
            if self._current() != "}":
                self._expect(",")
                self._skip_space()
            members[key] = value
        self._expect("}")
        return members

    def _explicit_value(self) -> object:
        if self._current() == "[":
            return self._explicit_list()
        if self._current() == "{":
            return self._hash_literal()
        return self._first_value()

    def _first_value(self) -> object:
        quoted = self._quoted_value()
        if quoted is not None:
            return quoted
        match = _FIRST_VALUE.match(self._text, self._index)
        if match is None:
            return ""
        self._index = match.end()
        return self._resolve(match.group().replace("\\,", ",").rstrip())

    def _second_value(self) -> object:
        quoted = self._quoted_value()
        if quoted is not None:
            return quoted
        text = self._consume(_SECOND_VALUE, "<second>")
        return self._resolve(text.replace("\\,", ",").rstrip())

    def _quoted_value(self) -> object | None:
        quote = self._current()
        if quote == "'":
            text = self._consume(_SINGLE_QUOTED, "<singled quoted>")
        elif quote == '"':
            text = self._consume(_DOUBLE_QUOTED, "<double quoted>")
        else:
            return None
        return self._resolve(text[1:-1].replace(f"\\{quote}", quote).replace("\\\\", "\\"))

    def _resolve(self, value: str) -> object:
        """The value, or the contents of the file it names after ``@=``."""
        if self._from_file:
            loaded = _load_param_file(value)
            if loaded is not None:
                return loaded
        return value

    def _consume(self, pattern: re.Pattern[str], name: str) -> str:
        match = pattern.match(self._text, self._index)
        if match is None:
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{name}', received: '<none>'"
            )
        self._index = match.end()
        return match.group()

    def _accept(self, char: str) -> bool:
        """Skip spaces, then ``char`` if it is next."""
        self._skip_space()
        if self._current() == char:
            self._index += 1
            self._skip_space()
            return True
        return False

    def _expect(self, char: str, *, skip_space: bool = False) -> None:
        if skip_space:
            self._skip_space()
        if self._at_end():
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{char}', received: 'EOF'"
            )
        actual = self._text[self._index]
        if actual != char:
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{char}', received: '{actual}'"
            )
        self._index += 1
        if skip_space:
            self._skip_space()

    def _current(self) -> str:
        return self._text[self._index] if self._index < len(self._text) else ""

    def _at_end(self) -> bool:
        return self._index >= len(self._text)

    def _skip_space(self) -> None:
        while not self._at_end() and self._text[self._index] in string.whitespace:
            self._index += 1


def _load_param_file(value: str) -> str | bytes | None:
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


# --- reading option values -------------------------------------------------------------


def _text_to_type(value: object, vtype: ValueType, path: str) -> object:
    """Convert a value read as text (plain or shorthand) to ``vtype``, as the AWS CLI does.

    Numbers and booleans are converted, a single value given for a list
    becomes a one-element list; anything that does not fit is left for
    :func:`_check_params` to report.
    """
    if isinstance(vtype, Structure):
        if not isinstance(value, dict):
            return value
        fields = cast("dict[str, object]", value)
        return {
            key: _text_to_type(item, vtype.by_name[key].type, _join(path, key))
            if key in vtype.by_name
            else item
            for key, item in fields.items()
        }
    if isinstance(vtype, ListOf):
        items = cast("list[object]", value) if isinstance(value, list) else [value]
        return [_text_to_type(item, vtype.item, f"{path}[{i}]") for i, item in enumerate(items)]
    if isinstance(vtype, MapOf):
        if not isinstance(value, dict):
            return value
        entries = cast("dict[str, object]", value)
        return {k: _text_to_type(v, vtype.value, f"{path}.{k}") for k, v in entries.items()}
    if vtype.kind == "document":
        raise ValueError(
            "Shorthand syntax does not support document types. Use JSON input for top-level "
            f"argument to specify nested parameter: {path}"
        )
    return _text_to_scalar(value, vtype.kind, path) if isinstance(value, str) else value


def _text_to_scalar(value: str, kind: ScalarKind, path: str) -> object:
    try:
        if kind in ("integer", "long"):
            return int(value)
        if kind in ("float", "double"):
            return float(value)
    except ValueError:
        expected = "an integer" if kind in ("integer", "long") else "a number"
        raise ValueError(f"{path or 'value'}: expected {expected}, received {value!r}") from None
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _parse_json(flag: str, text: str) -> object:
    try:
        return cast(object, json.loads(text))
    except ValueError as exc:
        raise ParamError(flag, f"Invalid JSON: {exc}\nJSON received: {text}") from None


def _looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def _supports_shorthand(vtype: ValueType) -> bool:
    """Shorthand applies to structures and maps (and lists of them) without documents."""
    if isinstance(vtype, ListOf):
        return not isinstance(vtype.item, Scalar) and _supports_shorthand(vtype.item)
    return isinstance(vtype, Structure | MapOf) and not _holds_document(vtype)


def _holds_document(vtype: ValueType) -> bool:
    if isinstance(vtype, Scalar):
        return vtype.kind == "document"
    if isinstance(vtype, ListOf):
        return _holds_document(vtype.item)
    if isinstance(vtype, MapOf):
        return _holds_document(vtype.value)
    return False


class _OptionReader:
    """Turns the strings argparse collected for one option into its parameter value."""

    def __init__(self, option: Option) -> None:
        self.option = option

    def read(self, raw: object) -> object:
        option = self.option
        if option.kind == "boolean":
            return raw
        if option.kind == "list":
            return self._list(cast("list[str]", raw))
        if option.kind == "scalar":
            return self._scalar(self._load(cast(str, raw)), option.type)
        text = self._load_text(cast(str, raw))
        if option.kind == "document":
            return _parse_json(option.flag, text)
        return self._complex(text, option.type)

    def _list(self, raws: list[str]) -> object:
        """Several values, or one JSON list; shorthand or JSON for items that are not scalars."""
        assert isinstance(self.option.type, ListOf)
        item_type = self.option.type.item
        values = [self._load(raw) for raw in raws]
        if len(values) == 1 and isinstance(values[0], str) and values[0].lstrip().startswith("["):
            return _parse_json(self.option.flag, values[0])
        if isinstance(item_type, Scalar) and item_type.kind != "document":
            return [self._scalar(v, item_type, f"[{i}]") for i, v in enumerate(values)]
        return [self._complex(self._text(v), item_type) for v in values]

    def _scalar(self, value: str | bytes, vtype: ValueType, path: str = "") -> object:
        return value if isinstance(value, bytes) else self._from_text(value, vtype, path)

    def _complex(self, text: str, vtype: ValueType) -> object:
        """JSON, or shorthand where the type allows it."""
        flag = self.option.flag
        if _looks_like_json(text):
            return _parse_json(flag, text)
        if not _supports_shorthand(vtype):
            raise ParamError(flag, f"Invalid JSON:\n{text}")
        try:
            parsed = ShorthandParser().parse(text)
        except ValueError as exc:  # a ShorthandParseError, or a Key@=file:// that cannot be read
            raise ParamError(flag, str(exc)) from None
        return self._from_text(parsed, vtype)

    def _from_text(self, value: object, vtype: ValueType, path: str = "") -> object:
        try:
            return _text_to_type(value, vtype, path)
        except ValueError as exc:
            raise ParamError(self.option.flag, str(exc)) from None

    def _load(self, raw: str) -> str | bytes:
        return _load_value(self.option.flag, raw)

    def _load_text(self, raw: str) -> str:
        return _text_value(self.option.flag, self._load(raw))

    def _text(self, value: str | bytes) -> str:
        return _text_value(self.option.flag, value)


def _load_value(name: str, raw: str) -> str | bytes:
    """``raw``, or the contents of the file a ``file://`` / ``fileb://`` value names."""
    try:
        loaded = _load_param_file(raw)
    except ValueError as exc:
        raise ParamError(name, str(exc)) from None
    return raw if loaded is None else loaded


def _text_value(name: str, value: str | bytes) -> str:
    """``value`` where only text will do (JSON, YAML, shorthand)."""
    if isinstance(value, bytes):
        raise ParamError(name, "fileb:// reads binary data; use file:// for text")
    return value


# --- checking parameters as botocore does ------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# The Python types each scalar kind accepts, and how botocore's messages name them.
_SCALAR_TYPES: Mapping[str, tuple[Callable[[object], bool], str]] = {
    "string": (lambda value: isinstance(value, str), "<class 'str'>"),
    "integer": (_is_int, "<class 'int'>"),
    "long": (_is_int, "<class 'int'>"),
    "float": (_is_number, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"),
    "double": (_is_number, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"),
    "boolean": (lambda value: isinstance(value, bool), "<class 'bool'>"),
}


class _ParamChecker:
    """botocore's parameter validation, which the AWS CLI runs before sending.

    Reports missing required members, then unknown members, then values of
    the wrong type, in botocore's words and order. Also normalizes what the
    models need: timestamps (ISO 8601 or epoch seconds) become datetimes and
    blobs given as text are base64-decoded, as the AWS CLI v2 reads them.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def structure(self, value: object, stype: Structure, path: str) -> object:
        if not isinstance(value, Mapping):
            return self._wrong_type(value, path, "<class 'dict'>")
        members = cast("Mapping[str, object]", value)
        where = path or "input"
        for f in stype.fields:
            if f.required and members.get(f.name) is None:
                self.problems.append(f'Missing required parameter in {where}: "{f.name}"')
        names = ", ".join(f.name for f in stype.fields)
        for key in members:
            if key not in stype.by_name:
                self.problems.append(
                    f'Unknown parameter in {where}: "{key}", must be one of: {names}'
                )
        return {
            key: self.value(item, stype.by_name[key].type, _join(path, key))
            for key, item in members.items()
            if key in stype.by_name and item is not None
        }

    def value(self, value: object, vtype: ValueType, path: str) -> object:
        if isinstance(vtype, Structure):
            return self.structure(value, vtype, path)
        if isinstance(vtype, ListOf):
            if not isinstance(value, list | tuple):
                return self._wrong_type(value, path, "<class 'list'>, <class 'tuple'>")
            items = cast("Sequence[object]", value)
            return [self.value(v, vtype.item, f"{path}[{i}]") for i, v in enumerate(items)]
        if isinstance(vtype, MapOf):
            if not isinstance(value, Mapping):
                return self._wrong_type(value, path, "<class 'dict'>")
            entries = cast("Mapping[object, object]", value)
            return {str(k): self.value(v, vtype.value, f"{path}.{k}") for k, v in entries.items()}
        return self._scalar(value, vtype.kind, path)

    def _scalar(self, value: object, kind: ScalarKind, path: str) -> object:
        if kind == "timestamp":
            return self._timestamp(value, path)
        if kind == "blob":
            return self._blob(value, path)
        if kind == "document":
            return value  # any JSON value
        accepts, valid_types = _SCALAR_TYPES[kind]
        if not accepts(value):
            return self._wrong_type(value, path, valid_types)
        return float(cast(float, value)) if kind in ("float", "double") else value

    def _timestamp(self, value: object, path: str) -> object:
        parsed = _parse_timestamp(value)
        if parsed is None:
            valid = "<class 'datetime.datetime'>, timestamp-string"
            return self._wrong_type(value, path, valid)
        return parsed

    def _blob(self, value: object, path: str) -> object:
        if isinstance(value, bytes | bytearray):
            return bytes(value)
        if not isinstance(value, str):
            valid_types = "<class 'bytes'>, <class 'bytearray'>, file-like object"
            return self._wrong_type(value, path, valid_types)
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            self.problems.append(f'Invalid base64 for parameter {path}: "{value}"')
            return value

    def _wrong_type(self, value: object, path: str, valid: str) -> object:
        self.problems.append(
            f"Invalid type for parameter {path or 'input'}, value: {value}, "
            f"type: {type(value)}, valid types: {valid}"
        )
        return value


def _parse_timestamp(value: object) -> datetime.datetime | None:
    """A datetime from a datetime, epoch seconds or an ISO 8601 string; naive means UTC."""
    parsed: datetime.datetime | None = None
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    elif isinstance(value, str):
        try:
            parsed = datetime.datetime.fromtimestamp(float(value), tz=datetime.UTC)
        except ValueError:
            try:
                parsed = datetime.datetime.fromisoformat(value)
            except ValueError:
                return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _check_params(params: Mapping[str, object], input_type: Structure) -> dict[str, object]:
    checker = _ParamChecker()
    checked = checker.structure(params, input_type, "")
    if checker.problems:
        raise _ParamCheckError(checker.problems)
    return cast("dict[str, object]", checked)


def _redacted(value: object, vtype: ValueType) -> object:
    """``value`` with the members the model marks sensitive hidden, for the debug log."""
    if isinstance(vtype, Structure) and isinstance(value, dict):
        members = cast("dict[str, object]", value)
        redacted: dict[str, object] = {}
        for key, item in members.items():
            f = vtype.by_name.get(key)
            redacted[key] = item if f is None else "***" if f.sensitive else _redacted(item, f.type)
        return redacted
    if isinstance(vtype, ListOf) and isinstance(value, list):
        return [_redacted(item, vtype.item) for item in cast("list[object]", value)]
    if isinstance(vtype, MapOf) and isinstance(value, dict):
        entries = cast("dict[str, object]", value)
        return {k: _redacted(v, vtype.value) for k, v in entries.items()}
    return value


# --- --cli-input-json / --cli-input-yaml ---------------------------------------------


def _load_cli_input(flag: str, raw: str) -> dict[str, object]:
    """The parameters of ``--cli-input-json`` / ``--cli-input-yaml`` (text or ``file://``)."""
    name = flag.removeprefix("--")
    text = _text_value(name, _load_value(name, raw))
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
        raise _MissingDependencyError(
            "--cli-input-yaml needs PyYAML, which is not installed. Install it "
            "(pip install pyyaml) or pass the same parameters with --cli-input-json."
        ) from None
    try:
        return cast(object, yaml.safe_load(text))
    except yaml.YAMLError:
        raise ParamError(name, "Invalid YAML received.") from None


# --- output --------------------------------------------------------------------------


def _printable(value: object) -> object:
    """Datetimes as the AWS CLI prints them (ISO 8601, local time), bytes as base64."""
    if isinstance(value, datetime.datetime):
        return value.astimezone().isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        entries = cast("Mapping[str, object]", value)
        return {k: _printable(v) for k, v in entries.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in cast("Sequence[object]", value)]
    return value


def _format_json(data: object, stream: TextIO) -> None:
    if data != {}:
        stream.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")


def _format_text(data: object, stream: TextIO) -> None:
    _TextFormatter(stream).item(data)


class _TextFormatter:
    """The AWS CLI's ``--output text``: tab-separated scalars, one line per object.

    Nested objects and lists follow on lines of their own, prefixed with their
    key in upper case.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def item(
        self, value: object, identifier: str | None = None, keys: list[str] | None = None
    ) -> None:
        if isinstance(value, dict):
            self._mapping(cast("dict[str, object]", value), identifier, keys)
        elif isinstance(value, list):
            self._list(cast("list[object]", value), identifier)
        else:
            self._stream.write(f"{value}\n")

    def _list(self, items: list[object], identifier: str | None) -> None:
        if not items:
            return
        if any(isinstance(item, dict) for item in items):
            keys, _ = _split_scalars(_mappings(items))
            for item in items:
                self.item(item, identifier, keys)
        elif any(isinstance(item, list) for item in items):
            scalars = [item for item in items if not _is_nested(item)]
            if scalars:
                self._scalars(scalars, identifier)
            for item in items:
                if _is_nested(item):
                    self.item(item, identifier)
        else:
            self._scalars(items, identifier)

    def _scalars(self, items: list[object], identifier: str | None) -> None:
        if identifier is None:
            self._stream.write("\t".join(str(item) for item in items) + "\n")
        else:
            for item in items:
                self._stream.write(f"{identifier.upper()}\t{item}\n")

    def _mapping(
        self, value: dict[str, object], identifier: str | None, keys: list[str] | None
    ) -> None:
        nested: list[tuple[str, object]]
        if keys is None:
            scalars = [str(v) for _, v in sorted(value.items()) if not _is_nested(v)]
            nested = [(k, v) for k, v in sorted(value.items()) if _is_nested(v)]
        else:
            scalars = [str(value.get(key, "")) for key in keys]
            nested = [(k, value[k]) for k in sorted(set(value) - set(keys))]
        if scalars:
            prefix = [identifier.upper()] if identifier is not None else []
            self._stream.write("\t".join(prefix + scalars) + "\n")
        for key, item in nested:
            self.item(item, key)


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


class _Section:
    """One titled block of a table: optional column headers and rows."""

    def __init__(self, title: str, indent_level: int = 0) -> None:
        self.title = title
        self.indent_level = indent_level
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._widths: list[int] = []

    def add_header(self, headers: list[str]) -> None:
        self.headers = headers
        self._measure(headers)

    def add_row(self, row: Sequence[object]) -> None:
        cells = [str(cell) for cell in row]
        self.rows.append(cells)
        self._measure(cells)

    def _measure(self, cells: list[str]) -> None:
        widths = [_display_width(cell) for cell in cells]
        if not self._widths:
            self._widths = widths
        else:
            self._widths = [max(a, b) for a, b in zip(self._widths, widths, strict=False)]

    def column_widths(self, padding: int = 0, total: int | None = None) -> list[int]:
        """Widths of the columns, scaled to add up to ``total`` when it is given."""
        widths = [w + padding for w in self._widths]
        if total is None or not widths:
            return widths
        scale = total / float(sum(widths))
        scaled = [round(scale * w) for w in widths]
        off_by = sum(scaled) - total
        while off_by != 0:
            order = range(len(scaled)) if off_by > 0 else reversed(range(len(scaled)))
            for i in order:
                step = 1 if off_by > 0 else -1
                scaled[i] -= step
                off_by -= step
                if off_by == 0:
                    break
        return scaled

    def total_width(self) -> int:
        """Columns this section needs, borders and indentation included."""
        outer = self.indent_level * 2
        columns = sum(w + 4 for w in self.column_widths()) + 2 + outer
        return max(_display_width(self.title) + 2 + outer, columns)


class _Table:
    """The AWS CLI's ``--output table``: nested sections framed with ``|``, ``-`` and ``+``."""

    def __init__(self) -> None:
        self.sections: list[_Section] = []

    def new_section(self, title: str, indent_level: int = 0) -> None:
        self.sections.append(_Section(title, indent_level))

    def build(self, title: str | None, value: object, indent_level: int = 0) -> bool:
        if not value:
            return False
        if title is not None:
            self.new_section(title, indent_level)
        if isinstance(value, list):
            self._list(cast("list[object]", value), title, indent_level)
        elif isinstance(value, dict):
            self._mapping(cast("dict[str, object]", value), indent_level)
        return True

    def _list(self, items: list[object], title: str | None, indent_level: int) -> None:
        if isinstance(items[0], dict):
            self._list_of_mappings(cast("list[dict[str, object]]", items), title, indent_level)
            return
        for item in items:
            if not _is_nested(item):
                self.sections[-1].add_row([item])
            elif _is_row(item):
                self.sections[-1].add_row(cast("list[object]", item))
            else:
                self.build(None, item)

    def _mapping(self, value: dict[str, object], indent_level: int) -> None:
        headers, nested = _split_scalars([value])
        if len(headers) == 1:
            self.sections[-1].add_row([headers[0], value[headers[0]]])
        elif headers:
            self.sections[-1].add_header(headers)
            self.sections[-1].add_row([value[k] for k in headers])
        for key in nested:
            self.build(key, value[key], indent_level + 1)

    def _list_of_mappings(
        self, items: list[dict[str, object]], title: str | None, indent_level: int
    ) -> None:
        headers, nested = _split_scalars(items)
        self.sections[-1].add_header(headers)
        for i, item in enumerate(items):
            if i and nested:
                self.new_section(title or "", indent_level)
                self.sections[-1].add_header(headers)
            self.sections[-1].add_row([item.get(h, "") for h in headers])
            for key in nested:
                if key in item:
                    self.build(key, item[key], indent_level + 1)

    def render(self, stream: TextIO, terminal_width: int) -> None:
        width = max(s.total_width() for s in self.sections)
        if width > terminal_width:
            self._one_row_sections_to_columns()
            width = max(s.total_width() for s in self.sections)
        stream.write("-" * width + "\n")
        for section in self.sections:
            _render_section(section, width, stream)

    def _one_row_sections_to_columns(self) -> None:
        """Too wide: show single-row sections as header/value pairs instead."""
        for i, section in enumerate(self.sections):
            if len(section.rows) == 1 and section.headers:
                vertical = _Section(section.title, section.indent_level)
                for header, cell in zip(section.headers, section.rows[0], strict=False):
                    vertical.add_row([header, cell])
                self.sections[i] = vertical


def _is_nested(value: object) -> bool:
    """Whether a response value is an object or a list (not a scalar)."""
    return isinstance(value, dict | list)


def _is_row(value: object) -> bool:
    """Whether a response value is a list of scalars: one table row."""
    return isinstance(value, list) and not any(map(_is_nested, cast("list[object]", value)))


def _mappings(items: list[object]) -> list[dict[str, object]]:
    return [cast("dict[str, object]", item) for item in items if isinstance(item, dict)]


def _split_scalars(items: list[dict[str, object]]) -> tuple[list[str], list[str]]:
    """The keys holding scalars and the keys holding lists or objects, each sorted."""
    scalars = {k for item in items for k, v in item.items() if not _is_nested(v)}
    nested = {k for item in items for k, v in item.items() if _is_nested(v)}
    return sorted(scalars), sorted(nested)


def _render_section(section: _Section, width: int, stream: TextIO) -> None:
    """A section's lines, framed by one ``|`` per indentation level on each side."""
    edge = "|" * section.indent_level
    inner = width - 2 * section.indent_level
    lines: list[str] = []
    if section.title:
        lines.append(_center(section.title, inner, "|", "|"))
        if not section.headers and not section.rows:
            lines.append("+" + "-" * (inner - 2) + "+")
    widths = section.column_widths(padding=4, total=inner)
    if section.headers:
        lines += [_rule(widths), _cells(section.headers, widths, _center)]
    if section.rows:
        lines.append(_rule(widths))
        lines += [_cells(row, widths, _left) for row in section.rows]
        lines.append(_rule(widths))
    stream.writelines(f"{edge}{line}{edge}\n" for line in lines)


def _cells(cells: list[str], widths: list[int], align: Callable[[str, int, str, str], str]) -> str:
    """One line of cells: the first has a left and a right edge, the others a right edge."""
    aligned = zip(cells, widths, strict=False)
    return "".join(
        align(cell, w, "|" if i == 0 else "", "|") for i, (cell, w) in enumerate(aligned)
    )


def _rule(widths: list[int]) -> str:
    return "+" + "+".join("-" * (w - (2 if i == 0 else 1)) for i, w in enumerate(widths)) + "+"


def _center(text: str, width: int, left: str, right: str) -> str:
    text_width = _display_width(text)
    start = width // 2 - text_width // 2 - 1
    used = len(left) + start + text_width
    return f"{left}{' ' * start}{text}{' ' * (width - len(right) - used)}{right}"


def _left(text: str, width: int, left: str, right: str) -> str:
    text_width = _display_width(text)
    padding = 2 if width - (text_width + 2 + len(left) + len(right)) >= 0 else 0
    used = len(left) + padding + text_width
    return f"{left}{' ' * padding}{text}{' ' * (width - used - len(right))}{right}"


def _format_table(data: object, stream: TextIO, title: str) -> None:
    table = _Table()
    if table.build(title, data):
        table.render(stream, shutil.get_terminal_size((80, 24)).columns)


def _print_response(data: Mapping[str, object], output: str, title: str, stream: TextIO) -> None:
    printable = _printable(data)
    if output == "text":
        _format_text(printable, stream)
    elif output == "table":
        _format_table(printable, stream, title)
    else:
        _format_json(printable, stream)


# --- debug logging -------------------------------------------------------------------

_SECRET_HEADERS = re.compile(
    r"(?i)((?:authorization|x-amz-security-token)['\"]?\s*[:=]\s*['\"]?)[^'\"\r\n,}]*"
)
_SIGNATURE = re.compile(r"(?i)(signature=)[0-9a-f]+")
_SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


class _RedactSecrets(logging.Filter):
    """Hides signatures, security tokens and the secret key from every debug record."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets = [v for name in _SECRET_VARIABLES if (v := os.environ.get(name))]

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        text = _SECRET_HEADERS.sub(r"\1<redacted>", text)
        text = _SIGNATURE.sub(r"\1<redacted>", text)
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return text


@contextlib.contextmanager
def _debug_logging(stream: TextIO) -> Generator[None, None, None]:
    """Log everything at DEBUG to ``stream``, secrets redacted, for the duration."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter("%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s")
    )
    handler.addFilter(_RedactSecrets())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


# --- the command line ----------------------------------------------------------------

_GLOBAL_OPTIONS_HELP = (
    (
        "--debug (boolean)",
        "Turn on debug logging. Secrets (signatures, tokens, keys) are never logged.",
    ),
    ("--endpoint-url (string)", "Override command's default URL with the given URL."),
    (
        "--no-verify-ssl (boolean)",
        "By default, TLS certificates are verified. This option turns the verification off.",
    ),
    (
        "--output (string)",
        "The formatting style for command output: json (default), text or table.",
    ),
    ("--profile (string)", "Use a specific profile from your credential file."),
    ("--region (string)", "The region to use. Overrides config/env settings."),
    (
        "--cli-read-timeout (int)",
        "The maximum socket read time in seconds. If the value is set to 0, the socket read "
        "will be blocking and not timeout.",
    ),
    (
        "--cli-connect-timeout (int)",
        "The maximum socket connect time in seconds. If the value is set to 0, the socket "
        "connect will be blocking and not timeout.",
    ),
)


def _global_options_help() -> str:
    lines = ["GLOBAL OPTIONS"]
    for title, text in _GLOBAL_OPTIONS_HELP:
        lines += [
            f"       {title}",
            *textwrap.wrap(text, _HELP_WIDTH, initial_indent=" " * 10, subsequent_indent=" " * 10),
            "",
        ]
    return "\n".join(lines)


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _non_negative_seconds(text: str) -> float:
    seconds = float(text)
    if seconds < 0:
        raise ValueError(text)
    return seconds


def _global_parser() -> _ArgumentParser:
    parser = _ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("command", nargs="?")
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--endpoint-url")
    parser.add_argument("--no-verify-ssl", action="store_true")
    parser.add_argument("--output", choices=OUTPUT_FORMATS, default="json")
    parser.add_argument("--profile")
    parser.add_argument("--region")
    parser.add_argument("--cli-read-timeout", type=_non_negative_seconds)
    parser.add_argument("--cli-connect-timeout", type=_non_negative_seconds)
    return parser


def _operation_parser(
    operation: CliOperation[ClientT], prog: str, relax_required: bool
) -> _ArgumentParser:
    parser = _ArgumentParser(prog=f"{prog} {operation.name}", add_help=False, allow_abbrev=False)
    for option in operation.options:
        required = option.required and not relax_required
        if option.kind == "boolean":
            assert option.negated_flag is not None
            group = parser.add_mutually_exclusive_group(required=required)
            group.add_argument(option.flag, dest=option.key, action="store_true", default=None)
            group.add_argument(
                option.negated_flag, dest=option.key, action="store_false", default=None
            )
        else:
            nargs = "+" if option.kind == "list" else None
            parser.add_argument(option.flag, dest=option.key, nargs=nargs, required=required)
    cli_input = parser.add_mutually_exclusive_group()
    for flag, dest in _CLI_INPUTS:
        cli_input.add_argument(flag, dest=dest)
    parser.add_argument(
        "--generate-cli-skeleton",
        dest="generate_cli_skeleton",
        nargs="?",
        const="input",
        choices=SKELETON_KINDS,
    )
    return parser


def _relaxes_required(args: Sequence[str]) -> bool:
    """As in the AWS CLI: cli-input and input skeletons make required options optional."""
    if "--cli-input-json" in args or "--cli-input-yaml" in args:
        return True
    if "--generate-cli-skeleton" in args:
        position = args.index("--generate-cli-skeleton")
        return args[position + 1 : position + 2] != ["output"]
    return False


class _Command(Generic[ClientT]):
    """One run of the command line."""

    def __init__(
        self,
        prog: str,
        help_text: str,
        operations: Sequence[CliOperation[ClientT]],
        make_client: Callable[[ClientSettings], ClientT],
        stdout: TextIO,
    ) -> None:
        self.prog = prog
        self._help_text = help_text
        self._operations = {op.name: op for op in operations}
        self._make_client = make_client
        self._stdout = stdout
        self.operation: CliOperation[ClientT] | None = None
        """The operation being run, once the command line names one."""

    @property
    def usage(self) -> str:
        prog = self.prog
        return (
            f"usage: {prog} [options] <command> [parameters]\n"
            "To see help text, you can run:\n\n"
            f"  {prog} help\n  {prog} <command> help\n"
        )

    def run(self, args: list[str]) -> int:
        if args and args[-1] == "help":
            args = [*args[:-1], "--help"]
        globals_, rest = _global_parser().parse_known_args(args)
        if globals_.debug:
            LOG.debug(
                "%s command line, Python/%s %s",
                self.prog,
                platform.python_version(),
                platform.platform(),
            )
        if globals_.command is None:
            if "--help" in rest or "-h" in rest:
                self._print_help(self._help_text)
                return 0
            raise _UsageError("the following arguments are required: command")
        operation = self._operations.get(globals_.command)
        if operation is None:
            choices = "\n".join(f"  {name}" for name in self._operations)
            raise _UsageError(f"argument command: Invalid choice, valid choices are:\n\n{choices}")
        if "--help" in rest or "-h" in rest:
            self._print_help(operation.help)
            return 0
        self.operation = operation
        return self._run_operation(operation, globals_, rest)

    def _print_help(self, text: str) -> None:
        self._stdout.write(f"{text}\n{_global_options_help()}")

    def _run_operation(
        self, operation: CliOperation[ClientT], globals_: argparse.Namespace, args: list[str]
    ) -> int:
        parser = _operation_parser(operation, self.prog, _relaxes_required(args))
        parsed, unknown = parser.parse_known_args(args)
        if unknown:
            raise _UsageError(f"Unknown options: {', '.join(unknown)}")
        skeleton: str | None = parsed.generate_cli_skeleton
        if skeleton == "input":
            self._stdout.write(json.dumps(operation.input_skeleton, indent=4) + "\n")
            return 0
        if skeleton == "yaml-input":
            self._stdout.write(operation.yaml_skeleton)
            return 0
        params = self._parameters(operation, parsed)
        prepared = operation.prepare(params)
        if skeleton == "output":
            # As the AWS CLI: validate the input, then show a made-up response.
            self._validate(operation, prepared.request)
            response = operation.output_skeleton
        else:
            response = self._call(operation, prepared, params, self._settings(globals_))
        _print_response(response, globals_.output, operation.operation, self._stdout)
        return 0

    def _call(
        self,
        operation: CliOperation[ClientT],
        prepared: PreparedCall[ClientT],
        params: Mapping[str, object],
        settings: ClientSettings,
    ) -> Mapping[str, object]:
        client = self._make_client(settings)
        try:
            LOG.debug(
                "Calling %s on %r with parameters: %s",
                operation.operation,
                client,
                _redacted(params, operation.input_type),
            )
            response = prepared.send(client)
            LOG.debug("%s succeeded", operation.operation)
            return response
        finally:
            client.close()

    @staticmethod
    def _parameters(
        operation: CliOperation[ClientT], parsed: argparse.Namespace
    ) -> dict[str, object]:
        """The options' values, then what ``--cli-input-*`` adds, checked against the input."""
        values = vars(parsed)
        params: dict[str, object] = {}
        for option in operation.options:
            raw = values.get(option.key)
            if raw is not None:
                params[option.key] = _OptionReader(option).read(raw)
        for flag, dest in _CLI_INPUTS:
            if values.get(dest) is not None:
                # Top-level keys only, as the AWS CLI: an option replaces the whole member.
                for key, value in _load_cli_input(flag, values[dest]).items():
                    params.setdefault(key, value)
        return _check_params(params, operation.input_type)

    @staticmethod
    def _validate(operation: CliOperation[ClientT], request: Model) -> None:
        validator = Validator()
        validator.check(request)
        if validator.problems:
            raise ParamValidationError(operation.operation, validator.problems)

    @staticmethod
    def _settings(globals_: argparse.Namespace) -> ClientSettings:
        return ClientSettings(
            region=globals_.region,
            profile=globals_.profile,
            endpoint_url=globals_.endpoint_url,
            verify=not globals_.no_verify_ssl,
            connect_timeout=globals_.cli_connect_timeout,
            read_timeout=globals_.cli_read_timeout,
        )


def run(
    argv: Sequence[str] | None,
    *,
    prog: str,
    help_text: str,
    operations: Sequence[CliOperation[ClientT]],
    make_client: Callable[[ClientSettings], ClientT],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    command = _Command(prog, help_text, operations, make_client, out)
    with _debug_logging(err) if "--debug" in args else contextlib.nullcontext():
        return _exit_code(command, args, err)


def _exit_code(command: _Command[ClientT], args: list[str], err: TextIO) -> int:
    """Run ``command``; report what went wrong on ``err`` and return the AWS CLI's exit code."""
    try:
        return command.run(args)
    except _UsageError as exc:
        err.write(f"{command.usage}\n{command.prog}: error: {exc}\n")
        return PARAM_VALIDATION_ERROR_RC
    except (ParamError, _ParamCheckError, ParamValidationError) as exc:
        return _report(err, exc, PARAM_VALIDATION_ERROR_RC)
    except (ConfigurationError, _MissingDependencyError) as exc:
        return _report(err, exc, CONFIGURATION_ERROR_RC)
    except ServiceError as exc:
        operation = command.operation.operation if command.operation else ""
        # botocore's ClientError wording, retry note included.
        retries = (
            f" (reached max retries: {exc.retry_attempts})" if exc.max_attempts_reached else ""
        )
        err.write(
            f"\nAn error occurred ({exc.code}) when calling the {operation} operation{retries}: "
            f"{exc.message}\n"
        )
        return CLIENT_ERROR_RC
    except KeyboardInterrupt:
        err.write("\n")
        return INTERRUPTED_RC
    except Exception as exc:
        return _report(err, exc, GENERAL_ERROR_RC)


def _report(stream: TextIO, exc: Exception, code: int) -> int:
    LOG.debug("Exception caught in main()", exc_info=True)
    stream.write(f"\n{str(exc) or type(exc).__name__}\n")
    return code
