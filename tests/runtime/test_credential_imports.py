"""Issue 19 ("the house"): the credential types live in a leaf module, so the credential
modules, the signer and the settings no longer import one another in a cycle.

Read from the source of ``codegen/runtime`` (what every package copies): each
module's imports of its siblings, at module level and inside functions (the
lazy imports of the chain's sources), ``if TYPE_CHECKING:`` blocks aside.
"""

from __future__ import annotations

import ast
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[2] / "codegen" / "runtime"
CREDENTIAL_MODULES = (
    "_credentials",
    "_role_profiles",
    "_sts",
    "_sso",
    "_process",
    "_metadata",
    "_refresh",
    "_secret_http",
)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def sibling_imports(module: str) -> set[str]:
    """The runtime modules ``module`` imports when it runs (lazily or not)."""
    tree = ast.parse((RUNTIME / f"{module}.py").read_text())
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            return
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def graph() -> dict[str, set[str]]:
    return {path.stem: sibling_imports(path.stem) for path in RUNTIME.glob("_*.py")}


def cycles_through(start: str, edges: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target == start:
                found.append([*path, target])
            elif target not in path and target > start:
                walk(target, [*path, target])

    walk(start, [start])
    return found


def test_the_credential_types_module_is_a_leaf() -> None:
    assert sibling_imports("_credential_types") == {"_exceptions"}


def test_the_signer_and_the_sources_do_not_import_the_settings_or_the_chain() -> None:
    edges = graph()
    for module in ("_signing", "_sts", "_sso", "_process", "_metadata", "_refresh", "_secret_http"):
        assert not edges[module] & {"_config", "_credentials"}, module


def test_the_only_import_cycle_is_a_source_profile_running_the_chain_again() -> None:
    """``_role_profiles`` calls back into the chain for a ``source_profile`` (botocore's
    recursion); no other cycle joins the credential modules, the signer and the settings."""
    edges = graph()
    cycles = [
        cycle
        for start in sorted(edges)
        for cycle in cycles_through(start, edges)
        if set(cycle) & {*CREDENTIAL_MODULES, "_signing", "_config", "_credential_types"}
    ]
    assert cycles == [["_credentials", "_role_profiles", "_credentials"]]
