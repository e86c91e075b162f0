"""Endpoint resolution: the compiled rule set resolves exactly as botocore does.

The oracle is botocore's own rule-set interpreter (``EndpointProvider``), fed the
same JSON that the generated module was compiled from.
"""

from __future__ import annotations

import copy
import importlib
import itertools
import json
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from botocore.endpoint_provider import EndpointProvider
from botocore.exceptions import EndpointResolutionError

from codegen import render
from codegen.ir.endpoints import EndpointCompileError, EndpointModel, build_endpoint_source

from ....conftest import ROOT, SPECS

PINNED_RULESET: dict[str, Any] = json.loads(
    (SPECS / "cognito-idp" / "endpoint-rule-set-1.json").read_text()
)
PINNED_PARTITIONS: dict[str, Any] = json.loads(
    (SPECS / "cognito-idp" / "partitions.json").read_text()
)
LISTED_REGIONS = [
    region for partition in PINNED_PARTITIONS["partitions"] for region in partition["regions"]
]
# Not listed anywhere: only a partition's regionRegex can claim them.
REGEX_ONLY_REGIONS = [
    "us-east-99",
    "cn-north-9",
    "us-gov-east-9",
    "us-iso-west-9",
    "us-isob-east-9",
    "us-isof-north-9",
    "eu-isoe-west-9",
    "eusc-de-west-9",
]
# Claimed by no partition: botocore falls back to the first one ("aws").
UNCLAIMED_REGIONS = ["mars-1", "", "US-EAST-1", "local"]
FLAGS = [(False, False), (True, False), (False, True), (True, True)]
FLAG_IDS = ["plain", "fips", "dualstack", "fips-dualstack"]

Outcome = str
"""The URL, or ``"error: <message>"``: the same text for both resolvers when they agree."""


# --- Rendering and importing a generated module -------------------------------------


def render_endpoints_module(model: EndpointModel) -> str:
    """Render ``endpoints.py`` the way the generator does (before ruff format)."""
    package = types.SimpleNamespace(endpoints=model, header="# test render")
    return render.template_environment().get_template("endpoints.py.jinja").render(package=package)


_package_numbers = itertools.count()


def import_rendered(source: str, root: Path) -> ModuleType:
    """Write ``source`` as ``endpoints.py`` of a fresh package next to the runtime it imports."""
    package = f"rendered_endpoints_{next(_package_numbers)}"
    folder = root / package
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for runtime in ("_exceptions.py", "_rules.py", "_rules_extra.py"):
        shutil.copy(ROOT / "codegen" / "runtime" / runtime, folder / runtime)
    (folder / "endpoints.py").write_text(source)
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"{package}.endpoints")
    finally:
        sys.path.remove(str(root))


Compile = Callable[[Mapping[str, Any], Mapping[str, Any]], ModuleType]


@pytest.fixture(scope="module")
def compile_rules(tmp_path_factory: pytest.TempPathFactory) -> Compile:
    root = tmp_path_factory.mktemp("rendered")

    def compile_and_import(ruleset: Mapping[str, Any], partitions: Mapping[str, Any]) -> ModuleType:
        source = render_endpoints_module(build_endpoint_source(ruleset, partitions))
        return import_rendered(source, root)

    return compile_and_import


@pytest.fixture(scope="module")
def pinned(compile_rules: Compile) -> ModuleType:
    return compile_rules(PINNED_RULESET, PINNED_PARTITIONS)


def generated_outcome(module: ModuleType, region: str, **options: Any) -> Outcome:
    try:
        url: str = module.resolve_endpoint(region, **options).url
    except module.InvalidEndpointError as error:
        return f"error: {error}"
    return url


def botocore_outcome(
    ruleset: Mapping[str, Any], partitions: Mapping[str, Any], **parameters: Any
) -> Outcome:
    # deepcopy: botocore writes "name" into the partition outputs it returns.
    provider = EndpointProvider(copy.deepcopy(ruleset), copy.deepcopy(partitions))
    try:
        return str(provider.resolve_endpoint(**parameters).url)
    except EndpointResolutionError as error:
        return f"error: {error}"


def mismatches(
    module: ModuleType,
    ruleset: Mapping[str, Any],
    partitions: Mapping[str, Any],
    regions: list[str],
) -> dict[tuple[str, bool, bool], tuple[Outcome, Outcome]]:
    """Every (region, fips, dualstack) where the two resolvers disagree: (ours, botocore's)."""
    found: dict[tuple[str, bool, bool], tuple[Outcome, Outcome]] = {}
    for region, (fips, dualstack) in itertools.product(regions, FLAGS):
        ours = generated_outcome(module, region, use_fips=fips, use_dualstack=dualstack)
        theirs = botocore_outcome(
            ruleset, partitions, Region=region, UseFIPS=fips, UseDualStack=dualstack
        )
        if ours != theirs:
            found[region, fips, dualstack] = (ours, theirs)
    return found


# --- The pinned cognito-idp rule set against botocore ---------------------------------


def test_regex_only_regions_are_really_not_listed() -> None:
    assert not set(REGEX_ONLY_REGIONS + UNCLAIMED_REGIONS) & set(LISTED_REGIONS)


@pytest.mark.parametrize(("use_fips", "use_dualstack"), FLAGS, ids=FLAG_IDS)
@pytest.mark.parametrize("region", LISTED_REGIONS + REGEX_ONLY_REGIONS + UNCLAIMED_REGIONS)
def test_pinned_rules_resolve_like_botocore(
    pinned: ModuleType, region: str, use_fips: bool, use_dualstack: bool
) -> None:
    expected = botocore_outcome(
        PINNED_RULESET,
        PINNED_PARTITIONS,
        Region=region,
        UseFIPS=use_fips,
        UseDualStack=use_dualstack,
    )
    assert generated_outcome(pinned, region, use_fips=use_fips, use_dualstack=use_dualstack) == (
        expected
    )


@pytest.mark.parametrize(("use_fips", "use_dualstack"), FLAGS, ids=FLAG_IDS)
def test_custom_endpoint_is_returned_or_rejected_like_botocore(
    pinned: ModuleType, use_fips: bool, use_dualstack: bool
) -> None:
    url = "https://cognito.example.com"
    expected = botocore_outcome(
        PINNED_RULESET,
        PINNED_PARTITIONS,
        Region="us-east-1",
        UseFIPS=use_fips,
        UseDualStack=use_dualstack,
        Endpoint=url,
    )
    ours = generated_outcome(
        pinned, "us-east-1", use_fips=use_fips, use_dualstack=use_dualstack, endpoint=url
    )
    assert ours == expected


def test_partition_error_rules_raise_where_botocore_raises(compile_rules: Compile) -> None:
    # Every pinned partition supports FIPS and dual-stack, so withdraw some support
    # to reach the rule set's error rules.
    partitions = copy.deepcopy(PINNED_PARTITIONS)
    withdrawn = {
        "aws-iso-b": {"supportsFIPS": False},
        "aws-iso-e": {"supportsDualStack": False},
        "aws-iso-f": {"supportsFIPS": False, "supportsDualStack": False},
    }
    for partition in partitions["partitions"]:
        partition["outputs"].update(withdrawn.get(partition["id"], {}))
    module = compile_rules(PINNED_RULESET, partitions)
    regions = LISTED_REGIONS + REGEX_ONLY_REGIONS

    assert mismatches(module, PINNED_RULESET, partitions, regions) == {}
    errors = {
        generated_outcome(module, region, use_fips=fips, use_dualstack=dualstack)
        for region, (fips, dualstack) in itertools.product(regions, FLAGS)
    }
    assert {
        "error: FIPS is enabled but this partition does not support FIPS",
        "error: DualStack is enabled but this partition does not support DualStack",
        "error: FIPS and DualStack are enabled, but this partition does not support one or both",
    } <= errors


def test_pinned_module_takes_the_region_then_its_parameters_by_keyword() -> None:
    model = build_endpoint_source(PINNED_RULESET, PINNED_PARTITIONS)
    assert model.signature == (
        "region: str | None = None",
        "*",
        "use_dualstack: bool = False",
        "use_fips: bool = False",
        "endpoint: str | None = None",
    )


def test_pinned_module_is_ruff_clean_once_formatted(tmp_path: Path) -> None:
    source = render_endpoints_module(build_endpoint_source(PINNED_RULESET, PINNED_PARTITIONS))
    ruff = [sys.executable, "-m", "ruff"]
    formatted = subprocess.run(
        [*ruff, "format", "--isolated", "--line-length=100", "--stdin-filename=endpoints.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # As generated/cognito_idp/endpoints.py, so the project's per-file rules apply.
    check = subprocess.run(
        [*ruff, "check", "--stdin-filename=generated/cognito_idp/endpoints.py", "-"],
        input=formatted,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert check.returncode == 0, check.stdout


# --- Hand-made rule sets ------------------------------------------------------------------

TINY_PARTITIONS: dict[str, Any] = {
    "version": "1.1",
    "partitions": [
        {
            "id": "aws",
            "regionRegex": r"^(us|eu)\-\w+\-\d+$",
            "regions": {"us-east-1": {}},
            "outputs": {
                "name": "aws",
                "dnsSuffix": "amazonaws.com",
                "supportsFIPS": True,
            },
        },
        {
            "id": "aws-lab",
            "regionRegex": r"^lab\-\w+\-\d+$",
            "regions": {"lab-west-1": {}},
            "outputs": {
                "name": "aws-lab",
                "dnsSuffix": "lab.example",
                "supportsFIPS": False,
            },
        },
    ],
}

PARAMETERS: dict[str, Any] = {
    "Region": {"builtIn": "AWS::Region", "required": False, "type": "String"},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": True, "default": False, "type": "Boolean"},
    "UseDualStack": {
        "builtIn": "AWS::UseDualStack",
        "required": True,
        "default": False,
        "type": "Boolean",
    },
}


def ruleset(*rules: dict[str, Any], parameters: dict[str, Any] = PARAMETERS) -> dict[str, Any]:
    return {"version": "1.0", "parameters": parameters, "rules": list(rules)}


def ref(name: str) -> dict[str, Any]:
    return {"ref": name}


def fn(name: str, *argv: Any, assign: str | None = None) -> dict[str, Any]:
    call: dict[str, Any] = {"fn": name, "argv": list(argv)}
    if assign is not None:
        call["assign"] = assign
    return call


def endpoint(url: Any, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "endpoint",
        "conditions": list(conditions),
        "endpoint": {"url": url, "properties": {}, "headers": {}},
    }


def error(message: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "error", "conditions": list(conditions), "error": message}


def tree(conditions: list[dict[str, Any]], *rules: dict[str, Any]) -> dict[str, Any]:
    return {"type": "tree", "conditions": conditions, "rules": list(rules)}


REGION_IS_SET = fn("isSet", ref("Region"))
PARTITION = fn("aws.partition", ref("Region"), assign="PartitionResult")
FIPS_ON = fn("booleanEquals", ref("UseFIPS"), True)


@pytest.mark.parametrize("function", ["aws.isVirtualHostableS3Bucket", "madeUpFunction"])
def test_unsupported_function_fails_naming_it(function: str) -> None:
    rules = ruleset(endpoint("https://x.example", fn(function, ref("Region"))))
    with pytest.raises(EndpointCompileError, match=rf"rules\[0\]: .*'{re.escape(function)}'"):
        build_endpoint_source(rules, TINY_PARTITIONS)


def test_error_rule_raises_invalid_endpoint_error_with_its_message(compile_rules: Compile) -> None:
    rules = ruleset(
        error("no FIPS here", FIPS_ON),
        endpoint("https://{Region}.example", REGION_IS_SET),
        error("Missing Region"),
    )
    module = compile_rules(rules, TINY_PARTITIONS)

    with pytest.raises(module.InvalidEndpointError, match=r"^no FIPS here$"):
        module.resolve_endpoint("us-east-1", use_fips=True)
    assert module.resolve_endpoint("us-east-1").url == "https://us-east-1.example"


def test_tree_whose_children_all_fail_falls_through_to_the_next_rule(
    compile_rules: Compile,
) -> None:
    rules = ruleset(
        tree(
            [REGION_IS_SET, PARTITION],
            endpoint(
                "https://lab.{Region}.{PartitionResult#dnsSuffix}",
                fn("stringEquals", "aws-lab", fn("getAttr", ref("PartitionResult"), "name")),
            ),
        ),
        endpoint("https://fallback.example"),
    )
    module = compile_rules(rules, TINY_PARTITIONS)

    assert module.resolve_endpoint("lab-west-1").url == "https://lab.lab-west-1.lab.example"
    assert module.resolve_endpoint("us-east-1").url == "https://fallback.example"
    assert mismatches(module, rules, TINY_PARTITIONS, ["lab-west-1", "us-east-1"]) == {}


def test_rules_after_an_unconditional_rule_are_left_out() -> None:
    rules = ruleset(endpoint("https://first.example"), endpoint("https://unreachable.example"))
    body = build_endpoint_source(rules, TINY_PARTITIONS).body
    assert body == ('return Endpoint("https://first.example")',)


def test_rule_set_that_matches_nothing_raises_like_botocore(compile_rules: Compile) -> None:
    rules = ruleset(endpoint("https://fips.example", FIPS_ON))
    module = compile_rules(rules, TINY_PARTITIONS)

    with pytest.raises(module.InvalidEndpointError, match="no endpoint rule matches"):
        module.resolve_endpoint("us-east-1")
    assert botocore_outcome(rules, TINY_PARTITIONS, Region="us-east-1").startswith("error: ")


def test_url_templates_become_f_strings_reading_partition_fields() -> None:
    rules = ruleset(
        tree(
            [REGION_IS_SET, PARTITION],
            endpoint("https://svc.{Region}.{PartitionResult#dnsSuffix}"),
        ),
        error("Missing Region"),
    )
    body = build_endpoint_source(rules, TINY_PARTITIONS).body
    assert body == (
        "if region is not None:",
        "    partition_result = aws_partition("
        "region, _PARTITION_BY_REGION, _PARTITION_BY_PATTERN, _DEFAULT_PARTITION)",
        '    return Endpoint(f"https://svc.{region}.{partition_result.dns_suffix}")',
        'raise InvalidEndpointError("Missing Region")',
    )


def test_standard_library_functions_resolve_like_botocore(compile_rules: Compile) -> None:
    partition_supports_fips = fn("getAttr", ref("PartitionResult"), "supportsFIPS")
    rules = ruleset(
        tree(
            [REGION_IS_SET, PARTITION],
            error(
                "FIPS is not available in {PartitionResult#name}",
                FIPS_ON,
                fn("not", partition_supports_fips),
            ),
            endpoint(
                "https://svc.example/{Encoded}",
                fn("not", fn("isValidHostLabel", ref("Region"), True)),
                fn("uriEncode", ref("Region"), assign="Encoded"),
            ),
            endpoint(
                "https://{Tail}.{PartitionResult#dnsSuffix}",
                fn("substring", ref("Region"), 0, 4, True, assign="Tail"),
                fn("booleanEquals", partition_supports_fips, ref("UseFIPS")),
            ),
            endpoint("https://svc.{Region}.{PartitionResult#dnsSuffix}"),
        ),
        error("Missing Region"),
    )
    module = compile_rules(rules, TINY_PARTITIONS)
    regions = ["us-east-1", "eu-west-2", "lab-west-1", "lab-east-7", "a.b", "ab cd", "-bad", ""]
    regions += ["x", "ümlaut", "a" * 64, "mars-1"]

    assert mismatches(module, rules, TINY_PARTITIONS, regions) == {}


def test_reference_outside_the_rule_that_assigns_it_fails() -> None:
    rules = ruleset(
        tree([REGION_IS_SET, PARTITION], endpoint("https://{Region}.example", FIPS_ON)),
        endpoint("https://{PartitionResult#dnsSuffix}"),
    )
    with pytest.raises(EndpointCompileError, match=r"rules\[1\]: 'PartitionResult' is neither"):
        build_endpoint_source(rules, TINY_PARTITIONS)


def test_unset_parameter_must_be_guarded_by_is_set() -> None:
    rules = ruleset(endpoint("https://x.example", fn("stringEquals", ref("Region"), "us-east-1")))
    with pytest.raises(EndpointCompileError, match="guard it with isSet"):
        build_endpoint_source(rules, TINY_PARTITIONS)


def test_module_without_endpoint_parameter_has_no_endpoint_keyword() -> None:
    model = build_endpoint_source(ruleset(endpoint("https://x.example")), TINY_PARTITIONS)
    assert model.signature == (
        "region: str | None = None",
        "*",
        "use_fips: bool = False",
        "use_dualstack: bool = False",
    )
    assert model.partition_table is None  # aws.partition is never called


def test_endpoint_headers_are_refused_because_the_client_would_not_send_them() -> None:
    rule = endpoint("https://x.example")
    rule["endpoint"]["headers"] = {"x-amz-thing": ["1"]}
    with pytest.raises(EndpointCompileError, match="headers"):
        build_endpoint_source(ruleset(rule), TINY_PARTITIONS)


def test_listed_region_claimed_by_an_earlier_regex_is_refused() -> None:
    # botocore would give "us-lab-1" to "aws" (regex first), a lookup by name to "aws-lab".
    partitions = copy.deepcopy(TINY_PARTITIONS)
    partitions["partitions"][1]["regions"]["us-lab-1"] = {}
    rules = ruleset(tree([REGION_IS_SET, PARTITION], endpoint("https://{Region}.example")))
    with pytest.raises(EndpointCompileError, match="'us-lab-1' is listed by partition 'aws-lab'"):
        build_endpoint_source(rules, partitions)


def test_the_module_imports_only_the_rule_functions_it_calls() -> None:
    pinned = build_endpoint_source(PINNED_RULESET, PINNED_PARTITIONS)
    assert pinned.rule_functions == ("Endpoint", "EndpointSettings", "aws_partition")
    plain = build_endpoint_source(ruleset(endpoint("https://x.example")), TINY_PARTITIONS)
    assert plain.rule_functions == ("Endpoint", "EndpointSettings")
    rules = ruleset(
        endpoint(
            "https://{Encoded}.example",
            REGION_IS_SET,
            fn("isValidHostLabel", ref("Region"), False),
            fn("uriEncode", ref("Region"), assign="Encoded"),
        )
    )
    model = build_endpoint_source(rules, TINY_PARTITIONS)
    assert model.rule_functions[2:] == ("is_valid_host_label", "uri_encode")
    assert (
        "from ._rules import Endpoint, EndpointSettings, is_valid_host_label, uri_encode\n"
        in render_endpoints_module(model)
    )


def test_a_variable_named_like_a_rule_function_is_refused() -> None:
    # The local would shadow the function imported from _rules.py.
    rules = ruleset(
        endpoint(
            "https://{UriEncode}.example",
            REGION_IS_SET,
            fn("uriEncode", ref("Region"), assign="UriEncode"),
        )
    )
    with pytest.raises(
        EndpointCompileError, match="cannot name a Python variable after 'UriEncode'"
    ):
        build_endpoint_source(rules, TINY_PARTITIONS)


def test_a_comparison_an_enclosing_condition_decides_is_left_out(compile_rules: Compile) -> None:
    """Inside ``name == "aws-lab"``, ``name == "aws"`` is false and its negation true: no test
    is emitted for them (pyright strict reports such a comparison as always true or false)."""
    name = fn("getAttr", ref("PartitionResult"), "name")
    rules = ruleset(
        tree(
            [REGION_IS_SET, PARTITION, fn("stringEquals", name, "aws-lab")],
            endpoint("https://never.example", fn("stringEquals", name, "aws")),
            endpoint("https://lab.example", fn("not", fn("stringEquals", name, "aws"))),
        ),
        endpoint("https://fallback.example"),
    )
    body = build_endpoint_source(rules, TINY_PARTITIONS).body
    assert [line for line in body if '"aws"' in line or "never" in line] == []
    module = compile_rules(rules, TINY_PARTITIONS)
    assert module.resolve_endpoint("lab-west-1").url == "https://lab.example"
    assert mismatches(module, rules, TINY_PARTITIONS, ["lab-west-1", "us-east-1"]) == {}
