"""Waiters: call an operation until its answer matches an acceptor, as botocore's ``Waiter``.

A ``WaiterSpec`` is one entry of botocore's ``waiters-2.json``, fixed when the
package is generated, its JMESPath compiled into Python over the response's
boto3-shaped dict (``to_dict()``) that calls the helpers below, each
``jmespath``'s rule for its node. ``wait`` follows ``botocore.waiter.Waiter.wait``:
the first acceptor that matches gives the state; ``success`` returns,
``failure`` raises ``WaiterError``, ``retry`` (or no match) sleeps ``delay``
seconds and calls again, until ``max_attempts`` calls are spent. A service
error no acceptor matches ends the wait at once. Imported only when a
``wait_until_*`` method is called.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Literal, Protocol, cast

import attrs

from ._exceptions import ParamValidationError, ServiceError, WaiterError

State = Literal["success", "failure", "retry"]
Matcher = Literal["path", "pathAll", "pathAny", "status", "error"]
Expected = str | bool | int | float
SUCCESS_STATUS = 200
"""The HTTP status of an answer that is not an error: awsJson answers 200."""


class Response(Protocol):
    """A typed response: its boto3-shaped dict is what acceptors' paths search."""

    def to_dict(self) -> Mapping[str, object]: ...


@attrs.frozen
class Acceptor:
    """One acceptor: when ``matcher`` finds ``expected``, the waiter enters ``state``."""

    state: State
    matcher: Matcher
    expected: Expected
    explanation: str
    """botocore's words for the match, ending the reason of a ``WaiterError``."""
    search: Callable[[Mapping[str, object]], object] | None = None
    """The compiled ``argument`` of a path matcher, over the response's dict."""


@attrs.frozen
class WaiterSpec:
    name: str
    """The waiter's name in ``waiters-2.json``: ``TableExists``."""
    delay: float
    max_attempts: int
    acceptors: tuple[Acceptor, ...]


def wait(
    spec: WaiterSpec,
    call: Callable[[], Response],
    *,
    delay: float | None,
    max_attempts: int | None,
) -> None:
    """Call ``call`` until an acceptor of ``spec`` says success; ``WaiterError`` otherwise."""
    problems: list[str] = []
    if delay is not None and not delay >= 0:
        problems.append(f"delay: must be 0 or more seconds, got {delay!r}")
    if max_attempts is not None and max_attempts < 1:
        problems.append(f"max_attempts: must be at least 1, got {max_attempts!r}")
    if problems:
        raise ParamValidationError(spec.name, problems)
    sleep_amount = spec.delay if delay is None else delay
    attempts_allowed = spec.max_attempts if max_attempts is None else max_attempts
    state = "waiting"
    matched_before = False
    attempts = 0
    while True:
        response: Response | None = None
        error: ServiceError | None = None
        try:
            response = call()
        except ServiceError as exc:
            error = exc
        attempts += 1
        data: Mapping[str, object] = response.to_dict() if response is not None else {}
        try:
            matched = _first_match(spec, data, error)
        except _InvalidTypeError as exc:
            # botocore lets jmespath's type error out of the wait; here it is a WaiterError.
            raise WaiterError(
                spec.name, str(exc), last_response=response, last_error=error
            ) from None
        if matched is not None:
            matched_before = True
            state = matched.state
        elif error is not None:
            reason = f"An error occurred ({error.code}): {error.message}"
            raise WaiterError(spec.name, reason, last_response=None, last_error=error) from error
        if state == "success":
            return
        if state == "failure":
            assert matched is not None
            reason = f"Waiter encountered a terminal failure state: {matched.explanation}"
            raise WaiterError(spec.name, reason, last_response=response, last_error=error)
        if attempts >= attempts_allowed:
            reason = "Max attempts exceeded"
            if matched_before:
                # botocore names the acceptor its loop ended on: this attempt's
                # match, or the last acceptor when this attempt matched none.
                last = matched or spec.acceptors[-1]
                reason += f". Previously accepted state: {last.explanation}"
            raise WaiterError(spec.name, reason, last_response=response, last_error=error)
        time.sleep(sleep_amount)


def _first_match(
    spec: WaiterSpec, data: Mapping[str, object], error: ServiceError | None
) -> Acceptor | None:
    return next((a for a in spec.acceptors if _matches(a, data, error)), None)


def _matches(acceptor: Acceptor, data: Mapping[str, object], error: ServiceError | None) -> bool:
    expected = acceptor.expected
    if acceptor.matcher == "status":
        status = SUCCESS_STATUS if error is None else error.status_code
        return status == expected
    if acceptor.matcher == "error":
        if expected is True:
            return error is not None
        if expected is False:
            return error is None
        return error is not None and error.code == expected
    if error is not None or acceptor.search is None:
        return False
    result = acceptor.search(data)
    if acceptor.matcher == "path":
        return result == expected
    if not isinstance(result, list) or not result:
        return False
    items = cast("list[object]", result)
    if acceptor.matcher == "pathAll":
        return all(item == expected for item in items)
    return any(item == expected for item in items)


# --- jmespath's TreeInterpreter, node by node -----------------------------------------------


class _InvalidTypeError(Exception):
    """A value of a type the expression cannot take: jmespath's ``JMESPathTypeError`` (or the
    ``TypeError`` it lets out when ordering a string against a number)."""


def field(value: object, name: str) -> object:
    return cast("Mapping[str, object]", value).get(name) if isinstance(value, Mapping) else None


def index(value: object, position: int) -> object:
    if not isinstance(value, list):
        return None
    items = cast("list[object]", value)
    return items[position] if -len(items) <= position < len(items) else None


def flatten(value: object) -> object:
    if not isinstance(value, list):
        return None
    merged: list[object] = []
    for item in cast("list[object]", value):
        if isinstance(item, list):
            merged.extend(cast("list[object]", item))
        else:
            merged.append(item)
    return merged


def project(value: object, function: Callable[[object], object]) -> object:
    if not isinstance(value, list):
        return None
    results = (function(item) for item in cast("list[object]", value))
    return [result for result in results if result is not None]


def select(value: object, condition: Callable[[object], object]) -> object:
    """A filter projection's kept elements (those it would project to ``None`` dropped)."""
    if not isinstance(value, list):
        return None
    items = cast("list[object]", value)
    return [item for item in items if truthy(condition(item)) and item is not None]


def truthy(value: object) -> bool:
    """jmespath's truth: false, null, ``""``, ``[]`` and ``{}`` are false (0 is true)."""
    return not (value is None or value is False or value in ("", [], {}))


def both(left: object, right: Callable[[], object]) -> object:
    return right() if truthy(left) else left


def either(left: object, right: Callable[[], object]) -> object:
    return left if truthy(left) else right()


def negate(value: object) -> bool:
    if _is_number(value) and value == 0:
        return False  # jmespath: !0 is false
    return not value


def compare(left: object, operator: str, right: object) -> object:
    if operator in ("==", "!="):
        equal = not _bool_against_number(left, right) and left == right
        return equal if operator == "==" else not equal
    # jmespath 1.1 orders numbers and strings (a string against a number is Python's TypeError).
    if not (_orderable(left) and _orderable(right)):
        return None
    if isinstance(left, str) != isinstance(right, str):
        raise _InvalidTypeError(
            f"'{operator}' not supported between instances of "
            f"'{type(left).__name__}' and '{type(right).__name__}'"
        )
    a, b = cast("float", left), cast("float", right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def length(value: object) -> int:
    if isinstance(value, str | list | dict):
        return len(cast("str | list[object] | dict[str, object]", value))
    raise _InvalidTypeError(
        f"In function length(), invalid type for value: {value!r}, expected one of: "
        f"['string', 'array', 'object'], received: \"{_type_name(value)}\""
    )


def _orderable(value: object) -> bool:
    return _is_number(value) or isinstance(value, str)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bool_against_number(left: object, right: object) -> bool:
    """jmespath keeps ``0``/``1`` from equalling ``false``/``true``, as Python would."""
    if _is_number(left) and left in (0, 1):
        return isinstance(right, bool)
    if _is_number(right) and right in (0, 1):
        return isinstance(left, bool)
    return False


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number" if _is_number(value) else type(value).__name__
