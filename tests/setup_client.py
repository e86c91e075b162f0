"""The client the demo and some tests use to make state, generated when needed.

The committed package holds the mission, ``UpdateUserPoolDomain``, and nothing
else. Creating a user pool and its domain first (and cleaning up afterwards)
needs other operations: they are generated here, from the same pinned spec,
into a package of their own, ``cognito_idp_setup``, which is never committed.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

ROOT = Path(__file__).resolve().parent.parent
SETUP_OPERATIONS = (
    "CreateUserPool",
    "CreateUserPoolDomain",
    "DescribeUserPoolDomain",
    "DeleteUserPoolDomain",
    "DeleteUserPool",
)
SETUP_PACKAGE = "cognito_idp_setup"


def generate_setup_package(out: Path) -> Path:
    """Write ``out/cognito_idp_setup/`` and return its path."""
    spec = load_spec(ROOT / "specs", "cognito-idp")
    package = build_package(spec, SETUP_OPERATIONS, package_name=SETUP_PACKAGE, with_cli=True)
    return render_package(package, out)


@contextlib.contextmanager
def setup_package(out: Path | None = None) -> Iterator[ModuleType]:
    """Generate the setup package (into ``out``, or a temporary folder) and import it."""
    with contextlib.ExitStack() as stack:
        folder = out or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if not (folder / SETUP_PACKAGE).is_dir():
            generate_setup_package(folder)
        sys.path.insert(0, str(folder))
        stack.callback(sys.path.remove, str(folder))
        yield importlib.import_module(SETUP_PACKAGE)
