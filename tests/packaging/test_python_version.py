"""A vendored copy imported on a Python older than 3.11 says which Python it needs.

No Python 3.10 is available offline, so the root module runs here with a faked
``sys.version_info``; a parse at the 3.10 grammar shows the old interpreter
reaches the check at all.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

PACKAGE_ROOT = ROOT / "generated" / "cognito_idp"


def _execute_root(name: str) -> None:
    spec = importlib.util.spec_from_file_location(
        name, PACKAGE_ROOT / "__init__.py", submodule_search_locations=[str(PACKAGE_ROOT)]
    )
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_old_python_gets_an_import_error_naming_the_required_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(sys, "version_info", (3, 10, 14, "final", 0))
        with pytest.raises(ImportError) as raised:
            _execute_root("yourapp._vendor.cognito_idp")
    assert str(raised.value) == (
        "yourapp._vendor.cognito_idp needs Python 3.11 or newer; this is Python 3.10.14"
    )


def test_supported_python_passes_the_check() -> None:
    _execute_root("yourapp._vendor.cognito_idp")


def test_package_root_parses_with_the_python_3_10_grammar() -> None:
    ast.parse(Path(PACKAGE_ROOT / "__init__.py").read_text(), feature_version=(3, 10))
