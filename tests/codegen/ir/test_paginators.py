"""The paginator IR: which operations paginate, and how their ``paginate_*`` methods are typed."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

from codegen.ir import build_package
from codegen.ir.paginators import PAGINATION_OPTIONS
from codegen.load import PAGINATORS_FILE, ServiceSpec, SpecError, load_spec
from codegen.update_specs import botocore_data_files

from ...conftest import SPECS, operation_named

PAGINATED = (
    "AdminListGroupsForUser",
    "AdminListUserAuthEvents",
    "ListCIMDPolicies",
    "ListClientMetadataURLs",
    "ListGroups",
    "ListIdentityProviders",
    "ListResourceServers",
    "ListUserPoolClients",
    "ListUserPools",
    "ListUsers",
    "ListUsersInGroup",
)


def test_every_paginator_of_the_pinned_spec_becomes_a_paginate_method(spec: ServiceSpec) -> None:
    package = build_package(spec)
    paginated = {op.name for op in package.operations if op.pagination is not None}
    assert paginated == set(spec.paginators) == set(PAGINATED)
    assert len(package.paginations) == len(PAGINATED)


def test_list_users_pages_by_pagination_token_and_yields_users(spec: ServiceSpec) -> None:
    pagination = operation_named(build_package(spec, ["ListUsers"]), "ListUsers").pagination
    assert pagination is not None
    assert pagination.method_name == "paginate_list_users"
    assert pagination.spec_constant == "LIST_USERS"
    assert pagination.page_class == "ListUsersResponse"
    assert pagination.item_annotation == "User"
    assert pagination.item_attributes == ("users",)
    assert (pagination.input_tokens, pagination.output_tokens) == (
        ("PaginationToken",),
        ("PaginationToken",),
    )
    assert pagination.limit_key == "Limit"
    assert pagination.page_size_annotation == "int"
    # The token is replaced by starting_token; the limit key stays, as boto3 allows it.
    names = [m.python_name for m in pagination.arguments]
    assert names == ["user_pool_id", "attributes_to_get", "limit", "filter"]
    assert pagination.token_arguments_text == "``pagination_token``"


def test_paginated_classes_are_imported_for_the_client_signatures(spec: ServiceSpec) -> None:
    package = build_package(spec, ["ListUserPools"])
    assert {"ListUserPoolsResponse", "UserPoolDescription"} <= set(
        package.client_annotation_imports
    )
    assert "_paginators.py" in {file.path for file in package.files}
    assert "_paginate.py" not in package.omitted_runtime_modules


def test_a_package_without_paginated_operations_has_no_paginators_modules(
    service: Any,
) -> None:
    assert service.paginations == ()
    assert "_paginators.py" not in {file.path for file in service.files}
    assert "_paginate.py" in service.omitted_runtime_modules  # nor its runtime


def test_spec_fields_are_the_paginator_entry_without_defaults(spec: ServiceSpec) -> None:
    pagination = operation_named(build_package(spec, ["ListGroups"]), "ListGroups").pagination
    assert pagination is not None
    assert dict(pagination.spec_fields) == {
        "operation": '"ListGroups"',
        "page_class": '"ListGroupsResponse"',
        "input_tokens": '("NextToken",)',
        "output_tokens": '("NextToken",)',
        "result_keys": '("Groups",)',
        "item_attributes": '("groups",)',
        "limit_key": '"Limit"',
        "token_schemas": "(_schemas.PAGINATION_KEY,)",
    }
    assert pagination.paging_literal == 'Paging(("NextToken",), "Limit", ("Groups",))'


def _with_paginator(spec: ServiceSpec, operation: str, **config: Any) -> ServiceSpec:
    paginators = copy.deepcopy(spec.paginators)
    paginators[operation] = {**paginators.get(operation, {}), **config}
    return attrs.evolve(spec, paginators=paginators)


def _with_model(spec: ServiceSpec, change: Any) -> ServiceSpec:
    model = copy.deepcopy(spec.model)
    change(model)
    return attrs.evolve(spec, model=model)


def test_several_tokens_dotted_paths_and_more_results_are_kept(spec: ServiceSpec) -> None:
    def nest(model: dict[str, Any]) -> None:
        shapes = model["shapes"]
        shapes["ListUsersResponse"]["members"]["Page"] = {"shape": "PageInfo"}
        shapes["PageInfo"] = {
            "type": "structure",
            "members": {
                "Users": {"shape": "UsersListType"},
                "Next": {"shape": "SearchPaginationTokenType"},
                "More": {"shape": "BooleanType"},
            },
        }
        shapes["ListUsersRequest"]["members"]["Filter2"] = {"shape": "UserFilterType"}

    changed = _with_paginator(
        _with_model(spec, nest),
        "ListUsers",
        input_token=["PaginationToken", "Filter2"],
        output_token=["Page.Next", "Page.Users[-1].Username"],
        result_key=["Page.Users", "Users"],
        more_results="Page.More",
        non_aggregate_keys=["Page.More"],
    )
    pagination = operation_named(build_package(changed, ["ListUsers"]), "ListUsers").pagination
    assert pagination is not None
    assert pagination.item_attributes == ("page", "users")
    assert pagination.item_annotation == "User"
    assert "filter2" not in [m.python_name for m in pagination.arguments]
    fields = dict(pagination.spec_fields)
    assert fields["output_tokens"] == '("Page.Next", "Page.Users[-1].Username")'
    assert fields["more_results"] == '"Page.More"'
    assert fields["non_aggregate_keys"] == '("Page.More",)'


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"input_token": "Nope"}, "input token Nope is not a member of the request"),
        ({"input_token": "UserPoolId"}, "input token UserPoolId is required"),
        ({"limit_key": "AttributesToGet"}, "limit key AttributesToGet is not a string or number"),
        ({"result_key": "PaginationToken"}, "result key PaginationToken is not a list"),
        ({"result_key": "Users.Username"}, "goes through a member that is not a structure"),
        ({"result_key": "Missing"}, "ListUsersResponse has no member Missing"),
        ({"output_token": ["A", "B"]}, "as many output tokens as input tokens"),
    ],
)
def test_paginators_that_cannot_be_followed_are_left_out_naming_why(
    spec: ServiceSpec, config: dict[str, Any], message: str
) -> None:
    package = build_package(_with_paginator(spec, "ListUsers", **config), ["ListUsers"])
    assert package.operations[0].pagination is None  # the operation itself is generated
    ((what, why),) = package.left_out
    assert what == "ListUsers paginator"
    assert re.search(f"paginator ListUsers: .*{message}", why)


def test_a_token_holding_a_timestamp_is_left_out_as_botocore_cannot_encode_it(
    spec: ServiceSpec,
) -> None:
    def add_since(model: dict[str, Any]) -> None:
        model["shapes"]["ListUsersRequest"]["members"]["Since"] = {"shape": "DateType"}
        model["shapes"]["ListUsersResponse"]["members"]["Last"] = {"shape": "DateType"}

    changed = _with_paginator(
        _with_model(spec, add_since), "ListUsers", input_token="Since", output_token="Last"
    )
    package = build_package(changed, ["ListUsers"])
    assert package.left_out == (
        (
            "ListUsers paginator",
            "paginator ListUsers: input token Since holds a timestamp, which tokens cannot carry",
        ),
    )


def test_no_paginator_of_the_pinned_services_is_left_out() -> None:
    for folder in sorted(SPECS.iterdir()):
        package = build_package(load_spec(SPECS, folder.name))
        assert [name for name, _ in package.left_out if name.endswith(" paginator")] == []


def test_dynamodb_query_pages_by_its_key_map_and_names_its_shape_for_blobs() -> None:
    package = build_package(load_spec(SPECS, "dynamodb"), ["Query", "GetItem"])
    pagination = operation_named(package, "Query").pagination
    assert pagination is not None
    assert (pagination.input_tokens, pagination.output_tokens) == (
        ("ExclusiveStartKey",),
        ("LastEvaluatedKey",),
    )
    assert pagination.page_class == "QueryOutput"
    assert pagination.item_annotation == "dict[str, AttributeValue]"
    assert "exclusive_start_key" not in [m.python_name for m in pagination.arguments]
    # The key's AttributeValues may hold bytes (B, BS): the spec names the shape to find them.
    assert pagination.token_schemas == ("KEY",)
    assert dict(pagination.spec_fields)["token_schemas"] == "(_schemas.KEY,)"
    assert package.paginators_use_schemas


def test_string_tokens_name_their_shape_to_validate_starting_tokens(spec: ServiceSpec) -> None:
    package = build_package(spec, ["ListUsers"])
    pagination = operation_named(package, "ListUsers").pagination
    assert pagination is not None
    # A value decoded from a starting token is validated against it before it is sent.
    assert pagination.token_schemas == ("SEARCH_PAGINATION_TOKEN_TYPE",)
    assert package.paginators_use_schemas


def test_an_argument_named_like_a_pagination_option_takes_an_underscore(
    spec: ServiceSpec,
) -> None:
    def rename(model: dict[str, Any]) -> None:
        members = model["shapes"]["ListUsersRequest"]["members"]
        members["MaxItems"] = members.pop("Filter")

    assert "max_items" in PAGINATION_OPTIONS
    pagination = build_package(_with_model(spec, rename), ["ListUsers"]).operations[0].pagination
    assert pagination is not None
    assert "max_items_" in [m.python_name for m in pagination.arguments]
    assert ("max_items", "max_items_") in pagination.request_values


def test_paginators_file_is_pinned_from_botocore_and_checked(
    spec: ServiceSpec, tmp_path: Path
) -> None:
    assert botocore_data_files("cognito-idp")[PAGINATORS_FILE].name.startswith(PAGINATORS_FILE)
    assert spec.provenance["files"][PAGINATORS_FILE]["source"].endswith(PAGINATORS_FILE)
    assert spec.paginators["ListUsers"]["input_token"] == "PaginationToken"
    folder = tmp_path / "cognito-idp"
    shutil.copytree(SPECS / "cognito-idp", folder)
    paginators = folder / PAGINATORS_FILE
    paginators.write_text(paginators.read_text().replace("MaxResults", "Limit"))
    with pytest.raises(SpecError, match=PAGINATORS_FILE):
        load_spec(tmp_path, "cognito-idp")
