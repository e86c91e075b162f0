"""Recursive and mutually recursive shapes generate, type-check and behave like botocore.

A tiny model whose ``Node`` holds itself through a list and a map, and whose
``Ping`` and ``Pong`` hold each other, goes through the whole pipeline: IR,
templates, mypy --strict, validation, ``to_dict``/``from_dict``, the request
body on the wire and the parsed response, with botocore as the oracle.
"""

from __future__ import annotations

import copy
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator

from codegen.ir import build_package
from codegen.load import ServiceSpec
from codegen.render import render_package

from ...conftest import imported_package
from ...mini_specs import mini_spec, service_model
from ...servers import Reply, scripted_server

PACKAGE = "trees"

MODEL = service_model(
    "Tree Service",
    operations={
        "PutTree": {
            "input": {"shape": "PutTreeRequest"},
            "output": {"shape": "PutTreeResponse"},
        }
    },
    shapes={
        "PutTreeRequest": {
            "type": "structure",
            "required": ["Root"],
            "members": {"Root": {"shape": "Node"}, "Forest": {"shape": "NodeList"}},
        },
        "PutTreeResponse": {
            "type": "structure",
            "members": {"Root": {"shape": "Node"}, "Ping": {"shape": "Ping"}},
        },
        "Node": {
            "type": "structure",
            "required": ["Name"],
            "members": {
                "Name": {"shape": "Name"},
                "Children": {"shape": "NodeList"},
                "Attributes": {"shape": "NodeMap"},
                "Partner": {"shape": "Ping"},
            },
        },
        # A union: read by walking the keys present (the others look each member up).
        "Ping": {"type": "structure", "union": True, "members": {"Pong": {"shape": "Pong"}}},
        "Pong": {
            "type": "structure",
            "members": {"Ping": {"shape": "Ping"}, "Label": {"shape": "Name"}},
        },
        "NodeList": {"type": "list", "member": {"shape": "Node"}},
        "NodeMap": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Node"}},
        "Name": {"type": "string", "min": 1},
    },
    metadata={"endpointPrefix": "trees"},
)

TREE: dict[str, Any] = {
    "Root": {
        "Name": "root",
        "Children": [{"Name": "a", "Children": [{"Name": "b"}]}],
        "Attributes": {"x": {"Name": "c", "Attributes": {"y": {"Name": "d"}}}},
        "Partner": {"Pong": {"Ping": {"Pong": {"Label": "deep"}}, "Label": "shallow"}},
    },
    "Forest": [{"Name": "f1"}, {"Name": "f2", "Children": [{"Name": "f3"}]}],
}


@pytest.fixture(scope="module")
def tree_spec() -> ServiceSpec:
    return mini_spec(MODEL)


@pytest.fixture(scope="module")
def generated(tree_spec: ServiceSpec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trees")
    render_package(build_package(tree_spec, package_name=PACKAGE, with_cli=True), out)
    return out


@pytest.fixture(scope="module")
def trees(generated: Path) -> Iterator[ModuleType]:
    with imported_package(generated, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def botocore_model() -> ServiceModel:
    return ServiceModel(MODEL, service_name="trees")


def test_the_ir_declares_each_recursive_structure_once(tree_spec: ServiceSpec) -> None:
    package = build_package(tree_spec)
    assert sorted(s.class_name for s in package.structures) == [
        "Node",
        "Ping",
        "Pong",
        "PutTreeRequest",
        "PutTreeResponse",
    ]
    node = next(s for s in package.structures if s.class_name == "Node")
    assert node.class_imports == (("_ping", "Ping"),)  # itself needs no import
    assert {m.python_name: m.annotation for m in node.members} == {
        "name": "str",
        "children": "list[Node] | None",
        "attributes": "dict[str, Node] | None",
        "partner": "Ping | None",
    }


def test_generated_package_passes_mypy_strict(generated: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_values_round_trip_through_to_dict_and_from_dict(trees: ModuleType) -> None:
    request = trees.PutTreeRequest.from_dict(TREE)
    assert request.root.children[0].children[0].name == "b"
    assert request.root.attributes["x"].attributes["y"].name == "d"
    assert request.root.partner.pong.ping.pong.label == "deep"
    assert request.to_dict() == TREE
    assert trees.PutTreeRequest.from_dict(request.to_dict()) == request


def test_validation_walks_the_recursion_and_agrees_with_botocore(
    trees: ModuleType, botocore_model: ServiceModel
) -> None:
    validator_class = importlib.import_module(f"{PACKAGE}._validate").Validator
    input_shape = botocore_model.operation_model("PutTree").input_shape
    valid = validator_class(strict=True)
    valid.check(trees.PutTreeRequest.from_dict(TREE))
    assert valid.problems == []
    assert not ParamValidator().validate(TREE, input_shape).has_errors()

    broken = copy.deepcopy(TREE)
    broken["Root"]["Children"][0]["Children"][0]["Name"] = ""
    broken["Root"]["Partner"]["Pong"]["Ping"]["Pong"]["Label"] = ""
    invalid = validator_class()
    invalid.check(trees.PutTreeRequest.from_dict(broken))
    assert invalid.problems == [
        "root.children[0].children[0].name: length 0 is below the minimum of 1",
        "root.partner.pong.ping.pong.label: length 0 is below the minimum of 1",
    ]
    assert ParamValidator().validate(broken, input_shape).has_errors()


def test_request_body_equals_botocores_serialization(
    trees: ModuleType, botocore_model: ServiceModel
) -> None:
    request = trees.PutTreeRequest.from_dict(TREE)
    with scripted_server(Reply.json(200, {})) as server:
        client = trees.TreeServiceClient(
            region="us-east-1",
            credentials=trees.Credentials("AKIDEXAMPLE", "secret"),
            endpoint_url=server.url,
        )
        client.put_tree(root=request.root, forest=request.forest)
    expected = create_serializer("json").serialize_to_request(
        TREE, botocore_model.operation_model("PutTree")
    )
    assert json.loads(server.received[0].body) == json.loads(expected["body"])


def test_recursive_response_parses_like_botocore(
    trees: ModuleType, botocore_model: ServiceModel
) -> None:
    wire = {"Root": TREE["Root"], "Ping": {"Pong": {"Ping": {"Pong": {"Label": "x"}}}}}
    raw = json.dumps(wire).encode()
    expected = create_parser("json").parse(
        {"status_code": 200, "headers": {}, "body": raw},
        botocore_model.operation_model("PutTree").output_shape,
    )
    expected.pop("ResponseMetadata", None)
    with scripted_server(Reply.json(200, wire)) as server:
        client = trees.TreeServiceClient(
            region="us-east-1",
            credentials=trees.Credentials("AKIDEXAMPLE", "secret"),
            endpoint_url=server.url,
        )
        response = client.put_tree(root=trees.Node(name="r"))
    assert response.to_dict() == expected
    assert response.ping.pong.ping.pong.label == "x"


def _bad_response(*path: str | int, leaf: object) -> dict[str, Any]:
    """A PutTree response holding ``leaf`` at ``path`` below a valid root, nulls on the way."""
    wire: dict[str, Any] = {"Root": {"Name": "root", "Children": [None, {"Name": "a"}]}}
    wire["Root"]["Children"].append(node := {"Name": "b", "Attributes": {"k": {"Name": "c"}}})
    target: Any = node
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = leaf
    return wire


@pytest.mark.parametrize(
    ("path", "leaf", "message"),
    [
        (("Attributes", "k", "Name"), 5, "Attributes.k.Name: expected a string"),
        (("Attributes", "k", "Children"), {}, "Attributes.k.Children: expected a list"),
        (("Partner", "Pong"), [], "Partner.Pong: expected an object"),
        (("Attributes", "k"), {"Partner": {}}, "Attributes.k.Name: required member missing"),
    ],
)
def test_a_mismatch_deep_in_a_response_names_its_path(
    trees: ModuleType, path: tuple[str, ...], leaf: object, message: str
) -> None:
    """The readers carry no path; ``parse`` finds it afterwards, nulls counted in indexes."""
    response_class = trees.models.PutTreeResponse
    wire = _bad_response(*path, leaf=leaf)
    with pytest.raises(trees.errors.ResponseParseError) as caught:
        response_class.parse(wire, "PutTreeResponse")
    assert str(caught.value).startswith(f"PutTreeResponse.Root.Children[2].{message} ")
    with pytest.raises(trees.errors.ResponseParseError) as unlocated:
        response_class.from_json(wire)
    assert str(unlocated.value).startswith(message.split(": ", 1)[1])  # the same, no path


def test_null_elements_are_dropped_and_the_union_is_read_by_its_key(trees: ModuleType) -> None:
    wire = _bad_response("Partner", leaf={"Pong": {"Label": "x"}, "Unknown": 1})
    response = trees.models.PutTreeResponse.parse(wire, "PutTreeResponse")
    assert [child.name for child in response.root.children] == ["a", "b"]
    assert response.root.children[1].partner == trees.models.Ping(pong=trees.models.Pong(label="x"))
