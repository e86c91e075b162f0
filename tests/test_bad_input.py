"""Bad input, generated: every invalid call is refused before sending, naming the field,
and every call botocore's validator accepts is sent.

Inputs are drawn from the model itself (the generator's IR) as trees that build
both our keyword arguments (attrs models, snake_case) and the boto3-shaped dict
(via ``to_dict()``'s wire names), so each input is judged by botocore's
``ParamValidator`` too. One difference is kept out of the comparison on purpose:
botocore rejects ``None`` for an optional member, where we treat it as unset,
so optional members are left out rather than set to ``None``.

The operations are the committed one (UpdateUserPoolDomain, through the
committed client) and the setup operations (CreateUserPool, ..., through the
``cognito_idp_setup`` package generated for the session, ``setup_client``):
CreateUserPool's lists and maps are where the list and map mutations apply.
"""

from __future__ import annotations

import datetime
import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any, TypeAlias

import attrs
import pytest
from botocore.model import OperationModel, ServiceModel
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import generated.cognito_idp
from codegen.ir import Kind, Operation, Package, Structure, TypeRef, build_package
from codegen.load import ServiceSpec
from generated.cognito_idp import CognitoIdentityProviderClient, Credentials

from .conftest import COMMITTED_OPERATIONS, clear_aws_environment, operation_named
from .servers import Reply, ScriptedServer, scripted_server
from .setup_client import SETUP_OPERATIONS, SETUP_PACKAGE

BATTERY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,  # conftest's autouse env fixture; harmless here
    ],
)

# ------------------------------------------------------------------ trees


@attrs.define
class Struct:
    shape: Structure
    members: dict[str, Node]  # by python name; optional members left out are absent


@attrs.define
class ListNode:
    items: list[Node]


@attrs.define
class MapNode:
    entries: list[tuple[object, Node]]


@attrs.frozen
class Value:
    """A leaf, valid or not, passed as is to both sides."""

    value: object


@attrs.frozen
class Missing:
    """A required member left out: ``None`` for us, absent from botocore's dict."""


Node: TypeAlias = Struct | ListNode | MapNode | Value | Missing


def ours(node: Node, models: ModuleType) -> object:
    """The Python value our client takes, built from the generated package's ``models``."""
    match node:
        case Struct(shape, members):
            model = getattr(models, shape.class_name)
            return model(**{name: ours(child, models) for name, child in members.items()})
        case ListNode(items):
            return [ours(item, models) for item in items]
        case MapNode(entries):
            return {key: ours(item, models) for key, item in entries}
        case Value(value):
            return value
        case Missing():
            return None


def boto(node: Node) -> object:
    """The same value in boto3's dict shape, for botocore's validator."""
    match node:
        case Struct(shape, members):
            wire = {m.python_name: m.wire_name for m in shape.members}
            return {
                wire[name]: boto(child)
                for name, child in members.items()
                if not isinstance(child, Missing)
            }
        case ListNode(items):
            return [boto(item) for item in items]
        case MapNode(entries):
            return {key: boto(item) for key, item in entries}
        case Value(value):
            return value
        case Missing():
            raise AssertionError("Missing is only a struct member")


# ------------------------------------------------------------- strategies

# Values of the wrong type for a kind. A dict never stands for a structure:
# there it is right for botocore and wrong for us (models are attrs classes).
WRONG_VALUES: tuple[object, ...] = (
    7,
    2.5,
    "text",
    b"bytes",
    ["a"],
    {"k": "v"},
    True,
    datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    ("t",),
    object(),
)
_RIGHT_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.STRING: (str,),
    Kind.INTEGER: (int,),  # bool included, as botocore does
    Kind.LONG: (int,),
    Kind.BOOLEAN: (bool,),
    Kind.LIST: (list, tuple),
    Kind.MAP: (dict,),
    Kind.STRUCTURE: (dict,),
}


def wrong_values(kind: Kind) -> list[object]:
    return [v for v in WRONG_VALUES if not isinstance(v, _RIGHT_TYPES[kind])]


class Strategies:
    """Hypothesis strategies for the shapes of one service IR."""

    def __init__(self, service: Package) -> None:
        self.shapes = {shape.name: shape for shape in service.structures}
        self._valid: dict[str, st.SearchStrategy[Node]] = {}
        self._loose: dict[str, st.SearchStrategy[Node]] = {}

    def valid(self, ref: TypeRef) -> st.SearchStrategy[Node]:
        """Values botocore accepts: right types, ``min`` respected (``max`` is not enforced)."""
        key = f"{ref.shape_name}/{ref.kind.value}"
        if key not in self._valid:
            self._valid[key] = self._build(ref, self.valid, loose=False)
        return self._valid[key]

    def loose(self, ref: TypeRef) -> st.SearchStrategy[Node]:
        """Values valid or not: lengths around ``min``, now and then a wrong type."""
        key = f"{ref.shape_name}/{ref.kind.value}"
        if key not in self._loose:
            right = self._build(ref, self.loose, loose=True)
            wrong = st.sampled_from(wrong_values(ref.kind)).map(Value)
            self._loose[key] = st.integers(0, 15).flatmap(lambda n: wrong if n == 0 else right)
        return self._loose[key]

    def structure(
        self, shape: Structure, member: Callable[[TypeRef], st.SearchStrategy[Node]]
    ) -> st.SearchStrategy[Node]:
        required = {m.python_name: member(m.type) for m in shape.members if m.required}
        optional = {m.python_name: member(m.type) for m in shape.members if not m.required}
        return st.fixed_dictionaries(required, optional=optional).map(
            lambda members: Struct(shape, members)
        )

    def _build(
        self, ref: TypeRef, child: Callable[[TypeRef], st.SearchStrategy[Node]], *, loose: bool
    ) -> st.SearchStrategy[Node]:
        low = ref.constraints.min or 0
        if loose:
            low = max(0, low - 1)
        high = low + (4 if loose else 3)
        if not loose and ref.constraints.max is not None:
            high = max(low, min(high, ref.constraints.max))
        match ref.kind:
            case Kind.STRING:
                # Lengths near the minimum; the content is anything, as botocore
                # checks no pattern.
                return st.text(
                    st.characters(codec="utf-8"),
                    min_size=low,
                    max_size=high,
                ).map(Value)
            case Kind.INTEGER | Kind.LONG:
                bottom = ref.constraints.min
                if loose and bottom is not None:
                    bottom -= 2
                ints: st.SearchStrategy[int] = st.integers(min_value=bottom)
                # bool is an int to botocore too; only where the minimum allows it.
                bools = [b for b in (False, True) if bottom is None or int(b) >= bottom]
                return (
                    st.one_of(ints, st.sampled_from(bools)).map(Value) if bools else ints.map(Value)
                )
            case Kind.BOOLEAN:
                return st.booleans().map(Value)
            case Kind.LIST:
                assert ref.item is not None
                return st.lists(child(ref.item), min_size=low, max_size=high).map(ListNode)
            case Kind.MAP:
                assert ref.item is not None and ref.key is not None
                keys = self._build(ref.key, child, loose=loose).map(lambda v: v.value)  # type: ignore[union-attr]
                entries = st.lists(
                    st.tuples(keys, child(ref.item)), max_size=3, unique_by=lambda e: e[0]
                )
                return entries.map(MapNode)
            case Kind.STRUCTURE:
                assert ref.class_name is not None
                return self.structure(self.shapes[ref.shape_name], child)
            case _:
                raise AssertionError(f"no strategy for {ref.kind}")


# --------------------------------------------------------------- mutations


@attrs.frozen
class Slot:
    """A value in a tree, of type ``ref``, named ``path`` in our messages.

    ``owner[key]`` holds it: a struct's members (by python name), a list's
    items (by index) or a map's entries (by index, the value of the pair).
    """

    owner: Struct | ListNode | MapNode
    key: Any
    ref: TypeRef
    path: str
    required: bool
    depth: int

    @property
    def is_member(self) -> bool:
        return isinstance(self.owner, Struct)

    def get(self) -> Node:
        node: Node
        match self.owner:
            case Struct(_, members):
                node = members[self.key]
            case ListNode(items):
                node = items[self.key]
            case MapNode(entries):
                node = entries[self.key][1]
        return node

    def replace(self, node: Node) -> None:
        match self.owner:
            case Struct(_, members):
                members[self.key] = node
            case ListNode(items):
                items[self.key] = node
            case MapNode(entries):
                entries[self.key] = (entries[self.key][0], node)


def slots(node: Node, ref: TypeRef | None = None, path: str = "", depth: int = 0) -> Iterator[Slot]:
    """Every value below ``node`` (a Struct at the top), depth first."""
    match node:
        case Struct(shape, members):
            for member in shape.members:
                child = members.get(member.python_name)
                if child is None:
                    continue
                child_path = f"{path}.{member.python_name}" if path else member.python_name
                yield Slot(
                    node, member.python_name, member.type, child_path, member.required, depth
                )
                yield from slots(child, member.type, child_path, depth + 1)
        case ListNode(items):
            assert ref is not None and ref.item is not None
            for index, item in enumerate(items):
                item_path = f"{path}[{index}]"
                yield Slot(node, index, ref.item, item_path, True, depth)
                yield from slots(item, ref.item, item_path, depth + 1)
        case MapNode(entries):
            assert ref is not None and ref.item is not None
            for index, (key, item) in enumerate(entries):
                item_path = f"{path}[{key!r}]"
                yield Slot(node, index, ref.item, item_path, True, depth)
                yield from slots(item, ref.item, item_path, depth + 1)
        case _:
            return


@attrs.frozen
class Mutation:
    kind: str
    path: str  # the field our error must name (the start of one problem)
    problem: str  # what our message says about it


SlotTest = Callable[[TypeRef, bool, int, bool], bool]
"""(type, required, depth, is a struct member) -> whether a mutation applies there."""

MUTATIONS: dict[str, SlotTest] = {
    "wrong type": lambda ref, required, depth, member: ref.kind in _RIGHT_TYPES,
    "None for a required member": lambda ref, required, depth, member: required and depth == 0,
    "nested structure missing a required member": (
        lambda ref, required, depth, member: required and depth > 0 and member
    ),
    "string under its min": (
        lambda ref, required, depth, member: (
            ref.kind is Kind.STRING and (ref.constraints.min or 0) > 0
        )
    ),
    "list under its min": (
        lambda ref, required, depth, member: (
            ref.kind is Kind.LIST and (ref.constraints.min or 0) > 0
        )
    ),
    "non-str map key": lambda ref, required, depth, member: ref.kind is Kind.MAP,
}


def model_slots(
    shapes: dict[str, Structure], ref: TypeRef, depth: int = 0
) -> Iterator[tuple[TypeRef, bool, int, bool]]:
    """What ``slots`` can yield for values of ``ref``, read from the model alone."""
    if ref.kind is Kind.STRUCTURE and depth < 10:
        for member in shapes[ref.shape_name].members:
            yield member.type, member.required, depth, True
            yield from model_slots(shapes, member.type, depth + 1)
    elif ref.item is not None:
        yield ref.item, True, depth, False
        yield from model_slots(shapes, ref.item, depth + 1)


def operations_for(services: Iterable[Package], kind: str) -> list[str]:
    """The operations whose input can hold mutation ``kind`` somewhere."""
    return [name for service in services for name in _operations_for(service, kind)]


def _operations_for(service: Package, kind: str) -> list[str]:
    shapes = {shape.name: shape for shape in service.structures}
    applies = MUTATIONS[kind]
    return [
        op.name
        for op in service.operations
        if any(
            applies(*slot)
            for member in op.input.members
            for slot in [
                (member.type, member.required, 0, True),
                *model_slots(shapes, member.type, 1),
            ]
        )
    ]


def mutate(
    data: st.DataObject, tree: Struct, kind: str
) -> tuple[Mutation, dict[str, object]] | None:
    """Make ``tree`` invalid in one place the ``kind`` way; None if it has no such place.

    Returns what was done and the keyword arguments to add.
    """
    applies = MUTATIONS[kind]
    places = [s for s in slots(tree) if applies(s.ref, s.required, s.depth, s.is_member)]
    if not places:
        return None
    target = data.draw(st.sampled_from(places), label="where")
    if kind == "wrong type":
        bad = data.draw(st.sampled_from(wrong_values(target.ref.kind)), label="wrong value")
        target.replace(Value(bad))
        return Mutation(kind, target.path, "expected"), {}
    if kind == "None for a required member":
        target.replace(Value(None))
        return Mutation(kind, target.path, "missing required value"), {}
    if kind == "nested structure missing a required member":
        target.replace(Missing())
        return Mutation(kind, target.path, "missing required value"), {}
    if kind == "string under its min":
        short = "é" * ((target.ref.constraints.min or 1) - 1)
        target.replace(Value(short))
        return Mutation(kind, target.path, f"length {len(short)} is below the minimum"), {}
    if kind == "list under its min":
        target.replace(ListNode([]))
        return Mutation(kind, target.path, "length 0 is below the minimum"), {}
    node = target.get()
    assert kind == "non-str map key" and isinstance(node, MapNode)
    bad_key = data.draw(st.sampled_from([1, 2.5, b"key", ("t",), None, True]), label="key")
    node.entries.append((bad_key, Value("vvv")))
    problem = "missing required value" if bad_key is None else "expected str"
    return Mutation(kind, f"{target.path} (key {bad_key!r})", problem), {}


# ----------------------------------------------------------------- fixtures


@attrs.frozen
class Target:
    """One generated package under test: its IR, its module, a default and a strict client."""

    service: Package
    package: ModuleType
    strategies: Strategies
    clients: dict[str, Any]

    @property
    def models(self) -> ModuleType:
        # The package root is lazy: its subpackages are not attributes until imported.
        return importlib.import_module(f"{self.package.__name__}.models")

    @property
    def validation_error(self) -> type[Exception]:
        errors = importlib.import_module(f"{self.package.__name__}.errors")
        return errors.ParamValidationError  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def botocore_model(spec: ServiceSpec) -> ServiceModel:
    return ServiceModel(spec.model, service_name="cognito-idp")


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    # Every output member of the generated operations is optional: {} parses.
    with scripted_server(Reply.json(200, {})) as s:
        yield s


def default_and_strict_clients(
    package: ModuleType, server: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """A default and a strict client of ``package``, built away from any real AWS settings."""
    with pytest.MonkeyPatch.context() as patch:
        clear_aws_environment(patch, tmp_path_factory.mktemp("home"))
        return {
            mode: package.CognitoIdentityProviderClient(
                region="us-east-1",
                credentials=package.Credentials("AKIDBADINPUT00000001", "bad-input-secret"),
                endpoint_url=server.url,
                max_attempts=1,
                validate=mode,
            )
            for mode in ("default", "strict")
        }


@pytest.fixture(scope="module")
def clients(
    server: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, CognitoIdentityProviderClient]]:
    """The committed client, default and strict."""
    made = default_and_strict_clients(generated.cognito_idp, server, tmp_path_factory)
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def setup_clients(
    setup_client: ModuleType, server: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The setup package's client (CreateUserPool, ...), default and strict."""
    made = default_and_strict_clients(setup_client, server, tmp_path_factory)
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def targets(
    spec: ServiceSpec,
    service: Package,
    setup_client: ModuleType,
    clients: dict[str, CognitoIdentityProviderClient],
    setup_clients: dict[str, Any],
) -> dict[str, Target]:
    """Each operation's package: the committed one, or the setup package for the others."""
    setup_service = build_package(spec, SETUP_OPERATIONS, package_name=SETUP_PACKAGE)
    made = (
        Target(service, generated.cognito_idp, Strategies(service), clients),
        Target(setup_service, setup_client, Strategies(setup_service), setup_clients),
    )
    return {op.name: target for target in made for op in target.service.operations}


def services(targets: dict[str, Target]) -> list[Package]:
    return list({id(t.service): t.service for t in targets.values()}.values())


OPERATIONS = COMMITTED_OPERATIONS + SETUP_OPERATIONS


class Outcome:
    """What one call did: the validation error, or the request the server got."""

    def __init__(
        self,
        server: ScriptedServer,
        target: Target,
        mode: str,
        operation: Operation,
        arguments: dict[str, object],
    ) -> None:
        server.received.clear()
        before = server.count
        self.error: Any = None  # the package's ParamValidationError
        try:
            getattr(target.clients[mode], operation.method_name)(**arguments)
        except target.validation_error as error:
            self.error = error
        self.sent = server.count - before
        self.body: object = json.loads(server.received[-1].body) if self.sent else None


def call(
    server: ScriptedServer,
    target: Target,
    mode: str,
    operation: Operation,
    tree: Struct,
    *,
    extra: dict[str, object] | None = None,
) -> Outcome:
    arguments = {name: ours(child, target.models) for name, child in tree.members.items()}
    return Outcome(server, target, mode, operation, {**arguments, **(extra or {})})


def botocore_accepts(
    model: ServiceModel, operation: Operation, params: dict[str, object]
) -> tuple[bool, str]:
    operation_model: OperationModel = model.operation_model(operation.name)
    report = ParamValidator().validate(params, operation_model.input_shape)
    return not report.has_errors(), report.generate_report()


# -------------------------------------------------------------------- tests


@BATTERY
@given(data=st.data())
def test_every_input_botocore_accepts_is_sent_as_botocore_would_serialize_it(
    data: st.DataObject,
    *,
    targets: dict[str, Target],
    botocore_model: ServiceModel,
    server: ScriptedServer,
) -> None:
    name = data.draw(st.sampled_from(OPERATIONS), label="op")
    target = targets[name]
    operation, strategies = operation_named(target.service, name), target.strategies
    tree = data.draw(strategies.structure(operation.input, strategies.valid), label="input")
    assert isinstance(tree, Struct)
    params = boto(tree)
    assert isinstance(params, dict)
    accepted, report = botocore_accepts(botocore_model, operation, params)
    assert accepted, report  # the strategy makes valid input only
    outcome = call(server, target, "default", operation, tree)
    assert outcome.error is None, outcome.error.problems
    assert outcome.sent == 1
    assert outcome.body == json.loads(json.dumps(params))
    # The model's to_dict() is the boto3 dict botocore was given.
    request_model = getattr(target.models, operation.input.class_name)(
        **{member: ours(child, target.models) for member, child in tree.members.items()}
    )
    assert request_model.to_dict() == params


@pytest.mark.parametrize("kind", MUTATIONS)
@settings(BATTERY, max_examples=30)
@given(data=st.data())
def test_each_invalid_input_is_refused_before_sending_naming_the_field(
    data: st.DataObject,
    kind: str,
    *,
    targets: dict[str, Target],
    botocore_model: ServiceModel,
    server: ScriptedServer,
) -> None:
    name = data.draw(st.sampled_from(operations_for(services(targets), kind)), label="op")
    target = targets[name]
    operation, strategies = operation_named(target.service, name), target.strategies
    tree = data.draw(strategies.structure(operation.input, strategies.valid), label="input")
    assert isinstance(tree, Struct)
    mutated = mutate(data, tree, kind)
    assume(mutated is not None)  # the optional members that could hold it are absent
    assert mutated is not None
    mutation, extra = mutated
    for mode in ("default", "strict"):
        outcome = call(server, target, mode, operation, tree, extra=extra)
        assert outcome.sent == 0, f"{kind} was sent"
        assert outcome.error is not None, f"{kind} was accepted"
        assert any(
            problem.startswith(f"{mutation.path}: {mutation.problem}")
            for problem in outcome.error.problems
        ), (mutation, outcome.error.problems)
    params = boto(tree)
    assert isinstance(params, dict)
    assert not botocore_accepts(botocore_model, operation, {**params, **extra})[0]


@BATTERY
@given(data=st.data())
def test_validation_agrees_with_botocore_on_inputs_valid_or_not(
    data: st.DataObject,
    *,
    targets: dict[str, Target],
    botocore_model: ServiceModel,
    server: ScriptedServer,
) -> None:
    name = data.draw(st.sampled_from(OPERATIONS), label="op")
    target = targets[name]
    operation, strategies = operation_named(target.service, name), target.strategies
    tree = data.draw(strategies.structure(operation.input, strategies.loose), label="input")
    assert isinstance(tree, Struct)
    params = boto(tree)
    assert isinstance(params, dict)
    accepted, report = botocore_accepts(botocore_model, operation, params)
    event("botocore accepts" if accepted else "botocore refuses")
    outcome = call(server, target, "default", operation, tree)
    if accepted:
        assert outcome.error is None, (report, outcome.error.problems)
        assert outcome.sent == 1
    else:
        assert outcome.error is not None, f"botocore refuses, we sent it:\n{report}"
        assert outcome.sent == 0


HUGE = 1_000_000


@settings(BATTERY, max_examples=40)
@given(data=st.data())
def test_huge_strings_are_sent_by_default_and_refused_in_strict_mode(
    data: st.DataObject,
    *,
    targets: dict[str, Target],
    server: ScriptedServer,
) -> None:
    name = data.draw(st.sampled_from(OPERATIONS), label="op")
    target = targets[name]
    operation, strategies = operation_named(target.service, name), target.strategies
    tree = data.draw(strategies.structure(operation.input, strategies.valid), label="input")
    assert isinstance(tree, Struct)
    bounded = [
        s for s in slots(tree) if s.ref.kind is Kind.STRING and s.ref.constraints.max is not None
    ]
    slot = data.draw(st.sampled_from(bounded), label="where")
    maximum = slot.ref.constraints.max
    assert maximum is not None
    size = data.draw(st.sampled_from([maximum + 1, HUGE]), label="size")
    slot.replace(Value("a" * size))
    default = call(server, target, "default", operation, tree)
    assert default.error is None, default.error.problems
    assert default.sent == 1
    strict = call(server, target, "strict", operation, tree)
    assert strict.sent == 0
    assert strict.error is not None
    expected = f"{slot.path}: length {size} is above the maximum of {maximum}"
    assert expected in strict.error.problems


# ------------------------------------------------- cases worth naming alone


def test_omitting_a_required_argument_is_a_type_error_naming_it(
    server: ScriptedServer, clients: dict[str, CognitoIdentityProviderClient]
) -> None:
    # Python's own check, before our code runs: type checkers flag it too.
    before = server.count
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'domain'"):
        clients["default"].update_user_pool_domain(user_pool_id="us-east-1_x")  # type: ignore[call-arg]
    assert server.count == before


def test_non_str_map_key_is_refused_although_json_would_encode_it(
    server: ScriptedServer, setup_client: ModuleType, setup_clients: dict[str, Any]
) -> None:
    # The committed operation has no map member: CreateUserPool's tags, from the setup package.
    before = server.count
    with pytest.raises(setup_client.errors.ParamValidationError) as caught:
        setup_clients["default"].create_user_pool(pool_name="p", user_pool_tags={1: "one"})
    assert caught.value.problems == ("user_pool_tags (key 1): expected str, got int",)
    assert server.count == before


def test_positional_arguments_are_refused() -> None:
    client = CognitoIdentityProviderClient(
        region="us-east-1", credentials=Credentials("AKIDX", "s"), endpoint_url="http://127.0.0.1:9"
    )
    with pytest.raises(TypeError, match="positional argument"):
        client.update_user_pool_domain("auth.example.com", "us-east-1_x")  # type: ignore[call-arg]
