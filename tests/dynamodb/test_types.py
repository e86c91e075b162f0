"""``types``: Python values <-> ``AttributeValue``, against boto3's TypeSerializer/Deserializer.

boto3 is the oracle: every value hypothesis makes is serialized by both; the
results are equal (ours as boto3's dict shape) or both refuse it, with the
kind of error boto3 raises. The one planned difference, an empty set, is
checked to be refused where boto3 makes ``{"NS": []}``.
"""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer as BotoDeserializer
from boto3.dynamodb.types import TypeSerializer as BotoSerializer
from hypothesis import given, settings
from hypothesis import strategies as st

bounded = settings(max_examples=400, deadline=None, derandomize=True, database=None)

# Numbers around DynamoDB's limits: up to 45 digits, exponents past -128..126.
decimals = st.builds(
    lambda sign, digits, exponent: Decimal((sign, tuple(int(d) for d in digits), exponent)),
    st.integers(0, 1),
    st.text("0123456789", min_size=1, max_size=45),
    st.integers(-180, 140),
)
numbers = st.one_of(
    st.integers(-(10**45), 10**45),
    decimals,
    st.sampled_from([Decimal("NaN"), Decimal("-Infinity")]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=8),
    st.binary(max_size=8),
    st.binary(max_size=8).map(bytearray),
    st.floats(allow_nan=False),
)
sets = st.one_of(
    st.frozensets(st.integers(-1000, 1000) | decimals, max_size=4),
    st.sets(st.text(max_size=4), max_size=4),
    st.sets(st.binary(max_size=4), max_size=4),
    st.sets(st.integers(0, 9) | st.text(max_size=2), max_size=3),  # mixed: no type
    st.sets(st.booleans() | st.integers(2, 3), max_size=3),  # bools count as numbers here
)
values = st.recursive(
    scalars | sets,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def types(dynamodb: ModuleType) -> ModuleType:
    return importlib.import_module(f"{dynamodb.__name__}.types")


def _sets_in(value: object) -> Iterator[frozenset[object] | set[object]]:
    if isinstance(value, set | frozenset):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _sets_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _sets_in(item)


def _boto3(function: Any, value: object) -> tuple[str, object]:
    try:
        return "ok", function(value)
    except TypeError:
        return "TypeError", None
    except decimal.DecimalException:
        return "DecimalException", None


@bounded
@given(values)
def test_serialize_equals_boto3(types: ModuleType, value: object) -> None:
    outcome, expected = _boto3(BotoSerializer().serialize, value)
    try:
        ours = types.TypeSerializer().serialize(value)
    except types.DynamoDBTypeError:
        refused_empty = any(not s for s in _sets_in(value))
        assert outcome == "TypeError" or refused_empty, (outcome, expected)
        return
    except types.DynamoDBNumberError:
        assert outcome == "DecimalException"
        return
    assert outcome == "ok"
    assert ours.to_dict() == expected
    # And back: what both read from it is equal, Decimals, Binary and sets included.
    assert types.TypeDeserializer().deserialize(ours) == BotoDeserializer().deserialize(expected)


@bounded
@given(values)
def test_a_value_survives_the_wire(dynamodb: ModuleType, types: ModuleType, value: object) -> None:
    """Serialized, sent (to_wire, parse) and read back: what boto3 reads from the same value."""
    try:
        ours = types.TypeSerializer().serialize(value)
    except (types.DynamoDBTypeError, types.DynamoDBNumberError):
        return
    received = dynamodb.models.AttributeValue.parse(ours.to_wire(), "AttributeValue")
    expected = BotoDeserializer().deserialize(BotoSerializer().serialize(value))
    assert types.TypeDeserializer().deserialize(received) == expected


number_texts = st.one_of(
    decimals.map(str), st.integers().map(str), st.sampled_from(["01.50", "1E+2", "-0", "abc"])
)


@bounded
@given(number_texts)
def test_deserialize_numbers_as_boto3(dynamodb: ModuleType, types: ModuleType, text: str) -> None:
    outcome, expected = _boto3(BotoDeserializer().deserialize, {"N": text})
    value = dynamodb.models.AttributeValue(n=text)
    if outcome == "ok":  # repr: NaN equals nothing, and 1.50 is not written 1.5
        assert repr(types.TypeDeserializer().deserialize(value)) == repr(expected)
    else:
        with pytest.raises(types.DynamoDBNumberError):
            types.TypeDeserializer().deserialize(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (1.5, "DynamoDBTypeError"),  # boto3: TypeError, "Use Decimal types instead"
        ({"price": 2.25}, "DynamoDBTypeError"),
        (Decimal("NaN"), "DynamoDBTypeError"),
        (Decimal("Infinity"), "DynamoDBTypeError"),
        (Decimal("1." + "0" * 37 + "1"), "DynamoDBNumberError"),  # 39 digits: Inexact
        (10**38, "DynamoDBNumberError"),  # 39 digits, zeros: Rounded
        (Decimal("1E+127"), "DynamoDBNumberError"),  # Overflow
        ({1, "a"}, "DynamoDBTypeError"),
        (object(), "DynamoDBTypeError"),
    ],
)
def test_refused_where_boto3_refuses(types: ModuleType, value: object, error: str) -> None:
    outcome, _ = _boto3(BotoSerializer().serialize, value)
    assert outcome == ("TypeError" if error == "DynamoDBTypeError" else "DecimalException")
    with pytest.raises(getattr(types, error)) as caught:
        types.TypeSerializer().serialize(value)
    assert isinstance(caught.value, TypeError if error == "DynamoDBTypeError" else ArithmeticError)


def test_38_digits_are_kept(types: ModuleType) -> None:
    number = Decimal("1." + "0" * 36 + "1")  # 38 significant digits
    assert types.TypeSerializer().serialize(number).n == str(number)
    assert BotoSerializer().serialize(number) == {"N": str(number)}


@pytest.mark.parametrize("empty", [set(), frozenset()])
def test_empty_sets_are_refused_before_sending(types: ModuleType, empty: frozenset[str]) -> None:
    # boto3 makes {"NS": []}, which DynamoDB refuses ("An number set may not be empty").
    assert BotoSerializer().serialize(empty) == {"NS": []}
    with pytest.raises(types.DynamoDBTypeError, match="empty sets"):
        types.TypeSerializer().serialize({"tags": empty})


def test_errors_are_sdk_errors(dynamodb: ModuleType, types: ModuleType) -> None:
    sdk_error = importlib.import_module(f"{dynamodb.__name__}._exceptions").SdkError
    assert issubclass(types.DynamoDBTypeError, sdk_error)
    assert issubclass(types.DynamoDBNumberError, sdk_error)


def test_items_both_ways(types: ModuleType) -> None:
    item = {"pk": "user#1", "n": 3, "tags": {"a"}, "blob": b"\x00", "nested": {"l": [None, True]}}
    serialized = types.serialize_item(item)
    assert {k: v.to_dict() for k, v in serialized.items()} == {
        k: BotoSerializer().serialize(v) for k, v in item.items()
    }
    assert types.deserialize_item(serialized) == {
        "pk": "user#1",
        "n": Decimal(3),
        "tags": {"a"},
        "blob": types.Binary(b"\x00"),
        "nested": {"l": [None, True]},
    }


def test_a_value_with_no_member_is_refused(dynamodb: ModuleType, types: ModuleType) -> None:
    with pytest.raises(TypeError):
        BotoDeserializer().deserialize({})
    with pytest.raises(types.DynamoDBTypeError):
        types.TypeDeserializer().deserialize(dynamodb.models.AttributeValue())


def test_importing_the_package_leaves_the_extras_out(dynamodb_folder: object) -> None:
    """``types`` and ``conditions`` are imported only when asked for."""
    import subprocess
    import sys

    code = (
        "import sys, dynamodb_extras, dynamodb_extras.client; "
        "print(sorted(m for m in sys.modules if m.endswith(('.types', '.conditions'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=str(dynamodb_folder),
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
