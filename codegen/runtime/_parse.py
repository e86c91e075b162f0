"""Reading response JSON into typed values, naming the member on any mismatch.

Unknown members are ignored (AWS adds members over time); a member of the
wrong JSON type raises ``ResponseParseError`` with its path. Values are read
as botocore's ``JSONParser`` reads them: timestamps in any format it accepts
(epoch seconds, ISO 8601 with any offset, RFC 822), ``"NaN"``, ``"Infinity"``
and ``"-Infinity"`` as floats, ``null`` as absent. One deliberate difference:
a ``null`` element of a list or value of a map is dropped, as Smithy-based
SDKs do, where botocore (untyped) keeps it; AWS lists are dense, and typing
every element ``X | None`` for it would burden every caller.

A page of a megabyte holds tens of thousands of values, so the generated
readers (each model's ``from_json``) carry no path: the converters here raise
``MismatchError``, which says what is wrong but not where, and the model's
``parse`` then walks the value again with ``locate`` against the shape's
schema to name the member. The path is built only to report a mismatch.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import math
from collections.abc import Callable, Mapping
from typing import TypeAlias, TypeVar, cast

from ._exceptions import ResponseParseError
from ._schema import ListOf, MapOf, Scalar, ScalarKind, Schema, Structure

T = TypeVar("T")
JsonValue: TypeAlias = "dict[str, JsonValue] | list[JsonValue] | str | int | float | bool | None"


class MismatchError(ResponseParseError):
    """A value of the wrong form, without its path: ``locate`` finds where."""


def _mismatch(value: object, expected: str) -> MismatchError:
    return MismatchError(f"expected {expected} in the response, got {type(value).__name__}")


def as_mapping(value: object) -> Mapping[str, object]:
    if isinstance(value, dict):  # JSON objects: checked first, the ABC check is slower
        return value  # pyright: ignore[reportUnknownVariableType]
    if not isinstance(value, Mapping):
        raise _mismatch(value, "an object")
    return cast("Mapping[str, object]", value)


def as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise _mismatch(value, "a list")
    return value  # pyright: ignore[reportUnknownVariableType]


def present(data: Mapping[str, object], key: str) -> object:
    """The required member ``key``; its absence (or ``null``) is a contract violation."""
    value = data.get(key)
    if value is None:
        raise MismatchError("required member missing from the response")
    return value


def required(value: T | None) -> T:
    """A required member read by walking the keys: ``None`` when the response lacked it."""
    if value is None:
        raise MismatchError("required member missing from the response")
    return value


def as_str(value: object) -> str:
    if not isinstance(value, str):
        raise _mismatch(value, "a string")
    return value


def as_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _mismatch(value, "an integer")
    return value


_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def as_float(value: object) -> float:
    """A number; JSON has no NaN or infinities, so AWS sends those as strings."""
    if isinstance(value, str) and value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _mismatch(value, "a number")
    return float(value)


def as_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _mismatch(value, "a boolean")
    return value


def as_timestamp(value: object) -> datetime.datetime:
    """A timestamp in any format botocore reads, as an aware UTC datetime.

    Epoch seconds (a number, or a string of one), ISO 8601 with any offset and
    fraction, or RFC 822, whatever ``timestampFormat`` says: botocore's parser
    does not look at it either. A datetime (from a boto3-shaped dict) is kept.
    """
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _mismatch(value, "a timestamp")
    try:
        if isinstance(value, str):
            return _text_timestamp(value)
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise MismatchError(f"invalid timestamp {value!r} in the response") from exc


def _text_timestamp(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromtimestamp(float(text), tz=datetime.UTC)
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        import email.utils  # noqa: PLC0415 -- RFC 822 dates are rare in awsJson

        moment = email.utils.parsedate_to_datetime(text)
    if moment.tzinfo is None:  # botocore reads a time without an offset as UTC too
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def as_blob(value: object) -> bytes:
    """Base64 on the wire (or bytes from a boto3-shaped dict)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if not isinstance(value, str):
        raise _mismatch(value, "base64 data")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise MismatchError("invalid base64 data in the response") from exc


def as_document(value: object) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [as_document(element) for element in cast("list[object]", value)]
    return {key: as_document(element) for key, element in as_mapping(value).items()}


_CONVERTERS: Mapping[ScalarKind, Callable[[object], object]] = {
    "string": as_str,
    "character": as_str,
    "integer": as_int,
    "long": as_int,
    "boolean": as_bool,
    "float": as_float,
    "double": as_float,
    "timestamp": as_timestamp,
    "blob": as_blob,
    "document": as_document,
}


def locate(schema: Schema, value: object, path: str) -> ResponseParseError:
    """The error a reader raised for ``value``, with the path of the member at fault.

    ``value`` is walked again as the generated readers walk it (unknown keys
    and ``null`` elements skipped), building each path on the way.
    """
    try:
        _walk(schema, value, path)
    except ResponseParseError as exc:
        return exc
    return ResponseParseError(f"{path}: the response does not match its shape")


def _walk(schema: Schema, value: object, path: str) -> None:
    try:
        if isinstance(schema, Scalar):
            _CONVERTERS[schema.kind](value)
        elif isinstance(schema, ListOf):
            for index, element in enumerate(as_list(value)):
                if element is not None:
                    _walk(schema.item, element, f"{path}[{index}]")
        elif isinstance(schema, MapOf):
            for key, element in as_mapping(value).items():
                if element is not None:
                    _walk(schema.value, element, f"{path}.{key}")
        else:
            _walk_structure(schema, value, path)
    except MismatchError as exc:
        raise ResponseParseError(f"{path}: {exc}") from exc.__cause__


def _walk_structure(schema: Structure, value: object, path: str) -> None:
    data = as_mapping(value)
    for key, element in data.items():
        member = schema.by_wire_name.get(key)
        if member is not None and element is not None:
            _walk(member.target, element, f"{path}.{key}")
    for member in schema.required:
        if data.get(member.wire_name) is None:
            raise ResponseParseError(
                f"{path}.{member.wire_name}: required member missing from the response"
            )


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def encode_wire_value(value: object) -> object:
    """``json.dumps`` default: blobs to base64 and timestamps to epoch seconds, as botocore.

    Seconds are whole unless the time has microseconds, which are kept exactly
    (``1814013028.800048``): botocore adds them as integers before dividing.
    """
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        elapsed = value - _EPOCH
        seconds = elapsed.days * 86_400 + elapsed.seconds
        if elapsed.microseconds:
            return (seconds * 10**6 + elapsed.microseconds) / 10**6
        return seconds
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def without_special_floats(value: object) -> object:
    """``value`` with NaN and the infinities as the strings AWS expects (JSON has neither)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Mapping):
        fields = cast("Mapping[str, object]", value)
        return {key: without_special_floats(item) for key, item in fields.items()}
    if isinstance(value, list | tuple):
        elements = cast("list[object]", value)
        return [without_special_floats(item) for item in elements]
    return value
