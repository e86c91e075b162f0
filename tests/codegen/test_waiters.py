"""The waiters' IR: names, acceptors, botocore's wording, JMESPath compiled as jmespath runs it."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import botocore.waiter
import jmespath
import jmespath.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codegen.runtime._waiter as runtime
from codegen.ir import build_package
from codegen.ir.waiter_paths import WaiterPathError, compile_expression, tokenize
from codegen.ir.waiters import build_waiter
from codegen.load import WAITERS_FILE, ServiceSpec, SpecError, load_spec
from codegen.update_specs import botocore_data_files, describe_waiter_changes, update_specs

from ..conftest import SPECS

WAITER_SERVICES = ("acm", "cloudwatch", "dynamodb", "ecs", "kinesis", "ssm")
PINNED_ARGUMENTS = sorted(
    {
        acceptor["argument"]
        for service in WAITER_SERVICES
        for waiter in load_spec(SPECS, service).waiters.values()
        for acceptor in waiter["acceptors"]
        if "argument" in acceptor
    }
)
EXTRA_ARGUMENTS = [
    "a",
    "a.b.c",
    '"a"."b"',
    "@",
    "a[0]",
    "a[-1].b",
    "a[0][1]",
    "a[]",
    "a[][]",
    "a[].b[]",
    "a[*].b",
    "a[*]",
    "[*].a",
    "[]",
    "a[?b]",
    "a[?b].c",
    "a[?!b]",
    "a[?b == 'x'].c",
    "a[?b != `1`]",
    "a[?b > `1`]",
    "a[?b >= `0`].b",
    "a[?b < `1.5`]",
    "a[?b <= `true`]",
    "a[?b == `true`]",
    "a[?b == `null`]",
    "a[?b == `[1]`]",
    'a[?b == `{"c": 1}`]',
    "a[?length(@) > `1`]",
    "a || b",
    "a && b",
    "a && b || c",
    "a || b && c",
    "!a",
    "!!a",
    "!(a == b)",
    "a == b",
    "a.b == `0`",
    "a == `false`",
    "length(a)",
    "length(a) == length(b)",
    "length(a[?b]) == `0`",
    "a[?b[?c]]",
    "a[*].b[*].c",
    "a[?b].c[?d == 'x'].e",
    "(a || b).c",
    "'literal'",
    '`"json"`',
]
NAMES = ("a", "b", "c", "d", "e")


def identifiers(expression: str) -> list[str]:
    return [
        str(t.value)
        for t in tokenize(expression)
        if t.type in ("unquoted_identifier", "quoted_identifier") and t.value != "length"
    ]


def json_values(keys: tuple[str, ...]) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-1, 2),
        st.just(1.5),
        st.sampled_from(["", "x", "ACTIVE", "DISABLED", "ENABLE_FAILED", "MISSING", "STOPPED"]),
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(keys), inner, max_size=4)
        ),
        max_leaves=12,
    )


def ours(expression: str, data: Any) -> tuple[str, str]:
    namespace = {name: getattr(runtime, name) for name in dir(runtime)}
    try:
        # As the generated ``_waiters`` module holds it: a lambda over ``response``.
        search = eval(f"lambda response: {compile_expression(expression)}", namespace)
        value = search(data)
    except runtime._InvalidTypeError as exc:
        return "error", str(exc)
    return "value", json.dumps(value, sort_keys=True)


def theirs(expression: str, data: Any) -> tuple[str, str]:
    try:
        value = jmespath.search(expression, data)
    except (jmespath.exceptions.JMESPathTypeError, TypeError) as exc:
        return "error", str(exc)
    return "value", json.dumps(value, sort_keys=True)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_compiled_expressions_evaluate_as_jmespath_searches(data: st.DataObject) -> None:
    expression = data.draw(st.sampled_from(PINNED_ARGUMENTS + EXTRA_ARGUMENTS))
    keys = tuple(dict.fromkeys(identifiers(expression) + list(NAMES)))
    value = data.draw(st.dictionaries(st.sampled_from(keys), json_values(keys), max_size=5))
    assert ours(expression, value) == theirs(expression, value)


EDGES: list[tuple[str, Any]] = [
    ("a[?b]", {"a": [{"b": 0}, {"b": ""}, {"b": []}, {"b": {}}, {"b": False}, {"b": None}]}),
    ("a && b", {"a": 0, "b": "x"}),
    ("a || b", {"a": 0, "b": "x"}),
    ("a || b", {"a": [], "b": "x"}),
    ("!a", {"a": 0}),
    ("!a", {"a": ""}),
    ("a == `true`", {"a": 1}),
    ("a == `false`", {"a": 0}),
    ("a == `1`", {"a": True}),
    ("a == `1`", {"a": 1.0}),
    ("a != `0`", {"a": False}),
    ("a > `1`", {"a": True}),
    ("a > `1`", {"a": "2"}),
    ("a > 'b'", {"a": "c"}),
    ("a[?b].c", {"a": [{"b": True}, {"b": True, "c": 1}, None]}),
    ("a[?!b]", {"a": [None, 1, {"b": 0}]}),
    ("a[].b", {"a": [[{"b": 1}], {"b": 2}, [[{"b": 3}]]]}),
    ("a[*].b", {"a": {"x": {"b": 1}}}),
    ("a[0]", {"a": "text"}),
    ("a[-4]", {"a": [1, 2, 3]}),
    ("length(a)", {"a": "héllo"}),
    ("length(a)", {"a": {"x": 1}}),
    ("length(a)", {"a": 3}),
    ("length(a)", {"a": True}),
    ("length(a)", {"a": 1.5}),
]
"""Where jmespath's rules differ from Python's: truth of 0, booleans against 0/1, ordering."""


@pytest.mark.parametrize(("expression", "data"), EDGES)
def test_jmespaths_own_rules_hold_where_python_differs(expression: str, data: Any) -> None:
    assert ours(expression, data) == theirs(expression, data)


@pytest.mark.parametrize("expression", PINNED_ARGUMENTS)
def test_the_pinned_expressions_evaluate_as_jmespath_on_their_typical_answers(
    expression: str,
) -> None:
    statuses = ["ACTIVE", "DISABLED", "ENABLE_FAILED"]
    answers: list[Any] = [
        {},
        {"KinesisDataStreamDestinations": [{"DestinationStatus": s} for s in statuses]},
        {"KinesisDataStreamDestinations": [{"DestinationStatus": "DISABLED"}]},
        {"services": [{"deployments": [{}], "runningCount": 2, "desiredCount": 2}]},
        {"services": [{"deployments": [{}, {}], "runningCount": 2, "desiredCount": 2}]},
        {"services": [], "failures": [{"reason": "MISSING"}]},
    ]
    for answer in answers:
        assert ours(expression, answer) == theirs(expression, answer)


@pytest.mark.parametrize(
    "expression",
    ["a | b", "sort(a)", "a[1:2]", "a.*", "{x: a}", "[a, b]", "&a", "a[?b", "`nope`", "a.'b'"],
)
def test_jmespath_outside_the_subset_is_refused_naming_the_expression(expression: str) -> None:
    with pytest.raises(WaiterPathError, match="JMESPath"):
        compile_expression(expression)


def waiters_of(service: str) -> dict[str, Any]:
    return load_spec(SPECS, service).waiters


@pytest.mark.parametrize("service", WAITER_SERVICES)
def test_explanations_are_botocores_word_for_word(service: str) -> None:
    spec = load_spec(SPECS, service)
    for name, config in spec.waiters.items():
        waiter = build_waiter(name, config, operation_method="op", arguments=())
        boto = botocore.waiter.SingleWaiterConfig(copy.deepcopy(config))
        assert [a.explanation for a in waiter.acceptors] == [a.explanation for a in boto.acceptors]
        assert (waiter.delay, waiter.max_attempts) == (boto.delay, boto.max_attempts)
        assert [(a.state, a.matcher, a.expected) for a in waiter.acceptors] == [
            (a.state, a.matcher, a.expected) for a in boto.acceptors
        ]


def test_names_follow_boto3_and_the_aws_cli() -> None:
    package = build_package(load_spec(SPECS, "dynamodb"), ["DescribeTable"])
    [exists, not_exists] = package.waiters
    assert (exists.name, exists.method_name, exists.cli_name, exists.boto3_name) == (
        "TableExists",
        "wait_until_table_exists",
        "table-exists",
        "table_exists",
    )
    assert exists.spec_constant == "TABLE_EXISTS"
    assert not_exists.method_name == "wait_until_table_not_exists"
    assert [m.python_name for m in exists.arguments] == ["table_name"]
    assert exists.call_values == (("table_name", "table_name"),)


def _with(spec: ServiceSpec, waiters: dict[str, Any]) -> ServiceSpec:
    return attrs.evolve(spec, waiters=waiters)


def _table_waiter(**changes: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "operation": "DescribeTable",
        "delay": 1,
        "maxAttempts": 2,
        "acceptors": [
            {
                "matcher": "path",
                "argument": "Table.TableStatus",
                "state": "success",
                "expected": "ACTIVE",
            }
        ],
    }
    return {**config, **changes}


def test_an_argument_named_like_a_waiter_option_takes_an_underscore() -> None:
    spec = load_spec(SPECS, "dynamodb")
    model = copy.deepcopy(spec.model)
    members = model["shapes"]["DescribeTableInput"]["members"]
    members["Delay"] = {"shape": "TableName"}
    package = build_package(
        attrs.evolve(spec, model=model, waiters={"T": _table_waiter()}), ["DescribeTable"]
    )
    [waiter] = package.waiters
    assert [m.python_name for m in waiter.arguments] == ["table_name", "delay_"]
    assert waiter.call_values == (("table_name", "table_name"), ("delay", "delay_"))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"delay": -1}, "delay -1"),
        ({"maxAttempts": 0}, "maxAttempts 0"),
        ({"acceptors": []}, "no acceptors"),
        (
            {"acceptors": [{"matcher": "path", "state": "done", "expected": "x", "argument": "a"}]},
            "state 'done'",
        ),
        (
            {"acceptors": [{"matcher": "regex", "state": "success", "expected": "x"}]},
            "matcher 'regex'",
        ),
        (
            {"acceptors": [{"matcher": "path", "state": "success", "expected": "x"}]},
            "without an argument",
        ),
        (
            {
                "acceptors": [
                    {"matcher": "path", "state": "success", "expected": [1], "argument": "a"}
                ]
            },
            "expected value",
        ),
        (
            {"acceptors": [{"matcher": "status", "state": "success", "expected": "200"}]},
            "HTTP status",
        ),
        (
            {
                "acceptors": [
                    {"matcher": "path", "state": "success", "expected": 1, "argument": "sort(a)"}
                ]
            },
            "sort",
        ),
    ],
)
def test_a_waiter_that_cannot_be_followed_is_left_out_naming_why(
    changes: dict[str, Any], reason: str
) -> None:
    spec = _with(
        load_spec(SPECS, "dynamodb"), {"Odd": _table_waiter(**changes), "Fine": _table_waiter()}
    )
    package = build_package(spec, ["DescribeTable"])
    assert [w.name for w in package.waiters] == ["Fine"]
    left_out = dict(package.left_out)
    assert reason in left_out["Odd waiter"]
    assert left_out["Odd waiter"].startswith("waiter Odd: ")


def test_waiters_come_with_their_operation_and_the_runtime_only_where_there_are_some() -> None:
    dynamodb = load_spec(SPECS, "dynamodb")
    without = build_package(dynamodb, ["CreateTable"])
    assert without.waiters == ()
    assert "_waiter.py" in without.omitted_runtime_modules
    assert "_waiters.py" not in {f.path for f in without.files}
    with_waiters = build_package(dynamodb, ["DescribeTable"])
    assert "_waiter.py" not in with_waiters.omitted_runtime_modules
    assert "_waiters.py" in {f.path for f in with_waiters.files}
    assert build_package(load_spec(SPECS, "cognito-idp"), ["UpdateUserPoolDomain"]).waiters == ()


def test_the_aws_cli_description_is_awsclis() -> None:
    acm = build_package(load_spec(SPECS, "acm"), ["DescribeAcmeEndpoint", "DescribeCertificate"])
    by_name = {w.name: w for w in acm.waiters}
    assert by_name["AcmeEndpointDeleted"].cli_description == (
        "Wait until an ACME endpoint has been deleted. It will poll every 5 seconds until a "
        "successful state has been reached. This will exit with a return code of 255 after 60 "
        "failed checks."
    )
    assert by_name["CertificateValidated"].cli_description.startswith(
        "Wait until JMESPath query Certificate.DomainValidationOptions[].ValidationStatus returns "
        "SUCCESS for all elements when polling with ``describe-certificate``."
    )


def test_waiters_file_is_pinned_from_botocore_and_checked(tmp_path: Path) -> None:
    assert botocore_data_files("dynamodb")[WAITERS_FILE].name.startswith(WAITERS_FILE)
    assert WAITERS_FILE not in botocore_data_files("cognito-idp")
    spec = load_spec(SPECS, "dynamodb")
    assert spec.provenance["files"][WAITERS_FILE]["source"].endswith(WAITERS_FILE)
    assert spec.provenance["botocore_version"] == botocore.__version__
    folder = tmp_path / "dynamodb"
    shutil.copytree(SPECS / "dynamodb", folder)
    waiters = folder / WAITERS_FILE
    waiters.write_text(waiters.read_text().replace('"delay": 20', '"delay": 2', 1))
    with pytest.raises(SpecError, match=WAITERS_FILE):
        load_spec(tmp_path, "dynamodb")


def test_a_waiters_file_of_another_version_is_refused(tmp_path: Path) -> None:
    import hashlib

    folder = tmp_path / "kinesis"
    shutil.copytree(SPECS / "kinesis", folder)
    waiters = folder / WAITERS_FILE
    waiters.write_text(waiters.read_text().replace('"version": 2', '"version": 3'))
    provenance = json.loads((folder / "PROVENANCE.json").read_text())
    provenance["files"][WAITERS_FILE]["sha256"] = hashlib.sha256(waiters.read_bytes()).hexdigest()
    (folder / "PROVENANCE.json").write_text(json.dumps(provenance))
    with pytest.raises(SpecError, match="version 3"):
        load_spec(tmp_path, "kinesis")


def test_waiter_changes_are_reported() -> None:
    old = {"A": {"delay": 1}, "B": {"delay": 1}}
    new = {"B": {"delay": 2}, "C": {"delay": 1}}
    assert describe_waiter_changes(old, new) == [
        "waiter C added",
        "waiter A removed",
        "waiter B changed (operation, delay, attempts or acceptors)",
    ]
    assert describe_waiter_changes(old, old) == []


def test_a_re_pin_picks_up_waiters_and_drops_a_file_botocore_no_longer_has(tmp_path: Path) -> None:
    report = update_specs("kinesis", tmp_path)
    assert {"waiter StreamExists added", "waiter StreamNotExists added"} <= set(report)
    pinned = json.loads((SPECS / "kinesis" / "PROVENANCE.json").read_text())["files"]
    fresh = json.loads((tmp_path / "kinesis" / "PROVENANCE.json").read_text())["files"]
    assert fresh[WAITERS_FILE] == pinned[WAITERS_FILE]
    assert load_spec(tmp_path, "kinesis").waiters == load_spec(SPECS, "kinesis").waiters
    stale = tmp_path / "cognito-idp" / WAITERS_FILE
    stale.parent.mkdir()
    stale.write_text('{"version": 2, "waiters": {}}')
    update_specs("cognito-idp", tmp_path)
    assert not stale.exists()
    assert WAITERS_FILE not in json.loads(stale.with_name("PROVENANCE.json").read_text())["files"]
