"""The stubber behind ``<package>.testing.Stubber``: canned answers for unit tests of user code.

A test queues the calls it expects, each with its parameters and the response
or error to answer; the client then answers from the queue, in order, and
never sends anything. It follows ``botocore.stub.Stubber``: ``add_response``,
``add_client_error``, ``activate``/``deactivate`` (or ``with``),
``assert_no_pending_responses`` and ``ANY``. The differences:

- Methods and parameters are the client's: ``add_response("put_item", ...,
  expected_params={"table_name": "t", "item": {...}})``, keyword arguments as
  the method takes them (models or boto3-shaped dicts), not the API's names.
- Expected parameters are validated when queued, by the client's own
  validation (``ParamValidationError``), not only compared when called.
- A response is a typed model or a boto3-shaped dict; a dict is read as the
  client reads the wire, and a key the model does not have is refused.
- ``ANY`` stands for a whole keyword argument; an idempotency token the
  expected parameters leave out matches whatever the client generated.
- A mismatch says which parameter differs, by its Python path
  (``item['pk'].s``), and the error is an ``AssertionError`` too.

The seam is the client's ``ClientCore.send_params``: every call and every
page of a paginator goes through it after validation, with its parameters in
wire form. The stubber replaces it on that one client while active, so no
endpoint is resolved, no credentials are looked up, and no request is made.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import ModuleType, TracebackType
from typing import Final, NamedTuple, Protocol, cast

import attrs

from ._client import ClientCore, Request
from ._exceptions import ParamValidationError, SdkError, ServiceError
from ._protocol import ErrorFactory
from ._schema import ListOf, MapOf, Schema, Structure

__all__ = [
    "ANY",
    "OperationInfo",
    "StubAssertionError",
    "StubResponseError",
    "Stubber",
    "UnStubbedResponseError",
]


class _Any:
    """Equal to everything: stands for an expected parameter whose value does not matter."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "ANY"


ANY: Final = _Any()
"""An expected parameter that matches any value: ``expected_params={"item": ANY}``."""


class StubResponseError(SdkError):
    """The stubber was set up wrongly: an unknown method, a response of the wrong shape."""


class StubAssertionError(StubResponseError, AssertionError):
    """The code under test called the client otherwise than the stubber expected."""


class UnStubbedResponseError(StubAssertionError):
    """A call came with no response queued for it."""


class OperationInfo(NamedTuple):
    """What the stubber knows of a client method (the generated ``testing`` table)."""

    operation: str
    """The API's name: ``PutItem``."""
    input: str
    """The request model class, in ``models``."""
    output: str | None
    """The response model class, or ``None`` when the method returns nothing."""
    tokens: tuple[str, ...] = ()
    """Idempotency-token arguments the client fills when the caller leaves them out."""


class _Model(Request, Protocol):
    """A generated model class: what the stubber reads of one."""

    def __init__(self, **members: object) -> None: ...

    @classmethod
    def parse(cls, value: object, path: str) -> _Model: ...


@attrs.frozen
class _Expected:
    """One queued call: the method, the parameters to compare, and the answer."""

    method: str
    info: OperationInfo
    params: Request | None
    """The expected request; ``None`` when any parameters do."""
    ignored: frozenset[str]
    """Arguments whose value is not compared (``ANY``, generated tokens)."""
    schema: Structure
    answer: Mapping[str, object] | Callable[[], ServiceError]

    @property
    def name(self) -> str:
        return f"{self.method} ({self.info.operation})"


def _show(value: object, schema: Schema) -> str:
    """``value`` for a message, shortened; a sensitive one (a password) is never shown."""
    if schema.sensitive:
        return "a value (sensitive, not shown)"
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


class Stubber:
    """Answers a client's calls from a queue of expected calls; nothing is sent while active.

    Use ``<package>.testing.Stubber(client)``, which knows the package's
    methods and errors.
    """

    def __init__(
        self,
        client: object,
        *,
        operations: Mapping[str, OperationInfo],
        models: ModuleType,
        error_factory: ErrorFactory,
    ) -> None:
        self.client = client
        # The client keeps its core private; the stubber is its one other user.
        self._core = cast("ClientCore", vars(client)["_core"])
        self._operations = operations
        self._methods = {info.operation: method for method, info in operations.items()}
        self._models = models
        self._error_factory = error_factory
        self._queue: collections.deque[_Expected] = collections.deque()

    # --- botocore's interface ------------------------------------------------------

    def activate(self) -> None:
        """Answer the client's calls from the queue from now on (nothing is sent)."""
        vars(self._core)["send_params"] = self._send_params

    def deactivate(self) -> None:
        """Let the client send its calls again."""
        vars(self._core).pop("send_params", None)

    def __enter__(self) -> Stubber:
        self.activate()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.deactivate()

    def add_response(
        self,
        method: str,
        service_response: object = None,
        expected_params: Mapping[str, object] | None = None,
    ) -> None:
        """Queue a call of ``method`` answered by ``service_response``.

        Args:
            method: The client method, e.g. ``"put_item"`` (its ``paginate_*``
                twin's pages are calls of it too).
            service_response: The response model (``PutItemOutput(...)``), or its
                boto3-shaped dict; ``None`` for an empty response.
            expected_params: The keyword arguments the call must be made with
                (``ANY`` for one whose value does not matter); ``None`` accepts any.

        Raises:
            StubResponseError: ``method`` is not the client's, or the response
                does not have the method's response shape.
            ParamValidationError: ``expected_params`` would not pass the client's validation.
        """
        info = self._info(method)
        answer = self._wire_response(method, info, service_response)
        self._queue.append(self._expected(method, info, expected_params, answer))

    def add_client_error(
        self,
        method: str,
        service_error_code: str = "",
        service_message: str = "",
        http_status_code: int = 400,
        *,
        service_error_meta: Mapping[str, object] | None = None,
        expected_params: Mapping[str, object] | None = None,
        response_meta: Mapping[str, object] | None = None,
        modeled_fields: Mapping[str, object] | None = None,
    ) -> None:
        """Queue a call of ``method`` answered by a service error.

        The client raises what it raises for that error from the service: the
        modeled class for ``service_error_code`` (``ResourceNotFoundException``),
        else the service's base error, with ``code``, ``message`` and
        ``status_code`` set. ``modeled_fields`` (wire names) and
        ``service_error_meta`` go into its ``details``; ``response_meta``'s
        ``RequestId`` becomes its ``request_id``.
        """
        info = self._info(method)
        details = {
            "__type": service_error_code,
            "message": service_message,
            **(service_error_meta or {}),
            **(modeled_fields or {}),
        }
        request_id = (response_meta or {}).get("RequestId")
        factory = self._error_factory

        def error() -> ServiceError:
            return factory(
                service_error_code,
                service_message,
                http_status_code,
                request_id if isinstance(request_id, str) else None,
                details,
            )

        self._queue.append(self._expected(method, info, expected_params, error))

    def assert_no_pending_responses(self) -> None:
        """Raise ``StubAssertionError`` if a queued call was not made."""
        if self._queue:
            names = ", ".join(expected.name for expected in self._queue)
            raise StubAssertionError(f"{len(self._queue)} expected call(s) not made: {names}")

    # --- queuing -----------------------------------------------------------------

    def _info(self, method: str) -> OperationInfo:
        info = self._operations.get(method)
        if info is None:
            known = ", ".join(sorted(self._operations))
            raise StubResponseError(
                f"{type(self.client).__name__} has no method {method!r} to stub; it has: {known}"
            )
        return info

    def _model(self, name: str) -> type[_Model]:
        return cast("type[_Model]", getattr(self._models, name))

    def _wire_response(
        self, method: str, info: OperationInfo, response: object
    ) -> Mapping[str, object]:
        if info.output is None:
            if response not in (None, {}):
                raise StubResponseError(f"{method} returns nothing; its response must be None")
            return {}
        output = self._model(info.output)
        if response is None:
            response = {}
        if isinstance(response, output):
            return response.to_wire()
        if not isinstance(response, Mapping):
            raise StubResponseError(
                f"{method}: the response must be a {info.output} or its dict, "
                f"not {type(response).__name__}"
            )
        data = cast("Mapping[str, object]", response)
        unknown = list(_unknown_keys(data, output.SCHEMA, info.output))
        if unknown:
            keys = ", ".join(unknown)
            raise StubResponseError(f"{method}: the response has unknown keys: {keys}")
        try:
            output.parse(data, info.output)
        except SdkError as exc:  # ResponseParseError: the client could not read it
            raise StubResponseError(f"{method}: the response does not parse: {exc}") from exc
        return data

    def _expected(
        self,
        method: str,
        info: OperationInfo,
        params: Mapping[str, object] | None,
        answer: Mapping[str, object] | Callable[[], ServiceError],
    ) -> _Expected:
        request_class = self._model(info.input)
        schema = request_class.SCHEMA
        if params is None:
            return _Expected(method, info, None, frozenset(), schema, answer)
        by_python_name = {member.python_name: member for member in schema.members}
        unknown = [name for name in params if name not in by_python_name]
        if unknown:
            raise StubResponseError(
                f"{method}: unknown expected parameter(s) {', '.join(unknown)}; "
                f"it takes: {', '.join(by_python_name)}"
            )
        ignored = {name for name, value in params.items() if value is ANY}
        ignored |= {token for token in info.tokens if token not in params}
        # Validated as the client validates a call; a value that is ANY is not checked.
        given = {name: value for name, value in params.items() if name not in ignored}
        request = request_class(**(dict.fromkeys(by_python_name) | given))
        problems = [
            problem
            for problem in _problems(self._core, info.operation, request)
            if not problem.startswith(tuple(f"{name}:" for name in ignored))
        ]
        if problems:
            raise ParamValidationError(info.operation, problems)
        return _Expected(method, info, request, frozenset(ignored), schema, answer)

    # --- answering -----------------------------------------------------------------

    def _send_params(
        self,
        operation: str,
        params: Mapping[str, object],
        *,
        signed: bool,
        compressed: bool = False,
    ) -> Mapping[str, object]:
        """``ClientCore.send_params`` while active: compare with the queue, answer from it."""
        called = f"{self._methods.get(operation, '?')} ({operation})"
        if not self._queue:
            given = ", ".join(params) or "no parameters"
            raise UnStubbedResponseError(
                f"Unexpected call of {called} ({given}): no response is queued"
            )
        expected = self._queue[0]
        if expected.info.operation != operation:
            raise StubAssertionError(f"Expected a call of {expected.name}, got one of {called}")
        if expected.params is not None:
            # The call's wire parameters read back into its request model, as sent.
            actual = self._model(expected.info.input).parse(params, expected.info.input)
            difference = _difference(expected.params, actual, expected.schema, "", expected.ignored)
            if difference is not None:
                raise StubAssertionError(f"{expected.name}: parameter {difference}")
        self._queue.popleft()
        if callable(expected.answer):
            raise expected.answer()
        return expected.answer


def _problems(core: ClientCore, operation: str, request: Request) -> Sequence[str]:
    try:
        core.validate(operation, request)
    except ParamValidationError as exc:
        return exc.problems
    return ()


def _unknown_keys(data: Mapping[str, object], schema: Structure, path: str) -> Iterator[str]:
    """The keys of a boto3-shaped ``data`` that ``schema`` does not have, at any depth."""
    for key, value in data.items():
        member = schema.by_wire_name.get(key)
        if member is None:
            yield f"{path}.{key}"
        else:
            yield from _unknown_in(value, member.target, f"{path}.{key}")


def _unknown_in(value: object, schema: Schema, path: str) -> Iterator[str]:
    if isinstance(schema, Structure) and isinstance(value, Mapping):
        yield from _unknown_keys(cast("Mapping[str, object]", value), schema, path)
    elif isinstance(schema, ListOf) and isinstance(value, list | tuple):
        for index, item in enumerate(cast("Sequence[object]", value)):
            yield from _unknown_in(item, schema.item, f"{path}[{index}]")
    elif isinstance(schema, MapOf) and isinstance(value, Mapping):
        for key, item in cast("Mapping[str, object]", value).items():
            yield from _unknown_in(item, schema.value, f"{path}[{key!r}]")


def _difference(
    expected: object,
    actual: object,
    schema: Schema,
    path: str,
    ignored: frozenset[str] = frozenset(),
) -> str | None:
    """The first place ``actual`` differs from ``expected`` (models and values), by Python path."""
    whole: object = expected  # never narrowed: shown as a whole where it differs
    if expected is None or actual is None:
        if expected is actual:
            return None
        if actual is None:
            return f"{path}: expected {_show(whole, schema)}, not given"
        return f"{path}: not expected, got {_show(actual, schema)}"
    if isinstance(schema, Structure):
        for member in schema.members:
            if member.python_name in ignored:
                continue
            difference = _difference(
                getattr(expected, member.python_name),
                getattr(actual, member.python_name),
                member.target,
                f"{path}.{member.python_name}" if path else member.python_name,
            )
            if difference is not None:
                return difference
        return None
    if isinstance(schema, ListOf) and isinstance(expected, list | tuple):
        wanted = cast("Sequence[object]", expected)
        got = cast("Sequence[object]", actual)
        for index, (wanted_item, got_item) in enumerate(zip(wanted, got, strict=False)):
            difference = _difference(wanted_item, got_item, schema.item, f"{path}[{index}]")
            if difference is not None:
                return difference
        if len(wanted) != len(got):
            return f"{path}: expected {len(wanted)} items, got {len(got)}"
        return None
    if isinstance(schema, MapOf) and isinstance(expected, Mapping):
        wanted_map = cast("Mapping[str, object]", expected)
        got_map = cast("Mapping[str, object]", actual)
        for key in [*wanted_map, *(k for k in got_map if k not in wanted_map)]:
            difference = _difference(
                wanted_map.get(key), got_map.get(key), schema.value, f"{path}[{key!r}]"
            )
            if difference is not None:
                return difference
        return None
    if whole != actual:
        return f"{path}: expected {_show(whole, schema)}, got {_show(actual, schema)}"
    return None
