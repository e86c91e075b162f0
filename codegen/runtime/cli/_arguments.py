"""Reading option values and checking the parameters, both by the schema.

Option values come in every form the AWS CLI accepts: plain values,
shorthand, JSON, ``file://`` / ``fileb://``. Values read as text are
converted to the member types; then the merged parameters are checked as
botocore checks them before the AWS CLI sends anything.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, TypeAlias, cast

from .._schema import ListOf, MapOf, Member, Scalar, ScalarKind, Schema, Structure
from ._paramfile import ParamError, load_value, text_value
from ._shorthand import ShorthandParser
from ._syntax import is_document, supports_shorthand
from ._table import Option

ArgKind: TypeAlias = Literal["scalar", "boolean", "list", "complex", "document"]
"""How an option's value is read: one value, ``--flag/--no-flag``, one or more
values, JSON or shorthand (structures and maps), JSON only."""


def arg_kind(schema: Schema) -> ArgKind:
    """How the AWS CLI reads a top-level option of this type."""
    if isinstance(schema, ListOf):
        return "list"
    if isinstance(schema, Structure | MapOf):
        return "complex"
    if schema.kind == "boolean":
        return "boolean"
    return "document" if schema.kind == "document" else "scalar"


class ParamCheckError(Exception):
    """The parameters do not fit the operation's input (botocore's checks), exit 252."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("Parameter validation failed:\n" + "\n".join(problems))


# --- reading option values -------------------------------------------------------------


def _text_to_type(value: object, schema: Schema, path: str) -> object:
    """Convert a value read as text (plain or shorthand) to ``schema``, as the AWS CLI does.

    Numbers and booleans are converted, a single value given for a list
    becomes a one-element list; anything that does not fit is left for
    :func:`check_params` to report.
    """
    if isinstance(schema, Structure):
        if not isinstance(value, dict):
            return value
        fields = cast("dict[str, object]", value)
        members = schema.by_wire_name
        return {
            key: _text_to_type(item, members[key].target, _join(path, key))
            if key in members
            else item
            for key, item in fields.items()
        }
    if isinstance(schema, ListOf):
        items = cast("list[object]", value) if isinstance(value, list) else [value]
        return [_text_to_type(item, schema.item, f"{path}[{i}]") for i, item in enumerate(items)]
    if isinstance(schema, MapOf):
        if not isinstance(value, dict):
            return value
        entries = cast("dict[str, object]", value)
        return {k: _text_to_type(v, schema.value, f"{path}.{k}") for k, v in entries.items()}
    if schema.kind == "document":
        raise ValueError(
            "Shorthand syntax does not support document types. Use JSON input for top-level "
            f"argument to specify nested parameter: {path}"
        )
    return _text_to_scalar(value, schema.kind, path) if isinstance(value, str) else value


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


class OptionReader:
    """Turns the strings argparse collected for one option into its parameter value."""

    def __init__(self, option: Option, member: Member) -> None:
        self.flag = option.flag
        self.schema = member.target

    def read(self, raw: object) -> object:
        kind = arg_kind(self.schema)
        if kind == "boolean":
            return raw
        if kind == "list":
            return self._list(cast("list[str]", raw))
        if kind == "scalar":
            return self._scalar(load_value(self.flag, cast(str, raw)), self.schema)
        text = text_value(self.flag, load_value(self.flag, cast(str, raw)))
        if kind == "document":
            return _parse_json(self.flag, text)
        return self._complex(text, self.schema)

    def _list(self, raws: list[str]) -> object:
        """Several values, or one JSON list; shorthand or JSON for items that are not scalars."""
        assert isinstance(self.schema, ListOf)
        item = self.schema.item
        values = [load_value(self.flag, raw) for raw in raws]
        if len(values) == 1 and isinstance(values[0], str) and values[0].lstrip().startswith("["):
            return _parse_json(self.flag, values[0])
        if isinstance(item, Scalar) and not is_document(item):
            return [self._scalar(v, item, f"[{i}]") for i, v in enumerate(values)]
        return [self._complex(text_value(self.flag, v), item) for v in values]

    def _scalar(self, value: str | bytes, schema: Schema, path: str = "") -> object:
        return value if isinstance(value, bytes) else self._from_text(value, schema, path)

    def _complex(self, text: str, schema: Schema) -> object:
        """JSON, or shorthand where the type allows it."""
        if _looks_like_json(text):
            return _parse_json(self.flag, text)
        if not supports_shorthand(schema):
            raise ParamError(self.flag, f"Invalid JSON:\n{text}")
        try:
            parsed = ShorthandParser().parse(text)
        except ValueError as exc:  # a ShorthandParseError, or a Key@=file:// that cannot be read
            raise ParamError(self.flag, str(exc)) from None
        return self._from_text(parsed, schema)

    def _from_text(self, value: object, schema: Schema, path: str = "") -> object:
        try:
            return _text_to_type(value, schema, path)
        except ValueError as exc:
            raise ParamError(self.flag, str(exc)) from None


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


class _ParamCheck:
    """botocore's parameter validation, which the AWS CLI runs before sending.

    Reports missing required members, then unknown members, then values of
    the wrong type, in botocore's words and order. Also normalizes what the
    models need: timestamps (ISO 8601 or epoch seconds) become datetimes and
    blobs given as text are base64-decoded, as the AWS CLI v2 reads them.
    Unlike the package's ``Validator``, it checks boto3-shaped dicts by wire
    name, before any model exists.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def structure(self, value: object, schema: Structure, path: str) -> object:
        if not isinstance(value, Mapping):
            return self._wrong_type(value, path, "<class 'dict'>")
        given = cast("Mapping[str, object]", value)
        where = path or "input"
        for m in schema.members:
            if m.required and given.get(m.wire_name) is None:
                self.problems.append(f'Missing required parameter in {where}: "{m.wire_name}"')
        names = ", ".join(m.wire_name for m in schema.members)
        members = schema.by_wire_name
        for key in given:
            if key not in members:
                self.problems.append(
                    f'Unknown parameter in {where}: "{key}", must be one of: {names}'
                )
        return {
            key: self.value(item, members[key].target, _join(path, key))
            for key, item in given.items()
            if key in members and item is not None
        }

    def value(self, value: object, schema: Schema, path: str) -> object:
        if isinstance(schema, Structure):
            return self.structure(value, schema, path)
        if isinstance(schema, ListOf):
            if not isinstance(value, list | tuple):
                return self._wrong_type(value, path, "<class 'list'>, <class 'tuple'>")
            items = cast("Sequence[object]", value)
            return [self.value(v, schema.item, f"{path}[{i}]") for i, v in enumerate(items)]
        if isinstance(schema, MapOf):
            if not isinstance(value, Mapping):
                return self._wrong_type(value, path, "<class 'dict'>")
            entries = cast("Mapping[object, object]", value)
            return {str(k): self.value(v, schema.value, f"{path}.{k}") for k, v in entries.items()}
        return self._scalar(value, schema.kind, path)

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


def check_params(params: Mapping[str, object], structure: Structure) -> dict[str, object]:
    """``params`` checked against the input ``structure``, normalized; raises ParamCheckError."""
    check = _ParamCheck()
    checked = check.structure(params, structure, "")
    if check.problems:
        raise ParamCheckError(check.problems)
    return cast("dict[str, object]", checked)
