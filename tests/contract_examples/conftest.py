"""The example clients, generated from specs/ into a temporary folder on ``sys.path``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from . import EXAMPLES
from .generate import generate

_FOLDER = tempfile.TemporaryDirectory(prefix="contract-examples-")


def pytest_configure(config: pytest.Config) -> None:
    """Before collection: the suites import their client by its package name."""
    if any((Path(_FOLDER.name) / name).is_dir() for name in EXAMPLES):
        return
    generate(Path(_FOLDER.name))
    sys.path.insert(0, _FOLDER.name)


def pytest_unconfigure(config: pytest.Config) -> None:
    _FOLDER.cleanup()
