"""Every pinned service with a ``waiters-2.json`` offers each waiter, with and without the CLI.

The whole service is generated with ``--with-cli`` (its ``wait`` subcommands
listed by ``wait help``); a package of just the waiters' operations, with the
command line, passes mypy --strict, and its waiter modules (client, ``_waiters``,
``_waiter``, the command table) pyright strict.
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.ir import build_package
from codegen.load import WAITERS_FILE, load_spec
from codegen.naming import kebab_case
from codegen.render import render_package

from ..conftest import SPECS, imported_package
from .conftest import SERVICES, generated, package_name

WAITER_MODULES = ("client.py", "_waiters.py", "_waiter.py", "cli/_commands.py")
"""What the waiters add to a package; pyright strict checks these (the others are not ours)."""
WAITER_SERVICES = tuple(s for s in SERVICES if (SPECS / s / WAITERS_FILE).exists())


def test_the_services_with_waiters_are_those_botocore_has_them_for() -> None:
    assert WAITER_SERVICES == ("acm", "cloudwatch", "dynamodb", "ecs", "kinesis", "ssm")


@pytest.mark.parametrize("service_name", WAITER_SERVICES)
def test_the_whole_service_offers_every_waiter_as_a_method(
    services_dir: Path, service_name: str
) -> None:
    service = generated(service_name, services_dir)
    names = json.loads((SPECS / service_name / WAITERS_FILE).read_text())["waiters"]
    assert sorted(w.name for w in service.package.waiters) == sorted(names)
    assert not [why for what, why in service.package.left_out if what.endswith("waiter")]
    for waiter in service.package.waiters:
        assert callable(getattr(service.client_class, waiter.method_name))
    assert (services_dir / package_name(service_name) / "_waiter.py").is_file()


@pytest.mark.parametrize("service_name", WAITER_SERVICES)
def test_the_whole_service_generates_with_wait_subcommands(
    service_name: str, tmp_path: Path
) -> None:
    spec = load_spec(SPECS, service_name)
    name = f"cli_{package_name(service_name)}"

    render_package(build_package(spec, with_cli=True, package_name=name), tmp_path)
    with imported_package(tmp_path, name) as package:
        out = io.StringIO()
        cli = importlib.import_module(f"{package.__name__}.cli._driver")
        commands = importlib.import_module(f"{package.__name__}.cli._commands")
        assert cli.run(["wait", "help"], commands.SERVICE, stdout=out) == 0
    listed = [line.strip()[2:] for line in out.getvalue().splitlines() if line.strip()[:2] == "o "]
    assert listed == [kebab_case(name) for name in sorted(spec.waiters)]


def test_the_waiters_pass_mypy_strict_and_pyright_strict(tmp_path: Path) -> None:
    names: list[str] = []
    files: list[str] = []
    for service_name in WAITER_SERVICES:
        spec = load_spec(SPECS, service_name)
        operations = sorted({waiter["operation"] for waiter in spec.waiters.values()})
        name = f"waits_{package_name(service_name)}"

        render_package(build_package(spec, operations, with_cli=True, package_name=name), tmp_path)
        names += ["-p", name]
        files += [f"{name}/{module}" for module in WAITER_MODULES]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    (tmp_path / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
    pyright = subprocess.run(
        [sys.executable, "-m", "pyright", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pyright.returncode == 0, pyright.stdout + pyright.stderr
