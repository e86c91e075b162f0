"""A DynamoDB package generated at test time, with its extras (``types``, ``conditions``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import SPECS, imported_package

PACKAGE = "dynamodb_extras"
OPERATIONS = ("GetItem", "PutItem", "Query", "Scan")


@pytest.fixture(scope="session")
def dynamodb_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the generated ``dynamodb_extras`` package."""
    folder = tmp_path_factory.mktemp("dynamodb")
    package = build_package(load_spec(SPECS, "dynamodb"), OPERATIONS, package_name=PACKAGE)
    render_package(package, folder)
    return folder


@pytest.fixture(scope="session")
def dynamodb(dynamodb_folder: Path) -> Iterator[ModuleType]:
    with imported_package(dynamodb_folder, PACKAGE) as package:
        yield package
