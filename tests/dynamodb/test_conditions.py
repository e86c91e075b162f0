"""``conditions``: Key/Attr expressions, against boto3's ConditionExpressionBuilder and Table.

The same condition tree is built with boto3's classes and ours (hypothesis
makes the trees); the expression strings and name placeholders are equal, and
our values are boto3's, serialized. ``build_expressions`` is compared with
what a boto3 ``Table`` really sends for ``query``/``scan``/``put_item``
(captured in botocore's ``before-call`` event, nothing sent).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import boto3
import pytest
from boto3.dynamodb import conditions as boto
from boto3.dynamodb.types import TypeSerializer as BotoSerializer
from hypothesis import given, settings
from hypothesis import strategies as st

bounded = settings(max_examples=300, deadline=None, derandomize=True, database=None)


@pytest.fixture(scope="module")
def conditions(dynamodb: ModuleType) -> ModuleType:
    return importlib.import_module(f"{dynamodb.__name__}.conditions")


# A condition as a recipe, built twice: with boto3's module and with ours.
Recipe = Callable[[Any], Any]

names = st.sampled_from(["a", "b.c", "d[0]", "e.f[1].g", "#weird"])
values = st.one_of(
    st.integers(-100, 100),
    st.text(max_size=3),
    st.binary(max_size=2),
    st.booleans(),
    st.none(),
    st.lists(st.integers(0, 3), max_size=2),
    st.sets(st.text(min_size=1, max_size=2), min_size=1, max_size=2),
    st.builds(Decimal, st.sampled_from(["1.5", "-0.25", "1E+5"])),
)


def _compare(name: str, method: str, *args: object) -> Recipe:
    return lambda m: getattr(m.Attr(name), method)(*args)


def _leaf() -> st.SearchStrategy[Recipe]:
    binary = st.sampled_from(["eq", "ne", "lt", "lte", "gt", "gte", "begins_with", "contains"])
    return st.one_of(
        st.builds(_compare, names, binary, values),
        st.builds(lambda n, a, b: _compare(n, "between", a, b), names, values, values),
        st.builds(lambda n, vs: _compare(n, "is_in", vs), names, st.lists(values, max_size=3)),
        st.builds(lambda n: _compare(n, "exists"), names),
        st.builds(lambda n: _compare(n, "not_exists"), names),
        st.builds(lambda n, t: _compare(n, "attribute_type", t), names, st.sampled_from("SNL")),
        st.builds(
            lambda n, op, v: lambda m: getattr(m.Attr(n).size(), op)(v),
            names,
            st.sampled_from(["eq", "lt", "gte"]),
            st.integers(0, 9),
        ),
        st.builds(lambda n, o: lambda m: m.Attr(n).eq(m.Attr(o)), names, names),
    )


recipes = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        st.builds(lambda x, y: lambda m: x(m) & y(m), inner, inner),
        st.builds(lambda x, y: lambda m: x(m) | y(m), inner, inner),
        st.builds(lambda x: lambda m: ~x(m), inner),
    ),
    max_leaves=6,
)


def _serialized(values: dict[str, object]) -> dict[str, object]:
    return {name: BotoSerializer().serialize(value) for name, value in values.items()}


@bounded
@given(recipes)
def test_condition_expressions_equal_boto3(conditions: ModuleType, recipe: Recipe) -> None:
    expected = boto.ConditionExpressionBuilder().build_expression(recipe(boto))
    ours = conditions.ConditionExpressionBuilder().build_expression(recipe(conditions))
    assert ours.condition_expression == expected.condition_expression
    assert ours.attribute_name_placeholders == expected.attribute_name_placeholders
    assert {k: v.to_dict() for k, v in ours.attribute_value_placeholders.items()} == _serialized(
        expected.attribute_value_placeholders
    )


key_recipes = st.one_of(
    st.builds(
        lambda op, v: lambda m: getattr(m.Key("pk"), op)(v),
        st.sampled_from(["eq", "lt", "lte", "gt", "gte", "begins_with"]),
        st.text(max_size=3),
    ),
    st.builds(
        lambda a, b: lambda m: m.Key("pk").eq("p") & m.Key("sk").between(a, b),
        st.integers(0, 5),
        st.integers(5, 9),
    ),
)


@bounded
@given(key_recipes)
def test_key_conditions_equal_boto3(conditions: ModuleType, recipe: Recipe) -> None:
    expected = boto.ConditionExpressionBuilder().build_expression(recipe(boto), True)
    ours = conditions.ConditionExpressionBuilder().build_expression(recipe(conditions), True)
    assert (ours.condition_expression, ours.attribute_name_placeholders) == (
        expected.condition_expression,
        expected.attribute_name_placeholders,
    )


def test_a_key_condition_takes_keys_only(conditions: ModuleType) -> None:
    with pytest.raises(boto.DynamoDBNeedsKeyConditionError):
        boto.ConditionExpressionBuilder().build_expression(boto.Attr("a").eq(1), True)
    with pytest.raises(conditions.DynamoDBNeedsKeyConditionError, match="Key"):
        conditions.build_expressions(key_condition_expression=conditions.Attr("a").eq(1))


def test_combining_a_value_is_refused(conditions: ModuleType) -> None:
    with pytest.raises(conditions.DynamoDBOperationNotSupportedError, match="AND"):
        conditions.Attr("a").eq(1) & 5
    with pytest.raises(conditions.DynamoDBNeedsConditionError):
        conditions.ConditionExpressionBuilder().build_expression(conditions.Attr("a"))


def test_a_float_value_is_refused(dynamodb: ModuleType, conditions: ModuleType) -> None:
    types = importlib.import_module(f"{dynamodb.__name__}.types")
    with pytest.raises(types.DynamoDBTypeError, match="Decimal"):
        conditions.build_expressions(condition_expression=conditions.Attr("a").eq(1.5))


@pytest.fixture
def boto3_table() -> Iterator[tuple[Any, list[dict[str, object]]]]:
    """A boto3 ``Table`` whose requests are captured before sending; each answers ``{}``."""
    import botocore.awsrequest

    sent: list[dict[str, object]] = []

    def capture(params: dict[str, Any], **_: object) -> tuple[object, dict[str, object]]:
        sent.append(json.loads(params["body"]))
        response = botocore.awsrequest.AWSResponse("https://x", 200, {}, None)
        return response, {}

    resource = boto3.resource(
        "dynamodb", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    resource.meta.client.meta.events.register("before-call.dynamodb.*", capture)
    yield resource.Table("t"), sent


def test_build_expressions_equals_what_a_boto3_table_sends(
    conditions: ModuleType, boto3_table: tuple[Any, list[dict[str, object]]]
) -> None:
    table, sent = boto3_table
    ours = conditions.build_expressions(
        key_condition_expression=conditions.Key("pk").eq("u#1")
        & conditions.Key("sk").begins_with("o#"),
        filter_expression=conditions.Attr("total").gt(Decimal("9.5"))
        | conditions.Attr("tags").contains("vip"),
        expression_attribute_names={"#p": "price"},
    )
    table.query(
        KeyConditionExpression=boto.Key("pk").eq("u#1") & boto.Key("sk").begins_with("o#"),
        FilterExpression=boto.Attr("total").gt(Decimal("9.5")) | boto.Attr("tags").contains("vip"),
        ProjectionExpression="#p",
        ExpressionAttributeNames={"#p": "price"},
    )
    table.put_item(Item={"pk": "x"}, ConditionExpression=boto.Attr("pk").not_exists())
    query, put = sent
    assert ours.key_condition_expression == query["KeyConditionExpression"]
    assert ours.filter_expression == query["FilterExpression"]
    assert ours.expression_attribute_names == query["ExpressionAttributeNames"]
    assert {k: v.to_wire() for k, v in (ours.expression_attribute_values or {}).items()} == query[
        "ExpressionAttributeValues"
    ]
    put_ours = conditions.build_expressions(condition_expression=conditions.Attr("pk").not_exists())
    assert put_ours.condition_expression == put["ConditionExpression"]
    assert put_ours.expression_attribute_names == put["ExpressionAttributeNames"]
    assert put_ours.expression_attribute_values is None
    assert "ExpressionAttributeValues" not in put
