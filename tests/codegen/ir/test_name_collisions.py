"""Names never collide: a model full of names the package or Python already uses still works.

A tiny model whose shapes are called ``Credentials``, ``Mapping``, ``errors``,
``Config``, ``Foo``/``FooDict``, like the client (``NamesClient``) or like
``ServiceError``; whose members are called ``output``, ``region``, ``profile``,
``self``, ``from``, ``type``, ``Name`` and ``name``; whose error has a ``Code``
member and is used as a member type; with an operation called ``Close`` and one
with an event stream. It goes through the whole pipeline: the IR's names,
mypy --strict over the package with its command line, and a call whose request
body botocore's serializer must agree with.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from botocore.model import ServiceModel
from botocore.serialize import create_serializer

from codegen import naming
from codegen.ir import ModelError, Package, build_package
from codegen.ir.cli import build_cli_model
from codegen.load import ServiceSpec
from codegen.render import render_package

from ...conftest import imported_package
from ...mini_specs import mini_spec, service_model
from ...services.harness import CannedSession

PACKAGE = "names"
STRING = {"shape": "String"}

MODEL = service_model(
    "Names",
    operations={
        "DoThing": {
            "input": {"shape": "DoThingRequest"},
            "output": {"shape": "DoThingResponse"},
            "errors": [{"shape": "BadThing"}, {"shape": "ServiceError"}],
        },
        "Close": {
            "input": {"shape": "CloseRequest"},
        },
        "Watch": {
            "input": {"shape": "CloseRequest"},
            "output": {"shape": "WatchResponse"},
        },
    },
    shapes={
        "DoThingRequest": {
            "type": "structure",
            "required": ["output"],
            "members": {
                "output": STRING,
                "region": STRING,
                "profile": STRING,
                "self": STRING,
                "from": STRING,
                "type": STRING,
                "Name": STRING,
                "name": STRING,
                "Credentials": {"shape": "Credentials"},
                "Config": {"shape": "Config"},
                "Errors": {"shape": "errors"},
                "Client": {"shape": "NamesClient"},
                "Mapping": {"shape": "Mapping"},
                "Failure": {"shape": "BadThing"},
                "Foo": {"shape": "Foo"},
                "FooDict": {"shape": "FooDict"},
                "bytes": {"shape": "Blob"},
                "Payload": {"shape": "Blob"},
            },
        },
        "DoThingResponse": {
            "type": "structure",
            "members": {"Credentials": {"shape": "Credentials"}, "Mapping": {"shape": "Mapping"}},
        },
        "CloseRequest": {"type": "structure", "members": {}},
        "WatchResponse": {
            "type": "structure",
            "members": {"Events": {"shape": "EventStream"}},
        },
        "EventStream": {
            "type": "structure",
            "members": {"Tick": {"shape": "Config"}},
            "eventstream": True,
        },
        "Credentials": {
            "type": "structure",
            "members": {"AccessKeyId": STRING, "SecretKey": {"shape": "Secret"}},
        },
        "Config": {"type": "structure", "members": {"Value": STRING}},
        "errors": {"type": "structure", "members": {"Value": STRING}},
        "NamesClient": {"type": "structure", "members": {"Value": STRING}},
        "Mapping": {"type": "structure", "members": {"from": STRING, "to": STRING}},
        "Foo": {"type": "structure", "members": {"Value": STRING}},
        "FooDict": {"type": "structure", "members": {"Value": STRING}},
        "BadThing": {
            "type": "structure",
            "members": {"Code": STRING, "message": STRING, "Details": STRING},
            "exception": True,
        },
        "ServiceError": {
            "type": "structure",
            "members": {"message": STRING},
            "exception": True,
        },
        "String": {"type": "string"},
        "Blob": {"type": "blob"},
        "Secret": {"type": "string", "sensitive": True},
    },
)


@pytest.fixture(scope="module")
def names_spec() -> ServiceSpec:
    return mini_spec(MODEL)


@pytest.fixture(scope="module")
def package(names_spec: ServiceSpec) -> Package:
    return build_package(names_spec, package_name=PACKAGE, with_cli=True)


@pytest.fixture(scope="module")
def generated(package: Package, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("names")
    render_package(package, out)
    return out


@pytest.fixture(scope="module")
def names(generated: Path) -> Iterator[ModuleType]:
    with imported_package(generated, PACKAGE) as module:
        yield module


def test_shapes_named_like_the_package_s_own_names_get_model_appended(package: Package) -> None:
    classes = {s.name: s.class_name for s in package.structures}
    assert classes["Credentials"] == "CredentialsModel"
    assert classes["Mapping"] == "MappingModel"
    assert classes["errors"] == "errorsModel"
    assert classes["NamesClient"] == "NamesClientModel"
    assert classes["Config"] == "Config"  # nothing of the package is called Config
    dicts = {s.class_name: s.dict_name for s in package.structures}
    assert dicts["Foo"] == "FooTypedDict"  # FooDict is a class
    assert dicts["FooDict"] == "FooDictDict"


def test_members_named_like_keywords_or_the_method_s_own_names_get_an_underscore(
    package: Package,
) -> None:
    op = next(op for op in package.operations if op.name == "DoThing")
    names = {m.wire_name: m.python_name for m in op.input.members}
    assert names["self"] == "self_"
    assert names["from"] == "from_"
    assert names["type"] == "type"  # a soft keyword is a valid name on every Python
    assert (names["Name"], names["name"]) == ("name", "name_2")  # differing only by case
    assert names["output"] == "output"  # the client method takes it; only the CLI renames
    # ``bytes`` would hide the type of Payload's annotation in the class body.
    assert names["bytes"] == "bytes_"
    assert next(s for s in package.structures if s.name == "DoThingRequest").dict_is_functional


def test_errors_keep_their_code_but_not_a_clashing_name(package: Package) -> None:
    errors = {e.name: e for e in package.errors}
    assert errors["ServiceError"].class_name == "ServiceErrorError"
    properties = [m.python_name for m in errors["BadThing"].members]
    assert properties == ["code_", "details_"]  # ServiceError has code and details


def test_an_operation_named_like_a_client_method_gets_an_underscore(package: Package) -> None:
    assert {op.name: op.method_name for op in package.operations}["Close"] == "close_"


def test_event_stream_operations_are_left_out_with_the_reason(package: Package) -> None:
    assert [op.name for op in package.operations] == ["Close", "DoThing"]
    assert package.left_out == (
        ("Watch", "its output is an event stream, which this client does not support"),
    )


def test_naming_an_event_stream_operation_explicitly_is_an_error(names_spec: ServiceSpec) -> None:
    with pytest.raises(ModelError, match="Watch: its output is an event stream"):
        build_package(names_spec, ["Watch"])


def test_a_model_whose_every_operation_is_left_out_is_refused(names_spec: ServiceSpec) -> None:
    only_watch = {**MODEL, "operations": {"Watch": MODEL["operations"]["Watch"]}}
    spec = attrs.evolve(names_spec, model=only_watch)
    with pytest.raises(ModelError, match=r"no operation left to generate.*Watch: its output"):
        build_package(spec)


def test_cli_options_named_like_global_ones_take_the_command_s_noun(package: Package) -> None:
    cli = build_cli_model(package)
    command = next(c for c in cli.commands if c.name == "do-thing")
    flags = {o.wire_name: o.flag for o in command.options}
    assert flags["output"] == "--thing-output"
    assert flags["region"] == "--thing-region"
    assert flags["profile"] == "--thing-profile"
    assert (flags["Name"], flags["name"]) == ("--name", "--name-2")


def test_generated_package_passes_mypy_strict(generated: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_package_docstring_says_what_is_left_out(names: ModuleType) -> None:
    assert "Watch: its output is an event stream" in (names.__doc__ or "")


def test_renamed_members_still_travel_under_their_wire_names(names: ModuleType) -> None:
    session = CannedSession()
    client = names.NamesClient(
        region="us-east-1",
        credentials=names.Credentials("AKIDEXAMPLE", "secret"),
        session=session,
    )
    models = importlib.import_module(f"{PACKAGE}.models")
    client.do_thing(
        output="o",
        self_="s",
        from_="f",
        type="t",
        name="upper",
        name_2="lower",
        credentials=models.CredentialsModel(access_key_id="AKID", secret_key="x"),
        mapping=models.MappingModel(from_="a", to="b"),
        foo=models.Foo(value="v"),
        foo_dict=models.FooDict(value="w"),
        bytes_=b"b",
        payload=b"p",
    )
    params = {
        "output": "o",
        "self": "s",
        "from": "f",
        "type": "t",
        "Name": "upper",
        "name": "lower",
        "Credentials": {"AccessKeyId": "AKID", "SecretKey": "x"},
        "Mapping": {"from": "a", "to": "b"},
        "Foo": {"Value": "v"},
        "FooDict": {"Value": "w"},
        "bytes": b"b",
        "Payload": b"p",
    }
    operation = ServiceModel(MODEL, service_name="names").operation_model("DoThing")
    expected = create_serializer("json").serialize_to_request(params, operation)["body"]
    body = session.sent[0].body
    assert body is not None
    assert json.loads(body) == json.loads(expected)
    client.close_()


def test_an_error_code_maps_to_its_renamed_class(names: ModuleType) -> None:
    session = CannedSession()
    session.status = 400
    session.body = json.dumps({"__type": "ServiceError", "message": "m"}).encode()
    client = names.NamesClient(
        region="us-east-1", credentials=names.Credentials("AKIDEXAMPLE", "secret"), session=session
    )
    with pytest.raises(names.errors.ServiceErrorError) as raised:
        client.do_thing(output="o")
    assert raised.value.code == "ServiceError"


def test_naming_rules_hold_for_names_python_cannot_take_as_they_are() -> None:
    assert naming.member_names(["_links", "2fa", "a-b"]) == ["links", "n2fa", "a_b"]
    assert naming.class_names(["ABCRule", "AbcRule"]) == {
        "ABCRule": "ABCRule",
        "AbcRule": "AbcRuleModel",  # both would live in models/_abc_rule.py
    }
