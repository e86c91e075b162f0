"""Input validation, run before anything goes on the wire.

The generated models describe their members to a ``Validator``; it collects
one problem per bad field. By default it checks what botocore checks (required
members, types, the model's ``min``) so that we never reject a request botocore
would send; ``strict`` also checks ``max``, patterns and enums.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, cast

ItemCheck = Callable[[object, str], None]


class Validatable(Protocol):
    """What a generated model offers the validator."""

    def collect_problems(self, v: Validator, prefix: str) -> None: ...


def _as_sequence(value: object) -> Sequence[object] | None:
    """``value`` as a list or tuple of unknown items; botocore accepts both."""
    return cast("Sequence[object]", value) if isinstance(value, list | tuple) else None


def _as_mapping(value: object) -> Mapping[object, object] | None:
    return cast("Mapping[object, object]", value) if isinstance(value, Mapping) else None


def _type_name(value: object) -> str:
    return type(value).__name__


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


class Validator:
    """Collects validation problems, each naming the field's path."""

    __slots__ = ("problems", "strict")

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[str] = []

    def _present(self, value: object, path: str, required: bool) -> bool:
        if value is None:
            if required:
                self.problems.append(f"{path}: missing required value")
            return False
        return True

    def _wrong_type(self, value: object, path: str, expected: str) -> None:
        self.problems.append(f"{path}: expected {expected}, got {_type_name(value)}")

    def _range(
        self, measured: float, path: str, what: str, lo: float | None, hi: float | None
    ) -> None:
        if lo is not None and measured < lo:
            self.problems.append(f"{path}: {what} {measured} is below the minimum of {lo}")
        elif self.strict and hi is not None and measured > hi:
            self.problems.append(f"{path}: {what} {measured} is above the maximum of {hi}")

    def string(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: int | None = None,
        max: int | None = None,
        pattern: str | None = None,
        enum: tuple[str, ...] = (),
        sensitive: bool = False,
    ) -> None:
        """Check a string; a ``sensitive`` one (a password, a secret) is never quoted."""
        if not self._present(value, path, required):
            return
        if not isinstance(value, str):
            self._wrong_type(value, path, "str")
            return
        problems = len(self.problems)
        self._range(len(value), path, "length", min, max)
        if not self.strict or len(self.problems) > problems:
            # A value of the wrong length is not matched as well: searching some
            # patterns (UserPoolIdType's) takes time quadratic in the length,
            # minutes for a megabyte, while the longest valid value is short.
            return
        shown = "the value" if sensitive else _show(value)
        # Smithy patterns are not implicitly anchored: search, don't fullmatch.
        if pattern is not None and re.search(pattern, value) is None:
            self.problems.append(f"{path}: {shown} does not match the pattern {pattern}")
        if enum and value not in enum:
            self.problems.append(f"{path}: {shown} is not one of {', '.join(enum)}")

    def integer(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: int | None = None,
        max: int | None = None,
    ) -> None:
        if not self._present(value, path, required):
            return
        # bool is an int, and botocore accepts it too.
        if not isinstance(value, int):
            self._wrong_type(value, path, "int")
            return
        self._range(value, path, "value", min, max)

    def number(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: float | None = None,
        max: float | None = None,
    ) -> None:
        if not self._present(value, path, required):
            return
        if not isinstance(value, int | float):
            self._wrong_type(value, path, "float")
            return
        self._range(value, path, "value", min, max)

    def boolean(self, value: object, path: str, *, required: bool = False) -> None:
        if self._present(value, path, required) and not isinstance(value, bool):
            self._wrong_type(value, path, "bool")

    def timestamp(self, value: object, path: str, *, required: bool = False) -> None:
        if self._present(value, path, required) and not isinstance(
            value, datetime.datetime | int | float
        ):
            self._wrong_type(value, path, "datetime")

    def blob(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: int | None = None,
        max: int | None = None,
    ) -> None:
        if not self._present(value, path, required):
            return
        if not isinstance(value, bytes | bytearray | str):
            self._wrong_type(value, path, "bytes")
            return
        if self.strict:
            self._range(len(value), path, "length", min, max)

    def document(self, value: object, path: str, *, required: bool = False) -> None:
        if not self._present(value, path, required):
            return
        mapping, sequence = _as_mapping(value), _as_sequence(value)
        if mapping is not None:
            for key, item in mapping.items():
                self.document(item, f"{path}.{key}")
        elif sequence is not None:
            for index, item in enumerate(sequence):
                self.document(item, f"{path}[{index}]")
        elif not isinstance(value, str | int | float | bool):
            self._wrong_type(value, path, "a JSON value")

    def list(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: int | None = None,
        max: int | None = None,
        item: ItemCheck,
    ) -> None:
        if not self._present(value, path, required):
            return
        sequence = _as_sequence(value)
        if sequence is None:
            self._wrong_type(value, path, "list")
            return
        self._range(len(sequence), path, "length", min, max)
        for index, element in enumerate(sequence):
            item(element, f"{path}[{index}]")

    def map(
        self,
        value: object,
        path: str,
        *,
        required: bool = False,
        min: int | None = None,
        max: int | None = None,
        key: ItemCheck,
        item: ItemCheck,
    ) -> None:
        if not self._present(value, path, required):
            return
        mapping = _as_mapping(value)
        if mapping is None:
            self._wrong_type(value, path, "dict")
            return
        if self.strict:
            self._range(len(mapping), path, "length", min, max)
        for name, element in mapping.items():
            key(name, f"{path} (key {_show(name)})")
            item(element, f"{path}[{_show(name)}]")

    def structure(
        self, value: object, path: str, cls: type[Validatable], *, required: bool = False
    ) -> None:
        if not self._present(value, path, required):
            return
        if not isinstance(value, cls):
            hint = f" (build it with {cls.__name__}(...) or {cls.__name__}.from_dict(...))"
            self._wrong_type(value, path, f"{cls.__name__}{hint}")
            return
        value.collect_problems(self, f"{path}.")
