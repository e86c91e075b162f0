"""The command line's driver: global options, argparse, the run and its exit codes.

Exit codes are the AWS CLI's: 0 success (also when stdout is a pipe closed
early, as by ``head``), 252 invalid parameters or usage (including an option
whose optional package is missing), 253 configuration (no region, no
credentials), 254 an error answered by the service, 255 anything else.

Standard library and sibling modules only; PyYAML and jmespath are used when
installed and an option needs them.
Imported only by the command line, never by the package.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import platform
import sys
from collections.abc import Mapping, Sequence
from typing import Generic, NoReturn, TextIO, cast

from .._exceptions import ConfigurationError, ParamValidationError, ServiceError
from .._profile_files import load_profile
from .._validate import Model, Validator
from ._arguments import OptionReader, ParamCheckError, arg_kind, check_params
from ._console import error_style
from ._debug import DebugSession, debug_logging, redacted
from ._help import command_help, global_options_help, service_help, wait_help
from ._messages import for_command_line
from ._output import OUTPUT_FORMATS, check_output_format, print_response
from ._paging import PagingOptions, add_paging_arguments, paging_options
from ._paramfile import MissingDependencyError, ParamError, load_cli_input
from ._query import Query, QueryError, compile_query
from ._skeletons import input_skeleton, output_skeleton, yaml_input_skeleton
from ._table import ClientSettings, ClientT, Command, PreparedCall, Service

__all__ = ["run"]

LOG = logging.getLogger(__name__)

PARAM_VALIDATION_ERROR_RC = 252
CONFIGURATION_ERROR_RC = 253
CLIENT_ERROR_RC = 254
GENERAL_ERROR_RC = 255
INTERRUPTED_RC = 130

_CLI_INPUTS = (("--cli-input-json", "cli_input_json"), ("--cli-input-yaml", "cli_input_yaml"))
"""The options that read the whole input, and their argparse destinations."""
SKELETON_KINDS = ("input", "yaml-input", "output")
WAIT_COMMAND = "wait"
"""The command whose subcommands are the waiters (``wait table-exists``), as in the AWS CLI."""


class _UsageError(Exception):
    """The command line does not parse; printed below the usage, exit 252."""


# --- argparse ------------------------------------------------------------------------


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _timeout_seconds(text: str) -> int:
    """Whole seconds, 0 for none, as the AWS CLI's ``int`` timeouts: refused before sending."""
    if not text.strip().isdecimal():  # refuses -1, 1.5, nan, inf, 1e400
        raise argparse.ArgumentTypeError(
            f"expected a whole number of seconds (0: no timeout), not {text!r}"
        )
    return int(text)


def _global_parser() -> _ArgumentParser:
    parser = _ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("command", nargs="?")
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--endpoint-url")
    parser.add_argument("--no-verify-ssl", action="store_true")
    parser.add_argument("--no-paginate", action="store_true")
    parser.add_argument("--profile")
    parser.add_argument("--region")
    # --- everyday options (issue 13): output, query, signing, color, version ---
    parser.add_argument("--output", choices=OUTPUT_FORMATS)
    parser.add_argument("--query")
    parser.add_argument("--no-sign-request", action="store_true")
    parser.add_argument("--color", choices=("on", "off", "auto"), default="auto")
    parser.add_argument("--version", action="store_true")
    # --- end of everyday options ---
    parser.add_argument("--cli-read-timeout", type=_timeout_seconds)
    parser.add_argument("--cli-connect-timeout", type=_timeout_seconds)
    parser.add_argument("--ca-bundle")
    return parser


def _command_parser(command: Command[ClientT], prog: str, relax_required: bool) -> _ArgumentParser:
    parser = _ArgumentParser(prog=f"{prog} {command.name}", add_help=False, allow_abbrev=False)
    for option in command.options:
        member = command.member(option)
        required = member.required and not relax_required
        kind = arg_kind(member.target)
        if kind == "boolean":
            assert option.negated_flag is not None
            group = parser.add_mutually_exclusive_group(required=required)
            group.add_argument(option.flag, dest=option.key, action="store_true", default=None)
            group.add_argument(
                option.negated_flag, dest=option.key, action="store_false", default=None
            )
        else:
            nargs = "+" if kind == "list" else None
            parser.add_argument(option.flag, dest=option.key, nargs=nargs, required=required)
    if command.paging is not None:
        add_paging_arguments(parser, command.paging)
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


class _Invocation(Generic[ClientT]):
    """One run of the command line."""

    def __init__(self, service: Service[ClientT], prog: str, stdout: TextIO) -> None:
        self.service = service
        self.prog = prog
        self._commands = {command.name: command for command in service.commands}
        self._stdout = stdout
        self.command: Command[ClientT] | None = None
        """The command being run, once the command line names one."""
        self.color = "auto"
        """``--color``, once the global options are parsed."""

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
        self.color = globals_.color
        if globals_.debug:
            LOG.debug("%s", version_line(self.service))
        if globals_.version:
            self._stdout.write(version_line(self.service) + "\n")
            return 0
        if globals_.command is None:
            if "--help" in rest or "-h" in rest:
                self._print_help(service_help(self.service))
                return 0
            raise _UsageError("the following arguments are required: command")
        if globals_.command == WAIT_COMMAND and self.service.waiters:
            return self._run_wait(globals_, rest)
        command = self._commands.get(globals_.command)
        if command is None:
            choices = "\n".join(f"  {name}" for name in self._commands)
            raise _UsageError(f"argument command: Invalid choice, valid choices are:\n\n{choices}")
        if "--help" in rest or "-h" in rest:
            self._print_help(command_help(command, self.service.docs))
            return 0
        self.command = command
        return self._run_command(command, globals_, rest)

    def _run_wait(self, globals_: argparse.Namespace, rest: list[str]) -> int:
        """``wait <waiter> [parameters]``: the waiter's subcommand, run as an operation's."""
        waiters = {command.name: command for command in self.service.waiters}
        asks_help = "--help" in rest or "-h" in rest
        if not rest or rest[0].startswith("-"):
            if asks_help:
                self._print_help(wait_help(self.service))
                return 0
            raise _UsageError("the following arguments are required: subcommand")
        command = waiters.get(rest[0])
        if command is None:
            choices = "\n".join(f"  {name}" for name in waiters)
            raise _UsageError(
                f"argument subcommand: Invalid choice, valid choices are:\n\n{choices}"
            )
        if asks_help:
            self._print_help(command_help(command, self.service.docs))
            return 0
        self.command = command
        return self._run_command(command, globals_, rest[1:])

    def _print_help(self, text: str) -> None:
        self._stdout.write(f"{text}\n{global_options_help()}")

    def _run_command(
        self, command: Command[ClientT], globals_: argparse.Namespace, args: list[str]
    ) -> int:
        parser = _command_parser(command, self.prog, _relaxes_required(args))
        parsed, unknown = parser.parse_known_args(args)
        if unknown:
            raise _UsageError(f"Unknown options: {', '.join(unknown)}")
        skeleton: str | None = parsed.generate_cli_skeleton
        if skeleton == "input":
            self._stdout.write(json.dumps(input_skeleton(command.input), indent=4) + "\n")
            return 0
        if skeleton == "yaml-input":
            self._stdout.write(yaml_input_skeleton(command.input, self.service.docs))
            return 0
        # Both checked before anything is sent, as the AWS CLI does.
        query = _compile_query(globals_.query)
        output = _output_format(globals_)
        check_output_format(output)
        params = self._parameters(command, parsed)
        prepared = command.prepare(params)
        paging = (
            None
            if command.paging is None
            else paging_options(command.paging, params, parsed, globals_.no_paginate)
        )
        if skeleton == "output":
            # As the AWS CLI: validate the input, then show a made-up response.
            self._validate(command, prepared.request)
            response: Mapping[str, object] = output_skeleton(command.output)
        else:
            settings = self._settings(globals_)
            if globals_.debug:
                settings = dataclasses.replace(settings, session=DebugSession(command))
            response = self._call(command, prepared, params, settings, paging)
        if command.waiter is None:  # a waiter prints nothing, as in the AWS CLI
            print_response(response, output, command.operation, self._stdout, query)
        return 0

    def _call(
        self,
        command: Command[ClientT],
        prepared: PreparedCall[ClientT],
        params: Mapping[str, object],
        settings: ClientSettings,
        paging: PagingOptions | None,
    ) -> Mapping[str, object]:
        client = self.service.make_client(settings)
        try:
            LOG.debug(
                "Calling %s on %r with parameters: %s",
                command.operation,
                client,
                redacted(params, command.input),
            )
            if paging is not None and prepared.paginate is not None:
                response = prepared.paginate(client, paging)
            else:
                response = prepared.send(client)
            LOG.debug("%s succeeded", command.operation)
            return response
        finally:
            client.close()

    @staticmethod
    def _parameters(command: Command[ClientT], parsed: argparse.Namespace) -> dict[str, object]:
        """The options' values, then what ``--cli-input-*`` adds, checked against the input."""
        values = vars(parsed)
        params: dict[str, object] = {}
        for option in command.options:
            raw = values.get(option.key)
            if raw is not None:
                params[option.key] = OptionReader(option, command.member(option)).read(raw)
        for flag, dest in _CLI_INPUTS:
            if values.get(dest) is not None:
                # Top-level keys only, as the AWS CLI: an option replaces the whole member.
                for key, value in load_cli_input(flag, values[dest]).items():
                    params.setdefault(key, value)
        return check_params(params, command.input)

    @staticmethod
    def _validate(command: Command[ClientT], request: Model) -> None:
        validator = Validator()
        validator.check(request)
        if validator.problems:
            raise ParamValidationError(command.operation, validator.problems)

    @staticmethod
    def _settings(globals_: argparse.Namespace) -> ClientSettings:
        return ClientSettings(
            region=globals_.region,
            profile=globals_.profile,
            endpoint_url=globals_.endpoint_url,
            # As the AWS CLI: --no-verify-ssl wins over --ca-bundle.
            verify=False if globals_.no_verify_ssl else globals_.ca_bundle or True,
            connect_timeout=globals_.cli_connect_timeout,
            read_timeout=globals_.cli_read_timeout,
            sign_requests=not globals_.no_sign_request,
        )


# --- everyday options (issue 13) -------------------------------------------------------


def version_line(service: Service[ClientT]) -> str:
    """``--version``, as the AWS CLI's: ``cognito-idp-lite/0.1.0 Python/3.12.1 Linux/6.8.0``."""
    return (
        f"{service.name}/{service.version} Python/{platform.python_version()} "
        f"{platform.system()}/{platform.release()}"
    )


def _compile_query(expression: str | None) -> Query | None:
    if expression is None:
        return None
    try:
        return compile_query(expression)
    except QueryError as exc:
        raise _UsageError(f"argument --query: {exc}") from None


def _output_format(globals_: argparse.Namespace) -> str:
    """``--output``, else AWS_DEFAULT_OUTPUT, else the profile's ``output``, else json."""
    if globals_.output is not None:
        return cast(str, globals_.output)
    found = os.environ.get("AWS_DEFAULT_OUTPUT")
    source = "environment variable AWS_DEFAULT_OUTPUT"
    if not found:
        try:
            setting = load_profile(globals_.profile, os.environ).get("output")
        except ConfigurationError:
            return "json"  # the client reports the same problem, in its own words
        if setting is None:
            return "json"
        found, source = setting.value, setting.source
    if found not in OUTPUT_FORMATS:
        raise _UsageError(
            f"Unknown output type {found!r} (from {source}); "
            f"valid types: {', '.join(OUTPUT_FORMATS)}"
        )
    return found


# --- end of everyday options ---


def run(
    argv: Sequence[str] | None,
    service: Service[ClientT],
    *,
    prog: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code.

    ``prog``, the name in usage messages, defaults to the service's.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    invocation = _Invocation(service, prog or service.name, out)
    with debug_logging(err) if "--debug" in args else contextlib.nullcontext():
        try:
            code = _exit_code(invocation, args, err)
            out.flush()
        except BrokenPipeError:
            # The reader went away (``| head``): as the AWS CLI, stop quietly.
            _discard_output(out)
            return 0
        return code


def _discard_output(out: TextIO) -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush does not fail again."""
    if out is sys.stdout:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def _exit_code(invocation: _Invocation[ClientT], args: list[str], err: TextIO) -> int:
    """Run ``invocation``; report what went wrong on ``err`` and return the AWS CLI's exit code."""
    report = _Reporter(err, invocation)
    try:
        return invocation.run(args)
    except BrokenPipeError:
        raise
    except _UsageError as exc:
        err.write(f"{invocation.usage}\n{invocation.prog}: error: {exc}\n")
        return PARAM_VALIDATION_ERROR_RC
    except (ParamError, ParamCheckError, ParamValidationError, MissingDependencyError) as exc:
        return report(exc, PARAM_VALIDATION_ERROR_RC)
    except ConfigurationError as exc:
        return report(exc, CONFIGURATION_ERROR_RC)
    except ServiceError as exc:
        operation = invocation.command.operation if invocation.command else ""
        # botocore's ClientError wording, retry note included.
        retries = (
            f" (reached max retries: {exc.retry_attempts})" if exc.max_attempts_reached else ""
        )
        report.write(
            f"An error occurred ({exc.code}) when calling the {operation} operation{retries}: "
            f"{exc.message}"
        )
        return CLIENT_ERROR_RC
    except KeyboardInterrupt:
        err.write("\n")
        return INTERRUPTED_RC
    except Exception as exc:
        return report(exc, GENERAL_ERROR_RC)


class _Reporter:
    """Writes an error as the AWS CLI does: after a blank line, colored as ``--color`` says."""

    def __init__(self, stream: TextIO, invocation: _Invocation[ClientT]) -> None:
        self._stream = stream
        self._invocation = invocation

    def __call__(self, exc: Exception, code: int) -> int:
        LOG.debug("Exception caught in main()", exc_info=True)
        self.write(for_command_line(exc))
        return code

    def write(self, message: str) -> None:
        styled = error_style(message, self._invocation.color, self._stream)
        self._stream.write(f"\n{styled}\n")
