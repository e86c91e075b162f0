"""Reading response JSON into typed values, naming the member on any mismatch.

Unknown members are ignored (AWS adds members over time); a member of the
wrong JSON type raises ``ResponseParseError`` with its path. Values are read
as botocore's ``JSONParser`` reads them: timestamps in any format it accepts
(epoch seconds, ISO 8601 with any offset, RFC 822), ``"NaN"``, ``"Infinity"``
and ``"-Infinity"`` as floats, ``null`` as absent. One deliberate difference:
a ``null`` element of a list or value of a map is dropped, as Smithy-based
SDKs do, where botocore (untyped) keeps it; AWS lists are dense, and typing
every element ``X | None`` for it would burden every caller.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import math
from collections.abc import Callable, Mapping
from typing import TypeAlias, TypeVar, cast

from ._exceptions import ResponseParseError

T = TypeVar("T")
Parser: TypeAlias = Callable[[object, str], T]
JsonValue: TypeAlias = "dict[str, JsonValue] | list[JsonValue] | str | int | float | bool | None"


def _mismatch(value: object, path: str, expected: str) -> ResponseParseError:
    return ResponseParseError(
        f"{path}: expected {expected} in the response, got {type(value).__name__}"
    )


def as_mapping(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise _mismatch(value, path, "an object")
    return cast("Mapping[str, object]", value)


def _as_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise _mismatch(value, path, "a list")
    return cast("list[object]", value)


def optional(data: Mapping[str, object], key: str, path: str, parse: Parser[T]) -> T | None:
    """The member ``key`` parsed, or None when absent or null."""
    value = data.get(key)
    return None if value is None else parse(value, f"{path}.{key}")


def required(data: Mapping[str, object], key: str, path: str, parse: Parser[T]) -> T:
    """The member ``key`` parsed; its absence is a contract violation."""
    value = data.get(key)
    if value is None:
        raise ResponseParseError(f"{path}.{key}: required member missing from the response")
    return parse(value, f"{path}.{key}")


def as_str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _mismatch(value, path, "a string")
    return value


def as_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _mismatch(value, path, "an integer")
    return value


_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def as_float(value: object, path: str) -> float:
    """A number; JSON has no NaN or infinities, so AWS sends those as strings."""
    if isinstance(value, str) and value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _mismatch(value, path, "a number")
    return float(value)


def as_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _mismatch(value, path, "a boolean")
    return value


def as_timestamp(value: object, path: str) -> datetime.datetime:
    """A timestamp in any format botocore reads, as an aware UTC datetime.

    Epoch seconds (a number, or a string of one), ISO 8601 with any offset and
    fraction, or RFC 822, whatever ``timestampFormat`` says: botocore's parser
    does not look at it either. A datetime (from a boto3-shaped dict) is kept.
    """
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _mismatch(value, path, "a timestamp")
    try:
        if isinstance(value, str):
            return _text_timestamp(value)
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ResponseParseError(f"{path}: invalid timestamp {value!r} in the response") from exc


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


def as_blob(value: object, path: str) -> bytes:
    """Base64 on the wire (or bytes from a boto3-shaped dict)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if not isinstance(value, str):
        raise _mismatch(value, path, "base64 data")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise ResponseParseError(f"{path}: invalid base64 data in the response") from exc


def as_document(value: object, path: str) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        elements = cast("list[object]", value)
        return [as_document(v, f"{path}[{i}]") for i, v in enumerate(elements)]
    fields = as_mapping(value, path)
    return {k: as_document(v, f"{path}.{k}") for k, v in fields.items()}


def list_of(item: Parser[T]) -> Parser[list[T]]:
    """A list of ``item``; ``null`` elements are dropped (see the module's docstring)."""

    def parse(value: object, path: str) -> list[T]:
        elements = _as_list(value, path)
        return [
            item(element, f"{path}[{i}]")
            for i, element in enumerate(elements)
            if element is not None
        ]

    return parse


def map_of(item: Parser[T]) -> Parser[dict[str, T]]:
    """A map of ``item``; ``null`` values are dropped (see the module's docstring)."""

    def parse(value: object, path: str) -> dict[str, T]:
        mapping = as_mapping(value, path)
        return {
            key: item(element, f"{path}.{key}")
            for key, element in mapping.items()
            if element is not None
        }

    return parse


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
