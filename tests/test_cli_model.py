"""The CLI model: options, argument kinds, value types, skeletons and help, decided from the IR."""

from __future__ import annotations

import ast
import json

import pytest
from botocore import xform_name

from codegen.ir import ModelError, Package, build_package
from codegen.ir.cli import (
    GLOBAL_FLAGS,
    HELP_WIDTH,
    OPERATION_FLAGS,
    ArgKind,
    CliOperation,
    CliService,
    build_cli_model,
    triple_quoted,
    yaml_overview,
    yaml_scalar,
)
from codegen.load import ServiceSpec
from codegen.runtime import _cli

from .test_cli import INPUT_SKELETON, OUTPUT_SKELETON, YAML_INPUT_SKELETON


@pytest.fixture(scope="module")
def cli(service: Package) -> CliService:
    return build_cli_model(service)


def _command(cli: CliService, name: str) -> CliOperation:
    return next(op for op in cli.operations if op.name == name)


def _option_help(op: CliOperation, flag: str) -> str:
    """The help text of one option: from its title to the next option's."""
    text = op.help_text
    start = text.index(f"\n       {flag} (")
    end = text.index("\n       --", start + 1)
    return text[start:end]


def test_every_input_member_becomes_a_kebab_case_option_in_model_order(cli: CliService) -> None:
    op = _command(cli, "update-user-pool-domain")
    assert [(o.flag, o.wire_name, o.kind, o.type_expr, o.required) for o in op.options] == [
        ("--domain", "Domain", ArgKind.SCALAR, "STRING", True),
        ("--user-pool-id", "UserPoolId", ArgKind.SCALAR, "STRING", True),
        ("--managed-login-version", "ManagedLoginVersion", ArgKind.SCALAR, "INTEGER", False),
        (
            "--custom-domain-config",
            "CustomDomainConfig",
            ArgKind.COMPLEX,
            "_CUSTOM_DOMAIN_CONFIG",
            False,
        ),
        ("--routing", "Routing", ArgKind.COMPLEX, "_ROUTING", False),
    ]
    assert op.input_type == "_UPDATE_USER_POOL_DOMAIN_REQUEST"


def test_option_names_match_the_aws_cli_for_every_member_of_the_service(spec: ServiceSpec) -> None:
    whole = build_cli_model(build_package(spec))
    flags = {o.wire_name: o.flag for op in whole.operations for o in op.options}
    assert {w: f for w, f in flags.items() if f != "--" + xform_name(w, "-")} == {}


def test_lists_maps_booleans_and_documents_get_the_aws_cli_argument_kinds(
    spec: ServiceSpec,
) -> None:
    whole = build_cli_model(build_package(spec))
    kinds = {
        (op.name, o.flag): (o.kind, o.negated_flag) for op in whole.operations for o in op.options
    }
    assert kinds["create-user-pool", "--alias-attributes"] == (ArgKind.LIST, None)
    assert kinds["create-user-pool", "--schema"] == (ArgKind.LIST, None)
    assert kinds["create-user-pool", "--user-pool-tags"] == (ArgKind.COMPLEX, None)
    assert kinds["create-user-pool-client", "--generate-secret"] == (
        ArgKind.BOOLEAN,
        "--no-generate-secret",
    )
    assert kinds["create-managed-login-branding", "--settings"] == (ArgKind.DOCUMENT, None)


def test_a_member_named_like_a_global_option_is_refused(spec: ServiceSpec) -> None:
    model = json.loads(json.dumps(spec.model))
    model["shapes"]["UpdateUserPoolDomainRequest"]["members"]["Region"] = {"shape": "StringType"}
    changed = ServiceSpec(
        spec.name, model, spec.endpoint_rules, spec.partitions, spec.provenance, spec.sha256
    )
    with pytest.raises(ModelError, match=r"UpdateUserPoolDomain.Region: option --region collides"):
        build_cli_model(build_package(changed, ["UpdateUserPoolDomain"]))


def test_reserved_flags_are_the_options_the_runtime_defines() -> None:
    """A member may not take an option name the runtime gives every command."""
    no_members = _cli.CliOperation(
        name="op",
        operation="Op",
        options=(),
        input_type=_cli.Structure(()),
        prepare=lambda params: None,
        help="",
        input_skeleton={},
        yaml_skeleton="",
        output_skeleton={},
    )
    parsers = (_cli._global_parser(), _cli._operation_parser(no_members, "prog", False))
    defined = {flag for parser in parsers for a in parser._actions for flag in a.option_strings}
    assert defined | {"--help"} == GLOBAL_FLAGS | OPERATION_FLAGS


def test_value_types_cover_input_structures_only_each_defined_before_use(
    cli: CliService,
) -> None:
    constants = [s.constant for s in cli.structures]
    assert "_DOMAIN_DESCRIPTION" not in constants  # an output-only structure
    assert constants.index("_FAILOVER") < constants.index("_ROUTING")
    assert constants.index("_ROUTING") < constants.index("_UPDATE_USER_POOL_DOMAIN_REQUEST")
    failover = cli.structures[constants.index("_FAILOVER")]
    assert [(f.wire_name, f.type_expr, f.required) for f in failover.fields] == [
        ("SecondaryRegion", "STRING", True),
        ("PrimaryRoute53HealthCheckId", "STRING", True),
    ]
    create = cli.structures[constants.index("_CREATE_USER_POOL_REQUEST")]
    types = {f.wire_name: f.type_expr for f in create.fields}
    assert types["AliasAttributes"] == "ListOf(STRING)"
    assert types["Schema"] == "ListOf(_SCHEMA_ATTRIBUTE)"
    assert types["UserPoolTags"] == "MapOf(STRING)"
    assert types["AcrConfiguration"] == "MapOf(_ACR_LEVEL_CONFIG)"
    assert cli.runtime_imports[:3] == ("BOOLEAN", "INTEGER", "STRING")


def test_skeletons_of_update_user_pool_domain_are_the_aws_cli_ones(cli: CliService) -> None:
    op = _command(cli, "update-user-pool-domain")
    assert json.dumps(ast.literal_eval(op.input_skeleton), indent=4) + "\n" == INPUT_SKELETON
    assert json.dumps(ast.literal_eval(op.output_skeleton), indent=4) + "\n" == OUTPUT_SKELETON
    assert op.yaml_skeleton == YAML_INPUT_SKELETON


def test_skeleton_placeholders_follow_botocore_by_type(cli: CliService) -> None:
    skeleton = ast.literal_eval(_command(cli, "create-user-pool").input_skeleton)
    assert skeleton["PoolName"] == ""
    assert skeleton["DeletionProtection"] == "ACTIVE"  # the first enum value
    assert skeleton["Policies"]["PasswordPolicy"]["MinimumLength"] == 0
    assert skeleton["Policies"]["PasswordPolicy"]["RequireNumbers"] is True
    assert skeleton["AliasAttributes"] == ["phone_number"]
    assert skeleton["UserPoolTags"] == {"KeyName": ""}
    assert skeleton["AcrConfiguration"] == {"KeyName": {"AcrValue": ""}}
    output = ast.literal_eval(_command(cli, "create-user-pool").output_skeleton)
    assert output["UserPool"]["Name"] == "Name"  # strings hold their member name
    assert output["UserPool"]["AliasAttributes"] == ["AliasAttributeType"]  # or the shape's
    assert output["UserPool"]["CreationDate"] == "1970-01-01T00:00:00"
    assert _command(cli, "delete-user-pool").output_skeleton == "{}"


def test_yaml_lists_and_maps_are_laid_out_as_ruamel_prints_them(cli: CliService) -> None:
    lines = _command(cli, "create-user-pool").yaml_skeleton.splitlines()
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


def test_shorthand_and_json_syntax_examples_match_the_aws_cli(cli: CliService) -> None:
    update = _command(cli, "update-user-pool-domain")
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
    create = _command(cli, "create-user-pool")
    assert "          KeyName1=string,KeyName2=string\n" in _option_help(create, "--user-pool-tags")
    assert '          {"string": "string"\n            ...}' in _option_help(
        create, "--user-pool-tags"
    )
    schema = _option_help(create, "--schema")
    assert "StringAttributeConstraints={MinLength=string,MaxLength=string} ...\n" in schema
    aliases = _option_help(create, "--alias-attributes")
    assert '       Syntax:\n\n          "string" "string" ...' in aliases
    assert "Shorthand Syntax" not in aliases


def test_help_is_plain_text_wrapped_to_the_help_width(cli: CliService) -> None:
    text = _command(cli, "update-user-pool-domain").help_text
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
