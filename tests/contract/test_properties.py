"""Random UpdateUserPoolDomain inputs, drawn from the pinned input shape, against botocore.

Valid inputs must be sent exactly as botocore's serializer would send them;
invalid ones (a required member missing, a wrong type, a string under its
``min``) must be refused, naming the field, before anything is sent. A local
server on 127.0.0.1 captures what arrives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import botocore.model
import pytest
from botocore import xform_name
from hypothesis import event, given, settings
from hypothesis import strategies as st

from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    UpdateUserPoolDomainRequest,
    errors,
)

from ..fault_server import aws_success
from ..servers import ScriptedServer, scripted_server
from ._contract import REPLAY_ACCESS_KEY, REPLAY_SECRET_KEY
from .suite import SUITE

bounded = settings(max_examples=150, deadline=None, derandomize=True, database=None)

OPERATION = "UpdateUserPoolDomain"
INPUT_SHAPE = SUITE.oracle.operation(OPERATION).input_shape
REPLAY_CREDENTIALS = Credentials(REPLAY_ACCESS_KEY, REPLAY_SECRET_KEY)


def call_update_user_pool_domain(
    client: CognitoIdentityProviderClient, parameters: Mapping[str, Any]
) -> None:
    """Call UpdateUserPoolDomain with ``parameters`` given in boto3's dict shape."""
    request = UpdateUserPoolDomainRequest.from_dict(parameters)
    client.update_user_pool_domain(**attrs.asdict(request, recurse=False))


LONGEST_STRING = 80  # the model allows 2048-character ARNs; length is not what is tested
INT32 = 2**31


# --- strategies from the model ----------------------------------------------------------


def min_length(shape: botocore.model.Structure) -> int:
    return int(shape.metadata.get("min", 0))


def valid_values(
    shape: botocore.model.Structure, present: tuple[str, ...] = ()
) -> st.SearchStrategy[Any]:
    """Values botocore accepts for ``shape`` (and so must the client).

    The members along the ``present`` path are always drawn, optional or not.
    """
    if isinstance(shape, botocore.model.StructureShape):
        required = set(shape.required_members) | set(present[:1])
        members = shape.members.items()

        def below(name: str) -> tuple[str, ...]:
            return present[1:] if present[:1] == (name,) else ()

        return st.fixed_dictionaries(
            {
                name: valid_values(member, below(name))
                for name, member in members
                if name in required
            },
            optional={
                name: valid_values(member) for name, member in members if name not in required
            },
        )
    if shape.type_name == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        shortest = min_length(shape)
        return st.text(min_size=shortest, max_size=max(shortest, LONGEST_STRING))
    if shape.type_name == "integer":
        return st.integers(-INT32, INT32 - 1)
    raise NotImplementedError(f"no strategy for {shape.type_name} ({shape.name})")


@attrs.frozen
class Field:
    """A member somewhere in the input, by its wire path."""

    path: tuple[str, ...]
    shape: botocore.model.Structure
    required: bool

    @property
    def python_path(self) -> str:
        """How the client names it in a ParamValidationError problem."""
        return ".".join(xform_name(name) for name in self.path)


def fields(shape: botocore.model.StructureShape, prefix: tuple[str, ...] = ()) -> list[Field]:
    found = []
    for name, member in shape.members.items():
        field = Field((*prefix, name), member, name in shape.required_members)
        found.append(field)
        if isinstance(member, botocore.model.StructureShape):
            found += fields(member, field.path)
    return found


FIELDS = fields(INPUT_SHAPE)


def wrong_types(shape: botocore.model.Structure) -> st.SearchStrategy[Any]:
    """Values of a type botocore refuses for ``shape``."""
    if shape.type_name == "string":
        return st.integers() | st.lists(st.text(max_size=3), max_size=2)
    if shape.type_name == "integer":
        return st.text(max_size=5) | st.floats(allow_nan=False)
    return st.text(max_size=5) | st.integers()  # a structure


MISSING = object()


@attrs.frozen
class InvalidInput:
    parameters: Mapping[str, Any]
    """The wire form, for botocore."""
    arguments: Mapping[str, Any]
    """The client's keyword arguments."""
    field: Field
    kind: str


def mutation_kinds(field: Field) -> list[str]:
    """How ``field`` can be made invalid."""
    kinds = ["wrong type"]
    if field.required:
        kinds.append("missing")
    if field.shape.type_name == "string" and min_length(field.shape) > 0:
        kinds.append("under min")
    return kinds


MUTATIONS = [(field, kind) for field in FIELDS for kind in mutation_kinds(field)]


@st.composite
def invalid_inputs(draw: st.DrawFn) -> InvalidInput:
    """A valid input with exactly one member made invalid."""
    field, kind = draw(st.sampled_from(MUTATIONS))
    parameters = draw(valid_values(INPUT_SHAPE, present=field.path))
    if kind == "missing":
        bad: Any = MISSING
    elif kind == "under min":
        bad = draw(st.text(max_size=min_length(field.shape) - 1))
    else:
        bad = draw(wrong_types(field.shape))
    arguments = attrs.asdict(UpdateUserPoolDomainRequest.from_dict(parameters), recurse=False)
    return InvalidInput(
        parameters=_replaced(parameters, field.path, bad),
        arguments=_replaced_argument(arguments, field.path, None if bad is MISSING else bad),
        field=field,
        kind=kind,
    )


def _replaced(parameters: Mapping[str, Any], path: tuple[str, ...], bad: Any) -> dict[str, Any]:
    """The wire dict with ``path`` set to ``bad`` (or removed for MISSING)."""
    head, *rest = path
    result = dict(parameters)
    if rest:
        result[head] = _replaced(parameters[head], tuple(rest), bad)
    elif bad is MISSING:
        del result[head]
    else:
        result[head] = bad
    return result


def _replaced_argument(arguments: Mapping[str, Any], path: tuple[str, ...], bad: Any) -> Any:
    """The client's arguments with ``path`` set to ``bad``, nested models rebuilt around it."""
    head, *rest = path
    name = xform_name(head)
    result = dict(arguments)
    if rest:
        model = arguments[name]
        inner = _replaced_argument(attrs.asdict(model, recurse=False), tuple(rest), bad)
        result[name] = attrs.evolve(model, **inner)
    else:
        result[name] = bad
    return result


# --- the tests ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capture() -> Iterator[tuple[CognitoIdentityProviderClient, ScriptedServer]]:
    """A client and the local server it sends to, shared by every example."""
    answer = aws_success({"CloudFrontDomain": "d111111abcdef8.cloudfront.net"}, "req-prop")
    with (
        scripted_server(answer) as server,
        CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=REPLAY_CREDENTIALS,
            endpoint_url=server.url,
            max_attempts=1,
        ) as client,
    ):
        yield client, server


@bounded
@given(parameters=valid_values(INPUT_SHAPE))
def test_valid_input_is_sent_as_botocore_serializes_it(
    capture: tuple[CognitoIdentityProviderClient, ScriptedServer], parameters: dict[str, Any]
) -> None:
    client, server = capture
    server.received.clear()
    assert SUITE.oracle.validate(OPERATION, parameters) == ""  # draws only what botocore accepts
    call_update_user_pool_domain(client, parameters)
    [request] = server.received
    assert json.loads(request.body) == json.loads(
        SUITE.oracle.serialize(OPERATION, parameters)["body"]
    )


@bounded
@given(invalid=invalid_inputs())
def test_invalid_input_is_refused_naming_the_field_before_sending(
    capture: tuple[CognitoIdentityProviderClient, ScriptedServer], invalid: InvalidInput
) -> None:
    client, server = capture
    server.received.clear()
    event(f"{invalid.kind}: {invalid.field.python_path}")
    assert invalid.field.path[-1] in SUITE.oracle.validate(OPERATION, invalid.parameters)
    with pytest.raises(errors.ParamValidationError) as caught:
        client.update_user_pool_domain(**invalid.arguments)
    named = [p for p in caught.value.problems if p.startswith(f"{invalid.field.python_path}: ")]
    assert named, caught.value.problems
    assert server.received == []
