"""Waiters: botocore's ``waiters-2.json`` entries, checked against the model and compiled.

Each waiter whose operation the package generates gets a client method
``wait_until_<waiter>`` (``wait_until_table_exists``) taking the operation's
arguments plus ``delay`` and ``max_attempts`` (boto3's ``WaiterConfig``), and a
``wait <waiter-name>`` command (``table-exists``, as the AWS CLI names it).
Decided here: those names, each acceptor's state, matcher, expected value,
its JMESPath compiled into Python (``codegen.ir.waiter_paths``) and botocore's
explanation of it, and which entries can be followed at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .. import naming
from .shapes import Member, ModelError
from .waiter_paths import HELPERS, WaiterPathError, compile_expression, python_literal

WAITER_OPTIONS = ("delay", "max_attempts")
"""boto3's ``WaiterConfig`` (``Delay``, ``MaxAttempts``), as keywords of every waiter method."""
STATES = ("success", "failure", "retry")
PATH_MATCHERS = ("path", "pathAll", "pathAny")
MATCHERS = (*PATH_MATCHERS, "status", "error")

Expected = str | bool | int | float
_CLI_SUCCESS = {
    "error": "%s is thrown ",
    "path": "%s ",
    "pathAll": "%s for all elements ",
    "pathAny": "%s for any element ",
    "status": "%s response is received ",
}
"""awscli's ``WaiterStateDocBuilder.SUCCESS_DESCRIPTIONS``."""


@attrs.frozen
class Acceptor:
    """One acceptor of a waiter, in the order botocore tries them."""

    state: str
    matcher: str
    expected: Expected
    argument: str | None = None
    """The JMESPath of a path matcher, as ``waiters-2.json`` writes it."""
    search: str | None = None
    """``argument`` compiled: one Python expression over ``response`` (the response's dict)."""

    @property
    def explanation(self) -> str:
        """botocore's ``AcceptorConfig.explanation``, word for word (``str()`` of the value)."""
        expected = str(self.expected)
        if self.matcher == "path":
            return f'For expression "{self.argument}" we matched expected path: "{expected}"'
        if self.matcher == "pathAll":
            return (
                f'For expression "{self.argument}" all members matched expected path: "{expected}"'
            )
        if self.matcher == "pathAny":
            return (
                f'For expression "{self.argument}" we matched expected '
                f'path: "{expected}" at least once'
            )
        if self.matcher == "status":
            return f"Matched expected HTTP status code: {expected}"
        return f"Matched expected service error code: {expected}"

    @property
    def summary(self) -> str:
        """The acceptor in a few words, for the method's docstring."""
        value = f"``{python_literal(self.expected)}``"
        if self.matcher == "path":
            return f"{self.state}: ``{self.argument}`` is {value}"
        if self.matcher == "pathAll":
            return f"{self.state}: every ``{self.argument}`` is {value}"
        if self.matcher == "pathAny":
            return f"{self.state}: any ``{self.argument}`` is {value}"
        if self.matcher == "status":
            return f"{self.state}: HTTP status {self.expected}"
        if self.expected is True:
            return f"{self.state}: any service error"
        if self.expected is False:
            return f"{self.state}: any answer that is not an error"
        return f"{self.state}: the error {self.expected}"

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """(keyword, Python source) of the runtime ``Acceptor``."""
        fields = [
            ("state", f'"{self.state}"'),
            ("matcher", f'"{self.matcher}"'),
            ("expected", python_literal(self.expected)),
            ("explanation", python_literal(self.explanation)),
        ]
        if self.search is not None:
            fields.append(("search", f"lambda response: {self.search}"))
        return tuple(fields)


@attrs.frozen
class Waiter:
    """One waiter: a ``wait_until_*`` method and a ``wait`` command."""

    name: str
    """As ``waiters-2.json`` names it: ``TableExists``."""
    method_name: str
    """``wait_until_table_exists``."""
    cli_name: str
    """``table-exists``: the AWS CLI's ``wait`` subcommand."""
    spec_constant: str
    """The ``WaiterSpec`` in the generated ``_waiters`` module: ``TABLE_EXISTS``."""
    operation: str
    operation_method: str
    description: str
    delay: int | float
    max_attempts: int
    acceptors: tuple[Acceptor, ...]
    arguments: tuple[Member, ...]
    """The operation's arguments, required ones first; one named ``delay`` or
    ``max_attempts`` takes a trailing underscore."""
    call_values: tuple[tuple[str, str], ...]
    """(keyword of the operation's method, argument of the waiter's) for each argument."""

    @property
    def helpers(self) -> frozenset[str]:
        """The runtime's JMESPath helpers the compiled acceptors call."""
        code = " ".join(a.search for a in self.acceptors if a.search is not None)
        return frozenset(name for name in HELPERS if f"{name}(" in code)

    @property
    def boto3_name(self) -> str:
        """The name boto3's ``get_waiter`` takes: ``table_exists``."""
        return naming.snake_case(self.name)

    @property
    def docstring(self) -> str:
        """The model's description, else the name in words: ``Wait until table exists.``"""
        return self.description or f"Wait until {self.boto3_name.replace('_', ' ')}."

    @property
    def cli_description(self) -> str:
        """The ``wait`` subcommand's description, as the AWS CLI writes it.

        awscli's ``WaiterStateDocBuilder``: the model's description, else one
        made from the first success acceptor, then how it polls.
        """
        description = self.description
        if not description:
            description = "Wait until "
            success = next((a for a in self.acceptors if a.state == "success"), None)
            if success is not None:
                description += _CLI_SUCCESS[success.matcher] % (success.expected,)
                if success.matcher in PATH_MATCHERS:
                    description = description.replace(
                        "Wait until ", f"Wait until JMESPath query {success.argument} returns ", 1
                    )
            description += f"when polling with ``{naming.kebab_case(self.operation)}``."
        return (
            f"{description} It will poll every {self.delay} seconds until a successful state "
            "has been reached. This will exit with a return code of 255 after "
            f"{self.max_attempts} failed checks."
        )

    @property
    def call_text(self) -> str:
        """The operation method's keyword arguments, as the waiter method passes them."""
        return ", ".join(f"{name}={value}" for name, value in self.call_values)


def build_waiter(
    name: str,
    config: Mapping[str, Any],
    *,
    operation_method: str,
    arguments: Sequence[Member],
) -> Waiter:
    """The IR of one ``waiters-2.json`` entry; ``ModelError`` if it cannot be followed."""

    def fail(reason: str) -> ModelError:
        return ModelError(f"waiter {name}: {reason}")

    delay, max_attempts = config.get("delay"), config.get("maxAttempts")
    if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
        raise fail(f"delay {delay!r} is not a number of seconds")
    if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1:
        raise fail(f"maxAttempts {max_attempts!r} is not a positive integer")
    acceptors = tuple(_acceptor(raw, fail) for raw in config.get("acceptors", ()))
    if not acceptors:
        raise fail("no acceptors")
    renamed = {m.python_name: f"{m.python_name}_" for m in arguments}
    kept = tuple(
        attrs.evolve(m, python_name=renamed[m.python_name])
        if m.python_name in WAITER_OPTIONS
        else m
        for m in arguments
    )
    return Waiter(
        name=name,
        method_name=f"wait_until_{naming.method_name(name).rstrip('_')}",
        cli_name=naming.kebab_case(name),
        spec_constant=naming.method_name(name).rstrip("_").upper(),
        operation=config["operation"],
        operation_method=operation_method,
        description=config.get("description", ""),
        delay=delay,
        max_attempts=max_attempts,
        acceptors=acceptors,
        arguments=kept,
        call_values=tuple(
            (old.python_name, new.python_name) for old, new in zip(arguments, kept, strict=True)
        ),
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _acceptor(raw: Mapping[str, Any], fail: Callable[[str], ModelError]) -> Acceptor:
    state, matcher, expected = raw.get("state"), raw.get("matcher"), raw.get("expected")
    if state not in STATES:
        raise fail(f"unknown acceptor state {state!r}")
    if matcher not in MATCHERS:
        raise fail(f"unknown matcher {matcher!r}")
    if not isinstance(expected, str | bool | int | float):
        raise fail(f"expected value {expected!r} is not a string, number or boolean")
    if matcher == "status" and not _is_number(expected):
        raise fail(f"status matcher expects {expected!r}, not an HTTP status")
    if matcher not in PATH_MATCHERS:
        return Acceptor(state, matcher, expected)
    argument = raw.get("argument")
    if not isinstance(argument, str):
        raise fail(f"{matcher} matcher without an argument")
    try:
        search = compile_expression(argument)
    except WaiterPathError as exc:
        raise fail(str(exc)) from None
    return Acceptor(state, matcher, expected, argument, search)
