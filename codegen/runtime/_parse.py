"""Reading response JSON into typed values, naming the member on any mismatch.

Unknown members are ignored (AWS adds members over time); a member of the
wrong JSON type raises ``ResponseParseError`` with its path.
"""

from __future__ import annotations

import base64
import binascii
import datetime
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


def as_float(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _mismatch(value, path, "a number")
    return float(value)


def as_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _mismatch(value, path, "a boolean")
    return value


def as_timestamp(value: object, path: str) -> datetime.datetime:
    """Epoch seconds on the wire (or a datetime from a boto3-shaped dict), as aware UTC."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _mismatch(value, path, "a timestamp")
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)


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
    def parse(value: object, path: str) -> list[T]:
        elements = _as_list(value, path)
        return [item(element, f"{path}[{i}]") for i, element in enumerate(elements)]

    return parse


def map_of(item: Parser[T]) -> Parser[dict[str, T]]:
    def parse(value: object, path: str) -> dict[str, T]:
        mapping = as_mapping(value, path)
        return {key: item(element, f"{path}.{key}") for key, element in mapping.items()}

    return parse


def encode_wire_value(value: object) -> object:
    """``json.dumps`` default: blobs to base64 and timestamps to epoch seconds, as botocore."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return int(value.timestamp())
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
