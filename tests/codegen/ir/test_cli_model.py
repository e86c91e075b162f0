"""The CLI model: options decided from the IR; kinds, skeletons and help read from the schema."""

from __future__ import annotations

import ast
import importlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import attrs
import pytest
from botocore import xform_name

from codegen.docs import docstring_lines
from codegen.ir import Package, build_package
from codegen.ir.cli import (
    GLOBAL_FLAGS,
    OPERATION_FLAGS,
    CliService,
    CommandModel,
    build_cli_model,
    renamed_flag,
)
from codegen.ir.strings import triple_quoted
from codegen.load import ServiceSpec
from codegen.render import render_package
from generated.cognito_idp import CognitoIdentityProviderClient, _schemas
from generated.cognito_idp._schema import Scalar, Structure
from generated.cognito_idp.cli import _commands, _driver, _table
from generated.cognito_idp.cli._arguments import arg_kind
from generated.cognito_idp.cli._help import HELP_WIDTH, command_help, wrap
from generated.cognito_idp.cli._skeletons import (
    input_skeleton,
    output_skeleton,
    yaml_input_skeleton,
    yaml_overview,
    yaml_scalar,
)

from ...cli.test_cli import INPUT_SKELETON, OUTPUT_SKELETON, YAML_INPUT_SKELETON
from ...conftest import imported_package

DOCS = _commands.SERVICE.docs


@pytest.fixture(scope="module")
def cli(service: Package) -> CliService:
    return build_cli_model(service)


@pytest.fixture(scope="module")
def whole_service(
    spec: ServiceSpec, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    """The command line of every operation, generated and imported."""
    out: Path = tmp_path_factory.mktemp("whole-cli")
    render_package(build_package(spec, with_cli=True), out)
    with imported_package(out) as package:
        yield importlib.import_module(f"{package.__name__}.cli")


def _command(cli: CliService, name: str) -> CommandModel:
    return next(op for op in cli.commands if op.name == name)


class _SomeClient(Protocol):
    """The command tables' bound on a client, for a package imported by name."""

    def close(self) -> None: ...


def _runtime(name: str) -> _table.Command[CognitoIdentityProviderClient]:
    """The generated command ``name``, as the command line runs it."""
    return next(c for c in _commands.SERVICE.commands if c.name == name)


def _whole_module(name: str) -> ModuleType:
    """A module of the whole-service package the ``whole_service`` fixture imported."""
    return importlib.import_module(f"cognito_idp.{name}")


def _whole_command(whole_service: ModuleType, name: str) -> Any:
    """A command of the whole service: the committed package holds UpdateUserPoolDomain only."""
    return next(c for c in whole_service._commands.SERVICE.commands if c.name == name)


def _whole_option_help(whole_service: ModuleType, name: str, flag: str) -> str:
    docs = whole_service._commands.SERVICE.docs
    text: str = _whole_module("cli._help").command_help(_whole_command(whole_service, name), docs)
    start = text.index(f"\n       {flag} (")
    end = text.index("\n       --", start + 1)
    return text[start:end]


def _help(name: str) -> str:
    return command_help(_runtime(name), DOCS)


def _option_help(name: str, flag: str) -> str:
    """The help text of one option: from its title to the next option's."""
    text = _help(name)
    start = text.index(f"\n       {flag} (")
    end = text.index("\n       --", start + 1)
    return text[start:end]


def test_every_input_member_becomes_a_kebab_case_option_in_model_order(cli: CliService) -> None:
    op = _command(cli, "update-user-pool-domain")
    command = _runtime("update-user-pool-domain")
    options = [(o.flag, o.wire_name) for o in op.options]
    read = [(o.flag, o.key) for o in command.options]
    members = [command.member(o) for o in command.options]
    kinds = [(arg_kind(m.target), m.target.name, m.required) for m in members]
    assert [(*option, *kind) for option, kind in zip(options, kinds, strict=True)] == [
        ("--domain", "Domain", "scalar", "DomainType", True),
        ("--user-pool-id", "UserPoolId", "scalar", "UserPoolIdType", True),
        ("--managed-login-version", "ManagedLoginVersion", "scalar", "WrappedIntegerType", False),
        (
            "--custom-domain-config",
            "CustomDomainConfig",
            "complex",
            "CustomDomainConfigType",
            False,
        ),
        ("--routing", "Routing", "complex", "RoutingType", False),
    ]
    assert read == options
    assert command.input is _schemas.UPDATE_USER_POOL_DOMAIN_REQUEST


def test_option_names_match_the_aws_cli_for_every_member_of_the_service(spec: ServiceSpec) -> None:
    whole = build_cli_model(build_package(spec))
    flags = {o.wire_name: o.flag for op in whole.commands for o in op.options}
    assert {w: f for w, f in flags.items() if f != "--" + xform_name(w, "-")} == {}


def test_lists_maps_booleans_and_documents_get_the_aws_cli_argument_kinds(
    whole_service: ModuleType,
) -> None:
    cli = whole_service.__name__
    commands: tuple[_table.Command[_SomeClient], ...] = importlib.import_module(
        f"{cli}._commands"
    ).SERVICE.commands
    whole_arg_kind = importlib.import_module(f"{cli}._arguments").arg_kind
    kinds = {
        (c.name, o.flag): (whole_arg_kind(c.member(o).target), o.negated_flag)
        for c in commands
        for o in c.options
    }
    assert kinds["create-user-pool", "--alias-attributes"] == ("list", None)
    assert kinds["create-user-pool", "--schema"] == ("list", None)
    assert kinds["create-user-pool", "--user-pool-tags"] == ("complex", None)
    assert kinds["create-user-pool-client", "--generate-secret"] == (
        "boolean",
        "--no-generate-secret",
    )
    assert kinds["create-managed-login-branding", "--settings"] == ("document", None)


def test_a_member_named_like_a_global_option_takes_the_noun_of_its_command(
    spec: ServiceSpec,
) -> None:
    model = json.loads(json.dumps(spec.model))
    model["shapes"]["UpdateUserPoolDomainRequest"]["members"]["Region"] = {"shape": "StringType"}
    changed = attrs.evolve(spec, model=model)
    cli = build_cli_model(build_package(changed, ["UpdateUserPoolDomain"]))
    options = {o.wire_name: o.flag for o in cli.commands[0].options}
    assert options["Region"] == "--user-region"


def test_members_named_like_a_global_option_are_renamed_as_the_aws_cli_does() -> None:
    assert renamed_flag("stepfunctions", "send-task-success", "--output") == "--task-output"
    assert renamed_flag("opsworks", "create-stack", "--region") == "--stack-region"
    assert renamed_flag("mobile", "create-project", "--region") == "--project-region"


def test_reserved_flags_are_the_options_the_runtime_defines() -> None:
    """A member may not take an option name the runtime gives every command."""

    def never_prepared(
        params: Mapping[str, object],
    ) -> _table.PreparedCall[CognitoIdentityProviderClient]:
        raise AssertionError("only the parser is built")

    no_members = _table.Command[CognitoIdentityProviderClient](
        name="op",
        operation="Op",
        input=Structure("OpRequest", "OpRequest"),
        output=None,
        options=(),
        prepare=never_prepared,
    )
    parsers = (_driver._global_parser(), _driver._command_parser(no_members, "prog", False))
    defined = {flag for parser in parsers for a in parser._actions for flag in a.option_strings}
    assert defined | {"--help"} == GLOBAL_FLAGS | OPERATION_FLAGS


def test_the_command_line_reads_member_types_from_the_schema_table(
    whole_service: ModuleType,
) -> None:
    failover = _schemas.FAILOVER_TYPE
    targets = [m.target for m in failover.members]
    assert all(isinstance(t, Scalar) and t.kind == "string" for t in targets)
    assert [(m.wire_name, m.required) for m in failover.members] == [
        ("SecondaryRegion", True),
        ("PrimaryRoute53HealthCheckId", True),
    ]
    create = _whole_command(whole_service, "create-user-pool").input.by_wire_name
    aliases, schema = create["AliasAttributes"].target, create["Schema"].target
    tags, acr = create["UserPoolTags"].target, create["AcrConfiguration"].target
    assert type(aliases).__name__ == "ListOf" and type(aliases.item).__name__ == "Scalar"
    assert aliases.item.kind == "string"
    assert (
        type(schema).__name__ == "ListOf"
        and schema.item is _whole_module("_schemas").SCHEMA_ATTRIBUTE_TYPE
    )
    assert type(tags).__name__ == "MapOf" and type(tags.value).__name__ == "Scalar"
    assert tags.value.kind == "string"
    assert (
        type(acr).__name__ == "MapOf"
        and acr.value is _whole_module("_schemas").ACR_LEVEL_CONFIG_TYPE
    )


def test_skeletons_of_update_user_pool_domain_are_the_aws_cli_ones() -> None:
    command = _runtime("update-user-pool-domain")
    assert json.dumps(input_skeleton(command.input), indent=4) + "\n" == INPUT_SKELETON
    assert json.dumps(output_skeleton(command.output), indent=4) + "\n" == OUTPUT_SKELETON
    assert yaml_input_skeleton(command.input, DOCS) == YAML_INPUT_SKELETON


def test_skeleton_placeholders_follow_botocore_by_type(whole_service: ModuleType) -> None:
    skeletons = _whole_module("cli._skeletons")
    command = _whole_command(whole_service, "create-user-pool")
    skeleton: dict[str, Any] = skeletons.input_skeleton(command.input)
    assert skeleton["PoolName"] == ""
    assert skeleton["DeletionProtection"] == "ACTIVE"  # the first enum value
    assert skeleton["Policies"]["PasswordPolicy"]["MinimumLength"] == 0
    assert skeleton["Policies"]["PasswordPolicy"]["RequireNumbers"] is True
    assert skeleton["AliasAttributes"] == ["phone_number"]
    assert skeleton["UserPoolTags"] == {"KeyName": ""}
    assert skeleton["AcrConfiguration"] == {"KeyName": {"AcrValue": ""}}
    output: dict[str, Any] = skeletons.output_skeleton(command.output)
    assert output["UserPool"]["Name"] == "Name"  # strings hold their member name
    assert output["UserPool"]["AliasAttributes"] == ["AliasAttributeType"]  # or the shape's
    assert output["UserPool"]["CreationDate"] == "1970-01-01T00:00:00"
    assert skeletons.output_skeleton(_whole_command(whole_service, "delete-user-pool").output) == {}


def test_yaml_lists_and_maps_are_laid_out_as_ruamel_prints_them(whole_service: ModuleType) -> None:
    skeletons = _whole_module("cli._skeletons")
    docs = whole_service._commands.SERVICE.docs
    lines = skeletons.yaml_input_skeleton(
        _whole_command(whole_service, "create-user-pool").input, docs
    ).splitlines()
    alias = lines.index("AliasAttributes: # Attributes supported as an alias for this user pool.")
    assert lines[alias + 1] == "- phone_number"
    tags = lines.index("UserPoolTags: # The tag keys and values to assign to the user pool.")
    assert lines[tags + 1] == "  KeyName: ''"
    schema = lines.index("Schema: # An array of attributes for the new user pool.")
    assert lines[schema + 1] == "- Name: ''  # The name of your user pool attribute."
    assert lines[schema + 2].startswith("  AttributeDataType: String # The data format")


@pytest.mark.parametrize(
    ("value", "printed"),
    [("", "''"), ("TLS_V1", "TLS_V1"), ("OFF", "OFF"), ("null", "'null'"), ("it's", "'it''s'")],
)
def test_yaml_strings_are_quoted_only_when_plain_would_read_differently(
    value: str, printed: str
) -> None:
    assert yaml_scalar(value) == printed


def test_yaml_overview_is_the_first_sentence_without_link_targets() -> None:
    text = "The configuration of a trigger (https://docs.aws.amazon.com/x.html) in a pool. More."
    assert yaml_overview(text) == "The configuration of a trigger in a pool."
    assert yaml_overview("For example: this") == "For example."
    assert yaml_overview("") == ""


def test_shorthand_and_json_syntax_examples_match_the_aws_cli(whole_service: ModuleType) -> None:
    update = "update-user-pool-domain"
    routing = _option_help(update, "--routing")
    assert (
        "          Failover={SecondaryRegion=string,PrimaryRoute53HealthCheckId=string}" in routing
    )
    assert (
        "          {\n"
        '            "CertificateArn": "string",\n'
        '            "SecurityPolicy": "TLS_V1"|"TLS_V1_2_2021"|"TLS_V1_3_2025"\n'
        "          }"
    ) in _option_help(update, "--custom-domain-config")
    create = "create-user-pool"
    assert "          KeyName1=string,KeyName2=string\n" in _whole_option_help(
        whole_service, create, "--user-pool-tags"
    )
    assert '          {"string": "string"\n            ...}' in _whole_option_help(
        whole_service, create, "--user-pool-tags"
    )
    schema = _whole_option_help(whole_service, create, "--schema")
    assert "StringAttributeConstraints={MinLength=string,MaxLength=string} ...\n" in schema
    aliases = _whole_option_help(whole_service, create, "--alias-attributes")
    assert '       Syntax:\n\n          "string" "string" ...' in aliases
    assert "Shorthand Syntax" not in aliases


def test_help_is_plain_text_wrapped_to_the_help_width() -> None:
    text = _help("update-user-pool-domain")
    assert text.startswith("NAME\n       update-user-pool-domain -\n\nDESCRIPTION\n")
    assert "<p>" not in text and "<code>" not in text
    assert "\n          [--custom-domain-config <value>]\n" in text
    assert "\n       --custom-domain-config (structure)\n" in text
    assert "\n          CertificateArn -> (string)\n" in text
    assert "\nOUTPUT\n" in text and "CloudFrontDomain -> (string)" in text
    long_lines = [line for line in text.splitlines() if len(line) > HELP_WIDTH]
    assert all(" " not in line.strip() or "://" in line for line in long_lines), long_lines


def test_text_becomes_a_triple_quoted_literal_that_reads_back_the_same() -> None:
    text = 'A "quoted" \\ backslash and """triple""" quotes.\n'
    assert ast.literal_eval(triple_quoted(text)) == text


def test_help_wraps_the_documentation_as_the_generator_wraps_docstrings() -> None:
    """The runtime's port of ``docstring_lines``: the same lines for every stored text."""
    for text in set(DOCS.values()):
        for indent in ("", " " * 7, " " * 10):
            expected = docstring_lines(text, HELP_WIDTH, indent=indent, first_indent=indent)
            assert wrap(text, indent) == expected
