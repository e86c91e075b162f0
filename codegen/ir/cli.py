"""CLI model: what the generated command line must decide when the package is generated.

The generated ``cli`` subpackage offers each operation as the AWS CLI (v2)
does: ``aws cognito-idp update-user-pool-domain --domain ...
--custom-domain-config CertificateArn=...``. Decided here: command and option
names (refusing members whose option would collide with a built-in one) and
the documentation texts the command line stores, each once. Everything else
(how values are read and checked, skeletons, help) is worked out at run time
by ``runtime/cli/`` from the ``_schemas`` table and those texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from .. import naming
from .shapes import Kind, Member, ModelError
from .strings import triple_quoted

if TYPE_CHECKING:
    from .package import Operation, Package
    from .waiters import Waiter

# Options every operation command has besides its members; a member may not take them.
GLOBAL_FLAGS = frozenset(
    {
        "--debug",
        "--endpoint-url",
        "--ca-bundle",
        "--no-verify-ssl",
        "--no-paginate",
        "--output",
        "--profile",
        "--region",
        "--cli-connect-timeout",
        "--cli-read-timeout",
        "--help",
        # everyday options (issue 13)
        "--query",
        "--no-sign-request",
        "--color",
        "--version",
    }
)
OPERATION_FLAGS = frozenset({"--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton"})

# The AWS CLI's renames of members that would take a built-in option
# (awscli/customizations/argrename.py, ``<service>.<command>.<option>``; ``*`` matches any).
ARGUMENT_RENAMES = {
    "elastictranscoder.*.output": "job-output",
    "kinesisanalytics.add-application-output.output": "application-output",
    "kinesisanalyticsv2.add-application-output.output": "application-output",
    "mobile.create-project.region": "project-region",
    "opsworks.*.region": "stack-region",
    "rekognition.create-stream-processor.output": "stream-processor-output",
    "stepfunctions.send-task-success.output": "task-output",
}

SERVICE_DOC_KEY = ""
"""The key of the service's documentation; as ``runtime/cli/_table.py`` reads it."""


def waiter_doc_key(waiter: str) -> str:
    """The key of a ``wait`` subcommand's description (``wait:TableExists``), as the runtime
    reads it."""
    return f"wait:{waiter}"


def member_doc_key(shape_name: str, wire_name: str) -> str:
    """The key of a member's documentation: ``ShapeName$WireName``, as the runtime reads it."""
    return f"{shape_name}${wire_name}"


@attrs.frozen
class OptionModel:
    """One ``--kebab-case`` option of an operation command, for one input member."""

    flag: str
    negated_flag: str | None
    """``--no-<name>`` for booleans, as the AWS CLI offers them."""
    wire_name: str


@attrs.frozen
class CommandModel:
    """An operation command."""

    name: str
    operation: Operation
    options: tuple[OptionModel, ...]

    @property
    def prepare_function(self) -> str:
        """The generated function building the request: ``_prepare_update_user_pool_domain``."""
        return f"_prepare_{self.operation.method_name}"


@attrs.frozen
class WaitCommandModel:
    """A ``wait`` subcommand: the waiter, with the options of its operation's command."""

    waiter: Waiter
    command: CommandModel

    @property
    def prepare_function(self) -> str:
        """``_prepare_wait_table_exists``."""
        return f"_prepare_{self.waiter.method_name.removeprefix('wait_until_')}_wait"


@attrs.frozen
class DocText:
    """One documentation text and every key it documents."""

    text: str
    keys: tuple[str, ...]

    @property
    def literal(self) -> str:
        return triple_quoted(self.text)


@attrs.frozen
class CliService:
    """Everything the ``cli/`` templates lay out."""

    prog: str
    commands: tuple[CommandModel, ...]
    docs: tuple[DocText, ...]
    waiters: tuple[WaitCommandModel, ...] = ()

    @property
    def request_classes(self) -> tuple[str, ...]:
        """The request models the generated module imports, sorted."""
        names = {command.operation.input.class_name for command in self.commands}
        return tuple(sorted(names, key=_import_order))


def build_cli_model(service: Package) -> CliService:
    """Derive the command line of ``service`` from its IR."""
    commands = tuple(_command(service.name, op) for op in service.operations)
    by_operation = {command.operation.name: command for command in commands}
    return CliService(
        prog=service.user_agent_name,
        commands=commands,
        docs=_doc_texts(service),
        waiters=tuple(
            WaitCommandModel(waiter, by_operation[waiter.operation]) for waiter in service.waiters
        ),
    )


def _import_order(name: str) -> tuple[bool, str, str]:
    """isort's order, as ruff applies it: constants first, then case-insensitively."""
    return (not name.isupper(), name.lower(), name)


def option_flag(wire_name: str) -> str:
    """``CustomDomainConfig`` -> ``--custom-domain-config``, as the AWS CLI names options."""
    return f"--{naming.kebab_case(wire_name)}"


def renamed_flag(service: str, command: str, flag: str) -> str:
    """The option of a member whose own flag is a built-in one (``--output``, ``--region``).

    As the AWS CLI renames it where it does (``stepfunctions send-task-success
    --task-output``); elsewhere, by the same habit, prefixed with the noun that
    follows the command's verb (``create-project --region`` -> ``--project-region``).
    """
    option = flag[2:]
    for key in (f"{service}.{command}.{option}", f"{service}.*.{option}"):
        if key in ARGUMENT_RENAMES:
            return f"--{ARGUMENT_RENAMES[key]}"
    words = command.split("-")
    noun = words[1] if len(words) > 1 else words[0]
    return f"--{noun}-{option}"


def _option(member: Member, service: str, command: str, taken: set[str]) -> OptionModel:
    flag = option_flag(member.wire_name)
    if flag in GLOBAL_FLAGS | OPERATION_FLAGS:
        flag = renamed_flag(service, command, flag)
    # Members differing only by case (``Name``, ``name``): the later one is ``--name-2``.
    base, number = flag, 2
    while flag in taken or f"--no-{flag[2:]}" in taken:
        flag, number = f"{base}-{number}", number + 1
    negated = f"--no-{flag[2:]}" if member.type.kind is Kind.BOOLEAN else None
    for name in (flag, negated):
        if name in GLOBAL_FLAGS | OPERATION_FLAGS:
            raise ModelError(
                f"{command} {member.wire_name}: option {name} collides with a built-in option"
            )
    taken.update(name for name in (flag, negated) if name is not None)
    return OptionModel(flag, negated, member.wire_name)


def _command(service: str, op: Operation) -> CommandModel:
    taken: set[str] = set()
    options = tuple(_option(m, service, op.cli_name, taken) for m in op.input.members)
    return CommandModel(name=op.cli_name, operation=op, options=options)


def _doc_texts(service: Package) -> tuple[DocText, ...]:
    """Every documentation text help and skeletons show, each once, with the keys it serves.

    The structures are those the operations' inputs and outputs reach, which
    are exactly the package's model classes.
    """
    keys: dict[str, list[str]] = {}
    for key, text in _documented(service):
        if text:
            keys.setdefault(text, []).append(key)
    return tuple(DocText(text, tuple(names)) for text, names in keys.items())


def _documented(service: Package) -> Iterator[tuple[str, str]]:
    yield SERVICE_DOC_KEY, service.documentation
    for op in service.operations:
        yield op.name, op.documentation
    for waiter in service.waiters:
        yield waiter_doc_key(waiter.name), waiter.cli_description
    for structure in sorted(service.structures, key=lambda s: s.name):
        for m in structure.members:
            yield member_doc_key(structure.name, m.wire_name), m.documentation
