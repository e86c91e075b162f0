"""The model layer: names, types, constraint overrides and the shape closure."""

from __future__ import annotations

import json

import attrs
import botocore
import pytest
from botocore import xform_name

from codegen import naming
from codegen.docs import html_to_text
from codegen.ir import Kind, ModelError, Package, build_package
from codegen.ir.shapes import WIDE_STRUCTURE
from codegen.load import ServiceSpec, SpecError, load_spec

from ...conftest import SPECS, operation_named


def test_snake_case_matches_botocore_for_every_name_in_the_model(spec: ServiceSpec) -> None:
    names = set(spec.model["operations"]) | {
        member for shape in spec.model["shapes"].values() for member in shape.get("members", {})
    }
    mismatches = {n: naming.snake_case(n) for n in names if naming.snake_case(n) != xform_name(n)}
    assert mismatches == {}


def test_class_names_drop_the_type_suffix_unless_that_collides() -> None:
    names = naming.class_names(
        [
            "CustomDomainConfigType",
            "IdentityProviderType",
            "IdentityProviderTypeType",
            "Credentials",
        ]
    )
    assert names["CustomDomainConfigType"] == "CustomDomainConfig"
    # "IdentityProviderTypeType" minus "Type" is another shape's name: both stay unambiguous.
    assert names["IdentityProviderTypeType"] == "IdentityProviderTypeType"
    assert names["IdentityProviderType"] == "IdentityProvider"
    assert len(set(names.values())) == len(names)


def test_class_names_are_unique_across_the_whole_service(spec: ServiceSpec) -> None:
    names = naming.class_names(spec.model["shapes"])
    assert len(set(names.values())) == len(names)


def test_reserved_words_get_a_trailing_underscore() -> None:
    assert naming.member_name("From") == "from_"
    assert naming.member_name("Type") == "type"  # a builtin, not a keyword: fine as an attribute


def test_service_level_names_follow_boto3(service: Package) -> None:
    assert service.client_name == "CognitoIdentityProviderClient"
    assert service.base_error_name == "CognitoIdentityProviderError"
    assert service.target_prefix == "AWSCognitoIdentityProviderService"
    assert service.signing_name == "cognito-idp"
    assert service.env_name == "COGNITO_IDENTITY_PROVIDER"
    assert service.package == "cognito_idp"


def test_update_user_pool_domain_arguments_have_python_names_types_and_required_flags(
    service: Package,
) -> None:
    op = operation_named(service, "UpdateUserPoolDomain")
    assert op.method_name == "update_user_pool_domain"
    assert op.cli_name == "update-user-pool-domain"
    assert [(m.python_name, m.annotation, m.required) for m in op.arguments] == [
        ("domain", "str", True),
        ("user_pool_id", "str", True),
        ("managed_login_version", "int | None", False),
        ("custom_domain_config", "CustomDomainConfig | None", False),
        ("routing", "Routing | None", False),
    ]
    assert op.output is not None and op.output.class_name == "UpdateUserPoolDomainResponse"
    assert op.signed


def test_every_documented_error_of_update_user_pool_domain_is_in_the_ir(
    service: Package, spec: ServiceSpec
) -> None:
    documented = [e["shape"] for e in spec.model["operations"]["UpdateUserPoolDomain"]["errors"]]
    assert [e.name for e in operation_named(service, "UpdateUserPoolDomain").errors] == documented
    assert len(documented) == 8
    assert {"OperationNotEnabledException", "FeatureUnavailableInTierException"} <= set(documented)


def test_closure_holds_exactly_the_structures_the_operations_reach(
    service: Package, spec: ServiceSpec
) -> None:
    shapes = spec.model["shapes"]

    def reach(name: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        shape = shapes[name]
        for ref in [
            *shape.get("members", {}).values(),
            *(shape[k] for k in ("member", "key", "value") if k in shape),
        ]:
            reach(ref["shape"], seen)

    expected: set[str] = set()
    for op_name in (op.name for op in service.operations):
        op = spec.model["operations"][op_name]
        for direction in ("input", "output"):
            if direction in op:
                reach(op[direction]["shape"], expected)
    structures = {
        n for n in expected if shapes[n]["type"] == "structure" and not shapes[n].get("document")
    }
    assert {s.name for s in service.structures} == structures


def test_member_kinds_map_to_python_types(spec: ServiceSpec) -> None:
    whole = build_package(spec)
    seen = {m.type.kind: m.type.annotation for s in whole.structures for m in s.members}
    assert seen[Kind.STRING] == "str"
    assert seen[Kind.BOOLEAN] == "bool"
    assert seen[Kind.INTEGER] == "int"
    assert seen[Kind.LONG] == "int"
    assert seen[Kind.TIMESTAMP] == "datetime.datetime"
    assert seen[Kind.BLOB] == "bytes"
    assert seen[Kind.DOCUMENT] == "JsonValue"
    assert seen[Kind.LIST].startswith("list[")
    assert seen[Kind.MAP].startswith("dict[str, ")


def test_domain_constraint_override_accepts_dotted_custom_domains(service: Package) -> None:
    domain = operation_named(service, "UpdateUserPoolDomain").arguments[0]
    constraints = domain.type.constraints
    assert constraints.pattern is not None
    import re

    assert re.search(constraints.pattern, "auth.example.com")
    assert re.search(constraints.pattern, "myprefix")
    assert not re.search(constraints.pattern, "Auth.Example.com")
    assert constraints.max == 253
    assert "auth.example.com" in (constraints.note or "")


def test_unicode_property_patterns_are_documented_but_not_checked(spec: ServiceSpec) -> None:
    whole = build_package(spec)
    username = next(
        m for s in whole.structures for m in s.members if m.type.shape_name == "UsernameType"
    )
    assert username.type.constraints.pattern is not None
    assert username.type.constraints.checkable_pattern is None
    entry = next(e for e in whole.schema.scalars if e.constant == "USERNAME_TYPE")
    assert "pattern=" not in entry.expression


def test_validation_and_parsing_expressions_for_nested_members(service: Package) -> None:
    routing = operation_named(service, "UpdateUserPoolDomain").arguments[4]
    assert routing.type.schema_constant == "ROUTING_TYPE"
    assert routing.read_value == (
        'None if (item := data.get("Routing")) is None else Routing.from_json(item)'
    )
    assert routing.to_dict_value == "self.routing.to_dict()"


def test_list_and_map_members_convert_item_by_item(spec: ServiceSpec) -> None:
    whole = build_package(spec)
    lists_of_structures = [
        m
        for s in whole.structures
        for m in s.members
        if m.type.kind is Kind.LIST and m.type.item and m.type.item.kind is Kind.STRUCTURE
    ]
    member = lists_of_structures[0]
    assert member.to_dict_value == f"[item.to_dict() for item in self.{member.python_name}]"
    assert member.type.reader("item") == (
        f"[{member.type.item.class_name}.from_json(element)"  # type: ignore[union-attr]
        " for element in _parse.as_list(item) if element is not None]"
    )
    maps = [m for s in whole.structures for m in s.members if m.type.kind is Kind.MAP]
    assert maps[0].to_dict_value.startswith(f"dict(self.{maps[0].python_name})") or (
        maps[0].to_dict_value.startswith("{key: ")
    )
    entry = next(e for e in whole.schema.containers if e.constant == maps[0].type.schema_constant)
    assert entry.expression.startswith(f"MapOf({maps[0].type.shape_name!r}, ")


def test_sensitive_shapes_are_flagged(spec: ServiceSpec) -> None:
    whole = build_package(spec)
    secret = next(
        m for s in whole.structures for m in s.members if m.type.shape_name == "ClientSecretType"
    )
    assert secret.type.sensitive


def test_unauthenticated_operations_are_not_signed(spec: ServiceSpec) -> None:
    whole = build_package(spec, ["InitiateAuth", "UpdateUserPoolDomain"])
    signed = {op.name: op.signed for op in whole.operations}
    assert signed == {"InitiateAuth": False, "UpdateUserPoolDomain": True}


def test_unknown_operation_is_a_clear_error(spec: ServiceSpec) -> None:
    with pytest.raises(ModelError, match="UpdateUserPoolDomian"):
        build_package(spec, ["UpdateUserPoolDomian"])


def test_unsupported_shape_type_fails_loudly(spec: ServiceSpec) -> None:
    model = json.loads(json.dumps(spec.model))
    model["shapes"]["DomainType"]["type"] = "bigDecimal"
    broken = attrs.evolve(spec, model=model)
    with pytest.raises(ModelError, match="DomainType: unsupported type 'bigDecimal'"):
        build_package(broken, ["UpdateUserPoolDomain"])


def test_a_tampered_spec_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copytree(SPECS / "cognito-idp", tmp_path / "cognito-idp")
    (tmp_path / "cognito-idp" / "service-2.json").write_text("{}")
    with pytest.raises(SpecError, match="does not match the sha256"):
        load_spec(tmp_path, "cognito-idp")


def test_provenance_names_the_pinned_botocore(spec: ServiceSpec) -> None:
    assert spec.provenance["botocore_version"].startswith("1.44.")
    assert spec.provenance["botocore_version"] == botocore.__version__


def test_html_documentation_becomes_plain_text() -> None:
    text = html_to_text(
        '<p>Use <code>Domain</code>.</p> <ul><li><p>One</p></li><li><p><a href="https://x">Two</a></p></li></ul>'
    )
    assert text == "Use Domain.\n\n- One\n\n- Two (https://x)"


def test_error_members_besides_the_message_are_kept(service: Package) -> None:
    invalid = next(e for e in service.errors if e.name == "InvalidParameterException")
    assert [m.python_name for m in invalid.members] == ["reason_code"]
    assert invalid.members[0].type.reader("value") == "_parse.as_str(value)"
    not_found = next(e for e in service.errors if e.name == "ResourceNotFoundException")
    assert not_found.members == ()


def test_unions_and_wide_structures_are_read_by_walking_the_keys_present(
    spec: ServiceSpec,
) -> None:
    whole = build_package(spec)
    walking = {s.name for s in whole.structures if s.walks_keys}
    wide = {s.name for s in whole.structures if len(s.members) > WIDE_STRUCTURE}
    assert "UserPoolType" in wide  # dozens of members: a response holds a few of them
    assert walking == wide | {s.name for s in whole.structures if s.union}
    narrow = next(s for s in whole.structures if s.name == "CustomDomainConfigType")
    assert not narrow.walks_keys


def test_a_lone_key_is_read_directly_only_where_the_walk_checks_no_required_member(
    spec: ServiceSpec,
) -> None:
    whole = build_package(spec)
    direct = {s.name for s in whole.structures if s.reads_lone_member_directly}
    assert direct  # cognito-idp's wide structures and unions
    for structure in whole.structures:
        if structure.name in direct:
            assert structure.walks_keys
            assert not any(m.required for m in structure.members)
    with_required = [
        s for s in whole.structures if s.walks_keys and any(m.required for m in s.members)
    ]
    assert with_required  # walked shapes with a required member: the walk checks it
    assert all(not s.reads_lone_member_directly for s in with_required)


def test_walking_reads_into_locals_that_hide_no_name_the_reader_uses(spec: ServiceSpec) -> None:
    whole = build_package(spec)
    attribute = next(s for s in whole.structures if s.name == "AttributeType")
    member = attribute.members[0]
    crowded = attrs.evolve(
        attribute,
        union=True,
        members=tuple(
            attrs.evolve(member, python_name=name, wire_name=name.title())
            for name in ("value", "value_", "key", "data", "cls", "plain")
        ),
    )
    assert [local for _, local in crowded.read_locals] == [
        "value_",
        "value__",
        "key_",
        "data_",
        "cls_",
        "plain",
    ]
