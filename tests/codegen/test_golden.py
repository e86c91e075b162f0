"""Golden output: the committed package is what the generator makes; any operation set
generates valid, typed code."""

from __future__ import annotations

import ast
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.ir import build_package
from codegen.load import ServiceSpec
from codegen.render import render_package

from ..conftest import COMMITTED_OPERATIONS, ROOT, imported_package


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    return comparison.left_only + comparison.right_only + comparison.diff_files


def test_regenerating_the_committed_operations_gives_no_diff(
    spec: ServiceSpec, tmp_path: Path
) -> None:
    package = render_package(build_package(spec, COMMITTED_OPERATIONS, with_cli=True), tmp_path)
    assert _differences(ROOT / "generated" / "cognito_idp", package) == []


def test_stale_files_are_removed(spec: ServiceSpec, tmp_path: Path) -> None:
    stale = tmp_path / "cognito_idp" / "old_module.py"
    stale.parent.mkdir()
    stale.write_text("x = 1\n")
    render_package(build_package(spec, ["DeleteUserPool"]), tmp_path)
    assert not stale.exists()


def _type_checking_imports(tree: ast.Module) -> set[ast.AST]:
    """The import statements inside ``if TYPE_CHECKING:`` blocks: never run."""
    return {
        statement
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        for statement in node.body
        if isinstance(statement, ast.Import | ast.ImportFrom)
    }


def test_generated_package_imports_nothing_from_codegen_botocore_or_boto3() -> None:
    package = ROOT / "generated" / "cognito_idp"
    allowed = {"attrs", "requests", "aws_requests_auth", *sys.stdlib_module_names}
    # For annotations only: urllib3 is requests' own dependency and ships its types.
    allowed_for_types = {*allowed, "urllib3"}
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text())
        for_types = _type_checking_imports(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            permitted = allowed_for_types if node in for_types else allowed
            assert roots <= permitted, (module.name, roots - permitted)
    assert (package / "py.typed").exists()


def test_importing_the_package_is_cheap() -> None:
    """Nothing but definitions at import: no config read, no network, no JSON parsed."""
    code = (
        "import sys, time; t = time.perf_counter(); import generated.cognito_idp; "
        "print(time.perf_counter() - t); "
        "print(sorted(m for m in ('botocore', 'boto3', 'codegen', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    _, loaded = out.stdout.splitlines()
    assert loaded == "[]"


@pytest.fixture(scope="module")
def whole_service(spec: ServiceSpec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole")
    render_package(build_package(spec, with_cli=True), out)
    return out


def test_whole_service_generates_and_imports(whole_service: Path, spec: ServiceSpec) -> None:
    from botocore import xform_name

    with imported_package(whole_service) as package:
        client_class = package.CognitoIdentityProviderClient
        methods = {name for name in dir(client_class) if not name.startswith("_")}
    assert {xform_name(op) for op in spec.model["operations"]} <= methods


_LOADED_AFTER_ONE_CALL = """
import sys
from tests.servers import Reply, scripted_server
import cognito_idp

def loaded():
    return sorted(name for name in sys.modules if name.startswith("cognito_idp."))

print(loaded())
with scripted_server(Reply.json(200, {"CloudFrontDomain": "d.cloudfront.net"})) as server:
    client = cognito_idp.CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=cognito_idp.Credentials("AKIDEXAMPLE", "secret"),
        endpoint_url=server.url,
    )
    client.update_user_pool_domain(domain="auth.example.com", user_pool_id="us-east-1_Ab")
print([name.removeprefix("cognito_idp.models.") for name in loaded() if ".models." in name])
"""


def test_a_call_imports_only_the_models_it_uses_whatever_the_size_of_the_service(
    whole_service: Path,
) -> None:
    """Importing builds nothing; one call builds its request, response and their members."""
    out = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER_ONE_CALL],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(whole_service)},
        capture_output=True,
        text=True,
        check=True,
    )
    at_import, after_call = out.stdout.splitlines()
    assert at_import == "[]"
    assert after_call == str(
        [
            "_custom_domain_config",
            "_failover",
            "_routing",
            "_update_user_pool_domain_request",
            "_update_user_pool_domain_response",
        ]
    )


def test_whole_service_passes_mypy_strict(whole_service: Path) -> None:
    config = str(ROOT / "pyproject.toml")
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--config-file",
        config,
    ]
    result = subprocess.run(
        [*command, "cognito_idp"], cwd=whole_service, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_whole_service_passes_pyright_strict(whole_service: Path) -> None:
    config = whole_service / "pyrightconfig.json"
    config.write_text(
        '{"typeCheckingMode": "strict", "pythonVersion": "3.11", "reportMissingTypeStubs": false}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "-p", str(config), "cognito_idp"],
        cwd=whole_service,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
