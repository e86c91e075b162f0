"""Each pinned service generates whole, fast, imports, and a sample type-checks strictly.

Every service under specs/ also generates whole with and without the command line, and
its documentation reads back from the generated code exactly as the model has it.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import SPECS
from .conftest import SERVICES, generate_once, generated, package_name
from .pending import mark_generation, mark_mypy_sample

GENERATION_BUDGET = 3.0
"""Seconds of CPU (ours and ruff's) to generate one whole service, as the issue asks."""
PINNED = tuple(sorted(path.name for path in SPECS.iterdir() if path.is_dir()))
"""Every service pinned under specs/, cognito-idp included."""
WHOLE_PACKAGES = ("cognito-identity", "sqs")
"""Type-checked whole; of the others, errors.py and two models each."""


@pytest.mark.parametrize(
    "service_name", [pytest.param(s, marks=mark_generation(s)) for s in SERVICES]
)
def test_whole_service_generates_within_budget_and_imports(
    services_dir: Path, service_name: str
) -> None:
    service = generated(service_name, services_dir)
    assert service.seconds <= GENERATION_BUDGET
    client_module = importlib.import_module(f"{service.module.__name__}.client")
    assert (
        getattr(client_module, service.package.client_name).__name__ == service.package.client_name
    )
    models = importlib.import_module(f"{service.module.__name__}.models")
    for name, _ in service.package.model_exports:
        if not name.endswith("Dict"):
            assert getattr(models, name).__name__ == name
    errors = importlib.import_module(f"{service.module.__name__}.errors")
    for error in service.package.errors:
        assert issubclass(getattr(errors, error.class_name), errors.SdkError)


@pytest.mark.parametrize("_", [pytest.param(None, id="sample", marks=mark_mypy_sample())])
def test_a_sample_of_every_service_passes_mypy_strict(_: None, services_dir: Path) -> None:
    targets: list[str] = []
    for name in SERVICES:
        service = generate_once(name, services_dir)
        if isinstance(service, Exception):  # reported by the generation test, marked there
            continue
        package = package_name(name)
        if name in WHOLE_PACKAGES:
            targets += ["-p", package]
            continue
        first = service.package.operations[0]
        sample = [first.input] + ([first.output] if first.output is not None else [])
        targets += ["-m", f"{package}.errors"]
        targets += [m for s in sample[:2] for m in ("-m", f"{package}.models.{s.module}")]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *targets],
        cwd=services_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("with_cli", [False, True], ids=["client", "cli"])
@pytest.mark.parametrize("service_name", PINNED)
def test_every_pinned_service_generates_whole_with_and_without_the_command_line(
    services_dir: Path, service_name: str, with_cli: bool
) -> None:
    """Whatever the model's documentation holds (quotes, backslashes), the output is Python."""
    if service_name in SERVICES and not with_cli:  # the package the other tests use
        package, name = generated(service_name, services_dir).package, package_name(service_name)
    else:
        name = f"whole_{'cli' if with_cli else 'client'}_{service_name.replace('-', '_')}"
        spec = load_spec(SPECS, service_name)
        package = build_package(spec, with_cli=with_cli, package_name=name)
        render_package(package, services_dir)
    client = importlib.import_module(f"{name}.client")
    assert getattr(client, package.client_name).__name__ == package.client_name
    assert (services_dir / name / "cli").exists() == with_cli
    if package.cli is not None:
        docs = importlib.import_module(f"{name}.cli._docs").DOCS
        assert {key: docs[key] for doc in package.cli.docs for key in doc.keys} == {
            key: doc.text for doc in package.cli.docs for key in doc.keys
        }
        assert callable(importlib.import_module(f"{name}.cli").main)
