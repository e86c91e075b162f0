"""Help text laid out as the AWS CLI's rendered help, built from the schema and ``_docs``.

The documentation is plain text (paragraphs separated by blank lines, list
items starting ``- ``), stored once; it is wrapped here, when help is asked
for, to ``HELP_WIDTH`` columns as the generator wraps docstrings.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from .._schema import ListOf, MapOf, Member, Scalar, Schema, Structure
from ._paging import (
    NO_PAGINATE_HELP,
    paging_description,
    paging_flags,
    paging_options_help,
)
from ._syntax import (
    is_complex,
    is_document,
    json_example,
    json_value_name,
    shorthand_example,
    type_name,
)
from ._table import SERVICE_DOC_KEY, ClientT, Command, Option, Service, member_doc_key

HELP_WIDTH = 80
WAIT_DESCRIPTION = (
    "Wait until a particular condition is satisfied. Each subcommand polls an API until "
    "the listed requirement is met."
)
"""The AWS CLI's description of ``wait``."""
"""Help text is wrapped to this many columns, as the AWS CLI's rendered help."""
_SECTION = " " * 7
_BODY = " " * 10
_NESTED_STEP = 4

# The AWS CLI's own wording for the options every operation has.
_CLI_INPUT_HELP = (
    "--cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON string "
    "provided. The JSON string follows the format provided by --generate-cli-skeleton. If "
    "other arguments are provided on the command line, those values will override the "
    "JSON-provided values. It is not possible to pass arbitrary binary values using a "
    "JSON-provided value as the string will be taken literally. This may not be specified "
    "along with --cli-input-yaml."
)
_SKELETON_HELP = (
    "--generate-cli-skeleton (string) Prints a JSON skeleton to standard output without "
    "sending an API request. If provided with no value or the value input, prints a sample "
    "input JSON that can be used as an argument for --cli-input-json. Similarly, if provided "
    "yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If "
    "provided with the value output, it validates the command inputs and returns a sample "
    "output JSON for that command."
)
_GLOBAL_OPTIONS_HELP = (
    (
        "--debug (boolean)",
        "Turn on debug logging. Secrets (signatures, tokens, keys) are never logged.",
    ),
    ("--endpoint-url (string)", "Override command's default URL with the given URL."),
    (
        "--ca-bundle (string)",
        "The CA certificate bundle to use when verifying SSL certificates. Overrides "
        "config/env settings.",
    ),
    (
        "--no-verify-ssl (boolean)",
        "By default, TLS certificates are verified. This option turns the verification off.",
    ),
    ("--no-paginate (boolean)", NO_PAGINATE_HELP),
    ("--profile (string)", "Use a specific profile from your credential file."),
    ("--region (string)", "The region to use. Overrides config/env settings."),
    (
        "--output (string)",
        "The formatting style for command output: json, text, table, yaml or yaml-stream "
        "(yaml needs PyYAML). Default: AWS_DEFAULT_OUTPUT, else the profile's output, else json.",
    ),
    (
        "--query (string)",
        "A JMESPath query to use in filtering the response data (needs the jmespath package).",
    ),
    (
        "--no-sign-request (boolean)",
        "Do not sign requests. Credentials will not be loaded if this argument is provided.",
    ),
    (
        "--color (string)",
        "Turn on/off color output for error messages: on, off or auto (default: color when "
        "stderr is a terminal and NO_COLOR is not set).",
    ),
    ("--version (boolean)", "Display the version of this tool."),
    (
        "--cli-read-timeout (int)",
        "The maximum socket read time in seconds. If the value is set to 0, the socket read "
        "will be blocking and not timeout.",
    ),
    (
        "--cli-connect-timeout (int)",
        "The maximum socket connect time in seconds. If the value is set to 0, the socket "
        "connect will be blocking and not timeout.",
    ),
)


def wrap(text: str, indent: str) -> list[str]:
    """``text`` wrapped to ``HELP_WIDTH``, keeping paragraphs and indenting list items' lines."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        bullet = paragraph.startswith("- ")
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=HELP_WIDTH,
                initial_indent=indent,
                subsequent_indent=indent + ("  " if bullet else ""),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines


def service_help(service: Service[ClientT]) -> str:
    lines = ["NAME", f"{_SECTION}{service.name} -", "", "DESCRIPTION"]
    lines += wrap(service.docs.get(SERVICE_DOC_KEY) or f"{service.title}.", _SECTION)
    lines += ["", "AVAILABLE COMMANDS"]
    lines += [f"{_SECTION}o {command.name}" for command in service.commands]
    if service.waiters:
        lines.append(f"{_SECTION}o wait")
    return _text(lines)


def wait_help(service: Service[ClientT]) -> str:
    """``wait help``: the AWS CLI's description of ``wait`` and its subcommands."""
    lines = ["NAME", f"{_SECTION}wait -", "", "DESCRIPTION"]
    lines += wrap(WAIT_DESCRIPTION, _SECTION)
    lines += ["", "AVAILABLE COMMANDS"]
    lines += [f"{_SECTION}o {command.name}" for command in service.waiters]
    return _text(lines)


def command_help(command: Command[ClientT], docs: Mapping[str, str]) -> str:
    return _CommandHelp(docs).text(command)


def global_options_help() -> str:
    lines = ["GLOBAL OPTIONS"]
    for title, text in _GLOBAL_OPTIONS_HELP:
        # The AWS CLI's own texts: wrapped as textwrap does by default, unlike the model's.
        lines += [
            f"{_SECTION}{title}",
            *textwrap.wrap(text, HELP_WIDTH, initial_indent=_BODY, subsequent_indent=_BODY),
            "",
        ]
    return "\n".join(lines)


class _CommandHelp:
    """One command's help: description, synopsis, each option with its members, output."""

    def __init__(self, docs: Mapping[str, str]) -> None:
        self._docs = docs

    def text(self, command: Command[ClientT]) -> str:
        lines = ["NAME", f"{_SECTION}{command.name} -", "", "DESCRIPTION"]
        lines += wrap(self._docs.get(command.doc_key) or f"{command.operation}.", _SECTION)
        paging = command.paging
        if paging is not None:
            lines += ["", *wrap(paging_description(command.name), _SECTION)]
        # As the AWS CLI: a paginated command's token and limit options work, undocumented.
        hidden = paging.hidden_members if paging else frozenset[str]()
        options = [option for option in command.options if option.key not in hidden]
        lines += ["", "SYNOPSIS", f"{' ' * 12}{command.name}"]
        lines += [f"{_BODY}{_synopsis(option, command.member(option))}" for option in options]
        lines += [f"{_BODY}[--cli-input-json | --cli-input-yaml]"]
        lines += [f"{_BODY}[{flag} <value>]" for flag in (paging_flags(paging) if paging else ())]
        lines += [f"{_BODY}[--generate-cli-skeleton <value>]", "", "OPTIONS"]
        for option in options:
            lines += [*self._option(option, command.input, command.member(option)), ""]
        lines += [*wrap(_CLI_INPUT_HELP, _SECTION), ""]
        for title, text in paging_options_help(paging, command.input) if paging else ():
            lines += [f"{_SECTION}{title}", *wrap(text, _BODY), ""]
        lines += [*wrap(_SKELETON_HELP, _SECTION), "", "OUTPUT"]
        output = command.output
        if output is None or not output.members:
            lines.append(f"{_SECTION}None")
        else:
            for m in output.members:
                lines += self._member(
                    m.wire_name, m.target, self._doc(output, m), [], len(_SECTION)
                )
        return _text(lines)

    def _doc(self, structure: Structure, member: Member) -> str:
        return self._docs.get(member_doc_key(structure, member), "")

    def _option(self, option: Option, structure: Structure, member: Member) -> list[str]:
        flags = f"{option.flag} | {option.negated_flag}" if option.negated_flag else option.flag
        target = member.target
        lines = [f"{_SECTION}{flags} ({type_name(target)})"]
        documentation = self._doc(structure, member)
        lines += wrap(documentation, _BODY) if documentation else []
        if isinstance(target, Scalar) and target.kind == "string" and target.enum:
            lines += ["", f"{_BODY}Possible values:", ""]
            lines += [f"{_BODY}o {value}" for value in target.enum]
        lines += self._nested(target, [target.name], len(_BODY))
        return lines + _syntax(target)

    def _nested(self, schema: Schema, stack: list[str], indent: int) -> list[str]:
        """The members of a structure, the item of a list, the key and value of a map."""
        if isinstance(schema, Structure):
            return [
                line
                for m in schema.members
                for line in self._member(m.wire_name, m.target, self._doc(schema, m), stack, indent)
            ]
        if isinstance(schema, ListOf):
            return self._member("", schema.item, "", stack, indent)
        if isinstance(schema, MapOf):
            key = self._member("key", schema.key, "", stack, indent)
            return key + self._member("value", schema.value, "", stack, indent)
        return []

    def _member(
        self, name: str, schema: Schema, doc: str, stack: list[str], indent: int
    ) -> list[str]:
        """``Name -> (type)``, its documentation and its own members."""
        if stack.count(schema.name) > 1:
            recursive = f"{' ' * indent}( ... recursive ... )"
            return [recursive] if isinstance(schema, Structure) else []
        title = f"{name} -> ({type_name(schema)})" if name else f"({type_name(schema)})"
        lines = ["", f"{' ' * indent}{title}"]
        lines += wrap(doc, " " * (indent + _NESTED_STEP)) if doc else []
        stack.append(schema.name)
        try:
            return lines + self._nested(schema, stack, indent + _NESTED_STEP)
        finally:
            stack.pop()


def _syntax(schema: Schema) -> list[str]:
    """The "Shorthand Syntax" and "JSON Syntax" (for lists of scalars, "Syntax") examples."""
    lines: list[str] = []
    shorthand = shorthand_example(schema)
    if shorthand:
        lines += ["", f"{_SECTION}Shorthand Syntax:", ""]
        lines += _indented(_BODY, shorthand.splitlines())
    if isinstance(schema, ListOf) and not is_complex(schema.item):
        item = schema.item
        example = json_value_name(item, include_enum=False)
        lines += ["", f"{_SECTION}Syntax:", "", f"{_BODY}{example} {example} ..."]
        if isinstance(item, Scalar) and item.enum:
            lines += ["", f"{_BODY}Where valid values are:"]
            lines += _indented(f"{_BODY}  ", item.enum)
    elif is_complex(schema) or is_document(schema):
        lines += ["", f"{_SECTION}JSON Syntax:", ""]
        lines += _indented(_BODY, json_example(schema).splitlines())
    return lines


def _synopsis(option: Option, member: Member) -> str:
    if option.negated_flag is not None:
        usage = f"{option.flag} | {option.negated_flag}"
    else:
        usage = f"{option.flag} <value>"
    return usage if member.required else f"[{usage}]"


def _indented(indent: str, lines: Sequence[str]) -> list[str]:
    return [f"{indent}{line}" for line in lines]


def _text(lines: Sequence[str]) -> str:
    """Lines joined, without trailing spaces, ending in one newline."""
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"
