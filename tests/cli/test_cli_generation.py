"""Generating the command line: optional, in its own subpackage, safe on recursive models."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.ir import Package, build_package
from codegen.render import render_package

from ..conftest import ROOT, imported_package
from ..mini_specs import mini_spec, service_model

GENERATED = ROOT / "generated" / "cognito_idp"

# A structure that contains itself through a list, a member documented twice
# with the same text and a sensitive member.
TREE_MODEL = service_model(
    "Tree",
    operations={
        "PutNode": {
            "input": {"shape": "PutNodeRequest"},
            "output": {"shape": "PutNodeResponse"},
            "documentation": "<p>Stores a tree.</p>",
        }
    },
    shapes={
        "PutNodeRequest": {
            "type": "structure",
            "required": ["Node"],
            "members": {
                "Node": {"shape": "Node", "documentation": "<p>The root of the tree.</p>"},
                "Token": {"shape": "Secret", "documentation": "<p>A secret.</p>"},
            },
        },
        "PutNodeResponse": {
            "type": "structure",
            "members": {"Node": {"shape": "Node", "documentation": "<p>The root of the tree.</p>"}},
        },
        "Node": {
            "type": "structure",
            "required": ["Name"],
            "members": {
                "Name": {"shape": "Name", "documentation": "<p>The name of the node.</p>"},
                "Children": {"shape": "NodeList", "documentation": "<p>Its children.</p>"},
            },
        },
        "NodeList": {"type": "list", "member": {"shape": "Node"}},
        "Name": {"type": "string"},
        "Secret": {"type": "string", "sensitive": True},
    },
    metadata={"apiVersion": "2024-01-01", "targetPrefix": "Tree_20240101"},
    documentation="<p>Trees.</p>",
)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tree service generated with its command line; yields the folder holding it."""
    package = build_package(mini_spec(TREE_MODEL), with_cli=True)
    out = tmp_path_factory.mktemp("tree")
    render_package(package, out)
    assert package.package == "tree"
    yield out


def run_tree(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tree", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_skeletons_of_a_recursive_structure_stop_where_it_recurses(tree: Path) -> None:
    result = run_tree(tree, "put-node", "--generate-cli-skeleton")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"Node": {"Name": "", "Children": [{}]}, "Token": ""}
    result = run_tree(tree, "put-node", "--generate-cli-skeleton", "yaml-input")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Node:  # [REQUIRED] The root of the tree.\n"
        "  Name: ''  # [REQUIRED] The name of the node.\n"
        "  Children: # Its children.\n"
        "  - {}\n"
        "Token: '' # A secret.\n"
    )
    result = run_tree(tree, "put-node", "--node", "Name=root", "--generate-cli-skeleton", "output")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"Node": {"Name": "Name", "Children": [{}]}}


def test_help_of_a_recursive_structure_marks_the_recursion(tree: Path) -> None:
    result = run_tree(tree, "put-node", "help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "\n       --node (structure)\n          The root of the tree.\n" in text
    assert "\n                      ( ... recursive ... )\n" in text
    assert "          Name=string,Children=[{Name=string,( ... recursive ... )},{" in text
    assert '            "Children": [\n              {\n                "Name": "string",' in text
    assert '\n                "Children": [\n                  { ... recursive ... }\n' in text
    assert "\nOUTPUT\n\n       Node -> (structure)\n           The root of the tree.\n" in text
    service = run_tree(tree, "help")
    assert service.stdout.startswith("NAME\n       tree-lite -\n\nDESCRIPTION\n       Trees.\n")


@dataclasses.dataclass
class _TreeClient:
    """Answers ``put_node`` with the node it was given."""

    models: ModuleType
    calls: list[dict[str, object]] = dataclasses.field(default_factory=list)

    def put_node(self, **kwargs: object) -> object:
        self.calls.append(kwargs)
        return self.models.PutNodeResponse(node=kwargs["node"])

    def close(self) -> None:
        pass


def _run_in_process(package: ModuleType, *args: str) -> tuple[int, str, str, _TreeClient]:
    commands = importlib.import_module(f"{package.__name__}.cli._commands")
    driver = importlib.import_module(f"{package.__name__}.cli._driver")
    client = _TreeClient(importlib.import_module(f"{package.__name__}.models"))
    service = dataclasses.replace(commands.SERVICE, make_client=lambda settings: client)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = driver.run(list(args), service, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue(), client


def test_recursive_input_is_checked_all_the_way_down_and_redacted_in_debug_logs(
    tree: Path,
) -> None:
    given: dict[str, Any] = {
        "Node": {"Name": "a", "Children": [{"Name": "b", "Children": [{"Name": 5}]}]}
    }
    with imported_package(tree, "tree") as package:
        code, _, stderr, client = _run_in_process(
            package, "put-node", "--cli-input-json", json.dumps(given)
        )
        assert (code, client.calls) == (252, [])
        assert "Invalid type for parameter Node.Children[0].Children[0].Name, value: 5" in stderr
        given["Node"]["Children"][0]["Children"] = []
        code, stdout, stderr, client = _run_in_process(
            package, "put-node", "--cli-input-json", json.dumps(given),
            "--token", "hunter2", "--debug",
        )  # fmt: skip
    assert code == 0, stderr
    assert json.loads(stdout) == {
        "Node": {"Name": "a", "Children": [{"Name": "b", "Children": []}]}
    }
    assert "'Token': '***'" in stderr and "'Name': 'b'" in stderr
    assert "hunter2" not in stderr


def test_without_the_cli_option_nothing_of_the_command_line_is_generated(
    service: Package, tmp_path: Path
) -> None:
    assert not service.with_cli and service.cli is None
    folder = render_package(service, tmp_path)
    assert not (folder / "cli").exists()
    assert not (folder / "__main__.py").exists()
    assert not any("from .cli " in path.read_text() for path in folder.rglob("*.py"))
    with imported_package(tmp_path) as package:
        assert package.CognitoIdentityProviderClient.update_user_pool_domain


def test_a_vendored_copy_without_its_command_line_still_imports(tmp_path: Path) -> None:
    vendored = tmp_path / "cognito_idp"
    shutil.copytree(GENERATED, vendored, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(vendored / "cli")
    (vendored / "__main__.py").unlink()
    with imported_package(tmp_path) as package:
        assert package.UpdateUserPoolDomainRequest(domain="d", user_pool_id="p")


def _stored_texts(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """The (text, keys) pairs of a generated ``cli/_docs.py``, read from its source."""
    tree = ast.parse(path.read_text())
    assignment = next(
        node
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "_TEXTS"
    )
    assert assignment.value is not None
    return ast.literal_eval(assignment.value)  # type: ignore[no-any-return]


def test_the_documentation_is_stored_once_in_the_docs_module(service: Package) -> None:
    stored = _stored_texts(GENERATED / "cli" / "_docs.py")
    texts = [text for text, _ in stored]
    keys = [key for _, names in stored for key in names]
    assert len(set(texts)) == len(texts)
    assert len(set(keys)) == len(keys)
    expected = {op.name: op.documentation for op in service.operations}
    expected |= {
        f"{s.name}${m.wire_name}": m.documentation
        for s in service.structures
        for m in s.members
        if m.documentation
    }
    docs = dict((key, text) for text, names in stored for key in names)
    assert {key: docs[key] for key in expected} == expected
    # Nothing else of the command line repeats it.
    others = "".join(
        p.read_text() for p in (GENERATED / "cli").glob("*.py") if p.name != "_docs.py"
    )
    assert not [text for text in texts if len(text) > 40 and text[:40] in others]


def test_a_text_documenting_two_members_is_stored_once(tree: Path) -> None:
    stored = _stored_texts(tree / "tree" / "cli" / "_docs.py")
    assert ("The root of the tree.", ("PutNodeRequest$Node", "PutNodeResponse$Node")) in stored
